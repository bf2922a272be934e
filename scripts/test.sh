#!/usr/bin/env bash
# Set everything up from scratch and run the whole suite: the lock, lint, types, the Qt boundary,
# tests (the benchmarks included, each once at a tiny size: tests/test_benchmarks.py).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
echo "== lock (requirements/*.txt still match pyproject.toml; every installed package as locked)"
.venv/bin/python scripts/check_lock.py
.venv/bin/python -m pip check
echo "== ruff (includes the rule that app/ never imports PySide6)"
.venv/bin/ruff check app ui tests scripts
echo "== mypy (strict)"
.venv/bin/mypy
echo "== translations (the .ts files hold every string of the window; fr and hu complete)"
.venv/bin/python scripts/translations.py check
echo "== pytest"
.venv/bin/pytest "$@"
# The whole suite (no arguments) also builds, smoke-tests, packages and (under CI) installs the
# app: packaging/check.sh. CLIENTDESK_SKIP_PACKAGING=1 leaves it out.
if [ $# -eq 0 ] && [ "${CLIENTDESK_SKIP_PACKAGING:-}" != 1 ]; then
  echo "== packaging"
  bash packaging/check.sh
fi
