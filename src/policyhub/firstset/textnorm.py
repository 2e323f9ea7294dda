"""Turn the seed's OCR/LaTeX fragments into plain printed text, and names into matching keys."""

from __future__ import annotations

import re
import unicodedata

# LaTeX commands the OCR wrote for symbols printed in the catalog.
_LATEX_SYMBOLS = {
    r"\leq": "≤",
    r"\geq": "≥",
    r"\pm": "±",
    r"\times": "×",
    r"\sim": "~",
    r"\mu": "μ",
    r"\cdot": "·",
    r"\AA": "Å",
    r"\Delta": "Δ",
    r"\Omega": "Ω",
    r"\sigma": "σ",
    r"\circ": "°",
}
_SUPERSCRIPTS = str.maketrans("0123456789-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"


def _superscript(match: re.Match[str]) -> str:
    body = match.group(1) or match.group(2)
    if body == "1/2":
        return "^(1/2)"
    if body in ("°",):
        return "°"
    return body.translate(_SUPERSCRIPTS)


def clean(text: str) -> str:
    """Plain printed text from an OCR cell: LaTeX markup removed, spaces the OCR added dropped."""
    s = text.replace("$", "")
    s = re.sub(r"\\text\s*\{([^{}]*)\}", r"\1", s)
    s = re.sub(r"\\mathrm\s*\{([^{}]*)\}", r"\1", s)
    s = s.replace("^{\\circ}", "°").replace("^\\circ", "°")
    for command, symbol in sorted(_LATEX_SYMBOLS.items(), key=lambda kv: -len(kv[0])):
        s = s.replace(command, symbol)
    s = re.sub(r"\s*_\{([^{}]*)\}", r"\1", s)  # COD_{Cr} -> CODCr
    s = re.sub(r"([A-Za-z])_([A-Za-z0-9])", r"\1\2", s)  # C_p -> Cp
    s = re.sub(r"\^\{([^{}]*)\}|\^([0-9-]+|°)", _superscript, s)
    s = s.replace("''", "″").replace('"', "″")
    s = re.sub(r"\s+(?=[₀-₉_])", "", s)  # "CO ₂", "COD _{Cr}": the OCR set a subscript apart
    s = s.translate(_SUBSCRIPTS)
    s = s.replace("{", "").replace("}", "").replace("\\", "")
    # A unit superscript the OCR set apart: "m ³/h" -> "m³/h".
    s = re.sub(r"\s+([²³])", r"\1", s)
    s = re.sub(r"\s+", " ", s).strip()
    # Keep a space only between two Latin letters/digits ("IMO Tier III", "kg m²").
    s = re.sub(rf"\s+(?=[{_CJK}≤≥<>±~×·:;,()（）%℃°″′/@+])", "", s)
    s = re.sub(rf"(?<=[{_CJK}≤≥<>±~×·:;,()（）%℃°″′/@])\s+", "", s)
    s = re.sub(r"(?:(?<=\d)|(?<=10[⁰¹²³⁴⁵⁶⁷⁸⁹]))\s+(?=[A-Za-zμΩÅ])", "", s)  # "45 MPa" -> "45MPa"
    s = re.sub(r"(?<=[ΔM°])\s+(?=[A-ZΩ])", "", s)  # "Δ X", "M Ω", "° C"
    s = s.replace("°C", "℃")
    return s.strip(" ;；,，")


def name_key(name: str) -> str:
    """Matching key of an indicator name: width, brackets, spaces and LaTeX never matter."""
    s = unicodedata.normalize("NFKC", clean(name)).lower()
    return re.sub(r"[\s()\[\]{}:：,，、·]", "", s)
