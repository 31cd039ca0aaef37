# Shared by scripts/serve and scripts/test: make .venv with the given
# requirements file installed, reinstalling only when the file changed.
# Needs nothing but Python 3.11+ (and, on Debian/Ubuntu without python3-venv,
# a system pip).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
REQUIREMENTS=$1

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "error: Python 3.11 or newer is needed ($PYTHON is $("$PYTHON" --version 2>&1))." >&2
  echo "       Set PYTHON=/path/to/python3.11 to choose another." >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  echo "== Creating the virtual environment in .venv"
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    # Debian and Ubuntu ship venv without ensurepip unless python3-venv is
    # installed; a venv without pip, filled by the system's pip, does as well.
    rm -rf .venv
    "$PYTHON" -m venv --without-pip .venv
    if ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
      rm -rf .venv
      echo "error: this Python has neither venv's pip nor pip." >&2
      echo "       On Debian/Ubuntu: sudo apt install python3-venv" >&2
      exit 1
    fi
    "$PYTHON" -m pip --python .venv/bin/python install --quiet pip
  fi
fi

stamp=.venv/.installed-$(basename "$REQUIREMENTS")
if [ ! -f "$stamp" ] || [ "$REQUIREMENTS" -nt "$stamp" ] || [ requirements.txt -nt "$stamp" ]; then
  echo "== Installing $REQUIREMENTS"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
  touch "$stamp"
fi
