#!/usr/bin/env bash
# Start the course's demo cohort hub on this machine (http://hub.localhost:8000 by default).
# Everything is set up first (idempotent): see hub/README.md. Stop it with hub/stop.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="${OMLAB_PYTHON:-$here/../.venv/bin/python}"
if [ ! -x "$python" ]; then
  echo "No course environment at $python: run 'make hub' (or 'make env') first." >&2
  exit 1
fi
if [ ! -x "$here/node_modules/.bin/configurable-http-proxy" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi
export PATH="$(dirname "$python"):$PATH"
exec "$python" "$here/cohort_hub.py" start "$@"
