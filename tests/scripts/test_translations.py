"""The translation check (scripts/translations.py): passes on the shipped files, and fails on
each way translations rot — a string added without updating, an unfinished message, a
placeholder a translator changed, a .qm older than its .ts."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from xml.sax.saxutils import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).parents[2]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("translations",
                                                  ROOT / "scripts" / "translations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


translations = _load()

TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>Panel</name>
    {messages}
</context>
</TS>
"""


def ts_file(tmp_path: Path, *messages: str) -> Path:
    path = tmp_path / "x.ts"
    path.write_text(TS.format(messages="\n".join(messages)), encoding="utf-8")
    return path


def message(source: str, translation: str, *, finished: bool = True) -> str:
    state = "" if finished else ' type="unfinished"'
    return (f"<message><source>{escape(source)}</source>"
            f"<translation{state}>{escape(translation)}</translation></message>")


def test_the_shipped_translations_are_current_and_complete() -> None:
    assert translations.check() == 0


def test_unfinished_and_empty_messages_are_found(tmp_path: Path) -> None:
    path = ts_file(tmp_path, message("Save", "Enregistrer"),
                   message("Open", "", finished=False),
                   message("Close", ""),
                   '<message numerus="yes"><source>%n booking(s)</source><translation>'
                   "<numerusform>%n réservation</numerusform><numerusform></numerusform>"
                   "</translation></message>")
    assert translations.unfinished(path) == ["Open", "Close", "%n booking(s)"]


@pytest.mark.parametrize(("source", "translation", "ok"), [
    ("Called {name} to {desk}", "{desk} : {name} appelé", True),
    ("Called {name}", "{nom} appelé", False),  # str.format would raise KeyError: 'nom'
    ("Called {name}", "Appelé", False),  # the name is lost
    ("&Customers", "&Clients", True),
    ("&Customers", "Clients", False),  # Alt+letter lost
    ("&Customers", "&Cli&ents", False),
    ("Rock && roll", "Rock && roll", True),
])
def test_placeholders_and_mnemonics_must_survive(tmp_path: Path, source: str,
                                                 translation: str, ok: bool) -> None:
    path = ts_file(tmp_path, message(source, translation))
    assert (translations.broken(path) == []) is ok


def test_a_numerus_form_may_drop_the_count_but_not_invent_one(tmp_path: Path) -> None:
    good = ('<message numerus="yes"><source>%Ln day(s) ago</source><translation>'
            "<numerusform>hier</numerusform><numerusform>il y a %Ln jours</numerusform>"
            "</translation></message>")
    bad = ('<message numerus="yes"><source>%Ln day(s)</source><translation>'
           "<numerusform>{count} jour</numerusform><numerusform>%Ln jours</numerusform>"
           "</translation></message>")
    assert translations.broken(ts_file(tmp_path, good)) == []
    assert len(translations.broken(ts_file(tmp_path, bad))) == 1


def test_a_string_added_to_the_code_makes_the_files_stale(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "resources" / "translations", root / "resources" / "translations")
    (root / "ui").mkdir()
    (root / "app").mkdir()
    panel = root / "ui" / "panel.py"
    panel.write_text("class Panel:\n    def f(self):\n        return self.tr('Brand new')\n",
                     encoding="utf-8")
    monkeypatch.setattr(translations, "ROOT", root)
    monkeypatch.setattr(translations, "FOLDER", root / "resources" / "translations")
    assert translations.check() == 1  # every shipped string vanished, one appeared


@given(st.text(alphabet="ab{}_%Ln&1 <>\"'", min_size=1, max_size=24))
def test_a_translation_equal_to_its_source_is_never_broken(text: str) -> None:
    """Whatever the source holds (braces, percent signs, ampersands, markup characters),
    copying it is a valid translation: the checks compare like with like."""
    folder = Path(tempfile.mkdtemp())
    try:
        path = ts_file(folder, message(text, text))
        assert translations.broken(path) == []
        assert translations.unfinished(path) == ([] if text.strip() else [text])
    finally:
        shutil.rmtree(folder)
