#!/usr/bin/env bash
# Smoke-test a frozen Clientdesk with the REAL OS keyring: bash packaging/smoke.sh CLIENTDESK
#   CLIENTDESK: the console executable (dist/clientdesk/clientdesk, or /usr/bin/clientdesk
#   once the package is installed)
#
# In a private D-Bus session with gnome-keyring's Secret Service (so no real keyring is
# touched): the frozen app's own `sandbox` command starts the five fake vendors on loopback
# and stores their credentials in that keyring; another run of it reads them back
# (`credentials status`), `doctor` passes against the vendors, and the window starts for that
# store (real keyring, real cache, a first sync), paints offscreen and quits (`--smoke`).
# Training mode is checked too. Any failure exits non-zero with what failed.
set -euo pipefail
bin=$(realpath "${1:?usage: smoke.sh CLIENTDESK_EXECUTABLE}")
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  msg="smoke: needs dbus-run-session and gnome-keyring-daemon (apt install dbus gnome-keyring)"
  if [ "${CI:-}" = true ]; then echo "$msg" >&2; exit 1; fi
  echo "$msg — falling back to training mode without a keyring" >&2
  QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring \
    CLIENTDESK_DATA_DIR=$(mktemp -d) "$bin" --demo --smoke
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home" "$tmp/run" && chmod 700 "$tmp/run"
env -u DBUS_SESSION_BUS_ADDRESS -u PYTHON_KEYRING_BACKEND HOME="$tmp/home" \
  XDG_RUNTIME_DIR="$tmp/run" XDG_DATA_HOME="$tmp/home/.local/share" \
  XDG_CONFIG_HOME="$tmp/home/.config" QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} \
  dbus-run-session -- bash "$here/smoke_session.sh" "$bin" "$tmp"
