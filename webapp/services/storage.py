"""Where export files live: the instance folder (`local`) or an S3 bucket (`s3`, also MinIO / SeaweedFS).

Both backends share one interface: save, url (an expiring link), open, read,
delete, list, info and cleanup. File names never come from user input
unchecked: every method validates them against `NAME_PATTERN` first.

Local files are served by `/files/exports/<filename>` only with a signed token
that carries its own expiry (`sign_download` / `check_download`).
"""
from __future__ import annotations

import hmac
import io
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlencode

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from ..links import external_url

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,100}\.(?:csv|zip|xlsx)$")
MEDIA_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,100}\.(?:webp|jpg|png)$")
S3_PREFIX = "exports/"
MEDIA_PREFIX = "media/"
DOWNLOAD_SALT = "vendedor-export-download"
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "zip": "application/zip", "webp": "image/webp",
                 "jpg": "image/jpeg", "png": "image/png",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class StorageError(Exception):
    """The backend could not do what was asked (bad name, missing file, server down)."""

    def __init__(self, message: str, code: str = ""):
        super().__init__(message)
        self.code = code


class LinkError(Exception):
    """A download token that is tampered with, for another file, or expired."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class StoredFile:
    name: str
    size: int
    modified: datetime  # naive UTC, like the models' timestamps


def valid_name(name) -> bool:
    return isinstance(name, str) and bool(NAME_PATTERN.fullmatch(name)) and ".." not in name


def check_name(name) -> str:
    if not valid_name(name):
        raise StorageError("Nombre de archivo no válido.")
    return name


def content_type(name: str) -> str:
    return CONTENT_TYPES.get(name.rsplit(".", 1)[-1], "application/octet-stream")


def _utc(dt: datetime) -> datetime:
    return dt.astimezone(timezone.utc).replace(tzinfo=None) if dt.tzinfo else dt


# --- signed links for the local backend ------------------------------------------------

def _now() -> float:
    return time.time()


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=DOWNLOAD_SALT)


def sign_download(name: str, expires_in: int) -> str:
    """A token naming one file and the second (epoch) after which it stops working."""
    return _serializer().dumps({"f": check_name(name), "e": int(_now()) + int(expires_in)})


def check_download(token: str, name: str) -> None:
    """Raise LinkError unless `token` was signed by us, for `name`, and has not expired."""
    serializer = _serializer()
    try:
        data = serializer.loads(token or "")
    except BadSignature:
        raise LinkError("enlace_invalido", "El enlace de descarga no es válido.") from None
    # base64 has spare bits: two spellings can decode to the same signature. Only the
    # canonical one we issued is accepted, so any altered character is refused.
    if not hmac.compare_digest(serializer.dumps(data).encode(), (token or "").encode("utf-8", "replace")):
        raise LinkError("enlace_invalido", "El enlace de descarga no es válido.")
    if not isinstance(data, dict) or data.get("f") != name or not isinstance(data.get("e"), int):
        raise LinkError("enlace_invalido", "El enlace de descarga no es válido.")
    if data["e"] < _now():
        raise LinkError("enlace_expirado", "El enlace de descarga expiró; genera la exportación de nuevo.")


# --- backends --------------------------------------------------------------------------

class LocalStorage:
    backend = "local"

    def __init__(self, folder: str | os.PathLike, pattern: re.Pattern = NAME_PATTERN):
        self.folder = Path(folder).resolve()
        self.pattern = pattern

    def check(self, name) -> str:
        if not (isinstance(name, str) and self.pattern.fullmatch(name) and ".." not in name):
            raise StorageError("Nombre de archivo no válido.")
        return name

    def path(self, name: str) -> Path:
        """The file's place on disk; the name is checked and must stay inside the folder."""
        path = (self.folder / self.check(name)).resolve()
        if path.parent != self.folder:
            raise StorageError("Nombre de archivo no válido.")
        return path

    def save(self, name: str, data: bytes | BinaryIO) -> StoredFile:
        path = self.path(name)
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                if isinstance(data, (bytes, bytearray)):
                    out.write(data)
                else:
                    shutil.copyfileobj(data, out, 1024 * 1024)
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)  # readers never see half a file
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return self._stat(path)

    def url(self, name: str, expires_in: int) -> str:
        """A signed link, absolute on EXTERNAL_URL (development: the request's host), else a path."""
        token = sign_download(name, expires_in)
        return external_url(f"/files/exports/{name}?{urlencode({'token': token})}")

    def exists(self, name: str) -> bool:
        return self.path(name).is_file()

    def open(self, name: str) -> BinaryIO:
        try:
            return self.path(name).open("rb")
        except FileNotFoundError:
            raise StorageError("El archivo no existe.") from None

    def read(self, name: str) -> bytes:
        with self.open(name) as handle:
            return handle.read()

    def delete(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)

    def list(self) -> list[StoredFile]:
        if not self.folder.is_dir():
            return []
        return sorted((self._stat(p) for p in self.folder.iterdir() if p.is_file() and self.pattern.fullmatch(p.name)),
                      key=lambda f: f.modified, reverse=True)

    def info(self) -> dict:
        files = self.list()
        return {"backend": self.backend, "carpeta": str(self.folder),
                "archivos": len(files), "bytes": sum(f.size for f in files)}

    @staticmethod
    def _stat(path: Path) -> StoredFile:
        stat = path.stat()
        return StoredFile(path.name, stat.st_size,
                          datetime.fromtimestamp(stat.st_mtime, timezone.utc).replace(tzinfo=None))


