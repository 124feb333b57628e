"""compose.yaml (the production shape) stays consistent with the code: no container engine
runs here, so what can be checked without one is checked."""
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_two_instances_of_the_one_image_share_postgresql_and_redis():
    services = _compose()["services"]
    apps = [services["app1"], services["app2"]]
    assert apps[0] == apps[1] and apps[0]["build"] == "."  # the repository's Dockerfile, twice
    env = apps[0]["environment"]
    assert env["DATABASE_URL"].startswith("postgresql+psycopg://") and "@db:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"] == "redis://redis:6379/0" and env["TRUSTED_PROXIES"] == "1"
    assert "SECRET_KEY" in env and "METRICS_TOKEN" in env
    assert set(apps[0]["depends_on"]) == {"db", "redis", "migrate"}
    assert services["migrate"]["command"] == ["flask", "--app", "wsgi", "db", "upgrade"]
    assert "migrate" not in services["migrate"]["depends_on"]
    assert {"db", "redis", "proxy"} <= set(services)


def test_every_variable_given_to_the_app_is_one_it_reads():
    env = _compose()["services"]["app1"]["environment"]
    read = set(re.findall(r'(?:env|_float)\("([A-Z_]+)"|environ\[?\.?(?:get\()?"([A-Z_]+)"',
                          (ROOT / "webapp" / "config.py").read_text()))
    read = {name for pair in read for name in pair if name}
    read |= {"WEB_CONCURRENCY", "GUNICORN_CMD_ARGS"}  # boot.sh's workers; gunicorn's own settings
    assert set(env) - read == set()


def test_the_proxy_passes_websockets_to_both_instances():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "server app1:8001" in conf and "server app2:8001" in conf
    websocket = conf[conf.index("location /ws/"):]
    assert "proxy_set_header Upgrade $http_upgrade" in websocket
    assert "proxy_set_header Connection $connection_upgrade" in websocket
    assert "X-Forwarded-For" in websocket and "proxy_read_timeout 1h" in websocket
    assert "location = /metrics" in conf  # metrics are read per instance, never through the proxy
    nginx_idle = int(re.search(r"keepalive_timeout (\d+)s;", conf).group(1))
    gunicorn_idle = int(re.search(r"--keep-alive (\d+)", _compose()["services"]["app1"]["environment"]
                                  ["GUNICORN_CMD_ARGS"]).group(1))
    assert nginx_idle < gunicorn_idle  # nginx never reuses a connection gunicorn already closed
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in _compose()["services"]["proxy"]["volumes"]
