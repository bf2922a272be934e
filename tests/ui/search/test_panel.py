"""The search panel, typed into like a person would, over a cache the sync engine filled."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyledItemDelegate
from pytestqt.qtbot import QtBot

from app.cache.db import Cache
from app.cache.search import Searcher, SearchHit
from app.cache.search_service import SearchService
from app.domain.text import fold
from app.formatting import formats_for
from app.profile import VENDORS, profile_from_dict
from app.sandbox.runner import Sandbox
from tests.ui.conftest import run, until
from tests.ui.search.a11y import english_plurals, tab_chain, unnamed_controls, using_formats
from ui.search.model import BLACKLIST_TEXT, Column, SearchResultsModel, SearchSource
from ui.search.online import LookupHooks
from ui.search.panel import SearchPanel, summary_text


def make_panel(qtbot: QtBot, source: SearchSource, page_size: int = 100) -> SearchPanel:
    panel = SearchPanel(SearchResultsModel(source, page_size=page_size))
    qtbot.addWidget(panel)
    panel.resize(1000, 500)
    panel.show()
    qtbot.waitExposed(panel)
    panel.start()
    panel.focus_search()
    return panel


def settle(loop: qasync.QEventLoop, panel: SearchPanel, query: str) -> None:
    """Wait until the results for ``query`` are on screen."""
    run(loop, until(lambda: panel.model.query == query and panel.model.loaded
                    and not panel.searching()))


def cell(panel: SearchPanel, row: int, column: Column) -> str:
    """What the view shows in a cell: the display text its (plain) delegate paints."""
    index = panel.view.model().index(row, column)
    return str(index.data(Qt.ItemDataRole.DisplayRole))


def shown(panel: SearchPanel, column: Column = Column.NAME) -> list[str]:
    return [cell(panel, row, column) for row in range(panel.view.model().rowCount())]


def test_typing_shows_matching_customers(qtbot: QtBot, qloop: qasync.QEventLoop,
                                         sandbox_cache: Cache,
                                         sandbox_search: SearchService) -> None:
    panel = make_panel(qtbot, sandbox_search)
    settle(qloop, panel, "")
    assert panel.view.model().rowCount() == 100 and panel.model.has_more()
    assert panel.summary.text().startswith("All customers, most recent first")

    qtbot.keyClicks(panel.box, "zoe")
    settle(qloop, panel, "zoe")
    conn = sandbox_cache.connect(readonly=True)
    expected = Searcher(conn).search("zoe", 100)
    conn.close()
    assert shown(panel) == [h.name for h in expected] and len(expected) >= 5
    assert all(fold(name).startswith("zoe") for name in shown(panel))
    for row, hit in enumerate(expected):
        email, phone = cell(panel, row, Column.EMAIL), cell(panel, row, Column.PHONE)
        assert email == (hit.emails[0] if hit.emails else "")
        assert not email or ("•" in email and "@" in email)
        assert not phone or ("•" in phone and phone[-3:].isdigit())
        assert cell(panel, row, Column.VENDORS) in ("LOKE", "reservations",
                                                    "LOKE · reservations")
    # No translator in tests: the English source shows (the English .qm says "customers").
    assert panel.summary.text() == f"{len(expected)} customer(s) match “zoe”"
    assert panel.view.currentIndex().row() == 0  # the top result is highlighted


def test_blacklisted_customer_is_flagged_in_words(qtbot: QtBot, qloop: qasync.QEventLoop,
                                                  sandbox_search: SearchService) -> None:
    panel = make_panel(qtbot, sandbox_search)
    qtbot.keyClicks(panel.box, "noah p")
    settle(qloop, panel, "noah p")
    names = shown(panel)
    flags = shown(panel, Column.FLAG)
    assert names[0] == "Noah Patel" and flags[0] == BLACKLIST_TEXT == "⚠ Blacklisted"
    assert all(flag in ("", BLACKLIST_TEXT) for flag in flags)


def test_no_match_says_so(qtbot: QtBot, qloop: qasync.QEventLoop,
                          sandbox_search: SearchService) -> None:
    panel = make_panel(qtbot, sandbox_search)
    qtbot.keyClicks(panel.box, "qqqzzz")
    settle(qloop, panel, "qqqzzz")
    assert panel.view.model().rowCount() == 0
    assert panel.summary.text().startswith("No customer matches “qqqzzz”")


class Laggy:
    """Passes searches through, but answers short queries late (as a slow disk would)."""

    def __init__(self, inner: SearchService) -> None:
        self.inner = inner
        self.asked: list[str] = []

    async def search(self, text: str, limit: int = 100, offset: int = 0) -> list[SearchHit]:
        self.asked.append(text)
        hits = await self.inner.search(text, limit, offset)
        await asyncio.sleep(0.2 if len(text) < 3 else 0)
        return hits


def test_only_the_last_querys_rows_appear(qtbot: QtBot, qloop: qasync.QEventLoop,
                                          sandbox_search: SearchService) -> None:
    source = Laggy(sandbox_search)
    panel = make_panel(qtbot, source)
    settle(qloop, panel, "")
    loaded: list[str] = []
    panel.model.rowsLoaded.connect(lambda: loaded.append(panel.model.query))

    async def type_fast() -> None:
        for key in "zoe":
            qtbot.keyClick(panel.box, key)
            await asyncio.sleep(0.03)  # the earlier searches are under way, not finished

    run(qloop, type_fast())
    settle(qloop, panel, "zoe")
    run(qloop, asyncio.sleep(0.4))  # long enough for the laggy "z" / "zo" answers to land
    assert source.asked[-3:] == ["z", "zo", "zoe"]
    assert loaded == ["zoe"]
    assert all(fold(name).startswith("zoe") for name in shown(panel))


def test_arrows_and_enter_activate_a_customer(qtbot: QtBot, qloop: qasync.QEventLoop,
                                              sandbox_search: SearchService) -> None:
    panel = make_panel(qtbot, sandbox_search)
    qtbot.keyClicks(panel.box, "zoe")
    settle(qloop, panel, "zoe")
    hits = [panel.model.hit(r) for r in range(panel.model.rowCount())]
    qtbot.keyClick(panel.box, Qt.Key.Key_Down)
    qtbot.keyClick(panel.box, Qt.Key.Key_Down)
    qtbot.keyClick(panel.box, Qt.Key.Key_Up)
    assert panel.view.currentIndex().row() == 1
    assert panel.box.hasFocus()  # arrows move in the results; typing goes on in the box
    with qtbot.waitSignal(panel.customerActivated, timeout=1000) as signal:
        qtbot.keyClick(panel.box, Qt.Key.Key_Return)
    assert hits[1] is not None and signal.args == [hits[1].customer_id]

    qtbot.keyClick(panel.box, Qt.Key.Key_PageDown)
    assert panel.view.currentIndex().row() == len(hits) - 1  # clamped at the last row
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Up)
    with qtbot.waitSignal(panel.customerActivated, timeout=1000) as signal:
        qtbot.keyClick(panel.view, Qt.Key.Key_Enter)
    assert hits[-2] is not None and signal.args == [hits[-2].customer_id]

    qtbot.keyClick(panel.view, Qt.Key.Key_S)  # typing in the list goes on with the search
    assert panel.box.hasFocus() and panel.box.text() == "zoes"
    settle(qloop, panel, "zoes")


def test_enter_before_results_opens_the_new_top_result(qtbot: QtBot, qloop: qasync.QEventLoop,
                                                       sandbox_search: SearchService) -> None:
    panel = make_panel(qtbot, Laggy(sandbox_search))
    settle(qloop, panel, "")
    with qtbot.waitSignal(panel.customerActivated, timeout=3000) as signal:
        qtbot.keyClicks(panel.box, "no")  # laggy: still searching when Enter comes
        qtbot.keyClick(panel.box, Qt.Key.Key_Return)
        assert panel.searching()
        run(qloop, panel.search_done())
    top = panel.model.hit(0)
    assert top is not None and fold(top.name).startswith("no")
    assert signal.args == [top.customer_id]


def test_markup_in_a_name_shows_literally(qtbot: QtBot, qloop: qasync.QEventLoop,
                                          small_search: SearchService) -> None:
    panel = make_panel(qtbot, small_search)
    qtbot.keyClicks(panel.box, "bob")
    settle(qloop, panel, "bob")
    assert shown(panel) == ["<b>Bob</b>"]
    # The default delegate paints display text as plain text; no rich-text delegate is set.
    delegate = panel.view.itemDelegateForColumn(Column.NAME) or panel.view.itemDelegate()
    assert type(delegate) is QStyledItemDelegate


def test_scrolling_to_the_bottom_fetches_the_next_page(qtbot: QtBot, qloop: qasync.QEventLoop,
                                                       sandbox_search: SearchService) -> None:
    panel = make_panel(qtbot, sandbox_search, page_size=40)
    settle(qloop, panel, "")
    assert panel.view.model().rowCount() == 40
    panel.view.scrollToBottom()  # the view asks the model for more (fetchMore)
    run(qloop, until(lambda: panel.view.model().rowCount() > 40))
    assert panel.view.model().rowCount() == 80
    for _ in range(5):  # arrows past the last loaded row fetch more too
        qtbot.keyClick(panel.box, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    panel.focus_search()
    panel.view.setCurrentIndex(panel.model.index(79, 0))
    qtbot.keyClick(panel.box, Qt.Key.Key_Down)
    run(qloop, until(lambda: panel.view.model().rowCount() > 80))


def test_summary_text() -> None:
    assert summary_text("", 0, False).startswith("No customers saved on this computer yet")
    assert summary_text("zoe", 1, False) == "1 customer(s) match “zoe”"  # the English source
    assert summary_text("zoe", 100, True) == "100+ customers match “zoe”"
    assert summary_text("zoe", 1291, True) == "1,291+ customers match “zoe”"
    assert summary_text("x" * 100, 0, False).count("x") == 39


def test_summary_plurals_with_the_english_forms(qapp: object, tmp_path: Path) -> None:
    with english_plurals(tmp_path):
        assert summary_text("zoe", 1, False) == "1 customer matches “zoe”"
        assert summary_text("zoe", 2, False) == "2 customers match “zoe”"
        assert summary_text("zoe", 1, True) == "1+ customers match “zoe”"
        assert summary_text("zoe", 1291, False) == "1,291 customers match “zoe”"
    assert summary_text("zoe", 1, False) == "1 customer(s) match “zoe”"  # removed again


def test_summary_counts_as_the_store_writes_numbers(qapp: object) -> None:
    with using_formats(formats_for("hu", "HU", "HUF")):
        assert summary_text("zoe", 1291, True) == "1\xa0291+ customers match “zoe”"
    with using_formats(formats_for("fr", "FR", "EUR")):
        assert summary_text("zoe", 12000, False) == "12\u202f000 customer(s) match “zoe”"
    assert summary_text("zoe", 1291, False) == "1,291 customer(s) match “zoe”"  # restored


def test_names_in_words_and_tab_order(qtbot: QtBot, qloop: qasync.QEventLoop,
                                      small_search: SearchService) -> None:
    panel = make_panel(qtbot, small_search)
    settle(qloop, panel, "")
    assert panel.box.accessibleName() == "Search customers"
    assert panel.view.accessibleName() == "Search results"
    assert panel.accessibleName() == "Customer search"
    assert "Ctrl+F" in panel.box.placeholderText()
    assert panel.box.accessibleDescription() and panel.view.accessibleDescription()
    assert unnamed_controls(panel) == []
    # labels are read by their text: a name would replace it (it read "searchSummary")
    assert panel.summary.accessibleName() == panel.notice.accessibleName() == ""
    assert tab_chain(panel.box, panel) == ["searchBox", "searchResults"]
    assert panel.box.property("textsize") == "subtitle"  # larger, relative to the system font
    assert panel.box.styleSheet() == panel.styleSheet() == ""


def test_the_notice_is_a_caution_box(qtbot: QtBot, qloop: qasync.QEventLoop,
                                     small_search: SearchService) -> None:
    panel = make_panel(qtbot, small_search)
    settle(qloop, panel, "")
    panel.show_notice("That Qudini link is not a booking link.")
    assert panel.notice.isVisible() and panel.notice.property("surface") == "caution"
    assert panel.notice.styleSheet() == ""
    assert panel.notice.textFormat() == Qt.TextFormat.PlainText


def test_tab_order_with_the_online_lookup_offered(qtbot: QtBot, qloop: qasync.QEventLoop,
                                                  small_search: SearchService) -> None:
    box = Sandbox(10, store_id="ui-search-tabs")
    box.ports = dict.fromkeys(VENDORS, 1)  # addresses only: nothing is asked
    hooks = LookupHooks(profile_from_dict(box.profile_dict()), _never, _never)
    panel = SearchPanel(SearchResultsModel(small_search), lookup=hooks)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.online is not None
    bar = panel.online
    bar.show()  # as an offer shows it, with choices listed
    bar.list.show()
    assert tab_chain(panel.box, panel) == ["searchBox", "onlineLookupAsk",
                                           "onlineLookupResults", "searchResults"]
    assert bar.property("surface") == "info" and bar.styleSheet() == ""
    assert bar.accessibleName() == "Online lookup"
    assert bar.ask_button.accessibleName() == "Look up at the vendors now"
    assert bar.text.accessibleName() == ""  # read by its text
    assert unnamed_controls(panel) == []
    panel.model.close()


async def _never(_value: object) -> Any:
    raise AssertionError("no vendor is asked in this test")
