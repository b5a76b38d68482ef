#!/usr/bin/env bash
# Add the Open Museums Lab course to a server that runs The Littlest JupyterHub (TLJH).
#
#   sudo OMLAB_ADMIN=<hub admin> hub/tljh/setup.sh ROSTER.csv [COURSE_REPOSITORY_URL]
#
# Run it from a clone of the course on the TLJH server, after installing TLJH (hub/tljh/README.md,
# step 1). Safe to run again (after a roster change, say). It:
#  1. installs the course's Python packages in TLJH's user environment, and Native
#     Authenticator in the hub's;
#  2. creates the Linux account omlab-grader and clones the course into its home (private:
#     the source notebooks and the gradebook live there);
#  3. creates nbgrader's exchange /srv/nbgrader/exchange and the nbgrader settings of learners
#     (Assignment List) and of the course service (formgrader, strict collect);
#  4. installs the roster and hub/tljh/jupyterhub_config.d/omlab.py, puts the learners in the
#     gradebook, sets the authenticator, memory limit and idle culling, and reloads the hub;
#  5. gives everyone on the roster (and the admin) an account with a random password of their
#     own (hub/accounts.py), listed in /opt/tljh/config/omlab-accounts.txt for you to hand out.
set -euo pipefail

roster="${1:?usage: sudo hub/tljh/setup.sh ROSTER.csv [COURSE_REPOSITORY_URL]}"
repository="${2:-https://github.com/open-museums-lab/open-museums-lab}"
here="$(cd "$(dirname "$0")" && pwd)"
source_clone="$(cd "$here/../.." && pwd)"
user_env=/opt/tljh/user
hub_env=/opt/tljh/hub
config=/opt/tljh/config
grader=omlab-grader
course="/home/$grader/open-museums-lab"
exchange=/srv/nbgrader/exchange

[ "$(id -u)" -eq 0 ] || { echo "Run as root (sudo)." >&2; exit 1; }
[ -x "$user_env/bin/python" ] || { echo "TLJH is not installed here (no $user_env)." >&2; exit 1; }

echo "1. Packages"
"$user_env/bin/python" -m pip install --quiet -r "$source_clone/requirements.txt"
"$hub_env/bin/python3" -m pip install --quiet "jupyterhub-nativeauthenticator>=1.3"

echo "2. The grader account and its copy of the course"
id "$grader" >/dev/null 2>&1 || useradd --system --create-home --shell /bin/bash --user-group "$grader"
chmod 700 "/home/$grader"
if [ ! -d "$course/.git" ]; then
  runuser -u "$grader" -- git clone --quiet "$repository" "$course"
fi
# labtools (what the labs import) for everyone, from the grader's copy
"$user_env/bin/python" -m pip install --quiet --no-deps "$course"

echo "3. Exchange and nbgrader settings"
install -d -m 1777 "$exchange"
install -d -m 755 "$user_env/etc/jupyter/jupyter_server_config.d" "$config/omlab-grader"
cat > "$user_env/etc/jupyter/nbgrader_config.py" <<EOF
# Open Museums Lab (hub/tljh/setup.sh): every server's side of the course exchange.
c = get_config()
c.Exchange.root = "$exchange"
c.CourseDirectory.course_id = "open-museums-lab"
EOF
cat > "$user_env/etc/jupyter/jupyter_server_config.d/zz-omlab-learners.json" <<'EOF'
{"ServerApp": {"terminado_settings": {"shell_command": ["/bin/bash"]},
 "jpserver_extensions": {"nbgrader.server_extensions.formgrader": false,
  "nbgrader.server_extensions.course_list": false,
  "nbgrader.server_extensions.assignment_list": true,
  "nbgrader.server_extensions.validate_assignment": true}}}
EOF
cat > "$config/omlab-grader/nbgrader_config.py" <<'EOF'
# Open Museums Lab (hub/tljh/setup.sh): the course service collects a submission only when the
# Linux account that owns it is the learner it names.
c = get_config()
c.ExchangeFactory.collect = "grading.roster.StrictCollect"
EOF
cat > "$config/omlab-grader/jupyter_server_config.json" <<'EOF'
{"ServerApp": {"terminado_settings": {"shell_command": ["/bin/bash"]},
 "jpserver_extensions": {"nbgrader.server_extensions.formgrader": true,
  "nbgrader.server_extensions.course_list": false,
  "nbgrader.server_extensions.assignment_list": false,
  "nbgrader.server_extensions.validate_assignment": true}}}
EOF
chmod -R a+rX "$config/omlab-grader"

echo "4. Roster, hub configuration, limits"
install -m 644 "$roster" "$config/omlab-roster.csv"
runuser -u "$grader" -- env PATH="$user_env/bin:/usr/bin:/bin" PYTHONPATH="$course" \
  "$user_env/bin/python" -m grading roster import "$config/omlab-roster.csv" \
  --course "$course" --student-prefix jupyter-
install -d "$config/jupyterhub_config.d"
install -m 644 "$here/jupyterhub_config.d/omlab.py" "$config/jupyterhub_config.d/omlab.py"
tljh-config set auth.type nativeauthenticator.NativeAuthenticator
# Sizing guide (hub/tljh/README.md): a learner needs 0.25-0.45 GiB with a lab running.
tljh-config set limits.memory 1G
tljh-config set limits.cpu 1
tljh-config set services.cull.timeout 3600
tljh-config set services.cull.every 300
tljh-config reload

echo "5. Accounts: a random password each for everyone on the roster (and the admin)"
"$hub_env/bin/python3" "$here/../accounts.py" --db /opt/tljh/state/jupyterhub.sqlite \
  "$config/omlab-roster.csv" --also ${OMLAB_ADMIN:+"$OMLAB_ADMIN"} --out "$config/omlab-accounts.txt"
echo "Done. Passwords to hand out: $config/omlab-accounts.txt (root only)."
echo "Trainers open the formgrader at https://<your hub>/services/open-museums-lab/"
