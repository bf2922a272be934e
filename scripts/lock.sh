#!/usr/bin/env bash
# Re-resolve the locked requirements from pyproject.toml: requirements/app.txt (what the app
# runs on) and requirements/dev.txt (that plus tests, lint, types and the freezer).
#
# One universal resolution (Linux, Windows, macOS; Python 3.12 and 3.13) with a hash for every
# file of every pinned release, so the same two files serve a developer, CI, and a Windows or
# Linux packaging build. Needs uv (`python3 -m pip install uv`; it is a tool, not a dependency).
# uv writes no index or download URL into the files; scripts/check_lock.py refuses any that do.
set -euo pipefail
cd "$(dirname "$0")/.."
uv=${UV:-uv}
common=(--universal --python-version 3.12 --generate-hashes --quiet)
"$uv" pip compile pyproject.toml "${common[@]}" -o requirements/app.txt "$@"
"$uv" pip compile pyproject.toml --extra dev "${common[@]}" -o requirements/dev.txt "$@"
echo "lock: requirements/app.txt and requirements/dev.txt written; run .venv/bin/python scripts/check_lock.py"
