"""Uploaded documents (application attachments, pledge receipts, impact photos) are checked by their content.

A file's name and the browser's content type are whatever the sender says; what it holds is read here: a
PDF must parse as one with at least one page, an image must decode as PNG, JPEG or WebP. Nothing else is
stored.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = "application/pdf"
IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
DOCUMENT_TYPES = (PDF, *IMAGE_TYPES.values())


def _image_type(upload: UploadedFile) -> str | None:
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = image.format
            image.verify()  # reads the whole stream: a truncated or corrupt file fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    finally:
        upload.seek(0)
    return IMAGE_TYPES.get(kind or "")


def _is_pdf(upload: UploadedFile) -> bool:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    upload.seek(0)
    if upload.read(5) != b"%PDF-":
        upload.seek(0)
        return False
    upload.seek(0)
    try:
        return len(PdfReader(upload, strict=False).pages) > 0
    except (PyPdfError, OSError, ValueError, KeyError, TypeError):
        return False
    finally:
        upload.seek(0)


def document_content_type(upload: UploadedFile, *, images_only: bool = False) -> str:
    """The content type the file really has, or a ValidationError saying what is accepted."""
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    image_type = _image_type(upload)
    if image_type:
        return image_type
    if not images_only and _is_pdf(upload):
        return PDF
    message = (
        _("Upload a PNG, JPEG or WebP image.")
        if images_only
        else _("Upload a PDF or a PNG, JPEG or WebP image.")
    )
    raise ValidationError(message, code="unsupported_type")