class S3Storage:
    """AWS S3, MinIO or SeaweedFS through boto3; links are presigned GET URLs."""

    backend = "s3"

    def __init__(self, bucket: str, endpoint_url: str | None = None, access_key: str | None = None,
                 secret_key: str | None = None, region: str = "us-east-1", prefix: str = S3_PREFIX,
                 pattern: re.Pattern = NAME_PATTERN):
        import boto3
        from botocore.config import Config

        if not bucket:
            raise StorageError("Falta S3_BUCKET para el almacenamiento s3.")
        self.bucket = bucket
        self.prefix = prefix
        self.pattern = pattern
        self.client = boto3.client(
            "s3", endpoint_url=endpoint_url or None, aws_access_key_id=access_key or None,
            aws_secret_access_key=secret_key or None, region_name=region or "us-east-1",
            config=Config(signature_version="s3v4", connect_timeout=5, read_timeout=30,
                          retries={"max_attempts": 2},
                          s3={"addressing_style": "path" if endpoint_url else "auto"}))
        self._bucket_ready = False

    def check(self, name) -> str:
        if not (isinstance(name, str) and self.pattern.fullmatch(name) and ".." not in name):
            raise StorageError("Nombre de archivo no válido.")
        return name

    def _key(self, name: str) -> str:
        return self.prefix + self.check(name)

    def _call(self, method: str, **kwargs):
        from botocore.exceptions import BotoCoreError, ClientError
        try:
            return getattr(self.client, method)(**kwargs)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in ("NoSuchKey", "404", "NotFound"):
                raise StorageError("El archivo no existe.", code) from None
            raise StorageError(f"S3 respondió {code or 'un error'}.", code) from exc
        except BotoCoreError as exc:
            raise StorageError(f"No se pudo hablar con S3: {exc}") from exc

    def ensure_bucket(self) -> None:
        """Create the bucket on first use if it is missing (handy for MinIO / SeaweedFS)."""
        if self._bucket_ready:
            return
        try:
            self._call("head_bucket", Bucket=self.bucket)
        except StorageError:
            self._call("create_bucket", Bucket=self.bucket)
        self._bucket_ready = True

    def save(self, name: str, data: bytes | BinaryIO) -> StoredFile:
        key = self._key(name)
        self.ensure_bucket()
        body = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data
        from botocore.exceptions import BotoCoreError, ClientError
        try:
            self.client.upload_fileobj(body, self.bucket, key, ExtraArgs={"ContentType": content_type(name)})
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(f"No se pudo subir a S3: {exc}") from exc
        head = self._call("head_object", Bucket=self.bucket, Key=key)
        return StoredFile(name, int(head["ContentLength"]), _utc(head["LastModified"]))

    def url(self, name: str, expires_in: int, download: bool = True) -> str:
        params = {"Bucket": self.bucket, "Key": self._key(name)}
        if download:
            params["ResponseContentDisposition"] = f'attachment; filename="{name}"'
        return self._call("generate_presigned_url", ClientMethod="get_object", ExpiresIn=int(expires_in),
                          Params=params)

    def exists(self, name: str) -> bool:
        try:
            self._call("head_object", Bucket=self.bucket, Key=self._key(name))
            return True
        except StorageError:
            return False

    def open(self, name: str) -> BinaryIO:
        return self._call("get_object", Bucket=self.bucket, Key=self._key(name))["Body"]

    def read(self, name: str) -> bytes:
        return self.open(name).read()

    def delete(self, name: str) -> None:
        self._call("delete_object", Bucket=self.bucket, Key=self._key(name))

    def list(self) -> list[StoredFile]:
        files = []
        token = None
        while True:
            kwargs = {"Bucket": self.bucket, "Prefix": self.prefix}
            if token:
                kwargs["ContinuationToken"] = token
            try:
                page = self._call("list_objects_v2", **kwargs)
            except StorageError as exc:
                if exc.code == "NoSuchBucket":  # nothing exported yet
                    return []
                raise
            for item in page.get("Contents", []):
                name = item["Key"][len(self.prefix):]
                if self.pattern.fullmatch(name):
                    files.append(StoredFile(name, int(item["Size"]), _utc(item["LastModified"])))
            if not page.get("IsTruncated"):
                break
            token = page.get("NextContinuationToken")
        return sorted(files, key=lambda f: f.modified, reverse=True)

    def info(self) -> dict:
        files = self.list()
        return {"backend": self.backend, "bucket": self.bucket,
                "archivos": len(files), "bytes": sum(f.size for f in files)}


