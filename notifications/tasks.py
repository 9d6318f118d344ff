"""Celery interfaces onto the notification services and the scheduled jobs; each may run twice harmlessly."""

from smtplib import SMTPException

from celery import shared_task
from django.utils import timezone

from notifications import jobs
from notifications.services import notification_email_deliver


@shared_task(
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    max_retries=6,
)
def notifications_email(notification_ids: list[int]) -> int:
    """E-mail these notifications; those already e-mailed are skipped, so a retry sends only the rest."""
    return sum(notification_email_deliver(notification_id=pk) for pk in notification_ids)


@shared_task(acks_late=True)
def jobs_nightly(queue: str | None = None) -> jobs.Report:
    return jobs.nightly(now=timezone.now(), queue=queue)


@shared_task(acks_late=True)
def jobs_hourly() -> jobs.Report:
    return jobs.hourly(now=timezone.now())


@shared_task(acks_late=True)
def jobs_weekly() -> jobs.Report:
    return jobs.weekly(now=timezone.now())
