"""Where Clientdesk keeps its files, resolved in one place.

Every folder comes from platformdirs unless ``--data-dir`` / ``CLIENTDESK_DATA_DIR`` points
elsewhere (tests, support sessions, a second store on one PC). Nothing is created at import
time; callers ask for a folder when they are about to write to it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

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

    def ensure(self, folder: Path) -> Path:
        """Create ``folder`` owner-only (it holds customer data) and return it."""
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return folder


def machine_profile(platform: str = sys.platform,
                    environ: Mapping[str, str] = os.environ) -> Path:
    """Where IT puts the store profile for every user of the PC: ``/etc/clientdesk/store.toml``
    (the Linux package installs it there as a conffile), ``%ProgramData%\\Clientdesk\\
    store.toml`` on Windows (the installer's choice)."""
    if platform == "win32":
        base = environ.get("PROGRAMDATA") or environ.get("ALLUSERSPROFILE") or r"C:\ProgramData"
        return Path(PureWindowsPath(base, APP_NAME, "store.toml"))
    return Path("/etc/clientdesk/store.toml")


def find_profile(given: Path | None) -> tuple[Path | None, str]:
    """The profile to use and where it was found, first of: the one given (``--profile`` or
    ``CLIENTDESK_PROFILE``), the machine-wide one, the one baked into this installer."""
    if given is not None:
        return given, "given with --profile or $" + ENV_PROFILE
    machine = machine_profile()
    if machine.is_file():
        return machine, "machine-wide"
    baked = bundled_profile()
    if baked is not None:
        return baked, "baked into this installer"
    return None, ""


def resource_dir() -> Path:
    """``resources/``: inside a frozen bundle, or beside ``app/`` in a checkout."""
    base = getattr(sys, "_MEIPASS", None)
    return Path(base) / "resources" if base else Path(__file__).parents[1] / "resources"


def bundled_profile() -> Path | None:
    """The store profile baked into a per-store installer (PyInstaller bundle), if any."""
    base = getattr(sys, "_MEIPASS", None)
    if base is None:
        return None
    candidates = sorted((Path(base) / "profile").glob("*.toml"))
    return candidates[0] if candidates else None


def manager_tries_file(store_id: str) -> Path:
    """Where wrong manager-PIN guesses are counted for one store, for every process of this OS
    user (:class:`app.manager.ManagerLock`).

    Deliberately NOT in the data folder, and with no option or variable to move it: the data
    folder is whatever ``--data-dir`` says, so ``--data-dir $(mktemp -d)`` gave every scripted
    guess five fresh tries. One fixed per-user place (platformdirs' user state folder) is seen
    by the window and every CLI run alike."""
    folder = platformdirs.user_state_path(APP_NAME, appauthor=False) / "manager"
    return folder / f"{store_id}.json"