Storage = LocalStorage | S3Storage


def export_folder(app=None) -> Path:
    app = app or current_app
    return Path(app.config.get("EXPORT_DIR") or Path(app.instance_path) / "exports")


def get_storage(app=None) -> Storage:
    """The configured backend, built once per app."""
    app = app or current_app._get_current_object()
    storage = app.extensions.get("vendedor_storage")
    if storage is None:
        config = app.config
        if config.get("STORAGE_BACKEND") == "s3":
            storage = S3Storage(config.get("S3_BUCKET"), config.get("S3_ENDPOINT_URL"),
                                config.get("AWS_ACCESS_KEY_ID"), config.get("AWS_SECRET_ACCESS_KEY"),
                                config.get("AWS_REGION") or "us-east-1")
        else:
            storage = LocalStorage(export_folder(app))
        app.extensions["vendedor_storage"] = storage
    return storage


def get_media_storage(app=None) -> Storage:
    """Where uploaded product images live: `<instance>/media` (MEDIA_DIR) or the bucket's `media/` prefix."""
    app = app or current_app._get_current_object()
    storage = app.extensions.get("vendedor_media_storage")
    if storage is None:
        config = app.config
        if config.get("STORAGE_BACKEND") == "s3":
            storage = S3Storage(config.get("S3_BUCKET"), config.get("S3_ENDPOINT_URL"),
                                config.get("AWS_ACCESS_KEY_ID"), config.get("AWS_SECRET_ACCESS_KEY"),
                                config.get("AWS_REGION") or "us-east-1", prefix=MEDIA_PREFIX, pattern=MEDIA_PATTERN)
        else:
            storage = LocalStorage(Path(config.get("MEDIA_DIR") or Path(app.instance_path) / "media"),
                                   pattern=MEDIA_PATTERN)
        app.extensions["vendedor_media_storage"] = storage
    return storage


def cleanup(storage: Storage, retention_hours: float, now: datetime | None = None) -> list[str]:
    """Delete export files older than `retention_hours`; returns the names removed."""
    cutoff = (now or datetime.now(timezone.utc).replace(tzinfo=None)) - timedelta(hours=retention_hours)
    removed = []
    for stored in storage.list():
        if stored.modified < cutoff:
            storage.delete(stored.name)
            removed.append(stored.name)
    return removed
