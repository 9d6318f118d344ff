"""What the platform does when time runs out: unanswered offers expire, and projects whose pledge deadline
passed are settled (all-or-nothing needs called or released) and become funded or closed.

`deadlines_run` is what the hourly task calls; a second run, or one racing the first, changes nothing.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from ledger.selectors import project_needs_covered
from ledger.services import need_settle, pledges_expire
from projects.models import Need, Project
from projects.services import project_transition


@dataclass
class DeadlineReport:
    expired: int = 0  # offers left unanswered past the city's waiting period
    needs_called: int = 0  # all-or-nothing needs that reached their target by the deadline
    needs_released: int = 0  # all-or-nothing needs that did not
    pledges_released: int = 0
    funded: int = 0
    closed: int = 0


def deadlines_run(*, now: datetime) -> DeadlineReport:
    report = DeadlineReport(expired=pledges_expire(now=now))
    due = (
        Project.objects.open_for_pledges()
        .filter(pledge_deadline__lte=now)
        .order_by("pledge_deadline", "pk")
        .values_list("pk", flat=True)
    )
    for project_id in list(due):
        _project_settle(project_id=project_id, report=report)
    return report


@transaction.atomic
def _project_settle(*, project_id: int, report: DeadlineReport) -> None:
    # Every need of the project is locked first (by id, the house order), so a pledge being offered or
    # accepted on it finishes before, or sees the project settled after.
    needs = list(
        Need.objects.select_for_update(of=("self",))
        .select_related("project__city")
        .filter(project_id=project_id)
        .order_by("pk")
    )
    project = Project.objects.select_related("city").get(pk=project_id)
    if project.status != Project.Status.PUBLISHED:
        return  # another run settled it meanwhile
    for need in needs:
        if not need.all_or_nothing:
            continue
        settlement = need_settle(need=need)
        report.needs_called += settlement.called
        report.needs_released += not settlement.called
        report.pledges_released += settlement.released
    if project_needs_covered(project=project):
        project_transition(
            project=project,
            to_status=Project.Status.FUNDED,
            note=_("The pledge deadline passed with every need covered."),
        )
        report.funded += 1
    else:
        project_transition(
            project=project,
            to_status=Project.Status.CLOSED,
            note=_("The pledge deadline passed before every need was covered."),
        )
        report.closed += 1
