"""QR codes as inline SVG (segno)."""

from __future__ import annotations

import io

import segno


def qr_svg(data: str) -> str:
    """An SVG QR code for data (error correction M: readable when a phone camera is off a little)."""
    buf = io.BytesIO()
    segno.make(data, error="m").save(buf, kind="svg", scale=4, border=2, xmldecl=False)
    return buf.getvalue().decode("utf-8")
