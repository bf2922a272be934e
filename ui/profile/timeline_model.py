"""The profile's booking timeline as a Qt table model, filtered in the model.

Why it looks like this:

* Rows arrive already merged and ordered by :meth:`app.customer.service.Profile.timeline`
  (upcoming first, soonest at the top; then the past, newest first; then rows without a date).
  The model keeps that order — sorting by a column would bury the next appointment.
* A customer has tens of bookings, not thousands, so filtering is a model reset over the full
  list (:class:`~app.customer.timeline.TimelineFilter`), not a proxy model.
* Every cell is display text, plain (the default delegate never interprets markup): a service
  or staff name from a vendor shows literally. Meaning is in words first — a status is a word,
  a source is a name — and colour only repeats it. Colours are theme tones asked for at
  :meth:`TimelineModel.data` time (:func:`ui.theme.colour`), so a dark palette gets its own.
* Times are shown on the store's wall clock (:func:`app.customer.timeline.local_time`), never
  the counter PC's, in the store's locale (:func:`ui.i18n.formats`); a row without a date
  says "no date" and is still listed.
* Words are translated where they are shown (context ``TimelineModel``); the tables below are
  only marked for ``pyside6-lupdate``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QFont

from app.customer.model import Booking
from app.customer.timeline import (
    CANCELLED,
    COMPLETED,
    NO_SHOW,
    UNKNOWN,
    UPCOMING,
    TimelineFilter,
    local_time,
    service_text,
)
from app.marks import QT_TRANSLATE_NOOP
from app.profile import VENDOR_NAMES
from ui.common.widgets import plain_tip
from ui.i18n import formats
from ui.theme import colour

Index = QModelIndex | QPersistentModelIndex

STATUS_WORDS = {UPCOMING: QT_TRANSLATE_NOOP("TimelineModel", "Upcoming"),
                COMPLETED: QT_TRANSLATE_NOOP("TimelineModel", "Completed"),
                CANCELLED: QT_TRANSLATE_NOOP("TimelineModel", "Cancelled"),
                NO_SHOW: QT_TRANSLATE_NOOP("TimelineModel", "No-show"),
                UNKNOWN: QT_TRANSLATE_NOOP("TimelineModel", "Unknown")}
# Theme tones (ui.theme.TONES) that repeat a status word (never replace it).
STATUS_TONES = {UPCOMING: "info", NO_SHOW: "alert", CANCELLED: "muted"}
# Soft surfaces (ui.theme.SURFACES, whose backgrounds suit the palette's text) behind the
# source name, so rows of one vendor are easy to follow; the name itself says the source.
SOURCE_TINTS = {"booxi": "info", "qudini": "caution", "qminder": "labelbox"}


class Column(IntEnum):
    WHEN = 0
    SERVICE = 1
    STAFF = 2
    STATUS = 3
    PRICE = 4
    SOURCE = 5


HEADERS = {
    Column.WHEN: QT_TRANSLATE_NOOP("TimelineModel", "When (store time)"),
    Column.SERVICE: QT_TRANSLATE_NOOP("TimelineModel", "Service"),
    Column.STAFF: QT_TRANSLATE_NOOP("TimelineModel", "Staff"),
    Column.STATUS: QT_TRANSLATE_NOOP("TimelineModel", "Status"),
    Column.PRICE: QT_TRANSLATE_NOOP("TimelineModel", "Price"),
    Column.SOURCE: QT_TRANSLATE_NOOP("TimelineModel", "Source"),
}


class Role(IntEnum):
    BOOKING = Qt.ItemDataRole.UserRole + 1  # the Booking itself
    SOURCE = Qt.ItemDataRole.UserRole + 2  # "booxi"
    STATUS = Qt.ItemDataRole.UserRole + 3  # one of app.customer.timeline.STATUSES


def source_name(source: str) -> str:
    """A vendor's proper name (never translated)."""
    return VENDOR_NAMES.get(source, source)


def status_word(status: str) -> str:
    """A known status in the window's language ("Upcoming")."""
    return QCoreApplication.translate("TimelineModel", STATUS_WORDS[status])


def no_date() -> str:
    return QCoreApplication.translate("TimelineModel", "no date")


def when_text(row: Booking, zone: tzinfo) -> str:
    """"Tue 12 Nov 2026 10:30 am" on the store's clock (the store's locale), or "no date"."""
    local = local_time(row.starts_at, zone)
    if local is None:
        return no_date()
    return formats().datetime(local)


