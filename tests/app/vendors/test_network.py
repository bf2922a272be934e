"""Store networks: a real forward proxy (tinyproxy) between the app and the sandbox for doctor,
sync and the Qminder websocket; the sandbox over TLS with a throwaway CA, trusted through the
OS store and refused without it; which proxy a URL takes, from the profile or the system."""

from __future__ import annotations

import asyncio
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme

from app.cache.db import Cache
from app.doctor import run_doctor
from app.errors import UntrustedCertificate
from app.profile import StoreProfile, profile_from_dict
from app.sandbox.qminder import QminderServer
from app.sandbox.runner import Sandbox
from app.secrets import MemorySecrets
from app.sync.engine import SyncEngine
from app.vendors import network as network_module
from app.vendors.network import Network
from app.vendors.qminder import QminderClient
from app.vendors.qminder.live import LiveTiming, QminderLive
from app.vendors.registry import make_client
from tests.conftest import ANCHOR

SYSTEM_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")


# -- which route -------------------------------------------------------------------------------
@pytest.fixture
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY",
                 "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_system_proxy_is_used_unless_no_proxy_says_otherwise(
        no_proxy_env: pytest.MonkeyPatch) -> None:
    assert Network().route("https://api.qminder.com").describe() == "direct"
    no_proxy_env.setenv("HTTPS_PROXY", "http://proxy.store.example:3128")
    no_proxy_env.setenv("NO_PROXY", "api.booxi.eu,.internal.example")
    route = Network().route("https://api.qminder.com/v1/lines")
    assert route.proxy == "http://proxy.store.example:3128"
    assert route.describe() == ("via proxy http://proxy.store.example:3128 (from the system "
                                "settings)")
    assert Network().route("wss://api.qminder.com/graphql").proxy == route.proxy
    assert Network().route("https://api.booxi.eu/booking/v1").proxy is None
    assert Network().route("https://crm.internal.example").proxy is None
    assert Network().route("http://127.0.0.1:8080").proxy is None  # loopback: never a system one


def test_the_profile_proxy_wins_for_every_vendor(no_proxy_env: pytest.MonkeyPatch) -> None:
    no_proxy_env.setenv("HTTPS_PROXY", "http://system.example:8080")
    chosen = Network("http://profile.example:3128")
    for url in ("https://api.qminder.com", "http://127.0.0.1:9", "wss://api.qminder.com"):
        assert chosen.route(url).describe() == ("via proxy http://profile.example:3128 "
                                                "(from the store profile)")


@pytest.mark.parametrize("value,message", [
    ("proxy.example:3128", "must be a proxy address"),
    ("http://proxy.example", "must be a proxy address"),
    ("http://user:secret@proxy.example:3128", "must not hold a user name or password"),
    ("http://proxy.example:3128/path", "must be only scheme, host and port"),
    ("http://proxy.example:99999", "port that is not a number"),
    ("socks5://proxy.example:1080", "must be a proxy address"),
])
def test_a_bad_proxy_in_the_profile_is_refused_with_a_reason(value: str, message: str) -> None:
    import tomllib

    from app.errors import ProfileError

    example = Path(__file__).parents[3] / "resources" / "store-profile.example.toml"
    raw: dict[str, Any] = tomllib.loads(example.read_text(encoding="utf-8"))
    raw["network"] = {"proxy": value}
    with pytest.raises(ProfileError, match=message) as caught:
        profile_from_dict(raw, "store.toml")
    assert "secret" not in caught.value.message or "user name" in caught.value.message


