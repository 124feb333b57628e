"""Uploaded product images at /media/<name>.

Local storage: the file itself, cacheable for a year (names are content hashes).
S3: a redirect to a presigned GET URL valid for an hour; the redirect itself is cached for
ten minutes, less than the link lives. The bucket stays private (no public ACL or bucket
policy to get right), the product's `image_url` stays `/media/…` whatever the backend
(switching backend or bucket rewrites no product), and the app never streams image bytes.
"""
from __future__ import annotations

from flask import abort, redirect, send_file

from ..services.storage import LocalStorage, StorageError, content_type, get_media_storage
from . import bp

YEAR = 365 * 24 * 3600
LINK_SECONDS = 3600
REDIRECT_CACHE = 600


@bp.get("/media/<name>")
def media(name: str):
    storage = get_media_storage()
    try:
        storage.check(name)
        if isinstance(storage, LocalStorage):
            path = storage.path(name)
            if not path.is_file():
                abort(404)
            response = send_file(path, mimetype=content_type(name), max_age=YEAR, conditional=True)
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        else:
            if not storage.exists(name):
                abort(404)
            response = redirect(storage.url(name, LINK_SECONDS, download=False), code=302)
            response.headers["Cache-Control"] = f"public, max-age={REDIRECT_CACHE}"
    except StorageError:
        abort(404)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
