"""A flat table model over a list of rows under fixed headers, generic over the row type.

The audit, edits and blacklist tabs each list typed rows from the core (frozen dataclasses:
:class:`~app.cache.outbox.Edit`, :class:`~app.cache.edits.AuditRow`, the blacklist's entries);
what differs is only what a cell reads. Row and column counts, the header text and replacing
the rows live here once. Rows are replaced, never changed in place: a view that wants another
value derives a new row and calls :meth:`RowsModel.set_rows`.

Headers are usually marked at import (``QT_TRANSLATE_NOOP("AuditModel", "When")``) and
translated when the header is drawn: pass the marks' ``context`` and :meth:`headerData` does
it, so a language loaded after the model was made still shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

Index = QModelIndex | QPersistentModelIndex


class RowsModel[R](QAbstractTableModel):
    """``rows`` under ``headers``; subclasses answer ``data`` for their cells."""

    def __init__(self, headers: Sequence[object], context: str = "") -> None:
        """``headers``: the column titles, already in words (``context`` empty) or English
        sources marked for translation under ``context`` (``QT_TRANSLATE_NOOP`` returns them
        typed ``object``, hence the signature)."""
        super().__init__()
        self.headers: tuple[str, ...] = tuple(str(h) for h in headers)
        self.context = context
        self.rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            text = self.headers[section]
            return QCoreApplication.translate(self.context, text) if self.context else text
        return None
