"""Builders for the calls' tests: a call with its criteria, and uploads that are (or pretend to be) PDFs."""

from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile

from projects.models import Call, EvaluationCriterion
from tests.factories import CallFactory, EvaluationCriterionFactory


def call_with_criteria(
    *weights_and_max: tuple[str, int], status: Call.Status = Call.Status.OPEN, **fields: object
) -> tuple[Call, list[EvaluationCriterion]]:
    """A call with one criterion per (weight, highest score): ("60", 10), ("40", 5) by default."""
    call = CallFactory(status=status, **fields)
    criteria = [
        EvaluationCriterionFactory(call=call, weight=Decimal(weight), max_score=max_score, position=position)
        for position, (weight, max_score) in enumerate(weights_and_max or (("60", 10), ("40", 5)))
    ]
    return call, criteria


def pdf_upload(name: str = "proposta.pdf") -> SimpleUploadedFile:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    content = BytesIO()
    writer.write(content)
    return SimpleUploadedFile(name, content.getvalue(), content_type="application/pdf")


def png_upload(name: str = "cortile.png") -> SimpleUploadedFile:
    from PIL import Image

    content = BytesIO()
    Image.new("RGB", (4, 4), "green").save(content, format="PNG")
    return SimpleUploadedFile(name, content.getvalue(), content_type="image/png")


def fake_pdf_upload(name: str = "proposta.pdf") -> SimpleUploadedFile:
    """A .pdf name and a PDF content type, holding something else."""
    return SimpleUploadedFile(name, b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
