"""A pseudo-translation for UI tests: every word that goes through Qt's translation comes back
wrapped in «», and the translator remembers what it was asked for (context, source), so a
test can tell a translated word from one that missed ``tr()`` and check the contexts used."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication


class Pseudo(QTranslator):
    """Wraps every translated word in «», and remembers what was asked (context, source)."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[tuple[str, str]] = set()

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        self.asked.add((context, source))
        return f"«{source}»"

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def pseudo(qapp: QApplication) -> Iterator[Pseudo]:
    translator = Pseudo()
    assert qapp.installTranslator(translator)
    yield translator
    qapp.removeTranslator(translator)
