"""What the CLI, the API and the page call: the use file and the claims in, the report (plain dicts) out."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from policyhub import limits
from policyhub.errors import InputError, TooLarge
from policyhub.gec import claim_reads
from policyhub.gec.queries import Queries
from policyhub.greenpower import factors
from policyhub.greenpower.accounts import report
from policyhub.greenpower.answers import GreenReport
from policyhub.greenpower.claims import from_record
from policyhub.greenpower.quotas import ask
from policyhub.greenpower.usefile import UseRow

_CODE = re.compile(r"^[A-Za-z0-9_.:\-]{1,64}$")  # the command language's name shape: a claim's code or nothing
# The registry's claim records (gec.claim_reads) as this system reads them: by key, passed on unchanged.
ClaimRecords = Sequence[Mapping[str, object]]


def year_of(text: Any) -> int | None:
    """--year YYYY (2000–2100), or None for the use file's latest year."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    raw = str(text).strip()
    if not re.fullmatch(r"\d{4}", raw) or not 2000 <= int(raw) <= 2100:
        raise InputError(f"--year {raw!r} 应为年份 must be a year YYYY (2000–2100)", "bad_year")
    return int(raw)


def read_codes(text: str | Sequence[str]) -> list[str]:
    """Claim codes, one a line (or a list; commas and spaces also separate; # starts a comment), each in the
    registry's name shape, at most CLAIM_CODES of them."""
    if isinstance(text, str):
        lines = [line.split("#", 1)[0] for line in text.splitlines()]
        items = [code for line in lines for code in re.split(r"[\s,，]+", line) if code]
    else:
        if not all(isinstance(c, str) for c in text):
            raise InputError('"claims" 应为声明编码的数组 must be an array of claim codes', "bad_claims")
        items = [c.strip() for c in text if c.strip()]
    if len(items) > limits.CLAIM_CODES:
        raise TooLarge(f"声明编码过多：最多 {limits.CLAIM_CODES:,} 个 more than {limits.CLAIM_CODES:,} claim codes "
                       f"({len(items):,})", "too_many_items")  # fmt: skip
    bad = [c for c in items if not _CODE.match(c)]
    if bad:
        raise InputError(f"不是声明编码 not claim codes: {', '.join(repr(c[:70]) for c in bad[:5])}", "bad_claims")
    if not items:
        raise InputError("没有声明编码 no claim codes given (one a line, e.g. GECC0000000001)", "bad_claims")
    return list(dict.fromkeys(code.upper() for code in items))


def claims_by_codes(registry: Queries, codes: Sequence[str]) -> ClaimRecords:
    """The claims with these codes (public verification data); a code naming no claim is bad input, all named."""
    found = claim_reads.claims_by_codes(registry, codes)
    missing = sorted(set(codes) - {c["code"] for c in found})
    if missing:
        more = f" … (+{len(missing) - 10})" if len(missing) > 10 else ""
        raise InputError(f"声明不存在 no claim with code {', '.join(missing[:10])}{more}", "unknown_claim")
    return [dict(r) for r in found]  # the registry's typed records, as this module's plain ones


def claims_of_account(registry: Queries, account: str, rows: Sequence[UseRow]) -> ClaimRecords:
    """The account's claims whose period meets the use file's months (its older and later claims are no part of
    these accounts); NotFound for an unknown account."""
    registry.account(account)  # 404 unknown_account
    first, last = min(r.month for r in rows), max(r.month for r in rows)
    records = claim_reads.claims_of_account(registry, account)
    return [dict(r) for r in records if _meets(str(r["period"]), first, last)]


def _meets(period: str, first: str, last: str) -> bool:
    claim = from_record({"code": "", "period": period, "quantity": 0})
    return claim.first <= last and claim.last >= first


def build(
    rows: Sequence[UseRow],
    records: ClaimRecords,
    *,
    year: Any = None,
    sector: str | None = None,
    target: Any = None,
    kwh_per_certificate: int = 1000,
    source: dict[str, str] | None = None,
) -> GreenReport:
    """The report of the use rows and the claim records (gec.claim_reads), with where the claims came from."""
    quota = ask(sector, target)
    result = report(rows, [from_record(r) for r in records], factors.load(), year_of(year), kwh_per_certificate, quota)
    return {**result, "source": source or {}}
