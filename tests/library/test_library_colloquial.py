"""Issue 28, search for the words people type: question words, the trade's synonyms, no cap hiding a better unit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from colloquial_queries import COLLOQUIAL
from fastapi.testclient import TestClient
from judged_queries import JUDGED, judge
from typer.testing import CliRunner

from policyhub.errors import InputError
from policyhub.library import service, store
from policyhub.library.cli import app

TOP1_FLOOR, TOP3_FLOOR = 0.90, 0.97  # issue 28: "keep top-1 ≥ 90 % and top-3 ≥ 97 % on the whole set"
HIT_FIELDS = {
    "doc_id", "title", "unit", "citation", "snippet", "score", "kind", "date", "issuer",
    "matched_words", "missing_words", "full_match", "no_full_match", "date_basis",
}  # fmt: skip


def test_the_colloquial_set_has_thirty_queries_written_from_the_seed() -> None:
    assert len(COLLOQUIAL) >= 30
    assert "written from the seed text" in (Path(__file__).parent / "colloquial_queries.py").read_text(encoding="utf-8")
    units = {u.id for d in store.load().documents for u in d.units}
    assert all(c in units for _, expected, _ in COLLOQUIAL for c in expected), "every expected citation exists"
    assert not {q for q, _, _ in COLLOQUIAL} & {q for q, _, _ in JUDGED}, "new queries, not the old ones again"


def test_the_whole_judged_set_keeps_ninety_percent_first_and_ninety_seven_in_the_top_three() -> None:
    top1, top3 = judge(JUDGED + COLLOQUIAL)
    assert top1 >= TOP1_FLOOR, f"top-1 {top1:.1%}"
    assert top3 >= TOP3_FLOOR, f"top-3 {top3:.1%}"


def test_central_enterprises_quota_is_the_first_hit() -> None:
    # d08 一（二） "中央企业每家推荐数量不超过 3 家" — ranked 4th behind units matching only 企 and 能 before
    hits = service.search("单项冠军 央企能推荐几家")
    assert hits[0].citation == "d08.一.（二）"
    assert "【中央企业】" in hits[0].snippet  # 央企 is printed 中央企业
    assert hits[0].matched_words == ["单项冠军", "央企", "推荐"]


def test_does_the_application_cost_money_finds_no_fee() -> None:
    # d08 一（三） "相关申请不收取任何费用" — not in the top 10 before
    hits = service.search("单项冠军申请要不要交钱", limit=3)
    assert hits[0].citation == "d08.一.（三）"
    assert "【费用】" in hits[0].snippet and hits[0].full_match


def test_how_many_projects_per_province_shows_the_quota_clause() -> None:
    # d09 二 "报送数量原则上不超过10个" — hidden by the 3-per-document cap before (8th without it)
    hits = service.search("绿色低碳先进技术示范项目 每个省最多报几个")
    assert hits[0].citation == "d09.二"
    assert "不超过10个" in hits[0].snippet


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("单项冠军 央企能推荐几家", ["单项冠军", "央企", "推荐"]),
        ("单项冠军申请要不要交钱", ["单项冠军", "申请", "交钱"]),
        ("绿色低碳先进技术示范项目 每个省最多报几个", ["绿色低碳先进技术", "示范项目", "省", "报"]),
        ("外资能不能做核电站", ["外资", "核电站"]),
        ("先导区申报材料要交几份纸质版", ["先导区", "申报材料", "交", "纸质", "版"]),
        ("单项冠军什么时候截止", ["单项冠军", "截止"]),
        ("碳足迹标识认证试点 搞几年", ["碳足迹", "标识认证", "试点"]),
    ],
)
def test_question_and_filler_words_are_not_content(query: str, words: list[str]) -> None:
    assert service.query_words(query) == words
    for hit in service.search(query, limit=5):
        assert not {"几", "几家", "几个", "最多", "每个", "要不要", "能不能", "吗"} & set(hit.missing_words)


def test_a_query_of_question_words_only_is_empty() -> None:
    with pytest.raises(InputError) as err:
        service.search("要不要 最多几个 吗")
    assert err.value.code == "empty_query"


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("央企", "中央企业"),
        ("交钱", "费用"),
        ("收钱", "收费"),
        ("民企", "民营企业"),
        ("外资", "外商投资"),
        ("截止", "截止时间"),  # the tag every "…日前" deadline carries (d21 三（一） "2024年9月30日前报送")
        ("度电", "千瓦时"),
        ("个体户", "个体工商户"),
    ],
)
def test_the_synonym_table_ties_the_trade_words_to_the_printed_ones(typed: str, printed: str) -> None:
    syn = store.synonyms()
    assert printed in syn.of(typed) and typed in syn.of(printed)


def test_a_one_way_word_stands_for_printed_words_but_not_the_reverse() -> None:
    syn = store.synonyms()
    assert {"报送", "申报"} <= set(syn.of("报"))
    assert "报送" not in syn.of("申报")


def test_a_question_word_orders_units_without_counting_as_a_word() -> None:
    # 几个 asks for a quantity: d20 二（四） "每个申报主体限申报 1 个申报方向" prints one (限申报), d20 二（一） none.
    assert store.synonyms().asked(["几个"]) == ["数量上限"]
    hits = service.search("质量提升品牌建设案例 一家企业能报几个方向", limit=3)
    assert "d20.二.（四）" in [h.citation for h in hits]
    assert all("数量上限" not in h.matched_words + h.missing_words for h in hits)


def test_no_cap_hides_a_better_unit_and_hits_stay_best_first() -> None:
    hits = service.search("绿色低碳先进技术示范项目 每个省最多报几个", limit=10)
    d09 = [h.citation for h in hits if h.doc_id == "d09"]
    assert len(d09) > 3 and d09[0] == "d09.二"  # the old cap of 3 kept 序, 附件 and 一 and dropped 二
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    capped = service.search("绿色低碳先进技术示范项目 每个省最多报几个", limit=10, per_doc=1)
    assert [h.doc_id for h in capped].count("d09") == 1 and capped[0].citation == "d09.二"


def test_the_api_cli_and_page_keep_their_shape() -> None:
    from fastapi import FastAPI

    from policyhub import problems
    from policyhub.library.api import router

    api = FastAPI()
    problems.install(api)
    api.include_router(router)
    hits = TestClient(api).get("/api/library/search", params={"q": "单项冠军 央企能推荐几家"}).json()
    assert set(hits[0]) == HIT_FIELDS and hits[0]["citation"] == "d08.一.（二）"
    out = CliRunner().invoke(app, ["search", "单项冠军申请要不要交钱", "--format", "json"])
    assert out.exit_code == 0 and set(json.loads(out.output)[0]) == HIT_FIELDS


def test_the_page_shows_the_answer_first(tmp_path: Path) -> None:
    from policyhub.web.app import create_app

    web = create_app(f"sqlite:///{tmp_path / 'web.sqlite'}")
    page = TestClient(web).get("/library/search", params={"q": "单项冠军 央企能推荐几家"}).text
    first = page.index('class="hit"')
    assert page.index("d08.一.（二）", first) < page.index("d08.三.（三）", first)
