#!/usr/bin/env bash
# Set everything up from scratch and open Clientdesk in training mode (fake vendors, no keyring).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/clientdesk --demo "$@"
