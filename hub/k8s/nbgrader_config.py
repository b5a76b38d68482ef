# nbgrader settings of every server of the course on Kubernetes (copied to /etc/jupyter/ by
# hub/k8s/Dockerfile). The exchange is ngshare, a JupyterHub service: it knows who is asking from
# the hub, so a learner can neither read another's submission nor submit in another's name, even
# though every user pod runs as the same Linux user (jovyan).
from ngshare_exchange import configureExchange

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "open-museums-lab"
configureExchange(c, "http://proxy-public/services/ngshare")
