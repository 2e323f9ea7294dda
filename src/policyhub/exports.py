"""What the service writes for other programs to open: CSV that a spreadsheet will not run, safe download names.

A spreadsheet reads a cell starting with `=`, `+`, `-` or `@` as a formula (tab and CR can hide one), so every
CSV the service or the CLI writes goes through `csv_text`, which prefixes such a text cell with `'` (OWASP's "CSV
injection" advice). Numbers written as numbers (int, float, Decimal from our own code, never a person's text) are
exempt: `-3` stays the number -3, while the text `-3` or `-1+2` from an upload becomes `'-3`, `'-1+2`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Literal
from urllib.parse import quote

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


def safe_cell(value: object) -> object:
    """A text cell that would start a formula, prefixed with `'`; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if value is not None and not isinstance(value, int | float | Decimal | str):
        return safe_cell(str(value))
    return value


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV text (`\\n` line ends), every cell through `safe_cell`."""
    buf = io.StringIO()
    plain = csv.writer(buf, lineterminator="\n")
    # The writer quotes a field holding the line terminator (\n) but not a lone CR, which a spreadsheet reads as a
    # line break: a row with one is written with every text field quoted.
    quoted = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    for row in rows:
        cells = [safe_cell(cell) for cell in row]
        (quoted if any(isinstance(c, str) and "\r" in c for c in cells) else plain).writerow(cells)
    return buf.getvalue()


def content_disposition(kind: Literal["inline", "attachment"], filename: str) -> str:
    """A Content-Disposition value: an ASCII `filename` always, the exact name as RFC 5987 `filename*` when it differs.

    Nothing of `filename` reaches the header unencoded (a newline or a quote cannot end the header or the value).
    """
    plain = _SAFE_NAME.sub("_", filename) or "download"
    if plain == filename:
        return f'{kind}; filename="{plain}"'
    return f"{kind}; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"
