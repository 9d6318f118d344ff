"""Run a scheduled job by hand, the same one beat runs: `manage.py run_jobs hourly`."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from notifications.jobs import JOBS


def _moment(value: str) -> datetime:
    moment = parse_datetime(value)
    if moment is None:
        raise CommandError(f"--now={value!r} is not a date and time (2027-03-01T09:00).")
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class Command(BaseCommand):
    help = "Run the nightly, hourly or weekly jobs now, and print what they did."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("job", choices=sorted(JOBS))
        parser.add_argument("--now", type=_moment, default=None, help="Run as if it were this moment.")

    def handle(self, *args: object, job: str, now: datetime | None, **options: object) -> None:
        report = JOBS[job](now=now or timezone.now())
        self.stdout.write(f"{job}:")
        for what, done in report.items():
            self.stdout.write(f"  {what}: {done}")
