"""The results model: Qt model rules, pages on demand, stale pages dropped, plain display text."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester

from app.cache.db import Cache
from app.cache.search import Searcher, SearchHit
from app.cache.search_service import SearchService, StaleSearch
from app.formatting import formats_for
from tests.ui.conftest import run
from tests.ui.search.a11y import english_plurals, using_formats
from ui.search.model import BLACKLIST_TEXT, Column, Role, SearchResultsModel
from ui.theme import TONES, colour, dark_palette

DISPLAY = Qt.ItemDataRole.DisplayRole


def text(model: SearchResultsModel, row: int, column: Column,
         role: int = DISPLAY) -> object:
    return model.data(model.index(row, column), role)


def names(model: SearchResultsModel) -> list[str]:
    return [str(text(model, row, Column.NAME)) for row in range(model.rowCount())]


def test_model_passes_qt_model_tester(qtmodeltester: ModelTester, qloop: qasync.QEventLoop,
                                      small_search: SearchService) -> None:
    model = SearchResultsModel(small_search, page_size=2)
    qtmodeltester.check(model)  # empty
    assert run(qloop, model.set_query(""))
    assert model.rowCount() == 2 and model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)  # the tester also calls fetchMore: the next page loads
    run(qloop, model.fetch_more_now())
    run(qloop, model.set_query("zo"))
    run(qloop, model.refresh())
    qtmodeltester.check(model)
    model.close()


def test_display_roles(qloop: qasync.QEventLoop, small_search: SearchService) -> None:
    model = SearchResultsModel(small_search)
    run(qloop, model.set_query("nguyen"))
    assert model.rowCount() == 1
    assert text(model, 0, Column.NAME) == "Zoë Nguyễn"
    assert text(model, 0, Column.FLAG) == BLACKLIST_TEXT == "⚠ Blacklisted"
    assert text(model, 0, Column.VENDORS) == "LOKE · reservations"
    assert text(model, 0, Column.POINTS) == "1,200"
    email = str(text(model, 0, Column.EMAIL))
    assert "•" in email and "nguyen42" not in email and email.endswith("@example.com")
    assert str(text(model, 0, Column.PHONE)).endswith("333") and "222" not in str(
        text(model, 0, Column.PHONE))
    assert text(model, 0, Column.NAME, Role.BLACKLISTED) is True
    assert text(model, 0, Column.NAME, Role.POINTS) == 1200
    assert text(model, 0, Column.NAME, Role.VENDORS) == "LOKE · reservations"
    contacts = str(text(model, 0, Column.NAME, Role.CONTACTS))
    assert contacts.startswith(email) and " · +61" in contacts
    hit = text(model, 0, Column.NAME, Role.HIT)
    assert isinstance(hit, SearchHit)
    assert text(model, 0, Column.NAME, Role.CUSTOMER_ID) == hit.customer_id
    # Not blacklisted: an empty flag cell, and words (not a colour) for screen readers.
    run(qloop, model.set_query("liam"))
    assert text(model, 0, Column.FLAG) == ""
    assert text(model, 0, Column.FLAG, Qt.ItemDataRole.AccessibleTextRole) == "not blacklisted"
    assert text(model, 0, Column.POINTS, Qt.ItemDataRole.AccessibleTextRole) == \
        "no loyalty points"
    model.close()


def test_markup_in_a_name_is_plain_text(qloop: qasync.QEventLoop,
                                        small_search: SearchService) -> None:
    model = SearchResultsModel(small_search)
    run(qloop, model.set_query("bob"))
    assert names(model) == ["<b>Bob</b>"]
    model.close()


def test_fetch_more_grows_rows_a_page_at_a_time(qloop: qasync.QEventLoop, sandbox_cache: Cache,
                                                sandbox_search: SearchService) -> None:
    conn = sandbox_cache.connect(readonly=True)
    total = Searcher(conn).count()
    expected = [h.customer_id for h in Searcher(conn).search("", total + 10)]
    conn.close()
    assert total > 150
    model = SearchResultsModel(sandbox_search, page_size=50)
    run(qloop, model.set_query(""))
    sizes = [model.rowCount()]
    while model.canFetchMore(QModelIndex()):
        run(qloop, model.fetch_more_now())
        sizes.append(model.rowCount())
    assert sizes[:3] == [50, 100, 150]
    assert sizes[-1] == total and all(b - a <= 50 for a, b in itertools.pairwise(sizes))
    ids = [model.data(model.index(r, 0), Role.CUSTOMER_ID) for r in range(model.rowCount())]
    assert ids == expected  # most recent first, no row twice, none missing
    model.close()


class ControlledSource:
    """A search source whose answers the test releases in any order."""

    def __init__(self) -> None:
        self.pending: dict[str, asyncio.Future[list[SearchHit]]] = {}

    async def search(self, text: str, limit: int = 100, offset: int = 0) -> list[SearchHit]:
        future: asyncio.Future[list[SearchHit]] = asyncio.get_running_loop().create_future()
        self.pending[text] = future
        return await future

    def answer(self, text: str, *names: str) -> None:
        self.pending.pop(text).set_result([
            SearchHit(i + 1, n, (), (), ("loke",), None, False, "prefix")
            for i, n in enumerate(names)])


def test_a_stale_first_page_is_never_shown(qloop: qasync.QEventLoop) -> None:
    source = ControlledSource()
    model = SearchResultsModel(source)
    shown: list[str] = []
    model.rowsLoaded.connect(lambda: shown.append(model.query))

    async def scenario() -> tuple[bool, bool]:
        old = asyncio.ensure_future(model.set_query("zo"))
        await asyncio.sleep(0)
        new = asyncio.ensure_future(model.set_query("zoe"))
        await asyncio.sleep(0)
        source.answer("zoe", "Zoë Nguyễn")
        source.answer("zo", "Zoey Adams", "Zoë Nguyễn")  # arrives last, already stale
        return await old, await new

    assert run(qloop, scenario()) == (False, True)
    assert names(model) == ["Zoë Nguyễn"] and shown == ["zoe"]
    model.close()


def test_a_page_for_an_old_query_is_dropped(qloop: qasync.QEventLoop) -> None:
    source = ControlledSource()
    model = SearchResultsModel(source, page_size=2)

    async def scenario() -> None:
        first = asyncio.ensure_future(model.set_query("a"))
        await asyncio.sleep(0)
        source.answer("a", "Ann", "Abe")
        await first
        assert model.canFetchMore(QModelIndex())
        model.fetchMore(QModelIndex())
        assert not model.canFetchMore(QModelIndex())  # one page request at a time
        await asyncio.sleep(0)
        more = source.pending.pop("a")
        newer = asyncio.ensure_future(model.set_query("b"))
        await asyncio.sleep(0)
        assert more.cancelled()  # the old query's page request was called off
        source.answer("b", "Bea")
        await newer

    run(qloop, scenario())
    assert names(model) == ["Bea"] and not model.canFetchMore(QModelIndex())
    model.close()


def test_stale_search_from_the_service_leaves_rows_alone(qloop: qasync.QEventLoop) -> None:
    class Stale:
        async def search(self, text: str, limit: int = 100, offset: int = 0) -> list[SearchHit]:
            raise StaleSearch(text)

    model = SearchResultsModel(Stale())
    assert run(qloop, model.set_query("x")) is False
    assert model.rowCount() == 0 and not model.loaded
    model.close()


def rendered(tip: object) -> str:
    """What a tooltip shows, decided as Qt decides it (rich text when it looks like markup)."""
    from PySide6.QtGui import Qt as GuiQt  # mightBeRichText is QtGui's
    from PySide6.QtGui import QTextDocument

    text = str(tip)
    document = QTextDocument()
    if GuiQt.mightBeRichText(text):
        document.setHtml(text)
    else:
        document.setPlainText(text)
    return document.toPlainText()


def test_markup_in_contacts_is_shown_literally_in_the_tooltips(qloop: qasync.QEventLoop) -> None:
    emails = ("<b>zo</b>•••@example.com", "<img src=x>•••@example.net")
    phones = ("<i>+61</i> ••• 333", "+61 ••• <u>444</u>")

    class Source:
        async def search(self, text: str, limit: int = 100, offset: int = 0) -> list[SearchHit]:
            return [SearchHit(1, "<b>Zoë</b>", emails, phones, ("loke",), None, True, "exact")]

    model = SearchResultsModel(Source())
    assert run(qloop, model.set_query("zo"))
    email_tip = model.data(model.index(0, Column.EMAIL), Qt.ItemDataRole.ToolTipRole)
    phone_tip = model.data(model.index(0, Column.PHONE), Qt.ItemDataRole.ToolTipRole)
    assert rendered(email_tip).splitlines() == list(emails)
    assert rendered(phone_tip).splitlines() == list(phones)
    model.close()


# -- words, formats and colours -----------------------------------------------------------------

class OneHit:
    """A source answering one customer with two emails, points and the blacklist flag."""

    def __init__(self, points: int | None = 1291, blacklisted: bool = True) -> None:
        self.points, self.blacklisted = points, blacklisted

    async def search(self, text: str, limit: int = 100, offset: int = 0) -> list[SearchHit]:
        return [SearchHit(7, "Zoë", ("z•••@example.com", "z•••@example.net"), (), ("loke",),
                          self.points, self.blacklisted, "exact")]


@pytest.fixture
def restore_palette(qapp: QApplication) -> Iterator[QApplication]:
    before = QPalette(qapp.palette())
    yield qapp
    qapp.setPalette(before)


def test_headers_and_words_are_the_english_sources(qloop: qasync.QEventLoop) -> None:
    model = SearchResultsModel(OneHit())
    assert run(qloop, model.set_query("zo"))
    heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert heads == ["Name", "Blacklist", "Email", "Phone", "Points", "From"]
    assert text(model, 0, Column.EMAIL) == "z•••@example.com (+1)"
    assert text(model, 0, Column.POINTS, Qt.ItemDataRole.AccessibleTextRole) == \
        "1,291 loyalty point(s)"  # the English source; the English .qm says "points"
    assert "blacklist" in str(text(model, 0, Column.FLAG, Qt.ItemDataRole.ToolTipRole))
    model.close()


def test_points_and_counts_as_the_store_writes_them(qloop: qasync.QEventLoop) -> None:
    model = SearchResultsModel(OneHit())
    assert run(qloop, model.set_query("zo"))
    with using_formats(formats_for("hu", "HU", "HUF")):
        assert text(model, 0, Column.POINTS) == "1\xa0291"
        assert text(model, 0, Column.POINTS, Qt.ItemDataRole.AccessibleTextRole) == \
            "1\xa0291 loyalty point(s)"
    with using_formats(formats_for("fr", "CA", "CAD")):
        assert text(model, 0, Column.POINTS) == "1\xa0291"
    assert text(model, 0, Column.POINTS) == "1,291"  # the default again
    model.close()


def test_english_plural_of_points(qloop: qasync.QEventLoop, tmp_path: Path) -> None:
    model = SearchResultsModel(OneHit(points=1))
    assert run(qloop, model.set_query("zo"))
    with english_plurals(tmp_path):
        assert text(model, 0, Column.POINTS, Qt.ItemDataRole.AccessibleTextRole) == \
            "1 loyalty point"
    model.close()


def test_the_blacklist_flag_is_alert_coloured_in_the_palette_in_use(
        qloop: qasync.QEventLoop, restore_palette: QApplication) -> None:
    model = SearchResultsModel(OneHit())
    assert run(qloop, model.set_query("zo"))
    seen = []
    for palette in (restore_palette.style().standardPalette(), dark_palette()):
        restore_palette.setPalette(palette)
        brush = text(model, 0, Column.FLAG, Qt.ItemDataRole.ForegroundRole)
        assert isinstance(brush, QBrush)
        assert brush.color() == colour("alert", palette)  # asked at paint time
        assert text(model, 0, Column.FLAG) == "⚠ Blacklisted"  # the words say it too
        seen.append(brush.color().name())
    assert seen == [QColor(TONES["alert"].light).name(), QColor(TONES["alert"].dark).name()]
    font = text(model, 0, Column.FLAG, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    model.close()
