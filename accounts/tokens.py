"""One API token per user, for integrations (a company's ERP, an open-data portal): issued, rotated and
revoked by its owner only, from the account page or the API. Each move is recorded in the history; the
key itself never is."""

from django.db import transaction
from rest_framework.authtoken.models import Token

from accounts.models import User
from audit.models import EventAction
from audit.services import event_record


def token_of(*, user: User) -> Token | None:
    return Token.objects.filter(user=user).first()


def _lock(user: User) -> None:
    # Two rotations at once would both delete and both create: the second waits here instead.
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk").first()


def _record(user: User, before: str, after: str) -> None:
    event_record(subject=user, action=EventAction.CHANGED, actor=user, changes={"api_token": [before, after]})


@transaction.atomic
def token_issue(*, user: User) -> Token:
    """The user's token, created if they have none (what DRF's obtain_auth_token answers)."""
    _lock(user)
    token, created = Token.objects.get_or_create(user=user)
    if created:
        _record(user, "none", "issued")
    return token


@transaction.atomic
def token_rotate(*, user: User) -> Token:
    """A new key: the old one stops working at once."""
    _lock(user)
    revoked = Token.objects.filter(user=user).delete()[0] > 0
    token = Token.objects.create(user=user)
    _record(user, "issued" if revoked else "none", "rotated" if revoked else "issued")
    return token


@transaction.atomic
def token_revoke(*, user: User) -> bool:
    """Delete the user's token; False if they had none."""
    revoked = Token.objects.filter(user=user).delete()[0] > 0
    if revoked:
        _record(user, "issued", "none")
    return revoked
