"""manage.py seed_demo: load Milan's atlas if missing, then a deterministic demo at any scale.

    manage.py seed_demo                                    # ~60 companies, ~80 projects, ~30 NGOs, seed 42
    manage.py seed_demo --seed 7 --today 2026-11-25        # the same rows on any day
    manage.py seed_demo --companies 100000 --projects 10000 --flush

The same --seed, counts and --today give the same data, field for field (database ids and password hashes
aside). --today (default: today) is the reference date for every relative date: published a month before it,
pledges closing three weeks after it. Without it, two runs on different days shift those dates.

When demo data are already there the command refuses (exit status 1) unless told what to do: --flush deletes
the previous demo's rows first (only those: see demo.seeding), --if-empty leaves them and does nothing.
"""

import argparse
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Membership
from demo.context import DEFAULT_COMPANIES, DEFAULT_NGOS, DEFAULT_PROJECTS, DEFAULT_SEED
from demo.seeding import (
    COMPANY_MEMBER_EMAIL,
    DEMO_PASSWORD,
    NGO_MEMBER_EMAIL,
    OFFICER_EMAIL,
    SeedOptions,
    SeedReport,
    demo_exists,
    demo_flush,
    demo_seed,
)
from neighborhoods.atlas import MILAN_MANIFEST, import_atlas
from neighborhoods.models import City

MILAN_SLUG = "milano"


# Beyond this many pairs the matching job belongs on the workers (`manage.py rescore`), not in the seed.
SCORE_INLINE_PAIRS = 10_000_000


def _count(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, not {value}")
        return value

    return parse


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-25") from None


class Command(BaseCommand):
    help = "Load Milan's atlas if missing, then a deterministic demo: companies, NGOs, projects, pledges."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="Random seed (default %(default)s)."
        )
        parser.add_argument(
            "--companies",
            type=_count(1),
            default=DEFAULT_COMPANIES,
            help="How many companies (default %(default)s).",
        )
        parser.add_argument(
            "--projects",
            type=_count(0),
            default=DEFAULT_PROJECTS,
            help="How many projects (default %(default)s).",
        )
        parser.add_argument(
            "--ngos", type=_count(1), default=DEFAULT_NGOS, help="How many NGOs (default %(default)s)."
        )
        parser.add_argument(
            "--score",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="Score every company against every project once seeded, so recommendations show at once "
            f"(default: up to {SCORE_INLINE_PAIRS:,} pairs; beyond, run `manage.py rescore`).",
        )
        parser.add_argument(
            "--today",
            type=_iso_date,
            default=None,
            help="Reference date for relative dates, YYYY-MM-DD (default: today).",
        )
        existing = parser.add_mutually_exclusive_group()
        existing.add_argument("--flush", action="store_true", help="Delete the previous demo's data first.")
        existing.add_argument(
            "--if-empty", action="store_true", help="Do nothing if demo data are already loaded."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.started = time.monotonic()
        self.quiet = options["verbosity"] == 0
        city = self._city()
        seed_options = SeedOptions(
            today=options["today"] or timezone.localdate(),
            seed=options["seed"],
            companies=options["companies"],
            projects=options["projects"],
            ngos=options["ngos"],
        )
        with transaction.atomic():
            if demo_exists(city=city):
                if options["if_empty"]:
                    self.stdout.write("Demo data are already loaded: nothing to do (--flush replaces them).")
                    return
                if not options["flush"]:
                    raise CommandError(
                        "Demo data are already loaded. "
                        "Run with --flush to replace them, or with --if-empty to keep them."
                    )
                self._progress(f"flushed the previous demo: {demo_flush(city=city):,} rows")
            try:
                report = demo_seed(city=city, options=seed_options, progress=self._progress)
            except ValueError as error:
                raise CommandError(str(error)) from error
        self._analyze()
        self._summary(city, seed_options, report)
        score = options["score"]
        if score is None:
            score = seed_options.companies * max(seed_options.projects, 1) <= SCORE_INLINE_PAIRS
        if score:
            self._score(city)
        elif not self.quiet:
            self.stdout.write("Matches not scored: run `manage.py rescore` (or wait for the nightly job).")

    def _analyze(self) -> None:
        # A bulk load leaves the planner's statistics describing empty tables until autovacuum comes
        # round (if it runs at all): the catalogue's queries then take nested loops over thousands of rows.
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self._progress("planner statistics refreshed (ANALYZE)")

    def _score(self, city: City) -> None:
        """The matching job in this process, as the nightly run would do it on the workers."""
        from matching.models import MatchingRun
        from matching.services import matching_run_inline

        self._progress("scoring every company against every project")
        run = matching_run_inline(
            run=MatchingRun.objects.create(city=city),
            progress=lambda done, total: self._progress(f"matching: chunk {done}/{total}"),
        )
        self._progress(f"matches stored: {run.counts.get('matches', 0):,}")

    def _progress(self, message: str) -> None:
        if not self.quiet:
            self.stdout.write(f"[{time.monotonic() - self.started:7.1f}s] {message}")
            self.stdout.flush()

    def _city(self) -> City:
        city = City.objects.filter(slug=MILAN_SLUG).first()
        if city is None:
            self._progress("importing Milan's atlas")
            city = import_atlas(MILAN_MANIFEST, progress=self._progress)
        return city

    def _summary(self, city: City, options: SeedOptions, report: SeedReport) -> None:
        elapsed = time.monotonic() - self.started
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded the {city} demo in {elapsed:.1f} s "
                f"(seed {options.seed}, today {options.today:%Y-%m-%d}):"
            )
        )
        for label, count in report.counts.items():
            self.stdout.write(f"  {label:<34}{count:>12,}")
        members = {
            membership.user.email: membership
            for membership in Membership.objects.filter(
                user__email__in=[OFFICER_EMAIL, COMPANY_MEMBER_EMAIL, NGO_MEMBER_EMAIL]
            ).select_related("user", "company", "organisation")
        }
        self.stdout.write(f'Demo accounts, all with the password "{DEMO_PASSWORD}":')
        self.stdout.write(f"  {'admin':<28}staff superuser (/admin/)")
        self.stdout.write(f"  {OFFICER_EMAIL:<28}officer of {city}")
        self.stdout.write(f"  {COMPANY_MEMBER_EMAIL:<28}admin of {members[COMPANY_MEMBER_EMAIL].company}")
        self.stdout.write(f"  {NGO_MEMBER_EMAIL:<28}admin of {members[NGO_MEMBER_EMAIL].organisation}")
