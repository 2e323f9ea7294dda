"""Issue 13, search that finds the clause: ranking by words matched, the judged query set, d01 rows, undated hits."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from judged_queries import JUDGED, judge
from typer.testing import CliRunner

from policyhub.library import service, store
from policyhub.library.cli import app

RUNNER = CliRunner()
TOP3_FLOOR = 0.90  # issue 13: "aim for ≥ 90 % top-3"
TOP1_FLOOR = 0.80


def test_the_judged_query_set_has_forty_queries_over_twenty_documents() -> None:
    assert len(JUDGED) >= 40
    assert len({e[0].split(".")[0] for _, e, _ in JUDGED if e}) >= 20
    units = {u.id for d in store.load().documents for u in d.units}
    assert all(c in units for _, expected, _ in JUDGED for c in expected), "every expected citation exists"


def test_judged_queries_find_their_clause_in_the_top_three() -> None:
    top1, top3 = judge(JUDGED)
    assert top3 >= TOP3_FLOOR, f"top-3 {top3:.1%}"
    assert top1 >= TOP1_FLOOR, f"top-1 {top1:.1%}"


@pytest.mark.parametrize(
    ("query", "citation"),
    [
        # "二、判定方法 … 四级（协同级） ≥80 分" (d17) — never returned before
        ("数字化 评测 四级", "d17.二"),
        # "（一）试点对象 优先聚焦……锂电池、光伏产品……等产品" (d22) — ranked 20th before
        ("碳足迹标识 试点产品", "d22.二.（一）"),
        # "第十九条 绿证在符合国家相关规范要求的平台开展交易" (d24) — ranked 8th before
        ("绿证在哪些平台交易", "d24.第十九条"),
        # "标准研究课题推荐工作……有关材料请于2024年9月30日前报送" (d21 三（一）)
        ("课题 截止时间", "d21.三.（一）"),
        # "批准《工业互联网平台 监测分析指南》(GB/T 44280-2024)…4 项工业互联网平台国家标准" (d18)
        ("国家标准 编号", "d18.段1"),
    ],
)
def test_issue_queries_find_the_clause_in_the_top_three(query: str, citation: str) -> None:
    assert citation in [h.citation for h in service.search(query, limit=3)]


def test_the_first_hit_for_the_pilot_zone_is_the_notice_not_its_attachment_link() -> None:
    # "现组织开展2024年“5G+工业互联网”融合应用先导区（以下简称先导区）试点工作" (d12 序)
    top = service.search("5G+工业互联网 先导区")[0]
    assert top.citation in ("d12.序", "d12.一")
    assert top.full_match and not top.no_full_match


def test_a_query_the_seed_cannot_answer_says_no_unit_matched_every_word() -> None:
    # The seed prints 首台（套） but never 保险补偿.
    hits = service.search("首台套 保险补偿")
    assert hits and all(h.no_full_match and not h.full_match for h in hits)
    assert all("保险补偿" in h.missing_words for h in hits)
    assert "首台套" in hits[0].matched_words


def test_ranking_puts_units_holding_more_words_first() -> None:
    hits = service.search("绿证 有效期", limit=10, per_doc=0)
    counts = [len(h.matched_words) for h in hits]
    assert counts == sorted(counts, reverse=True)
    assert hits[0].citation == "d24.第二十四条"


def test_cli_text_says_so_above_the_hits_and_json_carries_the_field() -> None:
    text = RUNNER.invoke(app, ["search", "首台套 保险补偿"])
    assert text.exit_code == 0
    first = text.output.splitlines()[0]
    assert "没有一个条款同时含有全部查询词" in first and "保险补偿" in first
    data = json.loads(RUNNER.invoke(app, ["search", "首台套 保险补偿", "--format", "json"]).output)
    assert data[0]["no_full_match"] is True and data[0]["missing_words"] == ["保险补偿"]
    keys = {"doc_id", "title", "unit", "citation", "snippet", "score", "kind", "date", "issuer"}
    assert keys <= set(data[0])
    full = json.loads(RUNNER.invoke(app, ["search", "绿证 有效期", "--format", "json"]).output)
    assert full[0]["no_full_match"] is False and full[0]["full_match"] is True


def test_the_page_says_so_above_the_hits(tmp_path: Path) -> None:
    from policyhub.web.app import create_app

    web = create_app(f"sqlite:///{tmp_path / 'web.sqlite'}")
    page = TestClient(web).get("/library/search", params={"q": "首台套 保险补偿"}).text
    assert 'id="no-full-match"' in page
    assert page.index("no-full-match") < page.index('class="hit"')
    assert 'id="no-full-match"' not in TestClient(web).get("/library/search", params={"q": "绿证 有效期"}).text


def test_every_catalog_row_is_its_own_unit_shown_by_its_code() -> None:
    # "1.1.1	重型精密立式车床	最大加工直径：3500~5000mm" is row 1.1.1, inside sub-category "1.1 数控机床"
    row = service.show("d01", "1.1.1")["unit"]
    assert (row["id"], row["label"], row["kind"]) == ("d01.1.1.1", "1.1.1", "catalog_row")
    assert row["lines"][0].startswith("1.1.1\t重型精密立式车床")
    sub = service.show("d01", "3.1")["unit"]  # "3.1 核电装备"
    assert (sub["id"], sub["kind"], sub["label"]) == ("d01.3.1", "subcategory", "3.1")
    assert sub["parent"] == "d01.3"
    assert service.show("d01", "3.1.2")["unit"]["lines"][0].startswith("3.1.2\t高温气冷堆")


def test_cli_show_unit_returns_the_row() -> None:
    out = json.loads(RUNNER.invoke(app, ["show", "d01", "--unit", "1.1.1", "--format", "json"]).output)
    assert out["unit"]["id"] == "d01.1.1.1"
    assert RUNNER.invoke(app, ["show", "d01", "--unit", "3.1"]).exit_code == 0


def test_labels_are_unique_within_every_document() -> None:
    for doc in store.load().documents:
        repeated = [label for label, n in Counter(u.label for u in doc.units).items() if n > 1]
        assert not repeated, (doc.id, repeated)
    d26 = {u.id: u.label for u in service.get_document("d26").units}
    assert (d26["d26.说明.一"], d26["d26.清单.一"]) == ("说明·一、", "清单·一、")


def test_an_undated_qa_hit_shows_the_date_of_the_rules_it_explains() -> None:
    # d25 prints no date; it explains d24 ("近日，国家能源局印发了《…规则》"), signed 2024年8月26日.
    hit = next(h for h in service.search("绿证规则 背景和意义", limit=5) if h.doc_id == "d25")
    assert (hit.date, hit.date_basis) == ("2024-08-26", "explains:d24")
    printed = next(h for h in service.search("绿证 有效期") if h.doc_id == "d24")
    assert printed.date_basis == "printed"
    text = RUNNER.invoke(app, ["search", "绿证规则 背景和意义"]).output
    assert "2024-08-26（未注明，取所解读文件 d24 的日期）" in text


def test_the_api_hits_carry_the_same_fields() -> None:
    from fastapi import FastAPI

    from policyhub import problems
    from policyhub.library.api import router

    app = FastAPI()
    problems.install(app)
    app.include_router(router)
    hits = TestClient(app).get("/api/library/search", params={"q": "首台套 保险补偿"}).json()
    assert hits[0]["no_full_match"] is True and hits[0]["missing_words"] == ["保险补偿"]
    row = TestClient(app).get("/api/library/documents/d01", params={"unit": "1.1.1"}).json()["unit"]
    assert row["id"] == "d01.1.1.1"
