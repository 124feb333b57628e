#!/bin/sh
# Container entry point: apply migrations (waiting for the database to come
# up), then serve with gunicorn + gevent on 0.0.0.0:8001.
set -eu

tries=0
until flask --app wsgi db upgrade; do
    tries=$((tries + 1))
    if [ "$tries" -ge 30 ]; then
        echo "boot.sh: database migration failed after $tries attempts" >&2
        exit 1
    fi
    echo "boot.sh: database not ready, retrying in 2 s ($tries/30)" >&2
    sleep 2
done

# Several workers share rate limits and live staff messages only through Redis:
# without REDIS_URL one worker is started, and asking for more refuses to start
# (gunicorn.conf.py says why).
if [ -n "${REDIS_URL:-}" ]; then default_workers=2; else default_workers=1; fi
exec gunicorn -c gunicorn.conf.py -w "${WEB_CONCURRENCY:-$default_workers}" -b 0.0.0.0:8001 wsgi:app
