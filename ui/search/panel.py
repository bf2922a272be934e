"""The search panel: a search box over a results table, keyboard first.

Why it looks like this:

* Every keystroke starts a search in the panel's "search" task slot, which cancels the previous
  one; the model and the service drop stale results, so what is shown always matches the box.
* The box keeps the focus while the arrow and page keys move through the results, and Enter
  opens the highlighted customer — staff never need the mouse. Enter pressed before the last
  keystroke's results have arrived opens the top result of *those* results, not of old ones.
* Enter on something that names a customer or booking exactly — a Qudini booking link or
  identifier (barcode scanners type it and press Enter), ``id:123``, ``loke:…`` — does not open
  the top search result: the panel emits ``referenceEntered(text)`` and the window resolves it
  (:func:`app.customer.resolve.resolve`). What cannot be resolved is said in a line under the
  box (:meth:`SearchPanel.show_notice`), never in a dialog. Plain text keeps searching.
* Results are plain text in a table (the default delegate never interprets markup), so a name
  like ``<b>Bob</b>`` shows literally. The blacklist flag is a sign and a word, not a colour.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.cache.search import SearchHit
from app.customer.resolve import is_reference
from ui.common.tasks import TaskSlots
from ui.i18n import formats
from ui.search.model import Column, SearchResultsModel
from ui.search.online import LookupHooks, OnlineLookupBar
from ui.theme import set_size, set_surface

# Initial column widths (px); the last column (the vendors) stretches.
WIDTHS = {Column.NAME: 220, Column.FLAG: 125, Column.EMAIL: 290, Column.PHONE: 140,
          Column.POINTS: 75}
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_MOVES = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}
_PAGES = {Qt.Key.Key_PageDown: 1, Qt.Key.Key_PageUp: -1}


def _shortened(text: str, limit: int = 40) -> str:
    """The query as the summary quotes it: one line, at most ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def summary_text(query: str, rows: int, more: bool) -> str:
    """What the line above the results says.

    Whole sentences, quotes included, so each language uses its own quotation marks
    (« » in French, „ ” in Hungarian); the count comes from :func:`ui.i18n.formats` so it
    reads as the store writes numbers ("1 291+").
    """
    if not query.strip():
        if rows == 0:
            return QCoreApplication.translate(
                "SearchPanel", "No customers saved on this computer yet. They appear here as "
                "soon as the first sync finishes.")
        return QCoreApplication.translate(
            "SearchPanel", "All customers, most recent first. Type a name, email or phone "
            "number to search.")
    quoted = _shortened(query)
    if rows == 0:
        return QCoreApplication.translate(
            "SearchPanel", "No customer matches “{query}”. Try part of the name, the email "
            "or the last digits of the phone number.").format(query=quoted)
    count = formats().count(rows, more)
    if more:
        return QCoreApplication.translate(
            "SearchPanel", "{count} customers match “{query}”",
            "more than shown: {count} ends in a plus sign, as in 100+",
            rows).format(count=count, query=quoted)
    return QCoreApplication.translate(
        "SearchPanel", "{count} customer(s) match “{query}”", "", rows).format(
            count=count, query=quoted)


