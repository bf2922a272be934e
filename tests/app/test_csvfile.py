"""CSV exports: cells a spreadsheet would run as formulas are defused, and a failed export never
leaves a half-written file (nor damages the previous one)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.csvfile import guard_cell, write_csv


@pytest.mark.parametrize("cell", ["=1+1", "+61 400", "-2", "@SUM(A1)", "\t=cmd", "\r=x"])
def test_formula_starts_get_an_apostrophe(cell: str) -> None:
    assert guard_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Bob", "<b>Bob</b>", "a=b", "", "0411 222 333", "'quoted"])
def test_other_text_is_kept_as_it_is(cell: str) -> None:
    assert guard_cell(cell) == cell


def test_a_csv_is_written_whole_with_guarded_cells(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    assert write_csv(target, ("name", "reason"), [("Zoë", "=HYPERLINK(\"x\")"),
                                                  ("Bob", None)]) == 2
    with target.open(encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle)) == [["name", "reason"], ["Zoë", "'=HYPERLINK(\"x\")"],
                                            ["Bob", ""]]
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_failed_export_leaves_the_previous_file_and_no_temporary_one(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("previous export\n", encoding="utf-8")

    def rows() -> Iterator[tuple[str]]:
        yield ("first",)
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_csv(target, ("name",), rows())
    assert target.read_text(encoding="utf-8") == "previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
