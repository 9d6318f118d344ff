"""Celery interfaces onto the matching services. Each takes ids, calls one service and may run twice.

`matching_run` prepares a run and fans its chunks out as a chord whose callback finalizes it; every task
accepts the queue to send its followers to, so a run can be routed to dedicated workers.
"""

from celery import chord, shared_task

from companies.models import Company
from matching import services
from matching.models import MatchingRun
from projects.models import Project


def _failing(run_id: int, error: BaseException) -> None:
    run = MatchingRun.objects.filter(pk=run_id).first()
    if run is not None:
        services.matching_run_fail(run=run, error=repr(error))


@shared_task(acks_late=True)
def matching_run(run_id: int, queue: str | None = None) -> None:
    run = MatchingRun.objects.select_related("city").get(pk=run_id)
    try:
        run = services.matching_run_prepare(run=run)
    except Exception as error:
        _failing(run_id, error)
        raise
    options = {"queue": queue} if queue else {}
    header = [matching_chunk.si(run.pk, chunk).set(**options) for chunk in range(run.chunks_total)]
    finalize = matching_finalize.si(run.pk).set(**options)
    if header:
        chord(header)(finalize)
    else:
        finalize.apply_async()


@shared_task(acks_late=True)
def matching_chunk(run_id: int, chunk: int) -> int:
    run = MatchingRun.objects.select_related("city").get(pk=run_id)
    try:
        return services.matching_chunk_score(run=run, chunk=chunk).companies
    except Exception as error:
        _failing(run_id, error)
        raise


@shared_task(acks_late=True)
def matching_finalize(run_id: int) -> int:
    run = MatchingRun.objects.select_related("city").get(pk=run_id)
    try:
        return services.matching_run_finalize(run=run).counts.get("matches", 0)
    except Exception as error:
        _failing(run_id, error)
        raise


@shared_task(acks_late=True)
def match_refresh_company(company_id: int) -> int:
    company = Company.objects.select_related("city").filter(pk=company_id).first()
    return services.match_refresh_company(company=company) if company else 0


@shared_task(acks_late=True)
def match_refresh_project(project_id: int) -> int:
    project = Project.objects.select_related("city").filter(pk=project_id).first()
    return services.match_refresh_project(project=project) if project else 0
