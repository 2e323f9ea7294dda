"""Every input's budget in one table: what one request may send, enforced before the work it would cost.

Each constant is documented in docs/security.md (limits table) with where it is enforced and the code a refusal
carries; tests/test_limits.py holds the table and this module to the same figures.
"""

from __future__ import annotations

from policyhub.errors import InputError, TooLarge

KIB = 1024
MIB = 1024 * KIB

# Request bodies (policyhub.web.budget: Content-Length first, then the bytes as they arrive) — 413 too_large.
BODY_BYTES = 1 * MIB
"""Any POST body not named below: JSON calls and page forms (a 30-practice /manage form with evidence ≈ 0.5 MB)."""
COMMANDS_BODY_BYTES = 32 * MIB
"""POST /api/gec/commands: 1,000 ordinary commands are ≈ 0.2 MB; a meter_batch of ≈ 500,000 rows fits."""
REGISTER_FILE_BYTES = 20 * MIB
"""The asset register file itself (CSV or XLSX) on /api/renewal/check and /renewal."""
UPLOAD_BODY_BYTES = REGISTER_FILE_BYTES + 1 * MIB
"""POST /api/renewal/check and /renewal: the register plus the form's other fields and multipart framing."""
CARRIED_BODY_BYTES = 32 * MIB
"""POST /renewal/report.html, /renewal/report.pdf, /renewal/results.csv: the register carried back in base64."""

# JSON bodies (policyhub.web.budget: checked once parsed, before any route sees them).
JSON_DEPTH = 32
"""Nesting of arrays and objects (`{}` is depth 1); every route's real input is under 6 — 413 too_deep."""
JSON_ITEMS = 10_000
"""Elements of any one array or keys of any one object (a digital or manage batch of firms) — 413 too_many_items."""
COMMANDS_JSON_ITEMS = 1_000_000
"""POST /api/gec/commands: rows of a meter_batch / project_batch; the command array itself stops at 1,000."""
JSON_STRING_CHARS = 10_000
"""Characters of any one string, key or value (the longest field of any form is an evidence text) — 413
string_too_long."""

# Spreadsheets and CSV read by the service (policyhub.spreadsheets), before a cell is expanded.
REGISTER_ROWS = 20_000
"""Rows of a register's sheet or CSV, the header included, and `assets` of the JSON form — 413 too_many_rows."""
REGISTER_COLUMNS = 64
"""Columns of a register (it has 11 known ones; other columns are ignored) — 413 too_many_columns."""
REGISTER_CELLS = 500_000
"""Cells of a register: the sheet's declared area and the non-empty cells counted while reading — 413
too_many_cells."""
XLSX_UNZIPPED_BYTES = 64 * MIB
"""An XLSX's parts as declared uncompressed (zipfile never inflates past a declared size) — 413 too_large."""
XLSX_PARTS = 10_000
"""Parts (zip members) of an XLSX: each is opened to see whether it is a worksheet — 413 too_large."""

USE_FILE_BYTES = 20 * MIB
"""A firm's electricity-use file (CSV or XLSX) on /api/greenpower/report and /greenpower (6,000 rows ≈ 0.3 MB)."""
USE_ROWS = 50_001
"""Rows of an electricity-use file, the header included (2,000 sites × 12 months × 2 products), and `use` of the
JSON form — 413 too_many_rows."""
USE_CELLS = 500_000
"""Cells of an electricity-use file (8 known columns): declared and counted while reading — 413 too_many_cells."""
CLAIM_CODES = 5_000
"""Claim codes of one greenpower report (CLI file, API, page): each is looked up in the registry — 413
too_many_items."""

BATCH_ROWS = 10_001
"""Rows of a digital or manage batch CSV (CLI), the header included: an association's members, on its own machine."""
BATCH_COLUMNS = 256
"""Columns of a digital or manage batch CSV (15 questions, their raw fields, 16 scenarios; 30 practices)."""

# CPU: inputs whose cost grows with their length.
BATCH_FIRMS = 1_000
"""Firms of one POST /api/digital/batch or /api/manage/batch: a digital assessment costs ≈ 5 ms, so 1,000 take ≈ 5 s
— 413 too_many_items."""
QUERY_CHARS = 200
"""A search text (library, 首台（套） find, scenarios; API and pages): finding grows with its length — 400
query_too_long."""
SEARCH_RESULTS = 100
"""`limit` of /api/library/search (hits returned, each with a snippet) — 400 invalid_request."""
SPEC_PARAMS = 50
"""Parameters of one 首台（套） check or match: matching tries each against every entry — 413 too_many_items."""
SPEC_TEXT_CHARS = 200
"""Characters of a parameter's name or value in a 首台（套） check or match — 413 string_too_long."""
STATEMENT_MONTHS = 120
"""Months of one account statement (`gec statement`, GET /api/gec/accounts/{id}/statement): ten years, more than
the 5 years records are kept (第三十条) — 400 / exit 2 invalid_period."""
STATEMENT_MOVEMENTS = 10_000
"""Movements of one statement answered over HTTP (≈ 3 MB of JSON); the CLI streams any number as text, JSON or CSV
— 400 too_many_movements."""
STATEMENT_PDF_MOVEMENTS = 2_000
"""Movements of one statement PDF (WeasyPrint lays out every row: ≈ 50 pages) — exit 2 too_many_movements."""


def check_query(text: str) -> str:
    """A search text within QUERY_CHARS, else InputError query_too_long (400)."""
    if len(text) > QUERY_CHARS:
        raise InputError(f"查询过长：最多 {QUERY_CHARS} 个字符 the query is longer than {QUERY_CHARS} characters "
                         f"({len(text):,})", "query_too_long")  # fmt: skip
    return text


def check_spec(params: dict[str, object]) -> dict[str, object]:
    """A 首台（套） spec within SPEC_PARAMS parameters of SPEC_TEXT_CHARS each, else TooLarge."""
    if len(params) > SPEC_PARAMS:
        raise TooLarge(f"指标过多：最多 {SPEC_PARAMS} 项 more than {SPEC_PARAMS} parameters ({len(params):,})",
                       "too_many_items")  # fmt: skip
    for name, value in params.items():
        for text in (name, value):
            if isinstance(text, str) and len(text) > SPEC_TEXT_CHARS:
                raise TooLarge(f"指标名或数值过长：最多 {SPEC_TEXT_CHARS} 个字符 a parameter's name or value is longer "
                               f"than {SPEC_TEXT_CHARS} characters", "string_too_long")  # fmt: skip
    return params
