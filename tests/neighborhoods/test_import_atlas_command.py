"""`manage.py import_atlas`: progress on stdout, a clean CommandError on a bad file."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from neighborhoods.atlas import MILAN_MANIFEST
from neighborhoods.models import City
from tests.neighborhoods.atlas_files import edit_csv_cell

pytestmark = pytest.mark.django_db

# The Comune di Milano files the fixture is built from; not part of the repository.
SOURCE = Path(os.environ.get("MILAN_SOURCE_DATA", "/work/shared/data/milan"))


def test_the_command_imports_milan_by_default_and_reports_progress() -> None:
    out = StringIO()

    call_command("import_atlas", stdout=out)

    lines = out.getvalue().splitlines()
    assert "Municipi 9/9" in lines
    assert "NIL 44/88" in lines
    assert "need index computed for 88 neighbourhoods" in lines
    assert City.objects.get().slug == "milano"


def test_the_command_turns_a_bad_file_into_a_command_error(milan_copy: Path) -> None:
    edit_csv_cell(milan_copy.parent / "indicators.csv", line=14, column="foreign_residents_pct", value="abc")

    with pytest.raises(CommandError, match=r"indicators.csv, row 14, field 'foreign_residents_pct'"):
        call_command("import_atlas", str(milan_copy), stdout=StringIO())

    assert not City.objects.exists()


@pytest.mark.skipif(not SOURCE.is_dir(), reason="the Comune di Milano source files are not on this machine")
def test_the_build_script_reproduces_the_shipped_fixture(tmp_path: Path) -> None:
    script = Path(__file__).resolve().parents[2] / "scripts" / "build_milan_atlas.py"

    subprocess.run([sys.executable, str(script), str(SOURCE), str(tmp_path)], check=True, capture_output=True)

    for shipped in MILAN_MANIFEST.parent.iterdir():
        assert (tmp_path / shipped.name).read_bytes() == shipped.read_bytes(), shipped.name
