"""The search results as a Qt item model that only ever holds the rows fetched so far.

Why it looks like this:

* A query loads one page (:data:`PAGE_SIZE` rows); the view asks for more through
  ``canFetchMore``/``fetchMore`` when it is scrolled to the bottom, and the next page is read
  on the search service's thread and appended. Scrolling through a million customers therefore
  costs one small query per page, never a load of the whole table.
* Every query takes a generation number. A page that arrives for an older generation (the
  person typed on) is dropped, so rows of a stale search never appear; the service also raises
  :class:`~app.cache.search_service.StaleSearch` for it.
* Columns carry display text (plain, never rich text: vendor data is shown literally); custom
  roles carry the raw values for delegates, tests and later panels. Headers and the model's
  own words are translated when asked for, figures go through :func:`ui.i18n.formats`, and
  the blacklist colour is asked of :func:`ui.theme.colour` at that moment too, so a language
  or palette change shows on the next paint.
"""

from __future__ import annotations

import logging
from enum import IntEnum
from typing import Protocol

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QByteArray,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont

from app.cache.search import SearchHit
from app.cache.search_service import StaleSearch
from app.profile import VENDOR_NAMES
from ui.common.tasks import TaskSlots
from ui.common.widgets import plain_tip
from ui.i18n import formats
from ui.theme import colour

log = logging.getLogger("clientdesk.ui.search")

PAGE_SIZE = 100
# A refresh after a sync re-reads at most this many rows in one go; deeper scrolls keep theirs.
REFRESH_LIMIT = 1000
# The flag cell of a blacklisted customer: a sign and a word, never a colour alone (the
# English source; shown translated).
#: i18n: the search results' flag for a blacklisted customer; keep the ⚠ sign in front
BLACKLIST_TEXT = str(QT_TRANSLATE_NOOP("SearchResultsModel", "⚠ Blacklisted"))
Index = QModelIndex | QPersistentModelIndex


class SearchSource(Protocol):
    """What the model needs from the search service (a fake in tests)."""

    async def search(self, text: str, limit: int = ..., offset: int = ...) -> list[SearchHit]:
        ...


class Column(IntEnum):
    """Name and blacklist flag first: "who is this, are they welcome" before the details."""

    NAME = 0
    FLAG = 1
    EMAIL = 2
    PHONE = 3
    POINTS = 4
    VENDORS = 5


# Column titles (English sources; :meth:`SearchResultsModel.headerData` translates them).
HEADERS: dict[Column, str] = {
    Column.NAME: str(QT_TRANSLATE_NOOP("SearchResultsModel", "Name")),
    Column.FLAG: str(QT_TRANSLATE_NOOP("SearchResultsModel", "Blacklist")),
    Column.EMAIL: str(QT_TRANSLATE_NOOP("SearchResultsModel", "Email")),
    Column.PHONE: str(QT_TRANSLATE_NOOP("SearchResultsModel", "Phone")),
    Column.POINTS: str(QT_TRANSLATE_NOOP("SearchResultsModel", "Points")),
    #: i18n: the column of the vendors that know the customer ("LOKE · reservations")
    Column.VENDORS: str(QT_TRANSLATE_NOOP("SearchResultsModel", "From")),
}


class Role(IntEnum):
    CUSTOMER_ID = Qt.ItemDataRole.UserRole + 1
    NAME = Qt.ItemDataRole.UserRole + 2
    CONTACTS = Qt.ItemDataRole.UserRole + 3  # "z***@example.com · +61 4** *** 678"
    VENDORS = Qt.ItemDataRole.UserRole + 4  # "LOKE · reservations"
    POINTS = Qt.ItemDataRole.UserRole + 5  # int | None
    BLACKLISTED = Qt.ItemDataRole.UserRole + 6  # bool
    HIT = Qt.ItemDataRole.UserRole + 7  # the SearchHit itself


def vendor_badges(hit: SearchHit) -> str:
    return " · ".join(VENDOR_NAMES.get(v, v) for v in hit.vendors)


def _first(values: tuple[str, ...]) -> str:
    """The first contact, with how many more there are: ``z•••@example.com (+2)``."""
    if not values:
        return ""
    if len(values) == 1:
        return values[0]
    return QCoreApplication.translate("SearchResultsModel", "{first} (+{more})").format(
        first=values[0], more=formats().number(len(values) - 1))


def contacts_text(hit: SearchHit) -> str:
    return " · ".join(part for part in (_first(hit.emails), _first(hit.phones)) if part)


def points_text(points: int | None) -> str:
    """The points column: the figure as the store writes numbers (the header says "Points")."""
    return "" if points is None else formats().number(points)


