import threading

import pytest
from werkzeug.serving import make_server


@pytest.fixture
def server(seeded):
    """The seeded app behind a real threaded server (websockets need one)."""
    http = make_server("127.0.0.1", 0, seeded, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{http.server_port}"
    http.shutdown()
    thread.join(5)
    http.server_close()
