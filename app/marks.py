"""Marks for words the window translates but the core defines (no Qt here: app/ never
imports it).

``pyside6-lupdate`` finds ``QT_TRANSLATE_NOOP("Context", "words")`` by its name, wherever it
is defined, and extracts the words under that context; the call itself returns them
unchanged, so the CLI keeps its English. The window shows them through
``QCoreApplication.translate("Context", words)``.
"""

from __future__ import annotations

__all__ = ["QT_TRANSLATE_NOOP"]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """``text``, marked for translation under ``context``."""
    del context
    return text
