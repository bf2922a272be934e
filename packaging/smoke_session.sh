#!/usr/bin/env bash
# The part of packaging/smoke.sh that runs inside its private D-Bus session.
set -euo pipefail
bin=$1 tmp=$2
printf 'throwaway-smoke-password' | gnome-keyring-daemon --unlock --components=secrets \
  --daemonize >/dev/null
step() { echo "smoke: $*" >&2; }

step "version: $("$bin" --version)"
"$bin" --data-dir "$tmp/sandbox" sandbox --customers 300 --store-id smoke \
  --write-profile "$tmp/smoke.toml" > "$tmp/sandbox.out" 2> "$tmp/sandbox.err" &
sandbox=$!
trap 'kill "$sandbox" 2>/dev/null || true; wait "$sandbox" 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do
  grep -q '^ready:' "$tmp/sandbox.out" 2>/dev/null && break
  kill -0 "$sandbox" 2>/dev/null || { cat "$tmp/sandbox.err" >&2; exit 1; }
  sleep 0.2
done
grep -q '^ready:' "$tmp/sandbox.out" || { step "the sandbox did not start"; exit 1; }
step "keyring round trip: credentials the sandbox stored, read back by another process"
"$bin" --profile "$tmp/smoke.toml" credentials status | tee "$tmp/status.out" >&2
[ "$(grep -c 'stored' "$tmp/status.out")" -ge 4 ] || { step "credentials not found"; exit 1; }
step "doctor against the fake vendors"
"$bin" --profile "$tmp/smoke.toml" --data-dir "$tmp/data" doctor >&2
step "a first sync from the command line: LOKE's pages stored by the writer process"
"$bin" --profile "$tmp/smoke.toml" --data-dir "$tmp/sync" sync --json > "$tmp/sync.json"
grep -q '"vendor": "loke"' "$tmp/sync.json" && ! grep -q '"ok": false' "$tmp/sync.json" \
  || { cat "$tmp/sync.json" >&2; step "the frozen sync failed"; exit 1; }
step "the window with the real keyring: cache opened, first sync, painted offscreen"
"$bin" --profile "$tmp/smoke.toml" --data-dir "$tmp/data" --smoke --screenshot "$tmp/window.png"
[ -s "$tmp/window.png" ] || { step "no screenshot"; exit 1; }
step "training mode"
"$bin" --data-dir "$tmp/training" --demo --smoke
step "training mode in Hungarian at 1366x768: the bundle's .qm and CLDR data loaded, every" \
  "control named, the window on the screen"
printf '{"screens": [{"name": "counter", "x": 0, "y": 0, "width": 1366, "height": 768}]}' \
  > "$tmp/screens.json"
QT_QPA_PLATFORM="offscreen:configfile=$tmp/screens.json" CLIENTDESK_LANGUAGE=hu \
  CLIENTDESK_SMOKE_WALK=1 CLIENTDESK_SMOKE_PROFILE=1 CLIENTDESK_SMOKE_QUEUE=1 \
  "$bin" --data-dir "$tmp/training-hu" --demo --smoke
step "passed"