# -- a real proxy ----------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def tinyproxy(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """tinyproxy on loopback (Debian's tinyproxy-bin, installed by .ci/run): its URL and log."""
    binary = shutil.which("tinyproxy") or "/usr/bin/tinyproxy"
    assert Path(binary).exists(), "tinyproxy is not installed: run .ci/run (apt tinyproxy-bin)"
    port = free_port()
    log = tmp_path / "tinyproxy.log"
    conf = tmp_path / "tinyproxy.conf"
    conf.write_text(f'Port {port}\nListen 127.0.0.1\nTimeout 60\nLogFile "{log}"\n'
                    "LogLevel Connect\nMaxClients 64\nAllow 127.0.0.1\nDisableViaHeader Yes\n",
                    encoding="utf-8")
    process = subprocess.Popen([binary, "-d", "-c", str(conf)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise AssertionError("tinyproxy did not start") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}", log
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
async def box() -> AsyncIterator[Sandbox]:
    sandbox = Sandbox(120, seed=6, anchor=ANCHOR, store_id="net-test")
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


def proxied_profile(box: Sandbox, proxy: str) -> StoreProfile:
    raw = box.profile_dict()
    raw["network"] = {"proxy": proxy}
    return profile_from_dict(raw, "store.toml")


def seen_ports(log: Path) -> set[int]:
    """The sandbox ports tinyproxy logged a request or CONNECT for."""
    ports: set[int] = set()
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        for port_text in line.replace("/", " ").replace(":", " ").split():
            if port_text.isdigit() and 1024 < int(port_text) < 65536:
                ports.add(int(port_text))
    return ports


async def test_doctor_sync_and_the_live_socket_go_through_a_real_proxy(
        tls_box: Sandbox, ca: tuple[trustme.CA, Path], tinyproxy: tuple[str, Path],
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As at a store: HTTPS (and WSS) to the vendors, tunnelled through the proxy (CONNECT)."""
    monkeypatch.setenv("SSL_CERT_FILE", str(ca[1]))
    box = tls_box
    proxy, log = tinyproxy
    profile = proxied_profile(box, proxy)
    secrets = MemorySecrets("tls-test", box.secrets)

    checks = await run_doctor(profile, secrets)
    assert all(c.ok for c in checks), [(c.name, c.message) for c in checks]
    assert {c.route for c in checks} == {f"via proxy {proxy} (from the store profile)"}
    assert set(box.ports.values()) <= seen_ports(log)  # every vendor's traffic went through it
    assert log.read_text(encoding="utf-8").count("CONNECT") >= len(box.ports)

    cache = Cache.open(tmp_path / "net.sqlite3")
    before = log.stat().st_size
    async with SyncEngine(profile, secrets, cache) as engine:
        assert (await engine.run()).ok
    assert log.stat().st_size > before

    client = make_client("qminder", profile, box.secrets["qminder"])
    assert isinstance(client, QminderClient)
    server = box.servers["qminder"]
    assert isinstance(server, QminderServer)
    states: list[str] = []
    live = QminderLive(client, on_event=lambda _e: None, on_state=states.append,
                       on_resync=lambda: None,
                       timing=LiveTiming(backoff=lambda n: 0.05, jitter=0.0))
    connects_before = log.read_text(encoding="utf-8").count("CONNECT")
    live.start()
    try:
        async with asyncio.timeout(10):
            while live.state != "live":  # noqa: ASYNC110 - the live client's own state
                await asyncio.sleep(0.02)
    finally:
        await live.stop()
        await client.aclose()
    assert log.read_text(encoding="utf-8").count("CONNECT") > connects_before  # a tunnel


async def test_a_proxy_that_is_down_says_unreachable(box: Sandbox) -> None:
    profile = proxied_profile(box, f"http://127.0.0.1:{free_port()}")
    checks = await run_doctor(profile, MemorySecrets("net-test", box.secrets))
    assert checks and not any(c.ok for c in checks)
    assert all(c.reachable is False for c in checks)


# -- TLS against the OS trust store ---------------------------------------------------------
@pytest.fixture
def ca(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[trustme.CA, Path]]:
    authority = trustme.CA()
    bundle = tmp_path / "os-store-with-store-ca.pem"
    system = SYSTEM_BUNDLE.read_bytes() if SYSTEM_BUNDLE.exists() else b""
    bundle.write_bytes(system + authority.cert_pem.bytes())
    network_module.tls_context.cache_clear()  # a context remembers the CAs it has loaded
    yield authority, bundle
    network_module.tls_context.cache_clear()


@pytest.fixture
async def tls_box(ca: tuple[trustme.CA, Path]) -> AsyncIterator[Sandbox]:
    authority, _bundle = ca
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1", "localhost").configure_cert(server)
    sandbox = Sandbox(120, seed=2, anchor=ANCHOR, store_id="tls-test", tls=server)
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


async def test_a_store_ca_in_the_os_trust_store_is_trusted(
        tls_box: Sandbox, ca: tuple[trustme.CA, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    # OpenSSL's system store on Linux is whatever SSL_CERT_FILE names (default: the distro's
    # bundle); truststore reads it there, as it reads the Windows and macOS stores elsewhere.
    monkeypatch.setenv("SSL_CERT_FILE", str(ca[1]))
    profile = profile_from_dict(tls_box.profile_dict(), "store.toml")
    assert all(u.startswith("https://") for u in (tls_box.base_url(v) for v in tls_box.ports))
    checks = await run_doctor(profile, MemorySecrets("tls-test", tls_box.secrets))
    assert all(c.ok for c in checks), [(c.name, c.message) for c in checks]


async def test_without_the_store_ca_the_connection_is_refused_and_says_why(
        tls_box: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(SYSTEM_BUNDLE))
    profile = profile_from_dict(tls_box.profile_dict(), "store.toml")
    client = make_client("booxi", profile, tls_box.secrets["booxi"])
    try:
        with pytest.raises(UntrustedCertificate) as caught:
            await client.check()
    finally:
        await client.aclose()
    assert "does not trust" in caught.value.message
    assert "trust store" in caught.value.hint
    checks = await run_doctor(profile, MemorySecrets("tls-test", tls_box.secrets))
    assert not any(c.ok for c in checks)
