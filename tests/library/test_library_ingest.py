"""Ingest: a further compilation issue (目录 + documents) or one policy text goes into the user's library."""

from __future__ import annotations

from pathlib import Path

import pytest

from policyhub.errors import InputError
from policyhub.library import service

ISSUE_8 = """
中国某某行业协会

总第 8 期

政策汇编

目 录

工信部印发《测试设备补贴管理办法》\t1
某某部门有关负责同志就《测试设备补贴管理办法》答记者问\t5
关于开展氢能装备示范应用的通知.....\t8

工信部印发《测试设备补贴管理办法》

工信部测试〔2024〕99 号

各有关单位：

为规范测试设备补贴，制定本办法。

第一章 总则

第一条 本办法适用于氢能压缩机和液氢储罐。

第二条 补贴标准为设备价款的百分之十五。

第二章 附则

第三条 本办法自2024年12月1日起施行。

工业和信息化部

2024年11月5日

某某部门有关负责同志就《测试设备补贴管理办法》答记者问

问：为什么出台办法？

答：为了支持氢能压缩机推广。

问：补贴多少？

答：百分之十五。

关于开展氢能装备示范应用的通知

发改测试〔2024〕7号

一、示范内容

（一）液氢储罐示范。

（二）加氢站压缩机示范。

二、申报时间

请于2024年12月31日前申报。

国家发展改革委

2024年11月20日
"""

SINGLE = """关于支持海上风电运维船更新的通知

测试函〔2025〕3号

一、支持范围

海上风电运维船更新改造。

二、支持方式

按投资额给予奖励。

某某省工业和信息化厅

2025年1月8日
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("POLICYHUB_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_ingested_issue_is_listed_split_and_searchable(home: Path, tmp_path: Path) -> None:
    result = service.ingest(_write(tmp_path, "issue8.txt", ISSUE_8))
    assert result["prefix"] == "n8"
    assert Path(result["stored"]).parent == home / "library" / "ingested"
    docs = {d["id"]: d for d in result["documents"]}
    assert list(docs) == ["n8-d01", "n8-d02", "n8-d03"]
    assert {"kind": "rules", "number": "工信部测试〔2024〕99号", "date": "2024-11-05"}.items() <= docs["n8-d01"].items()
    assert docs["n8-d01"]["issuer"] == "工业和信息化部"
    assert docs["n8-d02"]["kind"] == "qa" and docs["n8-d02"]["explains"] == "n8-d01"
    assert docs["n8-d03"]["belongs_to"] == "总第8期"

    listed = [d["id"] for d in service.list_documents()]
    assert len(listed) == 33 and listed[-3:] == ["n8-d01", "n8-d02", "n8-d03"]

    hits = service.search("补贴标准 设备价款")
    assert hits[0].citation == "n8-d01.第二条" and hits[0].unit == "第二条"
    assert "【补贴】【标准】为【设备】【价款】" in hits[0].snippet
    assert service.search("液氢储罐 示范")[0].citation == "n8-d03.一.（一）"
    assert service.show("n8-d02", "问2")["unit"]["text"] == "问：补贴多少？答：百分之十五。"
    assert service.search("绿证 有效期")[0].citation == "d24.第二十四条"  # the shipped issue is still there


def test_re_ingesting_an_issue_replaces_it(home: Path, tmp_path: Path) -> None:
    path = _write(tmp_path, "issue8.txt", ISSUE_8)
    service.ingest(path)
    service.ingest(path)
    assert len(service.list_documents()) == 33


def test_a_single_policy_text_becomes_one_document(home: Path, tmp_path: Path) -> None:
    result = service.ingest(_write(tmp_path, "notice.txt", SINGLE), prefix="wind")
    (doc,) = result["documents"]
    assert doc["id"] == "wind-d01"
    assert (doc["title"], doc["number"], doc["date"]) == (
        "关于支持海上风电运维船更新的通知",
        "测试函〔2025〕3号",
        "2025-01-08",
    )
    assert service.search("海上风电 运维船")[0].doc_id == "wind-d01"
    assert [u["id"] for u in service.show("wind-d01")["units"]] == ["wind-d01.序", "wind-d01.一", "wind-d01.二"]


@pytest.mark.parametrize(
    ("text", "prefix"),
    [
        ("", None),
        ("目 录\n某个不存在的标题\t3\n\n正文没有这个标题\n", None),
        (SINGLE, "Bad Prefix"),
        (SINGLE, "x" * 40),
    ],
    ids=["empty", "toc-title-missing", "prefix-with-space", "prefix-too-long"],
)
def test_bad_ingest_input_is_an_input_error(home: Path, tmp_path: Path, text: str, prefix: str | None) -> None:
    with pytest.raises(InputError):
        service.ingest(_write(tmp_path, "bad.txt", text), prefix=prefix)


def test_the_shipped_issue_is_not_ingested_twice_by_accident(home: Path, seed_path: Path) -> None:
    with pytest.raises(InputError, match="总第7期 is already in the library"):
        service.ingest(seed_path)


def test_missing_file_is_an_input_error(home: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError):
        service.ingest(tmp_path / "nope.txt")


def test_without_a_writable_data_dir_search_works_and_ingest_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("POLICYHUB_HOME", str(blocker))
    assert service.search("绿证 有效期")[0].citation == "d24.第二十四条"  # index built in memory
    with pytest.raises(InputError, match="cannot write"):
        service.ingest(_write(tmp_path, "notice.txt", SINGLE))
