"""Where Clientdesk keeps its files, resolved in one place.

Every folder comes from platformdirs unless ``--data-dir`` / ``CLIENTDESK_DATA_DIR`` points
elsewhere (tests, support sessions, a second store on one PC). Nothing is created at import
time; callers ask for a folder when they are about to write to it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Clientdesk"
ENV_DATA_DIR = "CLIENTDESK_DATA_DIR"
ENV_PROFILE = "CLIENTDESK_PROFILE"


@dataclass(frozen=True)
class AppPaths:
    """The data folder and the folders inside it."""

    data_dir: Path

    @classmethod
    def resolve(cls, data_dir: str | Path | None = None) -> AppPaths:
        chosen = data_dir or os.environ.get(ENV_DATA_DIR)
        if chosen:
            return cls(Path(chosen).expanduser())
        return cls(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "clientdesk.log"

    def manager_lock_file(self, store_id: str) -> Path:
        """Where manager mode counts wrong PIN guesses for one store on this PC
        (:class:`app.manager.ManagerLock`): the window and the CLI must use the same file, so
        a loop of CLI runs cannot reset the wait the window imposed, nor the other way round."""
        return self.data_dir / f"manager-lock-{store_id}.json"

    def ensure(self, folder: Path) -> Path:
        """Create ``folder`` owner-only (it holds customer data) and return it."""
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return folder


def bundled_profile() -> Path | None:
    """The store profile baked into a per-store installer (PyInstaller bundle), if any."""
    base = getattr(sys, "_MEIPASS", None)
    if base is None:
        return None
    candidates = sorted((Path(base) / "profile").glob("*.toml"))
    return candidates[0] if candidates else None
