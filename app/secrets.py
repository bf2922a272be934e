"""The one gateway to secrets: the OS keyring, and nothing else.

Secrets (API keys, passwords, client secrets) live only in the OS keyring, under the service
name ``clientdesk:<store id>`` with the vendor as the user name, so two stores on one PC never
share an entry. There is no plaintext fallback: when no recommended backend exists we raise a
:class:`CredentialError` that says how to fix it. These calls can block (a locked keyring may
prompt), so the GUI runs them through :func:`asyncio.to_thread`, never on its own thread.
Training mode uses :class:`MemorySecrets`, which never touches the keyring.
"""

from __future__ import annotations

import logging
import sys
from typing import Protocol

import keyring
import keyring.backend
import keyring.core
import keyring.errors

from app.errors import CredentialError
from app.logs import register_secret
from app.profile import VENDOR_NAMES

log = logging.getLogger("clientdesk.secrets")

#: What each vendor's single secret is, as the `credentials set` prompt names it.
SECRET_KINDS: dict[str, str] = {
    "qminder": "Qminder REST API key",
    "qudini": "Qudini API user password",
    "booxi": "Booxi partner key",
    "reservations": "reservations staff password",
    "loke": "LOKE OAuth client secret",
}


def service_name(store_id: str) -> str:
    return f"clientdesk:{store_id}"


def _fix_hint() -> str:
    if sys.platform.startswith("linux"):
        return ("start a Secret Service provider (GNOME Keyring or KWallet) in this desktop "
                "session, or install gnome-keyring and log in again")
    if sys.platform == "darwin":
        return "make sure the login keychain is unlocked"
    return "make sure Windows Credential Manager is available for this user"


class SecretSource(Protocol):
    """What the rest of the app needs from a secret store."""

    store_id: str

    def get(self, vendor: str) -> str | None: ...

    def set(self, vendor: str, secret: str) -> None: ...

    def delete(self, vendor: str) -> bool: ...

    def describe(self) -> str: ...


class KeyringSecrets:
    """Secrets of one store in the OS keyring."""

    def __init__(self, store_id: str, backend: keyring.backend.KeyringBackend | None = None):
        self.store_id = store_id
        self.service = service_name(store_id)
        self._backend = backend

    @property
    def backend(self) -> keyring.backend.KeyringBackend:
        backend = self._backend or keyring.get_keyring()
        if not keyring.core.recommended(backend):
            name = type(backend).__module__ + "." + type(backend).__name__
            raise CredentialError(
                f"no usable OS keyring (found {name}, which does not store secrets safely) — "
                f"{_fix_hint()}; Clientdesk never stores secrets in plain files")
        return backend

    def describe(self) -> str:
        backend = self.backend
        return f"{type(backend).__module__}.{type(backend).__name__}"

    def get(self, vendor: str) -> str | None:
        """The secret, registered with the log scrubber before anyone can use (or log) it."""
        try:
            return _registered(self.backend.get_password(self.service, vendor))
        except keyring.errors.KeyringError as exc:
            raise self._error("read", vendor, exc) from None

    def set(self, vendor: str, secret: str) -> None:
        try:
            self.backend.set_password(self.service, vendor, secret)
        except keyring.errors.KeyringError as exc:
            raise self._error("store", vendor, exc) from None

    def delete(self, vendor: str) -> bool:
        try:
            self.backend.delete_password(self.service, vendor)
        except keyring.errors.PasswordDeleteError:
            return False
        except keyring.errors.KeyringError as exc:
            raise self._error("delete", vendor, exc) from None
        return True

    def _error(self, action: str, vendor: str, exc: Exception) -> CredentialError:
        log.warning("keyring %s failed for %s: %s", action, vendor, type(exc).__name__)
        return CredentialError(
            f"the OS keyring refused to {action} the {VENDOR_NAMES.get(vendor, vendor)} secret "
            f"({type(exc).__name__}) — unlock the keyring and try again; {_fix_hint()}")


class MemorySecrets:
    """Training mode and ``sandbox --demo``: secrets held in this process only."""

    def __init__(self, store_id: str, initial: dict[str, str] | None = None) -> None:
        self.store_id = store_id
        self._secrets = dict(initial or {})

    def describe(self) -> str:
        return "in memory (training mode)"

    def get(self, vendor: str) -> str | None:
        return _registered(self._secrets.get(vendor))

    def set(self, vendor: str, secret: str) -> None:
        self._secrets[vendor] = secret

    def delete(self, vendor: str) -> bool:
        return self._secrets.pop(vendor, None) is not None


def _registered(secret: str | None) -> str | None:
    """Every secret read, from any source, is masked in logs from that moment (one place for
    the CLI, the window, sync and doctor alike)."""
    if secret:
        register_secret(secret)
    return secret


def needs_secret(profile_vendor_table: object, vendor: str) -> bool:
    """Qudini needs a secret only when an API user is configured; the others always do."""
    if vendor == "qudini":
        return getattr(profile_vendor_table, "api_user", None) is not None
    return True
