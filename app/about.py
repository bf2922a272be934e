"""What this install is, in one list: for the window's About box and ``clientdesk doctor``.

IT and support ask the same questions every time — which version, which store, which profile
file and why that one, where the data is, which keyring, which vendor addresses — so the
answers are made once, here, as plain (label, value) pairs; each surface only lays them out.
Nothing secret is in them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app import __version__
from app.profile import VENDOR_NAMES, StoreProfile
from app.vendors.network import Network
from app.vendors.registry import base_url


@dataclass(frozen=True)
class Install:
    """The facts that are not in the profile itself."""

    profile_path: Path | None
    profile_source: str  # app.paths.find_profile's word for it; "" in training mode
    data_dir: Path
    keyring: str  # the secret source's own description
    training: bool = False


def facts(profile: StoreProfile, install: Install) -> list[tuple[str, str]]:
    """``(label, value)`` rows, in the order people read them."""
    if install.training:
        where = "built into Clientdesk (training mode: fake customers and vendors)"
    elif install.profile_path is None:
        where = "(none)"
    else:
        where = f"{install.profile_path} ({install.profile_source})"
    rows = [
        ("Version", __version__),
        ("Store", f"{profile.store.name} ({profile.store.id})"),
        ("Profile", where),
        ("Data folder", str(install.data_dir)),
        ("Keyring", install.keyring),
    ]
    network = Network.of(profile.network)
    for vendor in profile.vendors():
        url = base_url(profile, vendor)
        rows.append((VENDOR_NAMES[vendor], f"{url} — {network.route(url).describe()}"))
    return rows
