"""The one error an atlas import raises, and the helper that says where in which file the problem is."""

from __future__ import annotations


class AtlasImportError(ValueError):
    """A problem in an atlas file; the message names the file, the row or feature, and the field."""


def atlas_error(
    file: str,
    problem: str,
    *,
    row: int | None = None,
    feature: int | None = None,
    field: str | None = None,
    line: int | None = None,
    column: int | None = None,
) -> AtlasImportError:
    where = [file]
    where += [f"row {row}"] if row is not None else []
    where += [f"feature {feature}"] if feature is not None else []
    where += [f"line {line}, column {column}"] if line is not None else []
    where += [f"field '{field}'"] if field is not None else []
    return AtlasImportError(f"{', '.join(where)}: {problem}")
