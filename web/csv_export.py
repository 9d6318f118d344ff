"""CSV files the site serves (the audit trail, the open data): streamed, and safe to open in a spreadsheet."""

import csv
from collections.abc import Iterable, Iterator
from typing import Any

# A cell starting with one of these is run as a formula by spreadsheets (CSV injection): titles and notes
# are typed by users, so such a cell is prefixed with an apostrophe, which spreadsheets show as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    """A file that hands back what is written to it, for csv.writer to feed a streaming response."""

    def write(self, value: str) -> str:
        return value


def csv_rows(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """Each row (the header first) as one line of CSV, its text cells made safe."""
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow([cell(value) for value in row])
