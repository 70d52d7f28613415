"""Photo uploads: checked by content, size-limited, re-encoded without EXIF/GPS, served only after an access check.

Views re-encode (reencode_image) before the service saves, so only the clean JPEG ever reaches the store:
the local folder or the private bucket (config/storage.py). Serving streams the bytes through the view that
checked access; no storage URL (presigned or not) is ever handed to a browser (docs/operations.md).
"""

import io
import logging
import uuid
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

log = logging.getLogger(__name__)

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
# 25 megapixels: a 12 or 24 MP phone photo passes; a 6300x6300 PNG of a few KB (4-12 s and ~570 MB to
# decode) does not. Checked from the header, before a single pixel is decoded.
MAX_PIXELS = 25_000_000
# Whatever else opens an image (Django's ImageField, a thumbnail) refuses a decompression bomb too.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def _too_many_pixels():
    return ValidationError(
        _("This image is too large in pixels (the limit is %(n)d megapixels). Upload a smaller photo, or the one "
          "your phone's share button sends.") % {"n": MAX_PIXELS // 1_000_000}
    )


def _not_an_image():
    return ValidationError(_("This file is not an image. Upload a photo (JPEG, PNG, WebP or GIF)."))


def _byte_size(upload) -> int:
    """An uploaded file's size; a plain file object (scripts, the bucket move, tests) has no `.size`."""
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
        upload.seek(0)
    return size


def validate_image_upload(upload):
    """Refuse anything that is not a real image of allowed size, whatever its name or declared type.

    Order matters: bytes, then the header's width and height, and only then Pillow's verify().
    """
    if upload is None or upload is False:
        return
    size = _byte_size(upload)
    if size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("This file is too large (%(size)d MB); the limit is %(limit)d MB.")
            % {"size": size // (1024 * 1024), "limit": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:  # reads the header only
                image_format = image.format
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise _too_many_pixels()
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _not_an_image()
    finally:
        upload.seek(0)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(_("This image type is not supported. Upload a JPEG, PNG, WebP or GIF."))


class PhotoField(forms.ImageField):
    """An ImageField that checks the upload (bytes, pixels from the header) before Django's own Pillow pass."""

    default_validators = [validate_image_upload]

    def __init__(self, *args, camera: bool = False, **kwargs):
        # camera=True: a phone or tablet opens its back camera straight away (the moment is now, not in the
        # gallery). Without it the device offers camera and gallery. Either way accept="image/*" (Django's).
        self.camera = camera
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if self.camera:
            attrs["capture"] = "environment"
        return attrs

    def to_python(self, data):
        if data not in self.empty_values:
            validate_image_upload(data)
        return super().to_python(data)


def reencode_image(upload, *, max_side: int = 2048) -> ContentFile:
    """Decode and re-encode as JPEG: drops EXIF (including GPS) and anything hidden after the pixels."""
    validate_image_upload(upload)  # never decode what was not checked, whoever calls
    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)
        image = image.convert("RGB")
        image.thumbnail((max_side, max_side))
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=85, optimize=True)  # no exif= argument: metadata is not copied
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def private_file_response(field_file):
    """Send a stored upload's bytes. Call only after the access check for the record it belongs to.

    The whole photo is read before the response starts (re-encoded photos are small), so a store that fails
    mid-read gives a clear 503 instead of a broken image.
    """
    if not field_file:
        raise Http404("No file")
    try:
        with field_file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise Http404("No file")
    except Exception:  # noqa: BLE001  (the bucket is unreachable or refused us: say so, never a 500)
        log.exception("photo store unavailable for %s", field_file.name)
        response = HttpResponse(_("The photo cannot be shown just now. Try again in a minute."), status=503,
                                content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "30"
        return response
    response = HttpResponse(content, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"  # lose access, lose the photo: no browser copy
    response["X-Content-Type-Options"] = "nosniff"
    return response
