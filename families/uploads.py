"""Photo uploads: checked by content, size-limited, re-encoded without EXIF/GPS, served only after an access check."""

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
MAX_PIXELS = 40_000_000


def validate_image_upload(upload):
    """Refuse anything that is not a real image of allowed size, whatever its name or declared type."""
    if upload is None or upload is False:
        return
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("This file is too large (%(size)d MB); the limit is %(limit)d MB.")
            % {"size": upload.size // (1024 * 1024), "limit": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("This file is not an image. Upload a photo (JPEG, PNG, WebP or GIF)."))
    finally:
        upload.seek(0)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(_("This image type is not supported. Upload a JPEG, PNG, WebP or GIF."))
    if width * height > MAX_PIXELS:
        raise ValidationError(_("This image is too large in pixels."))


def reencode_image(upload, *, max_side: int = 2048) -> ContentFile:
    """Decode and re-encode as JPEG: drops EXIF (including GPS) and anything hidden after the pixels."""
    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)
        image = image.convert("RGB")
        image.thumbnail((max_side, max_side))
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=85, optimize=True)  # no exif= argument: metadata is not copied
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def private_file_response(field_file):
    """Stream a stored upload. Call only after the access check for the record it belongs to."""
    if not field_file:
        raise Http404("No file")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404("No file")
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"  # lose access, lose the photo: no browser copy
    response["X-Content-Type-Options"] = "nosniff"
    return response
