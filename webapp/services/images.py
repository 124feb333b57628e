"""Product images uploaded in the admin: checked, re-encoded and resized with Pillow, stored
through the media storage (local folder or S3) and served at `/media/<name>`.

Only JPEG, PNG and WebP are accepted, up to MAX_BYTES and MAX_PIXELS (a "decompression
bomb" is refused before it is decoded). The picture is turned upright from its EXIF
orientation, then written anew as WebP without any metadata (EXIF, GPS, ICC): nothing
the phone recorded leaves with it, and no bytes of the upload are served as they came.
Two sizes are kept: the product image (at most 1200 px) and a thumbnail for the admin
list (at most 160 px). Names are the content's hash, so a URL never changes meaning and
can be cached for good.
"""
from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from .storage import MEDIA_PATTERN, get_media_storage

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
FULL_SIZE = 1200
THUMB_SIZE = 160
FORMATS = {"JPEG", "PNG", "WEBP"}
URL_PREFIX = "/media/"


class ImageError(ValueError):
    pass


@dataclass
class ProcessedImage:
    full: bytes
    thumb: bytes
    width: int
    height: int


def _webp(picture: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    picture.save(out, format="WEBP", quality=quality, method=4)
    return out.getvalue()


def process(data: bytes) -> ProcessedImage:
    """Check and re-encode an upload; ImageError with a Spanish message when it is not a usable picture."""
    if not data:
        raise ImageError("El archivo de imagen está vacío.")
    if len(data) > MAX_BYTES:
        raise ImageError(f"La imagen supera {MAX_BYTES // (1024 * 1024)} MB; usa una más liviana.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as source:
                if source.format not in FORMATS:
                    raise ImageError("Sube una imagen JPEG, PNG o WebP.")
                if source.width * source.height > MAX_PIXELS:
                    raise ImageError("La imagen tiene demasiados píxeles; usa una de menos de 40 megapíxeles.")
                source.load()
                picture = ImageOps.exif_transpose(source)
    except ImageError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ImageError("El archivo no es una imagen JPEG, PNG o WebP válida.") from None
    except (OSError, ValueError, SyntaxError):
        raise ImageError("No pudimos leer la imagen (¿está dañada?); prueba con otra.") from None
    alpha = picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info)
    picture = picture.convert("RGBA" if alpha else "RGB")
    full = picture.copy()
    full.thumbnail((FULL_SIZE, FULL_SIZE), Image.LANCZOS)
    thumb = picture.copy()
    thumb.thumbnail((THUMB_SIZE, THUMB_SIZE), Image.LANCZOS)
    return ProcessedImage(_webp(full, 82), _webp(thumb, 75), full.width, full.height)


def store_product_image(data: bytes) -> str:
    """Process an upload and store both sizes; returns the product's `image_url` (`/media/p-<hash>.webp`)."""
    image = process(data)
    digest = hashlib.sha256(image.full).hexdigest()[:32]
    name = f"p-{digest}.webp"
    storage = get_media_storage()
    storage.save(name, image.full)
    storage.save(thumb_name(name), image.thumb)
    return URL_PREFIX + name


def thumb_name(name: str) -> str:
    return name[: -len(".webp")] + "-t.webp"


def media_name(image_url: str | None) -> str | None:
    """The stored file behind one of our URLs (None for an external URL or a static file)."""
    if image_url and image_url.startswith(URL_PREFIX):
        name = image_url[len(URL_PREFIX):]
        if MEDIA_PATTERN.fullmatch(name):
            return name
    return None


def thumbnail_url(image_url: str | None) -> str | None:
    """The small version for lists: ours has a stored thumbnail; others are shown scaled down."""
    name = media_name(image_url)
    if name and name.endswith(".webp") and not name.endswith("-t.webp"):
        return URL_PREFIX + thumb_name(name)
    return image_url or None
