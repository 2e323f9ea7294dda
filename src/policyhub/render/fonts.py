"""A CJK font for charts and PDFs, found by file path so Chinese never falls back to tofu boxes."""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

# Preferred first; the names are the families inside the files (Noto CJK ships SC/TC/JP/KR/HK in one .ttc).
CJK_FAMILIES = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Serif CJK SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
]
_PATTERNS = ["NotoSansCJK*", "NotoSansSC*", "SourceHanSans*", "NotoSerifCJK*", "wqy-zenhei*", "wqy-microhei*"]
_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts"]

_registered: list[str] = []


def cjk_font_files() -> list[Path]:
    """CJK font files on this machine: $POLICYHUB_CJK_FONT first, then the usual font folders."""
    found: list[Path] = []
    env = os.environ.get("POLICYHUB_CJK_FONT")
    if env and Path(env).is_file():
        found.append(Path(env))
    for folder in _DIRS:
        root = Path(folder).expanduser()
        if root.is_dir():
            for pattern in _PATTERNS:
                hits = [p for p in root.rglob(pattern) if p.suffix.lower() in {".ttc", ".otf", ".ttf"}]
                found.extend(sorted(hits, key=lambda p: ("Bold" in p.name, p.name)))  # regular weight first
    return found


def matplotlib_families() -> list[str]:
    """The font.family list for matplotlib, registering CJK font files by path on first success."""
    from matplotlib import font_manager

    # Not cached while nothing is found: a server started before the fonts were installed picks them up later
    # (matplotlib's own font cache is written once and never notices new system fonts).
    if not _registered:
        installed = {f.name for f in font_manager.fontManager.ttflist}
        if not installed.intersection(CJK_FAMILIES):
            for path in cjk_font_files():
                try:
                    font_manager.fontManager.addfont(str(path))
                except (OSError, RuntimeError, ValueError):
                    continue  # an unreadable file: try the next
            installed = {f.name for f in font_manager.fontManager.ttflist}
        _registered.extend(f for f in CJK_FAMILIES if f in installed)
    return [*_registered, "DejaVu Sans"]


def has_cjk_font() -> bool:
    """Whether charts will have Chinese glyphs."""
    return len(matplotlib_families()) > 1


def fontconfig_has(family: str) -> bool:
    """Whether fontconfig (which WeasyPrint and Chromium use) knows `family`."""
    if shutil.which("fc-list") is None:
        return False
    out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=False).stdout
    return any(family in line.split(",") for line in out.splitlines())


@cache
def css_font_faces() -> str:
    """For WeasyPrint: nothing when fontconfig has Noto Sans CJK SC, else an @font-face naming a CJK file by path."""
    if fontconfig_has("Noto Sans CJK SC"):
        return ""  # fontconfig picks the SC face out of the .ttc; a file URL would give its first face (JP)
    files = cjk_font_files()
    return f'@font-face {{ font-family: "policyhub-cjk"; src: url("{files[0].as_uri()}"); }}' if files else ""
