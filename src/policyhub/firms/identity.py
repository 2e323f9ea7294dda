"""A firm's identity: its name, or its 统一社会信用代码 checked by the GB 32100-2015 check character."""

from __future__ import annotations

import re

from policyhub.errors import InputError

_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015: no I, O, Z, S, V
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code(raw: str) -> str:
    """The code upper-cased and checked: 18 characters of the code set, the last one the check character."""
    code = re.sub(r"\s+", "", raw).upper()
    if len(code) != 18 or any(c not in _CHARS for c in code):
        raise InputError(f"统一社会信用代码 {raw!r} 应为 18 位（数字或大写字母，不含 I、O、Z、S、V）"
                         " a credit code is 18 characters of 0-9 and A-Y without I, O, Z, S, V")  # fmt: skip
    total = sum(_CHARS.index(c) * w for c, w in zip(code[:17], _WEIGHTS, strict=True))
    check = _CHARS[(31 - total % 31) % 31]
    if code[17] != check:
        raise InputError(f"统一社会信用代码 {code} 校验位应为 {check} the check character should be {check}")
    return code


def firm_name(raw: str) -> str:
    """The name as given, spaces collapsed; empty is refused."""
    name = re.sub(r"\s+", " ", raw).strip()
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise InputError("企业名称含控制字符 the firm's name contains control characters")
    if not name:
        raise InputError("企业名称不能为空 the firm's name is required")
    if len(name) > 200:
        raise InputError("企业名称过长（最多 200 字）the firm's name is longer than 200 characters")
    return name
