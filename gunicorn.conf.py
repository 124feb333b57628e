"""gunicorn settings shared by `make run` and the Docker image (command-line flags still win)."""
import os
import shutil
import tempfile

worker_class = "gevent"
accesslog = "-"


def on_starting(server):
    """Several workers: each writes its Prometheus figures to one shared folder that /metrics adds up."""
    if server.cfg.workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="vendedor-metrics-")


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess
        multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if os.path.basename(folder).startswith("vendedor-metrics-"):
        shutil.rmtree(folder, ignore_errors=True)