class SearchResultsModel(QAbstractTableModel):
    """Rows of the current query, a page at a time. ``rowsLoaded`` follows every change."""

    rowsLoaded = Signal()

    def __init__(self, source: SearchSource, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self.source = source
        self.page_size = page_size
        self._rows: list[SearchHit] = []
        self._ids: set[int] = set()
        self._query = ""
        self._generation = 0
        self._more = False  # the last page was full: there may be more rows
        self._loaded = False  # the current query's first page has arrived
        self._tasks = TaskSlots()

    # -- queries ---------------------------------------------------------------------------
    @property
    def query(self) -> str:
        return self._query

    @property
    def loaded(self) -> bool:
        return self._loaded

    def has_more(self) -> bool:
        return self._more

    async def set_query(self, text: str) -> bool:
        """Show the first page for ``text``; False when a newer query made this one stale."""
        self._generation += 1
        generation = self._generation
        self._query = text
        self._more = False  # no fetchMore for the old rows while the new query runs
        self._loaded = False
        self._tasks.cancel("more")
        try:
            hits = await self.source.search(text, self.page_size, 0)
        except StaleSearch:
            return False
        if generation != self._generation:
            return False
        self._replace(hits, more=len(hits) >= self.page_size)
        return True

    async def refresh(self) -> bool:
        """Re-read the current query after a sync, keeping as many rows as are shown."""
        if not self._loaded:
            return False  # a query is on its way: it reads the new data anyway
        if len(self._rows) > REFRESH_LIMIT:
            return False  # deep in a long list: don't yank it; the next query shows new data
        generation = self._generation
        want = max(self.page_size, len(self._rows))
        try:
            hits = await self.source.search(self._query, want, 0)
        except StaleSearch:
            return False
        if generation != self._generation:
            return False
        self._tasks.cancel("more")
        self._replace(hits, more=len(hits) >= want)
        return True

    def _replace(self, hits: list[SearchHit], *, more: bool) -> None:
        same_ids = [h.customer_id for h in hits] == [h.customer_id for h in self._rows]
        if same_ids and self._loaded:
            self._rows = list(hits)
            if hits:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(hits) - 1, len(Column) - 1))
        else:
            self.beginResetModel()
            self._rows = list(hits)
            self._ids = {h.customer_id for h in hits}
            self.endResetModel()
        self._more = more
        self._loaded = True
        self.rowsLoaded.emit()

    # -- paging ----------------------------------------------------------------------------
    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._more and not self._tasks.running("more")

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent):
            self._tasks.start("more", self._fetch_more(self._generation, len(self._rows)))

    async def _fetch_more(self, generation: int, offset: int) -> None:
        try:
            hits = await self.source.search(self._query, self.page_size, offset)
        except StaleSearch:
            return
        if generation != self._generation:
            return
        # A sync between two pages can shift rows; never show one customer twice.
        fresh = [h for h in hits if h.customer_id not in self._ids]
        self._more = len(hits) >= self.page_size
        if fresh:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._rows.extend(fresh)
            self._ids.update(h.customer_id for h in fresh)
            self.endInsertRows()
        self.rowsLoaded.emit()

    async def fetch_more_now(self) -> None:
        """Load the next page and wait for it (tests and benchmarks; views use fetchMore)."""
        self.fetchMore(QModelIndex())
        task = self._tasks.get("more")
        if task is not None:
            await task

    def close(self) -> None:
        self._tasks.cancel_all()

    # -- rows ------------------------------------------------------------------------------
    def hit(self, row: int) -> SearchHit | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, customer_id: int) -> int | None:
        if customer_id not in self._ids:
            return None
        return next(i for i, h in enumerate(self._rows) if h.customer_id == customer_id)

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
            return QCoreApplication.translate("SearchResultsModel", HEADERS[Column(section)])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = Qt.AlignmentFlag.AlignRight if section == Column.POINTS \
                else Qt.AlignmentFlag.AlignLeft
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemNeverHasChildren

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        for role in Role:
            names[int(role)] = QByteArray(role.name.lower().encode())
        return names

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.parent().isValid():
            return None
        hit = self.hit(index.row())
        if hit is None or not 0 <= index.column() < len(Column):
            return None
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(hit, column, accessible=role != Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(hit, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.POINTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if column == Column.FLAG and hit.blacklisted:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(colour("alert"))  # asked now: the palette in use right now
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        return self._raw(hit, role)

    @staticmethod
    def _text(hit: SearchHit, column: Column, *, accessible: bool) -> str:
        """A cell's words; ``accessible``: what a screen reader says for it, never nothing."""
        if column == Column.NAME:
            return hit.name or _no_name(accessible)
        if column == Column.EMAIL:
            return _first(hit.emails) or (QCoreApplication.translate(
                "SearchResultsModel", "no email") if accessible else "")
        if column == Column.PHONE:
            return _first(hit.phones) or (QCoreApplication.translate(
                "SearchResultsModel", "no phone") if accessible else "")
        if column == Column.VENDORS:
            return vendor_badges(hit)
        if column == Column.POINTS:
            return _points_words(hit.points) if accessible else points_text(hit.points)
        if hit.blacklisted:
            return QCoreApplication.translate("SearchResultsModel", BLACKLIST_TEXT)
        return QCoreApplication.translate("SearchResultsModel", "not blacklisted") \
            if accessible else ""

    @staticmethod
    def _tooltip(hit: SearchHit, column: Column) -> str | None:
        if column == Column.EMAIL and len(hit.emails) > 1:
            return plain_tip("\n".join(hit.emails))
        if column == Column.PHONE and len(hit.phones) > 1:
            return plain_tip("\n".join(hit.phones))
        if column == Column.FLAG and hit.blacklisted:
            return QCoreApplication.translate(
                "SearchResultsModel", "On a vendor's blacklist: check before serving")
        return None

    @staticmethod
    def _raw(hit: SearchHit, role: int) -> object:
        if role == Role.CUSTOMER_ID:
            return hit.customer_id
        if role == Role.NAME:
            return hit.name
        if role == Role.CONTACTS:
            return contacts_text(hit)
        if role == Role.VENDORS:
            return vendor_badges(hit)
        if role == Role.POINTS:
            return hit.points
        if role == Role.BLACKLISTED:
            return hit.blacklisted
        if role == Role.HIT:
            return hit
        return None


def _no_name(accessible: bool) -> str:
    if accessible:
        return QCoreApplication.translate("SearchResultsModel", "no name on file")
    return QCoreApplication.translate("SearchResultsModel", "(no name)")


def _points_words(points: int | None) -> str:
    """What a screen reader says for the points cell: the figure and its unit in words."""
    if points is None:
        return QCoreApplication.translate("SearchResultsModel", "no loyalty points")
    return QCoreApplication.translate("SearchResultsModel", "{count} loyalty point(s)", "",
                                      points).format(count=formats().number(points))