def status_text(row: Booking) -> str:
    """The status in words; an unknown one shows the vendor's own word, marked with "?"."""
    if row.status == UNKNOWN or row.status not in STATUS_WORDS:
        word = " ".join(row.vendor_status.split())
        return f"? {word}" if word else \
            QCoreApplication.translate("TimelineModel", "? unknown", "a status nobody gave")
    return status_word(row.status)


class TimelineModel(QAbstractTableModel):
    """The rows of one profile's timeline that pass the current filter."""

    def __init__(self, zone: tzinfo) -> None:
        super().__init__()
        self.zone = zone
        self._all: list[Booking] = []
        self._rows: list[Booking] = []
        self._filter = TimelineFilter()

    # -- content ---------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Booking]) -> None:
        """A new (or refreshed) timeline, in timeline order."""
        self.beginResetModel()
        self._all = list(rows)
        self._rows = [r for r in self._all if self._filter(r)]
        self.endResetModel()

    def set_filter(self, wanted: TimelineFilter) -> None:
        if wanted == self._filter:
            return
        self.beginResetModel()
        self._filter = wanted
        self._rows = [r for r in self._all if wanted(r)]
        self.endResetModel()

    @property
    def filter(self) -> TimelineFilter:
        return self._filter

    def total(self) -> int:
        """Rows before filtering."""
        return len(self._all)

    def booking(self, row: int) -> Booking | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def bookings(self) -> list[Booking]:
        """The rows shown, in order."""
        return list(self._rows)

    # -- Qt model --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("TimelineModel", HEADERS[Column(section)])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.parent().isValid():
            return None
        row = self.booking(index.row())
        if row is None or not 0 <= index.column() < len(Column):
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._accessible(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.STATUS and \
                row.status in STATUS_TONES:
            return QBrush(colour(STATUS_TONES[row.status]))  # the palette in use, now
        if role == Qt.ItemDataRole.BackgroundRole and column == Column.SOURCE and \
                row.source in SOURCE_TINTS:
            return QBrush(colour(f"{SOURCE_TINTS[row.source]}.bg"))
        if role == Qt.ItemDataRole.FontRole and (
                (column == Column.STATUS and row.status in (UPCOMING, NO_SHOW))
                or (column == Column.WHEN and row.starts_at is None)):
            font = QFont()
            font.setBold(row.starts_at is not None)
            font.setItalic(row.starts_at is None)
            return font
        if role == Role.BOOKING:
            return row
        if role == Role.SOURCE:
            return row.source
        if role == Role.STATUS:
            return row.status
        return None

    def _text(self, row: Booking, column: Column) -> str:
        if column == Column.WHEN:
            return when_text(row, self.zone)
        if column == Column.SERVICE:
            return service_text(row)  # a queue visit adds its wait
        if column == Column.STAFF:
            return row.staff
        if column == Column.STATUS:
            return status_text(row)
        if column == Column.PRICE:
            return row.price
        return source_name(row.source)

    def _accessible(self, row: Booking, column: Column) -> str:
        text = self._text(row, column)
        if column == Column.STATUS and text.startswith("? "):
            return self.tr("status not recognised; {vendor} says {status}").format(
                vendor=source_name(row.source), status=text[2:])
        if column == Column.SOURCE:
            return self.tr("from {vendor}", "where a booking came from").format(vendor=text)
        if text:
            return text
        if column == Column.SERVICE:
            return self.tr("no service")
        if column == Column.STAFF:
            return self.tr("no staff")
        if column == Column.PRICE:
            return self.tr("no price")
        return ""

    def _tooltip(self, row: Booking, column: Column) -> str | None:
        if column == Column.STATUS and (row.status == UNKNOWN or row.status not in STATUS_WORDS):
            return plain_tip(self.tr(
                "{vendor} calls this booking “{status}”, which Clientdesk does not "
                "recognise").format(vendor=source_name(row.source),
                                    status=row.vendor_status or self.tr("nothing")))
        if column == Column.WHEN and row.starts_at is None:
            return plain_tip(self.tr("{vendor} gave no date for this booking").format(
                vendor=source_name(row.source)))
        if column == Column.SERVICE:
            # The whole service (a narrow panel elides it), and where, when a vendor says.
            text = "\n".join(t for t in (service_text(row), row.location) if t)
            return plain_tip(text) or None
        if column in (Column.STAFF, Column.PRICE):  # elided in a narrow panel
            return plain_tip(self._text(row, column)) or None
        return None
