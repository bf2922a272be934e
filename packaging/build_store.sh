#!/usr/bin/env bash
# Build the Clientdesk bundle for one store: bash packaging/build_store.sh STORE_PROFILE.toml
#   → dist/clientdesk/ (clientdesk, clientdesk-window, _internal/), then smoke-tested
# The profile is validated first, so a broken one never ships. Everything installed comes from
# the locked requirements (scripts/setup.sh). The bundle holds the profile, never a secret.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:?usage: build_store.sh STORE_PROFILE.toml}
[ -f "$profile" ] || { echo "build_store: $profile is not a file" >&2; exit 2; }
bash scripts/setup.sh
.venv/bin/python -c "import sys; from pathlib import Path; from app.profile import load_profile; \
from app.errors import ProfileError
try: load_profile(Path(sys.argv[1]))
except ProfileError as e: sys.exit(f'build_store: {e.message}')" "$profile" || exit 2
export CLIENTDESK_STORE_PROFILE=$(realpath "$profile")
started=$(date +%s)
.venv/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build \
  packaging/clientdesk.spec
echo "build_store: froze in $(( $(date +%s) - started )) s; bundle $(du -sh dist/clientdesk | cut -f1)"
# Smoke gate, with the real OS keyring in a private session: start, keyring round trip,
# doctor, the window on a real cache painted offscreen, training mode, quit.
bash packaging/smoke.sh dist/clientdesk/clientdesk
echo "built dist/clientdesk (profile $profile)"
