"""Check digits of real-name identity documents (第十一条): GB 32100 and GB 11643."""

from __future__ import annotations

import re
from datetime import date

# GB 32100-2015 统一社会信用代码: 31-character alphabet without I, O, Z, S, V; weights 3^i mod 31.
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11643-1999 公民身份号码: weights 2^(17-i) mod 11, check from ISO 7064 MOD 11-2.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def uscc_check(first17: str) -> str:
    """The 18th character of a 统一社会信用代码."""
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def is_uscc(code: str) -> bool:
    """True for a well-formed 统一社会信用代码 with the right check character."""
    if len(code) != 18 or any(c not in USCC_CHARS for c in code):
        return False
    return uscc_check(code[:17]) == code[17]


def id_check(first17: str) -> str:
    """The 18th character of a 身份证号码."""
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def is_id_number(code: str) -> bool:
    """True for an 18-character 身份证号码 with a real birth date and the right check character."""
    if not re.fullmatch(r"\d{17}[\dX]", code):
        return False
    try:
        date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        return False
    return id_check(code[:17]) == code[17]


def id_doc_kind(code: str) -> str | None:
    """'uscc', 'id_card' or None when the document number is not valid."""
    code = code.strip().upper()
    if is_uscc(code):
        return "uscc"
    if is_id_number(code):
        return "id_card"
    return None
