#!/usr/bin/env bash
# Create .venv on Python 3.12 or 3.13 and install Clientdesk with its test tools, exactly as
# locked in requirements/dev.txt (every package pinned and hash-checked). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

# A usable interpreter: runs, is 3.12 or 3.13, and can make a venv with pip. A pyenv shim for a
# version that pyenv has not selected exists on PATH but only prints an error, so every
# candidate is run, not just found.
usable() {
  "$1" -c 'import sys, venv, ensurepip
sys.exit(not ((3, 12) <= sys.version_info[:2] < (3, 14)))' >/dev/null 2>&1
}

find_python() {
  local candidates=()
  [ -n "${PYTHON:-}" ] && { candidates=("$PYTHON"); }
  if [ ${#candidates[@]} -eq 0 ]; then
    candidates=(python3.12 python3.13)
    local root=${PYENV_ROOT:-$HOME/.pyenv}
    for v in 3.12 3.13; do
      # newest patch release of each, straight from pyenv's folder (no shim involved)
      for dir in $(ls -d "$root"/versions/"$v".* 2>/dev/null | sort -V -r); do
        candidates+=("$dir/bin/python$v")
      done
      candidates+=("/usr/bin/python$v" "/usr/local/bin/python$v")
    done
    candidates+=(python3)
  fi
  for candidate in "${candidates[@]}"; do
    if usable "$candidate"; then
      command -v "$candidate" 2>/dev/null || echo "$candidate"
      return 0
    fi
  done
  return 1
}

if [ -x .venv/bin/python ] && ! usable .venv/bin/python; then
  echo "setup: .venv is not on Python 3.12 or 3.13; making it again"
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  if ! PY=$(find_python); then
    if [ -n "${PYTHON:-}" ]; then
      echo "setup: PYTHON=$PYTHON is not a working Python 3.12 or 3.13 with venv and pip" >&2
    else
      echo "setup: Clientdesk needs Python 3.12 or 3.13 with venv and pip, and none was found." >&2
    fi
    cat >&2 <<'HELP'
  Install one, then run this again:
    Debian/Ubuntu:  sudo apt-get install python3.12 python3.12-venv   (or python3.13 …)
    pyenv:          pyenv install 3.12                                 (found without a shim)
    anywhere:       PYTHON=/path/to/python3.12 bash scripts/setup.sh
HELP
    exit 2
  fi
  echo "setup: making .venv with $PY ($("$PY" -c 'import sys; print(sys.version.split()[0])'))"
  "$PY" -m venv .venv
fi

# Reinstall when the lock or the project's metadata changed since the last install.
stamp=.venv/.installed-$(cat pyproject.toml requirements/dev.txt | sha1sum | cut -c1-12)
if [ ! -f "$stamp" ]; then
  # Only what the lock names, each file checked against its hash; then the project itself,
  # built with the locked setuptools (no isolated build that would fetch an unpinned one).
  .venv/bin/python -m pip install --quiet --require-hashes --only-binary=:all: \
    -r requirements/dev.txt
  .venv/bin/python -m pip install --quiet --no-deps --no-build-isolation --no-index -e .
  rm -f .venv/.installed-*
  touch "$stamp"
fi
