"""Spreadsheets within their caps: declared sizes refused before reading, real sizes counted while streaming."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from policyhub import limits
from policyhub.errors import InputError, TooLarge
from policyhub.spreadsheets import Caps, csv_rows, xlsx_rows

SHEET = "xl/worksheets/sheet1.xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def xlsx(cells: dict[str, Any]) -> bytes:
    """A workbook written by openpyxl: its <dimension> spans every cell given."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for ref, value in cells.items():
        sheet[ref] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_sheet(xml: str, extra: dict[str, bytes] | None = None) -> bytes:
    """An XLSX whose first sheet is exactly `xml` (a dimension that lies, or none, cells without references)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx({"A1": "x"})))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, xml.encode() if info.filename == SHEET else source.read(info))
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def sheet_xml(rows: str, dimension: str | None = None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0"?><worksheet {NS}>{dim}<sheetData>{rows}</sheetData></worksheet>'


def refused(read: Callable[[], object]) -> TooLarge:
    with pytest.raises(TooLarge) as caught:
        read()
    return caught.value


def peak_of(read: Callable[[], object]) -> tuple[int, float, BaseException | None]:
    """Peak traced memory (bytes), seconds, and the error of one read."""
    tracemalloc.start()
    started = time.monotonic()
    error: BaseException | None = None
    try:
        read()
    except InputError as exc:
        error = exc
    seconds = time.monotonic() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, seconds, error


BOMBS = {
    "wide": {"A1": "asset", "XFD1": "x"},
    "tall": {"A1": "asset", "A1048576": "y"},
    "both": {"A1": "asset", "XFD1": "x", "A1048576": "y"},
}


@pytest.mark.parametrize("shape", list(BOMBS))
def test_a_tiny_workbook_declaring_a_huge_sheet_is_refused_before_any_row_is_expanded(shape: str) -> None:
    data = xlsx(BOMBS[shape])
    assert len(data) < 5 * 1024
    peak, seconds, error = peak_of(lambda: xlsx_rows(data))
    assert isinstance(error, TooLarge) and error.code in ("too_many_rows", "too_many_columns")
    assert "超过上限" in error.message and error.message.index("超过上限") < error.message.index("limit")
    assert seconds < 2 and peak < 20 * 1024 * 1024


def test_a_dimension_that_lies_does_not_hide_a_far_cell() -> None:
    wide = with_sheet(sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="XFD1"/></row>', "A1:B2"))
    assert refused(lambda: xlsx_rows(wide)).code == "too_many_columns"
    tall = with_sheet(sheet_xml('<row r="1"><c r="A1"/></row><row r="1048576"><c r="A1048576"/></row>'))
    assert refused(lambda: xlsx_rows(tall)).code == "too_many_rows"


def test_cells_without_references_are_counted_one_by_one() -> None:
    # openpyxl would build the whole row (millions of cells) before yielding it; the count stops at the cap.
    row = "<row>" + "<c/>" * 1_000_000 + "</row>"
    data = with_sheet(sheet_xml(row))
    assert len(data) < 10 * 1024
    peak, seconds, error = peak_of(lambda: xlsx_rows(data))
    assert isinstance(error, TooLarge) and error.code == "too_many_columns"
    assert seconds < 2 and peak < 20 * 1024 * 1024


def test_the_declared_caps_at_the_limit_are_read_and_one_more_is_refused() -> None:
    rows, columns = limits.REGISTER_ROWS, limits.REGISTER_CELLS // limits.REGISTER_ROWS
    last = get_column_letter(columns)
    assert len(xlsx_rows(xlsx({"A1": "asset", f"{last}{rows}": "z"}))) == rows
    assert refused(lambda: xlsx_rows(xlsx({"A1": "a", f"A{rows + 1}": "z"}))).code == "too_many_rows"
    wider = get_column_letter(limits.REGISTER_COLUMNS + 1)
    assert len(xlsx_rows(xlsx({"A1": "a", f"{get_column_letter(limits.REGISTER_COLUMNS)}1": "z"}))[0][1]) == 64
    assert refused(lambda: xlsx_rows(xlsx({"A1": "a", f"{wider}1": "z"}))).code == "too_many_columns"
    more = get_column_letter(columns + 1)
    assert refused(lambda: xlsx_rows(xlsx({"A1": "a", f"{more}{rows}": "z"}))).code == "too_many_cells"


def test_the_counted_caps_at_the_limit_are_read_and_one_more_is_refused() -> None:
    caps = Caps(rows=4, columns=3, cells=7)

    def rows_of(n: int, width: int) -> str:
        return "".join(
            f'<row r="{r}">' + '<c t="inlineStr"><is><t>v</t></is></c>' * width + "</row>" for r in range(1, n + 1)
        )

    assert len(xlsx_rows(with_sheet(sheet_xml(rows_of(2, 3))), caps)) == 2
    assert refused(lambda: xlsx_rows(with_sheet(sheet_xml(rows_of(2, 4))), caps)).code == "too_many_columns"
    assert refused(lambda: xlsx_rows(with_sheet(sheet_xml(rows_of(5, 1))), caps)).code == "too_many_rows"
    assert len(xlsx_rows(with_sheet(sheet_xml(rows_of(4, 1) + '<row r="3"><c r="C3"/></row>')), caps)) == 4
    assert refused(lambda: xlsx_rows(with_sheet(sheet_xml(rows_of(4, 2))), caps)).code == "too_many_cells"


def test_what_the_sheet_holds_is_read_as_before() -> None:
    data = xlsx({"A1": "asset", "B1": "name", "A2": "P1", "B2": 3, "C4": "far"})
    assert xlsx_rows(data) == [(1, ["asset", "name", None]), (2, ["P1", 3, None]), (3, [None, None, None]),
                               (4, [None, None, "far"])]  # fmt: skip


def test_a_workbook_unzipping_past_its_budget_is_refused_and_one_at_it_is_read() -> None:
    sheet = sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>')
    used = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(with_sheet(sheet))).infolist())
    at_limit = with_sheet(sheet, {"xl/media/pad.bin": bytes(limits.XLSX_UNZIPPED_BYTES - used)})
    assert sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(at_limit)).infolist()) == limits.XLSX_UNZIPPED_BYTES
    assert xlsx_rows(at_limit) == [(1, ["a"])]
    over = with_sheet(sheet, {"xl/media/pad.bin": bytes(limits.XLSX_UNZIPPED_BYTES - used + 1)})
    assert refused(lambda: xlsx_rows(over)).code == "too_large"


def test_a_worksheet_with_a_doctype_or_broken_xml_is_unreadable_not_an_error_page() -> None:
    laughs = '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">]><worksheet/>'
    for data in (with_sheet(laughs), with_sheet("<worksheet><sheetData><row>"), b"PK\x03\x04 not a zip"):
        with pytest.raises(InputError) as caught:
            xlsx_rows(data, code="bad_register")
        assert caught.value.code == "bad_register" and not isinstance(caught.value, TooLarge)


def test_csv_rows_and_columns_at_the_limit_are_read_and_one_more_is_refused() -> None:
    caps = Caps()
    assert len(csv_rows("a\n" * limits.REGISTER_ROWS, caps)) == limits.REGISTER_ROWS
    assert refused(lambda: csv_rows("a\n" * (limits.REGISTER_ROWS + 1), caps)).code == "too_many_rows"
    assert len(csv_rows(",".join("x" * limits.REGISTER_COLUMNS) + "\n"))
    assert refused(lambda: csv_rows(",".join("x" * (limits.REGISTER_COLUMNS + 1)))).code == "too_many_columns"
    assert refused(lambda: csv_rows("a,b,c\n" * 3, Caps(rows=10, columns=3, cells=8))).code == "too_many_cells"
    with pytest.raises(InputError) as caught:
        csv_rows('"' + "x" * 200_000 + '"\n', code="bad_register")
    assert caught.value.code == "bad_register" and "CSV 格式错误" in caught.value.message
