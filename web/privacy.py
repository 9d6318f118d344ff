"""A user's own data, gathered for them to download (GDPR art. 15 and 20).

It lives here, on the top floor, because it reads every app that keeps something about a person: their
account and membership (accounts), what they were told (notifications), what they did (audit), the
pledges they offered (ledger), the applications they submitted and the scores they gave (projects).
accounts/services.py, on a lower floor, deletes the account.
"""

from typing import Any

from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import User
from audit.models import Event
from ledger.models import Pledge
from notifications.models import Notification, NotificationPreference
from projects.models import Application, ApplicationScore


def _profile(user: User) -> dict[str, Any]:
    token = Token.objects.filter(user=user).first()
    return {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        # When the API token was issued, never the token itself (the file may travel).
        "api_token_created": token.created if token else None,
    }


def _membership(user: User) -> dict[str, Any] | None:
    membership = user.membership_or_none
    if membership is None:
        return None
    return {
        "role": membership.role,
        "status": membership.status,
        "city": membership.city.slug,
        "company": membership.company.legal_name if membership.company_id else None,
        "organisation": membership.organisation.name if membership.organisation_id else None,
        "is_admin": membership.is_admin,
        "job_title": membership.job_title,
        "created_at": membership.created_at,
    }


def _events(user: User) -> list[dict[str, Any]]:
    events = (
        Event.objects.filter(actor=user).select_related("city", "content_type").order_by("occurred_at", "id")
    )
    return [
        {
            "occurred_at": event.occurred_at,
            "city": event.city.slug if event.city_id else None,
            "kind": f"{event.content_type.app_label}.{event.content_type.model}",
            "object_id": event.object_id,
            "object": event.object_repr,
            "project_id": event.project_id,
            "action": event.action,
            "from_status": event.from_status,
            "to_status": event.to_status,
            "changes": event.changes,
            "note": event.note,
        }
        for event in events
    ]


def account_export(*, user: User) -> dict[str, Any]:
    """Everything the platform keeps about the user, as JSON-ready data (dates and Decimals for the
    caller's encoder)."""
    return {
        "exported_at": timezone.now(),
        "profile": _profile(user),
        "membership": _membership(user),
        "notification_preferences": list(
            NotificationPreference.objects.filter(user=user)
            .order_by("kind")
            .values("kind", "in_app", "by_email")
        ),
        "notifications": list(
            Notification.objects.filter(recipient=user)
            .order_by("created_at", "id")
            .values(
                "kind",
                "subject",
                "body",
                "language",
                "in_app",
                "by_email",
                "created_at",
                "read_at",
                "emailed_at",
            )
        ),
        "events": _events(user),
        "pledges_offered": list(
            Pledge.objects.filter(offered_by=user)
            .order_by("offered_at", "id")
            .values(
                "id",
                "company__legal_name",
                "need__project__slug",
                "need__title",
                "quantity",
                "value_eur",
                "status",
                "message",
                "offered_at",
                "decided_at",
                "fulfilled_at",
                "evidence_note",
            )
        ),
        "applications_submitted": list(
            Application.objects.filter(submitted_by=user)
            .order_by("submitted_at", "id")
            .values(
                "id",
                "organisation__name",
                "call__slug",
                "project__slug",
                "status",
                "proposal",
                "budget_eur",
                "submitted_at",
                "decided_at",
            )
        ),
        "application_scores": list(
            ApplicationScore.objects.filter(reviewer=user)
            .order_by("application_id", "criterion_id")
            .values("application_id", "criterion__name", "score", "comment")
        ),
    }
