"""The renewal guide's reading now lives in policyhub.renewal.guide; the library's splitter and service use it here."""

from __future__ import annotations

from policyhub.renewal.guide import extract_industries, find_industry, policies_in, standards_in

__all__ = ["extract_industries", "find_industry", "policies_in", "standards_in"]
