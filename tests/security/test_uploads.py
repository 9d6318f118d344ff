"""Uploaded documents are judged by what they hold (milanpartner/uploads.py), never by their name or the
content type the browser claims. The services that store receipts, attachments and photos call it; their own
tests (tests/ledger, tests/calls, tests/projects) pin that a fake is refused there."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from milanpartner.uploads import document_content_type


def image_bytes(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#2a6f97").save(buffer, format=kind)
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(
    content: bytes, name: str = "file.pdf", content_type: str = "application/pdf"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal_code(file: SimpleUploadedFile, **kwargs) -> str:
    with pytest.raises(ValidationError) as refused:
        document_content_type(file, **kwargs)
    return refused.value.code


@pytest.mark.parametrize(
    ("kind", "expected"), [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")]
)
def test_a_real_image_is_accepted_as_what_it_is_whatever_its_name(kind: str, expected: str) -> None:
    assert document_content_type(upload(image_bytes(kind), name="ricevuta.pdf")) == expected


def test_a_real_pdf_is_accepted() -> None:
    assert document_content_type(upload(pdf_bytes())) == "application/pdf"


def test_a_pdf_is_refused_where_only_images_are_accepted() -> None:
    assert refusal_code(upload(pdf_bytes(), name="foto.png"), images_only=True) == "unsupported_type"


@pytest.mark.parametrize(
    "content",
    [
        b"<html><script>alert(1)</script></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"MZ\x90\x00 a Windows program",
        b"%PDF-1.7\n but nothing a reader could open",
        image_bytes("GIF"),
    ],
    ids=["html", "svg-with-script", "executable", "pdf-header-only", "gif"],
)
def test_anything_else_is_refused_whatever_it_claims_to_be(content: bytes) -> None:
    assert refusal_code(upload(content, name="documento.pdf")) == "unsupported_type"
    assert refusal_code(upload(content, name="foto.png", content_type="image/png"), images_only=True) == (
        "unsupported_type"
    )


def test_a_truncated_image_is_refused() -> None:
    whole = image_bytes("PNG")

    assert (
        refusal_code(upload(whole[: len(whole) // 2], name="foto.png"), images_only=True)
        == "unsupported_type"
    )


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(settings) -> None:
    settings.MAX_UPLOAD_BYTES = 1024

    assert refusal_code(upload(pdf_bytes() + b"\0" * 2048)) == "too_large"
