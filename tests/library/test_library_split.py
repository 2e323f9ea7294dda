"""The shipped split of the seed: 30 documents, every line of the seed in exactly one unit, stable citation ids."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from policyhub.library import compilation
from policyhub.library.model import KINDS, Document, document_from_dict
from policyhub.library.split import build
from policyhub.library.splitter import split_body

FIRST_DOCUMENT_LINE = 51  # the seed's table of contents ends before line 51


def _shipped() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("policyhub.library").joinpath("data", "documents.json").read_text(encoding="utf-8")
    )
    return data


def _docs() -> list[Document]:
    return [document_from_dict(d) for d in _shipped()["documents"]]


def _ws(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip()


def test_every_seed_line_from_51_is_in_exactly_one_unit_in_order(seed_text: str) -> None:
    seed = [_ws(line) for line in seed_text.splitlines()[FIRST_DOCUMENT_LINE - 1 :] if line.strip()]
    units = [_ws(line) for doc in _docs() for unit in doc.units for line in unit.lines]
    assert units == seed


def test_unit_line_numbers_point_at_their_first_line_in_the_seed(seed_text: str) -> None:
    lines = seed_text.splitlines()
    for doc in _docs():
        for unit in doc.units:
            assert _ws(lines[unit.line_start - 1]) == _ws(unit.lines[0]), unit.id


def test_shipped_data_is_what_the_splitter_makes_of_the_seed(seed_path: Path, tmp_path: Path) -> None:
    assert build(seed_path, tmp_path) == 30
    assert [p.name for p in tmp_path.iterdir()] == ["documents.json"]  # the renewal guide's data is renewal's
    assert json.loads((tmp_path / "documents.json").read_text(encoding="utf-8")) == _shipped()


def test_thirty_documents_in_table_of_contents_order(seed_text: str) -> None:
    titles, _ = compilation.toc_titles(seed_text.splitlines())
    docs = _docs()
    assert [d.id for d in docs] == [f"d{n:02d}" for n in range(1, 31)]
    assert [compilation.norm(d.title) for d in docs] == [compilation.norm(compilation.tidy(t)) for t in titles]


def test_documents_start_at_their_title_lines() -> None:
    starts = {d.id: d.units[0].line_start for d in _docs()}
    assert starts["d01"] == 51
    assert starts["d02"] == 672
    assert starts["d03"] == 1455
    assert starts["d18"] == 2808
    assert starts["d24"] == 3311
    assert starts["d30"] == 3695


def test_citation_ids_are_unique_across_the_library() -> None:
    ids = [u.id for d in _docs() for u in d.units]
    assert len(ids) == len(set(ids))
    assert not [i for i in ids if "~" in i]  # no numbering restart was left unexplained in the seed


def test_articles_and_numbered_sections_get_the_citations_a_reader_uses() -> None:
    docs = {d.id: d for d in _docs()}
    units = {u.id: u for d in docs.values() for u in d.units}
    assert units["d24.第二十四条"].lines[0].startswith("第二十四条 绿证有效期 2 年")
    assert units["d24.第二十四条"].label == "第二十四条"
    assert units["d24.第二十一条.（一）"].label == "第二十一条（一）"
    assert units["d19.三.（二）"].label == "三、（二）"
    assert units["d19.三.（二）"].lines[0].startswith("（二）地方工业和信息化主管部门于2024年10月15日前")
    assert units["d19.附件2.1"].lines[0].startswith("1\t原材料工业\t石化化工")
    assert units["d01.1.1.1"].lines[0].startswith("1.1.1\t重型精密立式车床")
    assert units["d26.清单.三.6"].lines[0] == "6\t核电站的建设、经营须由中方控股。"
    assert units["d02.重点领域.一"].lines[0] == "一、工业软件领域"
    assert units["d05.问1"].lines[0].startswith("问：《意见》出台的背景和意义是什么？")
    assert units["d28.段1"].kind == "paragraph"
    assert units["d30.封底"].lines[0] == "中国重型机械工业协会"


def test_a_catalog_row_repeated_after_a_page_break_stays_one_row() -> None:
    units = {u.id: u for u in _docs()[0].units}
    row = units["d01.8.4.12"]
    assert sum(1 for line in row.lines if line.startswith("8.4.12\t")) == 2


def test_metadata_numbers_dates_issuers_kinds() -> None:
    docs = {d.id: d for d in _docs()}
    assert docs["d01"].number == "工信部重装函〔2024〕254号"
    assert docs["d01"].date == "2024-09-02"
    assert docs["d02"].number == "工信厅规〔2024〕33号"
    assert docs["d08"].number == "工信厅政法函〔2024〕328号"
    assert docs["d30"].number == "财政部 税务总局公告2024年第14号"
    assert docs["d12"].number is None
    assert docs["d04"].issuers == (
        "国家发展改革委",
        "工业和信息化部",
        "自然资源部",
        "生态环境部",
        "交通运输部",
        "国家能源局",
    )
    assert len(docs["d14"].issuers) == 11
    assert docs["d24"].kind == "rules"
    assert {d.kind for d in docs.values()} <= set(KINDS)
    assert {d.belongs_to for d in docs.values()} == {"总第7期"}


def test_qa_and_readings_point_at_the_document_they_explain() -> None:
    explains = {d.id: d.explains for d in _docs() if d.explains}
    assert explains == {
        "d05": "d04",
        "d06": "d04",
        "d07": "d04",
        "d23": "d22",
        "d25": "d24",
        "d27": "d26",
        "d28": "d26",
    }


HEADINGS = ["一、总则", "（一）适用范围", "1. 条件", "(2) 细项", "第三条 规定", "问：为什么？", "附件：", "7\t表格行"]
PROSE = ["正文一段。", "\t续表", "答：因为。", "2024年9月1日", "名词解释"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(HEADINGS + PROSE + [""]), min_size=1, max_size=40))
def test_split_body_keeps_every_line_once_and_ids_unique(body: list[str]) -> None:
    lines = ["标题", *body]
    units = split_body("x01", lines, 1)
    assert [line for u in units for line in u.lines] == [line.rstrip() for line in lines if line.strip()]
    ids = [u.id for u in units]
    assert len(ids) == len(set(ids))
    assert all(u.parent is None or u.parent in ids for u in units)
