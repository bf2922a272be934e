#!/usr/bin/env bash
# Build the Clientdesk bundle for one store: bash packaging/build_store.sh STORE_PROFILE.toml
# The profile is validated first, so a broken profile never ships.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:?usage: build_store.sh STORE_PROFILE.toml}
bash scripts/setup.sh
.venv/bin/python -c "import sys; from pathlib import Path; from app.profile import load_profile; \
from app.errors import ProfileError
try: load_profile(Path(sys.argv[1]))
except ProfileError as e: sys.exit(f'build_store: {e.message}')" "$profile"
export CLIENTDESK_STORE_PROFILE=$(realpath "$profile")
.venv/bin/pyinstaller --noconfirm --distpath dist --workpath build packaging/clientdesk.spec

# Smoke gate: the frozen entry point must hand commands to the headless CLI, and the window
# must start, reach every fake vendor in training mode and quit.
dist/clientdesk/clientdesk --version
CLIENTDESK_DATA_DIR=$(mktemp -d) dist/clientdesk/clientdesk doctor --help >/dev/null
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring \
  CLIENTDESK_DATA_DIR=$(mktemp -d) dist/clientdesk/clientdesk --demo --smoke
echo "smoke test passed"
echo "built dist/clientdesk (profile $profile)"
