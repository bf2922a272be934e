#!/usr/bin/env bash
# Set everything up from scratch and run the whole suite: lint, types, the Qt boundary, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
echo "== ruff (includes the rule that app/ never imports PySide6)"
.venv/bin/ruff check app ui tests
echo "== mypy (strict)"
.venv/bin/mypy
echo "== pytest"
.venv/bin/pytest "$@"
