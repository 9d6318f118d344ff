from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from neighborhoods.atlas import MILAN_MANIFEST, AtlasImportError, import_atlas


class Command(BaseCommand):
    help = "Import (or update) a city's districts, neighbourhoods and indicators from an atlas manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "manifest",
            nargs="?",
            type=Path,
            default=MILAN_MANIFEST,
            help="the atlas's manifest.json (default: Milan's, shipped with the app)",
        )

    def handle(self, *args: Any, manifest: Path, **options: Any) -> None:
        try:
            city = import_atlas(manifest, progress=self.stdout.write)
        except AtlasImportError as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        self.stdout.write(self.style.SUCCESS(f"Imported {city.name} ({city.slug})."))
