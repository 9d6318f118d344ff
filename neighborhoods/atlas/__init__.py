"""Import a city's atlas (districts, neighbourhoods, district shares, indicators) from a manifest folder.

A manifest (docs/atlas-import.md) names the files beside it and the properties and columns to read, so any
city's open data load without code. The import reads and checks every file first (`manifest`, `readers`), then
writes everything in one transaction and recomputes the need index (`writer`): a bad file leaves the database
exactly as it was. Re-importing updates rows in place, keyed by city slug, district code, neighbourhood code
and indicator code.
"""

from __future__ import annotations

from pathlib import Path

from neighborhoods.atlas.errors import AtlasImportError
from neighborhoods.atlas.manifest import MILAN_MANIFEST
from neighborhoods.atlas.readers import load_atlas
from neighborhoods.atlas.writer import Progress, write_atlas
from neighborhoods.models import City

__all__ = ["MILAN_MANIFEST", "AtlasImportError", "Progress", "import_atlas"]


def import_atlas(manifest_path: Path, *, progress: Progress | None = None) -> City:
    """Import (or re-import) the atlas a manifest (or the folder holding manifest.json) describes.

    Raises AtlasImportError, having written nothing, when a file is missing or wrong.
    """
    report = progress or (lambda message: None)
    manifest_path = Path(manifest_path)
    atlas = load_atlas(manifest_path / "manifest.json" if manifest_path.is_dir() else manifest_path)
    report(f"{atlas.city.name}: {atlas.files} files checked")
    return write_atlas(atlas, report)
