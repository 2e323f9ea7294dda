"""Chinese word segmentation for the library: jieba with the compilation's domain words as a user dictionary."""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from functools import cache
from importlib import resources

USERDICT = "userdict.txt"
_STOP = frozenset("的和与及或在对了是等为将把被于以之其中有我要就也都而并向从按由上下")
_WORD = re.compile(r"[0-9a-z\u4e00-\u9fff]")
_LOCK = threading.Lock()
# The compilation prints 首台（套）; jieba cannot hold a bracket inside a word, so both sides read 首台套.
# The R&D guides print 项目（课题）负责人 where a user types 项目负责人 (d15 一（二）1, d16 三（二）).
_VARIANTS = (
    (re.compile(r"首台\s*[(（]\s*套\s*[)）]"), "首台套"),
    (re.compile(r"首台\(套\)"), "首台套"),
    (re.compile(r"项目\s*[(（]\s*课题\s*[)）]\s*负责人"), "项目负责人"),
)


def userdict_bytes() -> bytes:
    """The shipped user dictionary (part of the index fingerprint)."""
    return resources.files("policyhub.library").joinpath("data", USERDICT).read_bytes()


@cache
def _jieba() -> object:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    with resources.as_file(resources.files("policyhub.library").joinpath("data", USERDICT)) as path:
        jieba.load_userdict(str(path))
    return jieba


def normalise(text: str) -> str:
    """Width-fold and lower-case (NFKC), and spell 首台（套） and 项目（课题）负责人 as one word each."""
    text = unicodedata.normalize("NFKC", text).lower()
    for rx, word in _VARIANTS:
        text = rx.sub(word, text)
    return text


def _keep(token: str) -> bool:
    return bool(_WORD.search(token)) and token not in _STOP


def index_tokens(text: str) -> list[str]:
    """Tokens for the index: search-mode segmentation (whole words and their sub-words)."""
    jb = _jieba()
    with _LOCK:
        return [t for t in jb.cut_for_search(normalise(text), HMM=False) if _keep(t.strip())]  # type: ignore[attr-defined]


def query_tokens(query: str) -> list[str]:
    """Tokens a query must match: precise-mode words of each space-separated part, stop words dropped."""
    jb = _jieba()
    out: list[str] = []
    with _LOCK:
        for part in normalise(query).split():
            for token in jb.cut(part, HMM=False):  # type: ignore[attr-defined]
                token = token.strip()
                if _keep(token) and token not in out:
                    out.append(token)
    return out
