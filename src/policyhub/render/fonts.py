"""A CJK font for charts and PDFs, found by file path so Chinese never falls back to tofu boxes."""

from __future__ import annotations

import os
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
                found.extend(sorted(p for p in root.rglob(pattern) if p.suffix.lower() in {".ttc", ".otf", ".ttf"}))
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


def css_font_faces() -> str:
    """@font-face rules naming the CJK font files by path, for WeasyPrint (works even if fontconfig lacks them)."""
    rules = []
    for path in cjk_font_files()[:1]:
        rules.append(f'@font-face {{ font-family: "policyhub-cjk"; src: url("{path.as_uri()}"); }}')
    return "\n".join(rules)
