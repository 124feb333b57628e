"""Dashboard in whole pesos with the technical figures folded away; `make run`'s port and login URL."""
import socket
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from tests.admin.admin_helpers import make_sale, staff_client, staff_user  # noqa: F401
from webapp.services import catalog

ROOT = Path(__file__).resolve().parents[2]


def test_dashboard_whole_pesos_and_technical_details(seeded, staff_client):
    product = catalog.get_by_sku("EXT-10")
    product.price = Decimal("15000.60")
    make_sale([("EXT-10", 2)])
    html = staff_client.get("/admin/").get_data(as_text=True)
    today = html.split('id="kpi-sales-1"')[1].split('<div class="kpi"')[0]
    assert "$30.001" in today and "30.001,20" not in today
    details = html.split('<details id="tech-details"')[1].split("</details>")[0]
    assert "<summary>Detalles técnicos</summary>" in details
    for hook in ('id="kpi-latency"', 'id="storage-info"', "Por proveedor", "kpi-p95"):
        assert hook in details and hook not in html.split('<details id="tech-details"')[0]


def test_pick_port_uses_the_asked_port_or_the_next_free_one():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = subprocess.run([sys.executable, str(ROOT / "scripts" / "pick_port.py"), str(port)],
                             capture_output=True, text=True, timeout=30)
        assert run.returncode == 0
        chosen = int(run.stdout.strip())
        assert chosen > port and f"El puerto {port} está ocupado" in run.stderr
    free = subprocess.run([sys.executable, str(ROOT / "scripts" / "pick_port.py"), str(chosen)],
                          capture_output=True, text=True, timeout=30)
    assert int(free.stdout.strip()) == chosen and free.stderr == ""


def test_seed_prints_the_login_url_it_is_given(app, runner):
    result = runner.invoke(args=["seed", "--url", "http://127.0.0.1:8017/"])
    assert result.exit_code == 0 and "Entra en http://127.0.0.1:8017/login" in result.output


def test_make_run_passes_the_chosen_port_to_seed_and_gunicorn():
    dry = subprocess.run(["make", "-n", "run", "PORT=8123", "BIN=.venv/bin"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    script = dry.stdout
    assert "pick_port.py 8123" in script
    assert 'seed --actividad --url "http://127.0.0.1:$port"' in script and "-b 127.0.0.1:$port" in script
