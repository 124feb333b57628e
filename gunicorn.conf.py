"""gunicorn settings shared by `make run` and the Docker image (command-line flags still win)."""
worker_class = "gevent"
accesslog = "-"


def post_worker_init(worker):
    """Each worker builds the catalogue search index before it takes requests."""
    from webapp.services.catalog import warm_index
    try:
        with worker.wsgi.app_context():
            warm_index()
    except Exception as exc:  # noqa: BLE001 - a missing table (before migrations) must not stop the worker
        worker.log.warning("search index not warmed: %s", exc)
