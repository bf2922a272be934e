"""What every command shares: the chosen profile and data folder, loaded only when needed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app import paths
from app.errors import ProfileError
from app.formatting import use_formats
from app.paths import ENV_PROFILE, AppPaths, find_profile
from app.profile import StoreProfile, load_profile
from app.secrets import KeyringSecrets


@dataclass
class CliContext:
    profile_path: Path | None
    paths: AppPaths
    verbose: bool = False
    #: Where the profile came from (:func:`app.paths.find_profile`), for doctor and About.
    profile_source: str = ""
    _profile: StoreProfile | None = field(default=None, repr=False)

    def profile(self) -> StoreProfile:
        if self._profile is None:
            self.profile_path, self.profile_source = find_profile(self.profile_path)
            if self.profile_path is None:
                raise ProfileError(
                    f"no store profile given — pass --profile FILE or set {ENV_PROFILE}, or "
                    f"install one at {paths.machine_profile()} (an example is in "
                    "resources/store-profile.example.toml)")
            self._profile = load_profile(self.profile_path)
            use_formats(self._profile.store.formats())  # every value the CLI prints, as the window
        return self._profile

    def secrets(self) -> KeyringSecrets:
        return KeyringSecrets(self.profile().store.id)
