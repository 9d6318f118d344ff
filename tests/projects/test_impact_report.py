"""The impact report: what turns a completed project into a reported one, photos checked by content."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from audit.models import Event
from projects.models import ImpactPhoto, ImpactReport, Project
from projects.services import impact_report_submit
from tests.factories import CompanyMemberFactory, OfficerFactory, ProjectFactory, UserFactory
from tests.projects.factories import InitiativeFactory, fake_png_upload, officer_of, png_upload, proposer_of

pytestmark = pytest.mark.django_db


def _submit(project: Project, actor, **overrides) -> ImpactReport:
    arguments = {
        "project": project,
        "actor": actor,
        "people_reached": 120,
        "volunteer_hours": Decimal("340.5"),
        "money_spent_eur": Decimal("18500.00"),
        "summary": "Due cortili riqualificati.",
        "photos": [png_upload("prima.png"), png_upload("dopo.png")],
        **overrides,
    }
    return impact_report_submit(**arguments)


def test_the_officer_reports_a_completed_project_with_photos_and_it_becomes_reported() -> None:
    project = ProjectFactory(status=Project.Status.COMPLETED)
    officer = officer_of(project)

    report = _submit(project, officer)

    project.refresh_from_db()
    assert project.status == Project.Status.REPORTED
    assert (report.people_reached, report.money_spent_eur, report.submitted_by) == (
        120,
        Decimal("18500.00"),
        officer,
    )
    assert sorted(photo.content_type for photo in report.photos.all()) == ["image/png", "image/png"]
    assert [event.action for event in Event.objects.for_project(project.pk).order_by("id")] == [
        Event.Action.CREATED,
        Event.Action.TRANSITION,
    ]


def test_the_proposing_company_reports_its_own_initiative() -> None:
    project = InitiativeFactory(status=Project.Status.COMPLETED, published_at=timezone.now())

    _submit(project, proposer_of(project))

    project.refresh_from_db()
    assert project.status == Project.Status.REPORTED


def test_a_photo_that_is_not_an_image_is_refused_by_its_content_and_nothing_is_saved(settings) -> None:
    project = ProjectFactory(status=Project.Status.COMPLETED)

    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        _submit(project, officer_of(project), photos=[png_upload(), fake_png_upload("finta.png")])

    assert refusal.value.message_dict == {"photos": ["finta.png: Upload a PNG, JPEG or WebP image."]}
    project.refresh_from_db()
    assert project.status == Project.Status.COMPLETED
    assert not ImpactReport.objects.exists() and not ImpactPhoto.objects.exists()
    assert not Event.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(path.is_file() for path in media.rglob("*"))


def test_a_report_needs_at_least_one_photo_and_sensible_numbers() -> None:
    project = ProjectFactory(status=Project.Status.COMPLETED)

    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        _submit(project, officer_of(project), photos=[], money_spent_eur=Decimal("-1"), summary=" ")

    assert set(refusal.value.message_dict) == {"photos", "money_spent_eur", "summary"}


def test_only_a_completed_project_can_be_reported() -> None:
    project = ProjectFactory(status=Project.Status.IN_PROGRESS)

    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        _submit(project, officer_of(project))

    assert refusal.value.messages == ["A project that is in progress cannot become reported."]
    assert not ImpactReport.objects.exists()


def test_an_officer_of_another_city_a_stranger_company_or_an_outsider_may_not_report() -> None:
    project = ProjectFactory(status=Project.Status.COMPLETED)

    for outsider in (OfficerFactory().user, CompanyMemberFactory(city=project.city).user, UserFactory()):
        with translation.override("en"), pytest.raises(ValidationError, match="You may not"):
            _submit(project, outsider)
    assert not ImpactReport.objects.exists()
