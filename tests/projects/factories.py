"""Builders for the projects tests: initiatives, the actors around a project, need dicts and uploads."""

import io
from decimal import Decimal
from typing import Any

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import User
from projects.models import Need, Project
from tests.factories import (
    CompanyFactory,
    CompanyMemberFactory,
    NgoMemberFactory,
    OfficerFactory,
    ProjectFactory,
)


class InitiativeFactory(ProjectFactory):
    """A company's initiative, still a draft unless told otherwise."""

    origin = Project.Origin.COMPANY
    status = Project.Status.DRAFT
    published_at = None
    proposed_by_company = factory.SubFactory(CompanyFactory, city=factory.SelfAttribute("..city"))


def officer_of(project: Project) -> User:
    return OfficerFactory(city=project.city).user


def proposer_of(project: Project) -> User:
    if project.proposed_by_company is not None:
        return CompanyMemberFactory(city=project.city, company=project.proposed_by_company).user
    return NgoMemberFactory(city=project.city, organisation=project.proposed_by_organisation).user


def funding_need(**overrides: Any) -> dict[str, Any]:
    return {"kind": Need.Kind.FUNDING, "title": "Alberi", "target_quantity": Decimal("5000.00"), **overrides}


def volunteering_need(**overrides: Any) -> dict[str, Any]:
    return {
        "kind": Need.Kind.VOLUNTEERING,
        "title": "Giornate di piantumazione",
        "target_quantity": Decimal("80"),
        "unit_value_eur": Decimal("25.00"),
        **overrides,
    }


def png_upload(name: str = "cortile.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def fake_png_upload(name: str = "cortile.png") -> SimpleUploadedFile:
    """Named and typed as an image by the sender, but holding text."""
    return SimpleUploadedFile(name, b"<html>not an image</html>", content_type="image/png")