class SearchPanel(QWidget):
    """Search box, summary line and results; emits ``customerActivated(customer id)``."""

    customerActivated = Signal(int)
    # Enter on a link, Qudini identifier or exact reference (``resolve.is_reference``).
    referenceEntered = Signal(str)

    def __init__(self, model: SearchResultsModel, parent: QWidget | None = None, *,
                 lookup: LookupHooks | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self.model = model
        self.tasks = TaskSlots()
        self._activate_pending = False
        self._current_id: int | None = None

        self.setAccessibleName(self.tr("Customer search"))
        self.box = QLineEdit(self)
        self.box.setObjectName("searchBox")
        self.box.setAccessibleName(self.tr("Search customers"))
        key = QKeySequence("Ctrl+F").toString(QKeySequence.SequenceFormat.NativeText)
        self.box.setAccessibleDescription(self.tr(
            "Find a customer by any part of the name, email or phone number; the arrow keys "
            "move in the results and Enter opens the highlighted one ({key})").format(key=key))
        self.box.setPlaceholderText(
            self.tr("Find a customer: name, email or phone number   ({key})").format(key=key))
        self.box.setClearButtonEnabled(True)
        self.box.setMaxLength(500)
        set_size(self.box, "subtitle")  # the one box of the panel: larger, with the system font

        self.notice = QLabel(self)  # read by its own text: no accessible name
        self.notice.setObjectName("searchNotice")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setWordWrap(True)
        self.notice.setContentsMargins(8, 4, 8, 4)
        set_surface(self.notice, "caution")
        self.notice.hide()

        self.summary = QLabel(self)
        self.summary.setObjectName("searchSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)  # a long query must not widen the panel
        self.summary.setText(self.tr("Loading customers…"))

        self.view = QTableView(self)
        self.view.setObjectName("searchResults")
        self.view.setAccessibleName(self.tr("Search results"))
        self.view.setAccessibleDescription(
            self.tr("Matching customers; Enter opens the highlighted one"))
        self.view.setModel(model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setAlternatingRowColors(True)
        self.view.setCornerButtonEnabled(False)
        self.view.setTabKeyNavigation(False)
        rows = self.view.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform rows: cheap scrolling
        rows.setDefaultSectionSize(self.view.fontMetrics().height() + 12)
        head = self.view.horizontalHeader()
        head.setHighlightSections(False)
        head.setStretchLastSection(True)
        head.setSectionsMovable(False)
        for column, width in WIDTHS.items():
            head.resizeSection(column, width)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.box)
        layout.addWidget(self.notice)
        layout.addWidget(self.summary)
        # A complete email or phone that matched nobody: ask the vendors (app.customer.lookup).
        self.online = OnlineLookupBar(lookup, self) if lookup is not None else None
        if self.online is not None:
            layout.addWidget(self.online)
            self.online.customerOpened.connect(self._on_found)
        layout.addWidget(self.view, 1)
        self.setFocusProxy(self.box)
        self._set_tab_order()

        self.box.textChanged.connect(self._on_text)
        self.box.installEventFilter(self)
        self.view.installEventFilter(self)
        self.view.doubleClicked.connect(self._on_double_click)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        model.rowsLoaded.connect(self._on_rows)

    def _set_tab_order(self) -> None:
        """Top to bottom, as the panel reads: the box, the online lookup when it is offered
        (it only shows when the results are empty), then the results."""
        chain: list[QWidget] = [self.box]
        if self.online is not None:
            chain += [self.online.ask_button, self.online.list]
        chain.append(self.view)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- public ----------------------------------------------------------------------------
    def start(self) -> None:
        """Show the first results (all customers, newest activity first, for an empty box)."""
        self._search(self.box.text())

    def focus_search(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def clear(self) -> None:
        """Empty the box (back to all customers) and put the cursor there."""
        self.box.clear()
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_notice(self, text: str) -> None:
        """A one-line answer under the box (e.g. a link of the wrong shape); typing clears it."""
        self.notice.setText(" ".join(text.split()))
        self.notice.setVisible(bool(text.strip()))

    def clear_notice(self) -> None:
        self.notice.clear()
        self.notice.hide()

    def refresh(self) -> None:
        """New data arrived (a sync): re-read the current results unless a search is running."""
        if not self.tasks.running("search"):
            self.tasks.start("refresh", self.model.refresh())

    def searching(self) -> bool:
        return self.tasks.running("search")

    async def search_done(self) -> None:
        """Wait for the search under way, if any (tests, smoke runs, benchmarks)."""
        task = self.tasks.get("search")
        if task is not None:
            await task

    def current_hit(self) -> SearchHit | None:
        index = self.view.currentIndex()
        return self.model.hit(index.row()) if index.isValid() else None

    def select_customer(self, customer_id: int) -> None:
        """Highlight ``customer_id`` when it is among the results (a profile opened for them)."""
        row = self.model.row_of(customer_id)
        if row is not None:
            self._set_row(row)

    def save_state(self) -> QByteArray:
        return self.view.horizontalHeader().saveState()

    def restore_state(self, state: QByteArray) -> None:
        self.view.horizontalHeader().restoreState(state)

    # -- searching -------------------------------------------------------------------------
    def _on_text(self, text: str) -> None:
        self._activate_pending = False
        self.clear_notice()
        if self.online is not None:
            self.online.withdraw()
        self._search(text)

    def _search(self, text: str) -> None:
        self.tasks.cancel("refresh")
        self._current_id = None  # a new query highlights its top result
        self.tasks.start("search", self._run(text))

    async def _run(self, text: str) -> None:
        if not await self.model.set_query(text):
            return  # stale: a newer search is on its way
        offered = self.online is not None and self.model.rowCount() == 0 and \
            self.online.offer(text)
        if self._activate_pending and offered and self.online is not None:
            self._activate_pending = False
            self.online.start()  # Enter came before the results: ask now
        if self._activate_pending:
            self._activate_pending = False
            self._activate(0 if self.model.rowCount() else -1)

    def _on_rows(self) -> None:
        rows = self.model.rowCount()
        self.summary.setText(summary_text(self.model.query, rows, self.model.has_more()))
        if rows and not self.view.currentIndex().isValid():
            # After a new query the top result is highlighted (Enter opens it); after a
            # refresh the customer who was highlighted stays highlighted.
            kept = self.model.row_of(self._current_id) if self._current_id is not None else None
            self._set_row(kept if kept is not None else 0, scroll=kept is None)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hit = self.model.hit(current.row()) if current.isValid() else None
        if hit is not None:
            self._current_id = hit.customer_id

    # -- keys ------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = Qt.Key(event.key())
        plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                         | Qt.KeyboardModifier.AltModifier
                                         | Qt.KeyboardModifier.MetaModifier)
        if watched is self.box:
            if key in _MOVES and self._online_choices():
                assert self.online is not None
                self.online.move_choice(_MOVES[key])
                return True
            if key in _MOVES:
                self._move(_MOVES[key])
                return True
            if key in _PAGES:
                self._move(_PAGES[key] * max(1, self._visible_rows() - 1))
                return True
            if key in _ENTER:
                self._enter()
                return True
        elif watched is self.view:
            if key in _ENTER:
                self._activate(self.view.currentIndex().row())
                return True
            text = event.text()
            if plain and text and text.isprintable() and not text.isspace():
                # Typing while in the results goes on with the search, not a jump in the list.
                self.box.setFocus(Qt.FocusReason.OtherFocusReason)
                self.box.end(False)
                self.box.insert(text)
                return True
        return super().eventFilter(watched, event)

    def _enter(self) -> None:
        text = self.box.text()
        if is_reference(text):
            self._activate_pending = False
            self.referenceEntered.emit(text)
            return
        if self.searching():
            self._activate_pending = True  # open the top result once this search lands
            return
        if self.online is not None and self.online.offered() and not self.model.rowCount():
            if self.online.has_choices():
                self.online.open_current()
            else:
                self.online.start()
            return
        row = self.view.currentIndex().row()
        self._activate(row if row >= 0 else (0 if self.model.rowCount() else -1))

    def _move(self, delta: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        current = self.view.currentIndex().row()
        target = 0 if current < 0 else min(rows - 1, max(0, current + delta))
        if target == rows - 1 and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())
        self._set_row(target)

    def _set_row(self, row: int, *, scroll: bool = True) -> None:
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        if scroll:
            self.view.scrollTo(index)

    def _visible_rows(self) -> int:
        return max(1, self.view.viewport().height()
                   // max(1, self.view.verticalHeader().defaultSectionSize()))

    def _online_choices(self) -> bool:
        return self.online is not None and not self.model.rowCount() and \
            self.online.has_choices()

    def _on_found(self, customer_id: int) -> None:
        """A customer found online is now cached: open them and show them in the results."""
        self._current_id = customer_id
        self.customerActivated.emit(customer_id)
        self.tasks.start("refresh", self._show_found())

    async def _show_found(self) -> None:
        await self.model.refresh()
        if self.model.rowCount() and self.online is not None:
            self.online.withdraw()

    def _on_double_click(self, index: QModelIndex) -> None:
        self._activate(index.row())

    def _activate(self, row: int) -> None:
        hit = self.model.hit(row)
        if hit is not None:
            self._set_row(row)
            self.customerActivated.emit(hit.customer_id)
