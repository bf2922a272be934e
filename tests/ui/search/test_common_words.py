"""The shared pieces around the search, in words: the customer picker, the inline "are you
sure?", the table model's translated headers and the error dialog."""

from __future__ import annotations

from pathlib import Path

import qasync
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.cache.search import SearchHit
from app.cache.search_service import SearchService
from tests.ui.conftest import run
from tests.ui.search.a11y import in_words, tab_chain, translated, unnamed_controls
from ui.common.customer_picker import CustomerPicker, hit_text
from ui.common.errors import error_box
from ui.common.rows_model import RowsModel
from ui.common.widgets import InlineConfirm, mnemonic_free


def test_in_words_refuses_identifiers() -> None:
    assert in_words("Search customers") and in_words("OK") and in_words("Sync status")
    for name in ("searchBox", "loadOlder", "trainingBanner", "search_box", "", "  "):
        assert not in_words(name)


def test_the_picker_is_named_in_words_and_tabs_from_box_to_list(
        qtbot: QtBot, qloop: qasync.QEventLoop, small_search: SearchService) -> None:
    picker = CustomerPicker(small_search, name="mergeCustomer")
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    assert picker.box.objectName() == "mergeCustomerSearch"  # kept: tests and scripts use it
    assert picker.box.accessibleName() == "Find a saved customer"
    assert picker.results.accessibleName() == "Saved customers found"
    assert unnamed_controls(picker) == []
    assert tab_chain(picker.box, picker) == ["mergeCustomerSearch", "mergeCustomerResults"]
    run(qloop, picker.search("qqqzzz"))
    assert picker.results.item(0).text() == "No saved customer matches."
    picker.close_tasks()
    other = CustomerPicker(small_search, name="blacklistCustomer",
                           accessible_name="Customer to blacklist")
    qtbot.addWidget(other)
    assert other.box.accessibleName() == "Customer to blacklist"
    other.close_tasks()


def test_a_picked_line_says_blacklisted_in_words() -> None:
    hit = SearchHit(3, "", ("z•••@example.com",), (), ("loke", "reservations"), None, True,
                    "exact")
    assert hit_text(hit) == "(no name) · z•••@example.com · LOKE, reservations · ⚠ blacklisted"


def test_inline_confirm_names_its_buttons_and_question(qtbot: QtBot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    confirm = InlineConfirm("dropEdit", "&Yes, drop it", "&No, keep it", parent=holder)
    holder.show()
    confirm.ask("Drop the unsent note for Zoë?")
    assert confirm.property("surface") == "caution" and confirm.styleSheet() == ""
    assert confirm.accessibleName() == "Please confirm"
    assert confirm.accessibleDescription() == "Drop the unsent note for Zoë?"
    assert confirm.yes.accessibleName() == "Yes, drop it"
    assert confirm.no.accessibleName() == "No, keep it"
    assert confirm.no.hasFocus() or not holder.isActiveWindow()
    assert tab_chain(confirm.yes, confirm) == ["dropEditYes", "dropEditNo"]
    assert unnamed_controls(confirm) == []
    assert mnemonic_free("Save && &close") == "Save & close"


HEADS = (QT_TRANSLATE_NOOP("TestRows", "When"), QT_TRANSLATE_NOOP("TestRows", "What"))


def test_rows_model_translates_marked_headers_when_drawn(qapp: object, tmp_path: Path) -> None:
    marked = RowsModel[str](HEADS, context="TestRows")
    plain = RowsModel[str](("Already words",))
    head = Qt.Orientation.Horizontal
    assert marked.headerData(0, head) == "When" and plain.headerData(0, head) == "Already words"
    with translated(tmp_path, "fr", [("TestRows", "When", "", "Quand")]):
        assert marked.headerData(0, head) == "Quand"  # a language loaded after the model
        assert marked.headerData(1, head) == "What"  # not translated: the source shows
        assert plain.headerData(0, head) == "Already words"
    assert marked.headerData(0, head) == "When"


def test_the_error_dialog_is_plain_and_named(qapp: object) -> None:
    box = error_box("C:\\Users\\<staff>\\clientdesk.log")
    assert isinstance(box, QMessageBox)
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.text() == ("Something went wrong inside Clientdesk. Your data is safe; the "
                          "details were written to C:\\Users\\<staff>\\clientdesk.log.")
    assert box.accessibleName() == "Something went wrong"
    assert box.windowTitle() == "Clientdesk"
    box.deleteLater()
