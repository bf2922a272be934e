"""Helpers for the accessibility, language and format tests of the search panel, the status bar,
the vendors tab and the About box: the tab chain as a person walks it, names in words, and an
English translator built from the plural forms the English ``.ts`` carries."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.sax.saxutils import escape

from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

from app.formatting import Formats
from ui.i18n import formats, use_formats

#: An identifier read aloud ("searchBox", "loadOlder"): never an accessible name.
IDENTIFIER = re.compile(r"^[a-z]+[A-Z]\w*$")
#: What a person operates, and so must have a name in words.
CONTROLS = (QAbstractButton, QLineEdit, QAbstractItemView, QComboBox, QAbstractSpinBox,
            QPlainTextEdit, QTextEdit, QProgressBar, QTabBar, QDialog)


def in_words(name: str) -> bool:
    """Whether ``name`` is words a person would say, not an identifier."""
    return bool(name.strip()) and not IDENTIFIER.match(name) and "_" not in name


def unnamed_controls(root: QWidget) -> list[str]:
    """Every control under ``root`` (and ``root``) whose accessible name is missing or an
    identifier, as ``"objectName (Class): 'name'"``; an empty list when all are in words."""
    found = [root, *root.findChildren(QWidget)]
    bad = []
    for widget in found:
        if not isinstance(widget, CONTROLS):
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus and \
                not isinstance(widget, (QProgressBar, QDialog)):
            continue  # inner parts (a line edit's clear button, a header) nobody tabs to
        name = widget.accessibleName()
        if not in_words(name) or name == widget.objectName():
            bad.append(f"{widget.objectName()} ({type(widget).__name__}): {name!r}")
    return bad


def tab_chain(first: QWidget, within: QWidget) -> list[str]:
    """The object names Tab visits from ``first``, inside ``within``: the focus chain, keeping
    visible, enabled widgets whose focus policy accepts Tab, until it comes round again."""
    names: list[str] = []
    widget = first
    for _ in range(1000):
        takes_tab = widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value
        if takes_tab and widget.isVisible() and widget.isEnabled() and \
                (widget is within or within.isAncestorOf(widget)):
            names.append(widget.objectName())
        following = widget.nextInFocusChain()
        if following is None or following is first:
            break
        widget = following
    return names


@contextmanager
def using_formats(value: Formats) -> Iterator[Formats]:
    """The window formats as ``value`` for the block, then as before."""
    before = formats()
    use_formats(value)
    try:
        yield value
    finally:
        use_formats(before)


#: (context, source, disambiguation, English singular, English plural): the proper English
#: forms the English .ts must carry (also listed in the helper's report).
PLURALS = [
    ("SearchPanel", "{count} customer(s) match “{query}”", "",
     "{count} customer matches “{query}”", "{count} customers match “{query}”"),
    ("SearchPanel", "{count} customers match “{query}”",
     "more than shown: {count} ends in a plus sign, as in 100+",
     "{count} customers match “{query}”", "{count} customers match “{query}”"),
    ("SearchResultsModel", "{count} loyalty point(s)", "",
     "{count} loyalty point", "{count} loyalty points"),
    ("SyncStatus", "{count} min ago", "", "{count} min ago", "{count} min ago"),
    ("SyncStatus", "{count} h ago", "", "{count} h ago", "{count} h ago"),
    ("SyncStatus", "{count} day(s) ago", "", "{count} day ago", "{count} days ago"),
    ("SyncStatus", "{vendor}: {count} customer(s)", "",
     "{vendor}: {count} customer", "{vendor}: {count} customers"),
    ("SyncStatus", "{vendor}: {count} of {total} customer(s)", "plural by the total",
     "{vendor}: {count} of {total} customer", "{vendor}: {count} of {total} customers"),
]


def ts_text(language: str, messages: list[tuple[str, str, str, str | list[str]]]) -> str:
    """A .ts file of ``(context, source, disambiguation, translation)`` messages; a list of
    translations makes a plural (numerus) message, one form per plural category."""
    by_context: dict[str, list[str]] = {}
    for context, source, comment, translation in messages:
        note = f"<comment>{escape(comment)}</comment>" if comment else ""
        if isinstance(translation, list):
            forms = "".join(f"<numerusform>{escape(f)}</numerusform>" for f in translation)
            message = (f'<message numerus="yes"><source>{escape(source)}</source>{note}'
                       f"<translation>{forms}</translation></message>")
        else:
            message = (f"<message><source>{escape(source)}</source>{note}"
                       f"<translation>{escape(translation)}</translation></message>")
        by_context.setdefault(context, []).append(message)
    body = "".join(f"<context><name>{name}</name>{''.join(items)}</context>"
                   for name, items in by_context.items())
    return ('<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS>'
            f'<TS version="2.1" language="{language}">{body}</TS>')


def lrelease() -> str | None:
    """Qt's lrelease of the venv (PySide6 ships it), or None."""
    here = Path(__file__).resolve()
    for folder in here.parents:
        candidate = folder / ".venv" / "bin" / "pyside6-lrelease"
        if candidate.exists():
            return str(candidate)
    return shutil.which("pyside6-lrelease")


@contextmanager
def translated(folder: Path, language: str,
               messages: list[tuple[str, str, str, str | list[str]]]) -> Iterator[QTranslator]:
    """A translator of ``messages`` (built with lrelease) installed for the block."""
    tool = lrelease()
    if tool is None:
        import pytest
        pytest.skip("pyside6-lrelease is not installed")
    ts, qm = folder / f"test_{language}.ts", folder / f"test_{language}.qm"
    ts.write_text(ts_text(language, messages), encoding="utf-8")
    subprocess.run([tool, "-silent", str(ts), "-qm", str(qm)], check=True, timeout=60)
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        yield translator
    finally:
        QCoreApplication.removeTranslator(translator)


@contextmanager
def english_plurals(folder: Path) -> Iterator[QTranslator]:
    """An English translator with the proper plural forms (:data:`PLURALS`) installed."""
    messages: list[tuple[str, str, str, str | list[str]]] = [
        (context, source, comment, [one, other])
        for context, source, comment, one, other in PLURALS]
    with translated(folder, "en", messages) as translator:
        yield translator
