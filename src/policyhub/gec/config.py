"""Load the packaged rule figures (data/rules.json) once."""

from __future__ import annotations

import json
import os
from functools import cache
from importlib.resources import files
from urllib.parse import urlsplit

from policyhub.errors import InputError

from .domain.rules import Rules

PUBLIC_URL_VAR = "POLICYHUB_PUBLIC_URL"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"  # where `policyhub serve` listens by default


@cache
def rules() -> Rules:
    """The rules of 国能发新能规〔2024〕67号 as shipped with the package."""
    raw = json.loads(files("policyhub.gec").joinpath("data/rules.json").read_text(encoding="utf-8"))
    return Rules.from_dict(raw)


def public_url(given: str | None = None) -> str:
    """The registry's public address for QR codes and statements: `given`, else $POLICYHUB_PUBLIC_URL, else serve's."""
    url = (given or os.environ.get(PUBLIC_URL_VAR) or DEFAULT_PUBLIC_URL).strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise InputError(
            f"公开地址无效 invalid public URL {url!r}: give http(s)://HOST[:PORT][/PATH], e.g. https://gec.example.cn",
            "bad_public_url",
        )
    return url.rstrip("/")
