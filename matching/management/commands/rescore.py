"""Re-score a city now: the nightly job, in this process or through the Celery workers."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from matching.models import MatchingRun
from matching.services import CHUNK_SIZE, K, matching_run_inline, matching_run_start
from neighborhoods.models import City


class Command(BaseCommand):
    help = "Re-score every company against every project of a city and store the top matches both ways."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--city", default="milano", help="The city's slug.")
        parser.add_argument("--chunk-size", type=int, default=CHUNK_SIZE, help="Companies per chunk.")
        parser.add_argument("--k", type=int, default=K, help="Matches kept each way.")
        parser.add_argument(
            "--celery", action="store_true", help="Enqueue the job for the workers and follow its progress."
        )
        parser.add_argument("--queue", default=None, help="With --celery: the queue to send the job to.")

    def handle(self, *args: Any, **options: Any) -> None:
        city = City.objects.filter(slug=options["city"]).first()
        if city is None:
            raise CommandError(f"No city with the slug {options['city']!r}.")
        if options["chunk_size"] < 1 or options["k"] < 1:
            raise CommandError("--chunk-size and --k must be positive.")
        if options["celery"]:
            run = matching_run_start(
                city=city, chunk_size=options["chunk_size"], k=options["k"], queue=options["queue"]
            )
            run = self._follow(run)
        else:
            run = MatchingRun.objects.create(city=city, chunk_size=options["chunk_size"], k=options["k"])
            run = matching_run_inline(
                run=run, progress=lambda done, total: self.stdout.write(f"chunk {done}/{total} scored")
            )
        self._report(run)
        if run.status != MatchingRun.Status.DONE:
            raise CommandError(f"The run failed: {run.error}")

    def _follow(self, run: MatchingRun) -> MatchingRun:
        seen = None
        while run.status not in (MatchingRun.Status.DONE, MatchingRun.Status.FAILED):
            time.sleep(1)
            run.refresh_from_db()
            state = (run.stage, run.chunks_done, run.chunks_total)
            if state != seen:
                self.stdout.write(f"{run.get_stage_display()}: {run.chunks_done}/{run.chunks_total} chunks")
                seen = state
        return run

    def _report(self, run: MatchingRun) -> None:
        self.stdout.write(f"run {run.pk}: {run.get_status_display()}; counts {run.counts}")
        for stage, timings in run.timings.items():
            self.stdout.write(f"  {stage}: {timings}")
