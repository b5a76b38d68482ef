# nbgrader settings of the course's grader server on Kubernetes (copied to /etc/jupyter/grader/
# by hub/k8s/Dockerfile; the hub points only the grader account's server at this folder). The
# course is the grader's clone of the repository, in the grader's own volume:
#   git clone https://github.com/open-museums-lab/open-museums-lab ~/open-museums-lab
import sys
from pathlib import Path

COURSE = Path.home() / "open-museums-lab"
c = get_config()  # noqa: F821
if (COURSE / "grading" / "config.py").is_file():
    sys.path.insert(0, str(COURSE))
    from grading.config import configure

    configure(c, COURSE)  # the course's grading rules, exactly as in the repository
