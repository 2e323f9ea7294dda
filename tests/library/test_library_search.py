"""Chinese full-text search: real queries find their document in the top 3, snippets mark the words, filters apply."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from library_queries import QUERIES

from policyhub.errors import InputError
from policyhub.library import service
from policyhub.library.search import Filters, flatten, fts_query, snippet
from policyhub.library.segment import query_tokens


@pytest.mark.parametrize(("query", "doc_id"), QUERIES, ids=[q for q, _ in QUERIES])
def test_member_query_finds_its_document_in_the_top_three(query: str, doc_id: str) -> None:
    hits = service.search(query, limit=3)
    assert doc_id in [h.doc_id for h in hits]


def test_there_are_at_least_thirty_real_queries() -> None:
    assert len(QUERIES) >= 30
    assert len({d for _, d in QUERIES}) >= 25


def test_green_certificate_validity_is_article_24_first_with_marked_snippet() -> None:
    hits = service.search("绿证 有效期")
    top = hits[0]
    assert (top.doc_id, top.unit, top.citation) == ("d24", "第二十四条", "d24.第二十四条")
    assert top.snippet.startswith("第二十四条 【绿证】【有效期】 2 年")
    assert top.title == "国家能源局印发《可再生能源绿色电力证书核发和交易规则》"


def test_hits_are_best_first() -> None:
    scores = [h.score for h in service.search("设备更新 工业软件", limit=20)]
    assert scores == sorted(scores, reverse=True)
    assert all(s > 0 for s in scores)


def test_first_set_written_with_brackets_matches_the_plain_query() -> None:
    hits = service.search("首台套", per_doc=2, limit=50)
    assert any("【首台（套）】" in h.snippet for h in hits)
    assert {"d01", "d19"} <= {h.doc_id for h in hits}


def test_per_document_cap_lets_other_documents_through() -> None:
    capped = service.search("碳足迹", limit=10, per_doc=1)
    assert len({h.doc_id for h in capped}) == len(capped)
    uncapped = service.search("碳足迹", limit=10, per_doc=0)
    assert [h.doc_id for h in uncapped].count("d22") > 1


def test_a_query_no_unit_matches_in_full_falls_back_to_any_word() -> None:
    hits = service.search("绿证 不存在的词汇组合甲乙丙")
    assert hits and hits[0].doc_id in {"d24", "d25"}


def test_kind_filter_keeps_only_that_kind() -> None:
    hits = service.search("绿证", filters=Filters.parse("qa", None, None, None))
    assert hits and {h.doc_id for h in hits} == {"d25"}


def test_issuer_filter_accepts_the_short_name() -> None:
    hits = service.search("数字化", filters=Filters.parse(None, "工信部", None, None), limit=30, per_doc=0)
    assert hits
    assert all("工业和信息化部" in (h.issuer or "") for h in hits)


def test_date_range_filter_is_inclusive_and_drops_undated_documents() -> None:
    # Issue 13: a Q&A prints no date; it takes the date of the document it explains (d25 → d24, 2024-08-26),
    # so it now passes a date filter (before, d25 was dropped as undated). d18 (news) has no date to take.
    filters = Filters.parse(None, None, "2024-08-26", "2024-08-26")
    docs = {h.doc_id for h in service.search("绿证 企业 工作", filters=filters, limit=50, per_doc=0)}
    assert docs and docs <= {"d08", "d24", "d25"}
    assert "d18" not in {
        h.doc_id
        for h in service.search("工业互联网平台 国家标准", filters=Filters.parse(None, None, "2024-01-01", None))
    }


@pytest.mark.parametrize(
    ("kind", "issuer", "date_from", "date_to"),
    [("memo", None, None, None), (None, None, "2024-13-01", None), (None, None, "2024-09-02", "2024-09-01")],
)
def test_bad_filters_are_input_errors(kind: str | None, issuer: str | None, date_from: str, date_to: str) -> None:
    with pytest.raises(InputError):
        Filters.parse(kind, issuer, date_from, date_to)


@pytest.mark.parametrize("query", ["", "   ", "的 和", "，。"])
def test_empty_queries_are_input_errors(query: str) -> None:
    with pytest.raises(InputError):
        service.search(query)


def test_query_words_use_the_domain_dictionary() -> None:
    assert query_tokens("绿证 有效期") == ["绿证", "有效期"]
    assert query_tokens("首台（套）重大技术装备") == ["首台套", "重大技术装备"]
    assert "专精特新" in query_tokens("专精特新中小企业")
    assert "中试平台" in query_tokens("制造业中试平台")


def test_fts_query_quotes_words_and_offers_sub_words() -> None:
    assert fts_query([["绿证"], ["保险补偿", "保险", "补偿"]]) == '"绿证" AND ("保险补偿" OR ("保险" AND "补偿"))'
    assert fts_query([["a"], ["b"]], any_word=True) == '"a" OR "b"'
    assert fts_query([['x"y']]) == '"x""y"'


def test_snippet_marks_words_across_ocr_spaces_and_width_forms() -> None:
    assert snippet("对 2024 年 1 月前的电量", ["2024年"]) == "对 【2024 年】 1 月前的电量"
    assert snippet("ＧＢ标准与5G网络", ["gb", "5g"]) == "【ＧＢ】标准与【5G】网络"
    long = "甲" * 300 + "绿证" + "乙" * 300
    cut = snippet(long, ["绿证"])
    assert cut.startswith("…") and cut.endswith("…") and "【绿证】" in cut
    assert len(cut) <= 124


@settings(max_examples=80, deadline=None)
@given(
    st.text(alphabet="绿证有效期年月 （套）首台12ab", min_size=0, max_size=300),
    st.lists(st.sampled_from(["绿证", "有效期", "首台套", "2", "ab"]), max_size=3),
)
def test_snippet_only_adds_marks_and_ellipses(text: str, terms: list[str]) -> None:
    cut = snippet(text, terms)
    plain = cut.replace("【", "").replace("】", "").removeprefix("…").removesuffix("…")
    assert plain in text
    assert cut.count("【") == cut.count("】")


def test_flatten_joins_chinese_lines_without_spaces() -> None:
    assert flatten(["第一行没有结束", "第二行。", "A line", "next"]) == "第一行没有结束第二行。A line next"
