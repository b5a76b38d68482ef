#!/usr/bin/env bash
# Stop the demo cohort hub: JupyterHub, its proxy, the formgrader service and every server.
#   hub/stop.sh           stop; accounts, work and grades stay for the next start
#   hub/stop.sh --remove  stop, then delete the hub's state, the demo's Linux accounts (as root)
#                         and the repository's access rule for them
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="${OMLAB_PYTHON:-$here/../.venv/bin/python}"
if [ "${1:-}" = "--remove" ]; then
  exec "$python" "$here/cohort_hub.py" remove
fi
exec "$python" "$here/cohort_hub.py" stop
