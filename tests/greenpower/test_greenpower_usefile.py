"""The use file: CSV (UTF-8 or GB18030), XLSX and JSON rows, every bad cell named, the budgets held."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from policyhub import limits
from policyhub.errors import InputError, TooLarge
from policyhub.greenpower.usefile import read_use, use_from_json

HEADER = "site,province,month,kwh,green_trade_kwh,product,output,output_unit\n"


def test_a_csv_is_read_with_provinces_and_months_normalised() -> None:
    text = HEADER + '一厂,江苏省,2024/3,"12,500.5",500,电解铝锭,3,t\n二厂,Yunnan,2024年4月,800,,,,\n'
    rows = read_use(text.encode())
    assert [(r.site, r.province, r.month, r.kwh, r.green_trade_kwh) for r in rows] == [
        ("一厂", "江苏", "2024-03", Decimal("12500.5"), Decimal(500)),
        ("二厂", "云南", "2024-04", Decimal(800), 0),
    ]
    assert rows[0].product == "电解铝锭" and rows[0].output == 3 and rows[0].output_unit == "t"


def test_chinese_headers_gb18030_and_tabs_are_read() -> None:
    text = "场站\t省份\t月份\t用电量（千瓦时）\n一厂\t江苏\t2024-01\t100\n"
    assert read_use(text.encode("gb18030"))[0].kwh == 100


def test_an_xlsx_is_read_with_date_cells() -> None:
    from datetime import datetime

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["site", "province", "month", "kwh"])
    sheet.append(["一厂", "江苏", datetime(2024, 5, 1), 1500])
    buf = io.BytesIO()
    book.save(buf)
    [row] = read_use(buf.getvalue(), "use.xlsx")
    assert (row.month, row.kwh) == ("2024-05", 1500)


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("一厂,江苏,2024-13,100,,,,", "month"),
        ("一厂,火星,2024-01,100,,,,", "province"),
        ("一厂,江苏,2024-01,-5,,,,", "kwh"),
        ("一厂,江苏,2024-01,lots,,,,", "kwh"),
        ("一厂,江苏,2024-01,100,200,,,", "more than the row's kwh"),
        ("一厂,江苏,2024-01,100,,铝锭,,", "give both product"),
        (",江苏,2024-01,100,,,,", "site（场站） : 为空"),
        ("厂\x07,江苏,2024-01,100,,,,", "control characters"),
    ],
)
def test_a_bad_cell_is_one_error_naming_row_and_column(line: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        read_use((HEADER + line + "\n").encode())
    assert caught.value.code == "bad_use_file" and "第2行 row 2" in caught.value.message
    assert words.replace(" : ", ": ") in caught.value.message or words in caught.value.message


def test_repeats_a_site_in_two_provinces_and_a_product_in_two_units_are_refused_together() -> None:
    text = HEADER + "\n".join(["一厂,江苏,2024-01,100,,,,", "一厂,江苏,2024-01,100,,,,", "一厂,浙江,2024-02,100,,,,",
                               "二厂,江苏,2024-01,1,,钢,1,t", "二厂,江苏,2024-02,1,,钢,1,kg"]) + "\n"  # fmt: skip
    with pytest.raises(InputError) as caught:
        read_use(text.encode())
    message = caught.value.message
    assert "第3行 row 3" in message and "repeats row 2" in message
    assert "第4行 row 4" in message and "在第2行为 is in 江苏" in message
    assert "第6行 row 6" in message and "output_unit" in message


def test_a_missing_column_is_named() -> None:
    with pytest.raises(InputError, match="missing column kwh"):
        read_use(b"site,province,month\nA,\xe6\xb1\x9f\xe8\x8b\x8f,2024-01\n")


def test_the_rows_budget_is_held_at_the_limit_and_refused_one_past_it() -> None:
    body = "".join(f"S{i},江苏,2024-01,1\n" for i in range(limits.USE_ROWS - 1))
    assert len(read_use(("site,province,month,kwh\n" + body).encode())) == limits.USE_ROWS - 1
    with pytest.raises(TooLarge) as caught:
        read_use(("site,province,month,kwh\n" + body + "X,江苏,2024-01,1\n").encode())
    assert caught.value.code == "too_many_rows"


def test_the_file_size_budget() -> None:
    with pytest.raises(TooLarge):
        read_use(b"x" * (limits.USE_FILE_BYTES + 1))


def test_json_rows_read_like_a_csv() -> None:
    rows = use_from_json([{"site": "一厂", "province": "江苏", "month": "2024-01", "kwh": 10.5}])
    assert rows[0].kwh == Decimal("10.5")
    with pytest.raises(InputError, match="第2行 row 2"):
        use_from_json([{"site": "一厂", "province": "江苏", "month": "2024-01", "kwh": True}])
    with pytest.raises(TooLarge):
        use_from_json([{"site": "a", "province": "江苏", "month": "2024-01", "kwh": 1}] * limits.USE_ROWS)
    with pytest.raises(InputError, match="non-empty array"):
        use_from_json({"site": "a"})
