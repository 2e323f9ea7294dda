"""QR codes (第二十七条: 通过扫描绿证二维码 … 获取绿证编码、项目名称 …) for a certificate block or a claim."""

from __future__ import annotations

from pathlib import Path

import segno

from policyhub.errors import InputError

from .registry import Registry


def reference(registry: Registry, code: str) -> str:
    """The verification reference a QR code carries: the block's first code or the claim code."""
    found = registry.verify(code)
    return str(found["verify_reference"])


def write_qr(registry: Registry, code: str, out: Path) -> str:
    """Write an SVG or PNG QR code for `code`; returns the encoded reference."""
    suffix = out.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise InputError(f"{out}: the QR file must end in .svg or .png", "bad_output")
    if not out.parent.exists():
        raise InputError(f"{out.parent}: no such directory", "bad_output")
    ref = reference(registry, code)
    segno.make(ref, error="m").save(str(out), scale=4, border=4)
    return ref
