#!/usr/bin/env bash
# The packaging part of the test command (scripts/test.sh): build, package and install for real.
#
#   1. packaging/build_store.sh on the example profile: freeze from the locked requirements and
#      smoke-test the bundle with the real keyring (packaging/smoke.sh).
#   2. packaging/build_deb.sh, and its contents checked.
#   3. Under CI (a throwaway machine, as root): dpkg -i the package, run the INSTALLED
#      `clientdesk --version`, doctor against the sandbox and the smoke check, then remove it
#      and check nothing is left under /opt/clientdesk (and purge, nothing under /etc).
#   4. The Windows installer script compiled with makensis around a stand-in payload: it cannot
#      run here, but it must be well-formed.
# Prints the build time, the bundle and package sizes. Skip it all with CLIENTDESK_SKIP_PACKAGING=1.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=resources/store-profile.example.toml
fail() { echo "packaging: $*" >&2; exit 1; }
started=$(date +%s)
bash packaging/build_store.sh "$profile"
build_s=$(( $(date +%s) - started ))
# Start-up beside a bare frozen PySide6 window (README, Benchmarks): a few runs, as a check that
# the benchmark still works; the README's figures come from --runs 10.
.venv/bin/python tests/benchmarks/bench_startup.py --runs 2
bash packaging/build_deb.sh "$profile"
deb=$(ls -t dist/clientdesk-*.deb | head -1)
contents=$(dpkg-deb --contents "$deb")
for path in ./opt/clientdesk/clientdesk ./opt/clientdesk/clientdesk-window ./usr/bin/clientdesk \
    ./etc/clientdesk/store.toml ./usr/share/applications/clientdesk.desktop \
    ./usr/share/icons/hicolor/256x256/apps/clientdesk.png; do
  grep -q " $path" <<<"$contents" || fail "$deb lacks $path"
done
[ "$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)" = /etc/clientdesk/store.toml ] \
  || fail "the profile is not a conffile"
if [ "${CI:-}" = true ] && [ "$(id -u)" -eq 0 ]; then
  dpkg -i "$deb" >/dev/null
  [ "$(command -v clientdesk)" = /usr/bin/clientdesk ] || fail "clientdesk is not on PATH"
  clientdesk --version
  cmp -s "$profile" /etc/clientdesk/store.toml || fail "the profile was not installed"
  bash packaging/smoke.sh /usr/bin/clientdesk
  dpkg -r clientdesk >/dev/null
  [ ! -e /opt/clientdesk ] || fail "removal left $(find /opt/clientdesk | head -5)"
  [ ! -e /usr/bin/clientdesk ] || fail "removal left /usr/bin/clientdesk"
  [ -e /etc/clientdesk/store.toml ] || fail "remove must keep the conffile (purge removes it)"
  dpkg --purge clientdesk >/dev/null
  [ ! -e /etc/clientdesk/store.toml ] || fail "purge left /etc/clientdesk/store.toml"
  echo "packaging: installed, checked and removed $deb"
else
  echo "packaging: install/remove check runs under CI=true as root only (it changes /opt, /etc)"
fi
if command -v makensis >/dev/null; then
  standin=$(mktemp -d)
  mkdir -p "$standin/payload/_internal"
  echo "stand-in" > "$standin/payload/clientdesk.exe"
  echo "stand-in" > "$standin/payload/clientdesk-window.exe"
  echo "stand-in" > "$standin/payload/_internal/base_library.zip"
  version=$(.venv/bin/python -c "from app import __version__; print(__version__)")
  (cd packaging/windows && makensis -V2 -DPAYLOAD="$standin/payload" -DPROFILE="$(realpath "../../$profile")" \
    -DVERSION="$version" -DSTORE=syd-pitt-st -DOUTFILE="$standin/clientdesk-installer.exe" clientdesk.nsi)
  [ -s "$standin/clientdesk-installer.exe" ] || fail "makensis wrote no installer"
  rm -rf "$standin"
  echo "packaging: the NSIS script compiles (stand-in payload)"
elif [ "${CI:-}" = true ]; then
  fail "makensis is missing (apt install nsis)"
fi
echo "packaging: build ${build_s} s, bundle $(du -sm dist/clientdesk | cut -f1) MiB, package $(du -m "$deb" | cut -f1) MiB"
