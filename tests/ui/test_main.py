"""The GUI entry point's wiring, in process: cache opened off the GUI thread, real scheduler."""

from __future__ import annotations

from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.cache.db import cache_path
from app.domain.text import fold
from app.paths import AppPaths
from app.profile import profile_from_dict
from app.sandbox.runner import ThreadedSandbox
from app.secrets import MemorySecrets
from tests.ui.conftest import run, until
from ui.main import OpeningCache, build_window, open_services, type_into
from ui.search_model import Column


def test_start_fills_the_cache_in_the_background_and_searches_it(
        qtbot: QtBot, qloop: qasync.QEventLoop, threaded_sandbox: ThreadedSandbox,
        tmp_path: Path) -> None:
    box = threaded_sandbox.sandbox
    profile = profile_from_dict(box.profile_dict())
    secrets = MemorySecrets(profile.store.id, box.secrets)

    async def scenario() -> None:
        # As in ui.main.run: everything happens while the qasync loop runs.
        reader = OpeningCache()
        window = build_window(profile, secrets, training=True, cache=reader)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        await until(window.isActiveWindow)
        panel = window.search_panel
        assert panel is not None
        qtbot.keyClicks(panel.box, "zo")  # typed before the cache is even open: waits for it
        assert panel.searching()
        services = await open_services(window, reader, profile, secrets, AppPaths(tmp_path))
        assert services is not None
        try:
            assert services.cache.path == cache_path(tmp_path, "ui-test")
            report = await window.sync_finished()
            assert report.ok, report
            await panel.search_done()
            panel.clear()
            await type_into(panel, "zoe", delay_s=0.01)
            names = [panel.model.index(r, Column.NAME).data(Qt.ItemDataRole.DisplayRole)
                     for r in range(panel.model.rowCount())]
            assert names and all(fold(str(n)).startswith("zoe") for n in names)
            freshness = window.findChild(QLabel, "syncFreshness")
            assert freshness is not None
            await until(lambda: freshness.text() == "reservations: just now  ·  LOKE: just now")
            qtbot.keyClick(panel.box, Qt.Key.Key_F5)  # sync now
            await until(lambda: window.last_report is not report, within=30)
            await window.checks_done()
        finally:
            await services.aclose()
            window.close()

    run(qloop, scenario(), timeout=60)
