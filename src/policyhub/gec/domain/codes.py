"""Certificate and claim codes with a check character (ISO 7064 MOD 11-2, as in GB 11643)."""

from __future__ import annotations

import re
from functools import cache
from operator import mul

from policyhub.errors import InputError

from .rules import Rules

_MOD11_CHARS = "10X98765432"  # GB 11643 / ISO 7064 MOD 11-2: check char indexed by weighted sum mod 11


@cache
def _weights(n: int) -> tuple[int, ...]:
    """Position weights 2^(n-i) mod 11 of an n-digit string (every trade's codes use the same n)."""
    return tuple(pow(2, n - i, 11) for i in range(n))


def mod11_2(digits: str) -> str:
    """The ISO 7064 MOD 11-2 check character of a digit string."""
    total = sum(map(mul, map(int, digits), _weights(len(digits))))
    return _MOD11_CHARS[total % 11]


def certificate_code(serial: int, rules: Rules) -> str:
    """Serial 42 → 'GEC000000000042' + check char."""
    body = f"{serial:0{rules.serial_digits}d}"
    return f"{rules.certificate_prefix}{body}{mod11_2(body)}"


def claim_code(number: int, rules: Rules) -> str:
    """Claim number 7 → 'GECC0000000007' + check char."""
    body = f"{number:0{rules.claim_digits}d}"
    return f"{rules.claim_prefix}{body}{mod11_2(body)}"


# What a registry code looks like, whatever its length, check character or case: a caller's name may not (a claim
# named like claim 18's code would answer for it at /verify and block it from being made).
CODE_SHAPED = re.compile(r"^GECC?[0-9]+X?$", re.IGNORECASE)


def code_shaped(name: str) -> bool:
    """Whether a name could be read as a certificate or claim code (GEC…/GECC… digits, any case)."""
    return CODE_SHAPED.match(name) is not None


def _parse(code: str, prefix: str, digits: int) -> int | None:
    code = code.upper()  # exact: no spaces or newlines trimmed away (a path with them names nothing)
    if not code.startswith(prefix) or len(code) != len(prefix) + digits + 1:
        return None
    body, check = code[len(prefix) : -1], code[-1]
    if not (body.isascii() and body.isdigit()):  # isdigit() alone passes ², ① and full-width digits
        return None
    if mod11_2(body) != check:
        raise InputError(f"{code}: check character does not match", "bad_check_digit")
    return int(body)


def parse_code(code: str, rules: Rules) -> tuple[str, int]:
    """A code → ('certificate', serial) or ('claim', number); InputError when malformed."""
    # The claim prefix is longer and starts with the certificate prefix: try it first.
    number = _parse(code, rules.claim_prefix, rules.claim_digits)
    if number is not None:
        return "claim", number
    serial = _parse(code, rules.certificate_prefix, rules.serial_digits)
    if serial is not None:
        return "certificate", serial
    raise InputError(f"{code!r} 不是绿证或核销编号 is not a certificate or claim code", "invalid_code")
