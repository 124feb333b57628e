"""Entry point for gunicorn (`-k gevent` patches the standard library itself) and `flask --app wsgi`."""
from webapp import create_app

app = create_app()
