"""The stylesheet base every page and standalone report starts from (render/static/base.css, served as /static)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
IMPORT = '@import url("base.css");'  # how a served stylesheet (web/static/style.css) takes the base


@cache
def base_css() -> str:
    """The base stylesheet's text."""
    return (STATIC / "base.css").read_text(encoding="utf-8")


def standalone(css: str) -> str:
    """A stylesheet that imports the base, with the base written in its place (a PDF or a file has no /static)."""
    return css.replace(IMPORT, base_css(), 1)
