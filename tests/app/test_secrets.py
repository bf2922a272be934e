"""The secrets gateway: keyring only, per store, and a clear refusal without a usable backend."""

from __future__ import annotations

import keyring.backends.fail
import keyring.errors
import pytest
from keyring.backend import KeyringBackend

from app.errors import CredentialError
from app.secrets import KeyringSecrets, MemorySecrets, needs_secret, service_name
from tests.support.memory_keyring import MemoryKeyring


def test_entries_are_per_store(memory_keyring: MemoryKeyring) -> None:
    KeyringSecrets("store-a").set("loke", "secret-a")
    KeyringSecrets("store-b").set("loke", "secret-b")
    assert KeyringSecrets("store-a").get("loke") == "secret-a"
    assert memory_keyring.entries[(service_name("store-b"), "loke")] == "secret-b"
    assert KeyringSecrets("store-a").delete("loke") is True
    assert KeyringSecrets("store-a").delete("loke") is False
    assert KeyringSecrets("store-a").get("loke") is None


class LowPriority(MemoryKeyring):
    priority = 0.5  # type: ignore[assignment]  # like keyrings.alt's plaintext file backend


@pytest.mark.parametrize("backend", [keyring.backends.fail.Keyring(), LowPriority()])
def test_unusable_backends_are_refused(backend: KeyringBackend) -> None:
    secrets = KeyringSecrets("s", backend=backend)
    with pytest.raises(CredentialError, match="no usable OS keyring") as caught:
        secrets.set("loke", "x" * 8)
    assert "plain files" in caught.value.message


class Locked(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")


def test_backend_errors_become_credential_errors() -> None:
    with pytest.raises(CredentialError, match="refused to read the LOKE secret"):
        KeyringSecrets("s", backend=Locked()).get("loke")


def test_memory_secrets_touch_no_keyring(memory_keyring: MemoryKeyring) -> None:
    secrets = MemorySecrets("training", {"booxi": "k"})
    secrets.set("loke", "v")
    assert secrets.get("booxi") == "k" and secrets.get("loke") == "v"
    assert memory_keyring.entries == {}


def test_qudini_needs_a_secret_only_with_an_api_user() -> None:
    class Table:
        api_user: str | None = None

    assert needs_secret(Table(), "qudini") is False
    Table.api_user = "u"
    assert needs_secret(Table(), "qudini") is True
    assert needs_secret(object(), "loke") is True


def test_a_secret_read_from_any_source_is_masked_in_logs_from_then_on() -> None:
    from app.logs import scrub
    from app.secrets import MemorySecrets

    token = "fresh-secret-" + "x7" * 8
    source = MemorySecrets("store", {"booxi": token})
    assert token in scrub(f"key={token}")  # not known yet
    assert source.get("booxi") == token
    assert token not in scrub(f"key={token}")
