"""Reading a firm's register: CSV (UTF-8, BOM, GB18030) and XLSX, Chinese or English headers, bad rows named."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from policyhub.errors import InputError
from policyhub.renewal.register import commissioning, read_register

AS_OF = date(2026, 6, 30)


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_the_contract_header_reads_every_column() -> None:
    text = "asset,name,commissioned,capacity,unit,design_life_years,extra\nA1,电石炉,2003-05-01,20000,kVA,20,x\n"
    (a,) = read_register(text.encode(), "a.csv", AS_OF)
    assert (a.row, a.asset, a.name, a.commissioned, a.capacity, a.unit, a.design_life_years) == (
        2, "A1", "电石炉", (date(2003, 5, 1), date(2003, 5, 1)), 20000.0, "kVA", 20.0)  # fmt: skip


def test_chinese_headers_as_firms_keep_them_with_a_bom_and_gb18030() -> None:
    header = "资产编号,设备名称,规格型号,投产日期/年份,设计使用年限（年）,容量/规格,单位,能效等级,数量\n"
    body = "E-01,三相异步电动机,YE3-315,2009年6月,20,250,kW,3级,4\n"
    for data in (("\ufeff" + header + body).encode("utf-8"), (header + body).encode("gb18030")):
        (a,) = read_register(data, "台账.csv", AS_OF)
        assert (a.asset, a.model, a.commissioned, a.energy_grade, a.quantity) == (
            "E-01", "YE3-315", (date(2009, 6, 1), date(2009, 6, 30)), 3, 4)  # fmt: skip
        assert a.design_life_years == 20.0 and a.unit == "kW"


def test_a_tab_separated_register_reads_too() -> None:
    (a,) = read_register("资产编号\t设备名称\t投产年份\nT1\t冷却塔\t2010\n".encode(), "a.tsv", AS_OF)
    assert (a.asset, a.name, a.commissioned) == ("T1", "冷却塔", (date(2010, 1, 1), date(2010, 12, 31)))


def test_a_capacity_cell_may_carry_its_unit() -> None:
    (a,) = read_register("资产编号,设备名称,容量\nF1,电石炉,25 MVA\n".encode(), "a.csv", AS_OF)
    assert (a.capacity, a.unit) == (25.0, "MVA")


def test_commissioning_as_a_date_a_month_or_a_year() -> None:
    assert commissioning("2004/6/1") == (date(2004, 6, 1), date(2004, 6, 1))
    assert commissioning("2004.06") == (date(2004, 6, 1), date(2004, 6, 30))
    assert commissioning("2004年") == (date(2004, 1, 1), date(2004, 12, 31))
    assert commissioning(2004) == (date(2004, 1, 1), date(2004, 12, 31))
    assert commissioning(datetime(2004, 2, 29, 0, 0)) == (date(2004, 2, 29), date(2004, 2, 29))
    with pytest.raises(ValueError):
        commissioning("去年")


def test_every_bad_row_is_reported_with_its_row_and_column_not_dropped() -> None:
    text = (
        "asset,name,commissioned,capacity,unit,design_life_years\n"
        "A1,电石炉,2003-05-01,20000,kVA,20\n"
        "A2,泵,2004-13-01,,,20\n"
        "\n"
        "A3,,2005,,,\n"
        "A4,风机,2006,很大,kVA,-1\n"
        "A1,压缩机,2007,,,\n"
        "A6,电炉,2030-01-01,5,zorks,\n"
    )
    with pytest.raises(InputError) as err:
        read_register(text.encode(), "a.csv", AS_OF)
    msg = err.value.message
    assert "第3行 row 3，commissioned" in msg and "'2004-13-01'" in msg
    assert "第5行 row 5，name" in msg  # the blank line 4 is skipped, the numbering is the file's
    assert "第6行 row 6，capacity" in msg and "第6行 row 6，design_life_years" in msg
    assert "第7行 row 7，asset" in msg and "repeats row 2" in msg
    assert "第8行 row 8，commissioned" in msg and "after the as-of date" in msg
    assert "第8行 row 8，unit" in msg and "'zorks'" in msg
    assert "\n" not in msg


def test_xlsx_with_date_cells_and_a_bad_row() -> None:
    good = _xlsx([["资产编号", "设备名称", "投产日期", "设计使用年限"], ["X1", "冷却塔", datetime(2012, 3, 1), 15],
                  ["X2", "泵", 2014, 20]])  # fmt: skip
    x1, x2 = read_register(good, "register.xlsx", AS_OF)
    assert x1.commissioned == (date(2012, 3, 1), date(2012, 3, 1))
    assert x2.commissioned == (date(2014, 1, 1), date(2014, 12, 31))  # a year typed as a number
    bad = _xlsx([["资产编号", "设备名称", "投产日期"], ["X1", "冷却塔", "上世纪"]])
    with pytest.raises(InputError, match="第2行 row 2，commissioned"):
        read_register(bad, "register.xlsx", AS_OF)


def test_a_register_without_the_required_columns_or_rows_is_refused() -> None:
    with pytest.raises(InputError, match="missing column name"):
        read_register(b"asset,commissioned\nA1,2004\n", "a.csv", AS_OF)
    with pytest.raises(InputError, match="no assets"):
        read_register(b"asset,name\n", "a.csv", AS_OF)
    with pytest.raises(InputError, match="XLSX"):
        read_register(b"PK\x03\x04 not really a zip", "a.xlsx", AS_OF)
