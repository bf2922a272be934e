"""Work around PySide6 6.12.0 dropping references to None and True on Python 3.11.

Measured in this venv (PySide6 6.12.0, CPython 3.11.7) with a few lines of PySide alone:
every call of a PySide function that returns nothing (``QObject.setObjectName``,
``QCoreApplication.processEvents``, …) takes one reference away from ``None``, and every
``Signal.emit()`` takes one away from ``True`` — the bindings return these singletons without
a reference of their own, as if they were immortal. They are immortal from Python 3.12 on; on
3.11 their counts reach zero and the interpreter aborts ("Fatal Python error: none_dealloc" /
"bool_dealloc"). The window crashed after about two thousand searches this way: qasync emits a
signal and processes events for every result that comes back from a worker thread.

:func:`protect_singletons` checks whether the running PySide6 leaks (a few calls, counting
references) and, only then, does what Python 3.12 does: it gives ``None``, ``True`` and
``False`` reference counts so large that no number of leaked references can bring them to
zero. Where the bug is absent (Python 3.12+, a fixed PySide6) it changes nothing. The real fix
is Python 3.12+ for the app, or a PySide6 whose wheel handles 3.11; the lead decides the pins.
"""

from __future__ import annotations

import ctypes
import logging
import sys

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("clientdesk.ui")

#: Added to the singletons' reference counts: 2**60 leaked references are never reached.
CUSHION = 1 << 60
PROBE_CALLS = 64


class _Probe(QObject):
    ping = Signal()


def pyside_leaks_singletons() -> bool:
    """Whether PySide calls take references away from ``None`` or ``True``."""
    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(PROBE_CALLS):
        probe.setObjectName("probe")  # returns nothing
        probe.ping.emit()  # returns True
    lost = max(none_before - sys.getrefcount(None), true_before - sys.getrefcount(True))
    # Other threads touch None meanwhile; a loss of one per call stands out regardless.
    return lost >= PROBE_CALLS // 2


def _cushion(value: object) -> bool:
    """Add :data:`CUSHION` to ``value``'s reference count; False if it cannot be done safely."""
    if sys.implementation.name != "cpython" or hasattr(sys, "gettotalrefcount"):
        return False  # another object layout (PyPy, debug builds): leave it alone
    count = ctypes.c_ssize_t.from_address(id(value))
    seen = sys.getrefcount(value)  # one more than the count: the argument's own reference
    if abs(count.value - (seen - 1)) > 8:
        return False  # the first field is not the reference count we think it is
    if count.value < CUSHION:
        count.value += CUSHION
    return True


def protected() -> bool:
    """Whether the singletons already carry the cushion."""
    return sys.getrefcount(None) > CUSHION


def protect_singletons() -> bool:
    """Apply the workaround if this PySide6 needs it; True when it is (now) in place."""
    if sys.version_info >= (3, 12):
        return False  # None, True and False are immortal
    if protected():
        return True
    if not pyside_leaks_singletons():
        return False
    done = all([_cushion(None), _cushion(True), _cushion(False)])
    if done:
        log.warning("PySide6 drops references to None/True on this Python; they were made "
                    "effectively immortal (see ui/qtfix.py)")
    else:
        log.error("PySide6 drops references to None/True and the workaround could not be "
                  "applied: the window may crash after a few thousand searches")
    return done
