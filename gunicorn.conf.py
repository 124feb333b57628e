"""gunicorn settings shared by `make run` and the Docker image (command-line flags still win).

- Several workers share rate limits and live staff messages only through Redis:
  without `REDIS_URL`, more than one worker refuses to start.
- The access log never holds query strings (search terms, signed export links) and
  masks cédulas, chat ids and order / quote codes in paths and referrers.
"""
import os
import shutil
import sys
import tempfile

from gunicorn.glogging import Logger

worker_class = "gevent"
accesslog = "-"
# client, request line (masked), status, bytes, milliseconds, referrer (masked), agent, request id
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s" %({x-request-id}o)s'


class MaskedAccessLogger(Logger):
    """gunicorn's logger with the access log's request line, path and referrer masked."""

    def atoms(self, resp, req, environ, request_time):
        from webapp.services.masking import mask_path, mask_url
        atoms = super().atoms(resp, req, environ, request_time)
        path = mask_path(environ.get("PATH_INFO") or getattr(req, "path", "") or "/")
        atoms["U"] = path
        atoms["q"] = ""
        atoms["r"] = f"{environ.get('REQUEST_METHOD', '-')} {path} {environ.get('SERVER_PROTOCOL', '-')}"
        atoms["f"] = mask_url(environ.get("HTTP_REFERER"))
        # request headers may carry tokens (Authorization, Cookie): never available to the format
        for key in [k for k in atoms if k.startswith("{") and k.endswith("}i")]:
            atoms[key] = "-"
        return atoms


logger_class = MaskedAccessLogger


def on_starting(server):
    """Refuse several workers without Redis: limits and live messages would split per worker."""
    workers = server.cfg.workers
    if workers > 1 and not os.environ.get("REDIS_URL"):
        message = (f"Vendedor: {workers} workers need REDIS_URL (shared rate limits and live staff "
                   "messages). Set REDIS_URL=redis://host:6379/0 or run a single worker (-w 1).")
        print(message, file=sys.stderr, flush=True)
        server.log.error(message)
        sys.exit(1)
    # several workers: each writes its Prometheus figures to one shared folder that /metrics adds up
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="vendedor-metrics-")


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess
        multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if os.path.basename(folder).startswith("vendedor-metrics-"):
        shutil.rmtree(folder, ignore_errors=True)
