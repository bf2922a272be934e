"""The PySide6 reference-count workaround keeps a long session alive (see ui/qtfix.py)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal

from ui import qtfix


class Emitter(QObject):
    ping = Signal()


def test_many_signals_and_void_calls_do_not_abort_the_interpreter() -> None:
    # Without the workaround this aborts ("Fatal Python error: bool_dealloc") on Python 3.11
    # with PySide6 6.12.0: each emit drops a reference to True, each void call one to None.
    emitter = Emitter()
    for _ in range(20_000):  # unprotected, True and None had a few thousand references
        emitter.ping.emit()
        emitter.setObjectName("x")
    assert sys.getrefcount(True) > 0 and sys.getrefcount(None) > 0


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="singletons are immortal on 3.12+")
def test_workaround_is_applied_only_when_pyside_leaks() -> None:
    leaks = qtfix.pyside_leaks_singletons()
    assert qtfix.protect_singletons() is leaks
    assert qtfix.protected() is leaks
    assert qtfix.protect_singletons() is leaks  # idempotent: the cushion is added once
    if leaks:
        assert qtfix.CUSHION < sys.getrefcount(None) < 2 * qtfix.CUSHION
