"""CSV files a spreadsheet opens safely, written whole or not at all.

Why the guard: a blacklist reason or a customer name is typed by people outside the store (a
booking form) and by staff; a cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return, which some spreadsheets skip before one) is run as a formula when the file is
opened — ``=HYPERLINK(…)`` sends data away. Such cells get a leading apostrophe, which
spreadsheets show as text and nobody mistakes for data.

Why the temporary file: an export that fails half-way (disk full, the app killed) must never
leave a half file that looks complete; the rows go to a temporary file beside the target,
which then replaces it in one step (``os.replace``).
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

#: First characters that make a spreadsheet evaluate a cell.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard_cell(value: object) -> str:
    """``value`` as text, with an apostrophe before anything a spreadsheet would evaluate."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write a guarded CSV (UTF-8 with BOM, so Excel reads accents) atomically; returns the
    number of data rows."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                         dir=path.parent)
    count = 0
    try:
        with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow([guard_cell(h) for h in header])
            for row in rows:
                writer.writerow([guard_cell(cell) for cell in row])
                count += 1
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)  # customer data: owner-only, like the cache
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return count
