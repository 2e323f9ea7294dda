"""CSV cells a spreadsheet would run are neutralised; download names never reach a header raw."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from policyhub.exports import content_disposition, csv_text, safe_cell


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1+2", "'+1+2"),
        ("-1+2", "'-1+2"),
        ("-3", "'-3"),  # text from a person: prefixed, as the contract says for any text starting with -
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("电石炉", "电石炉"),
        ("A-1", "A-1"),
        (" =1", " =1"),  # a leading space: not a formula in a spreadsheet
        ("", ""),
    ],
)
def test_a_text_cell_that_starts_a_formula_is_prefixed(text: str, written: str) -> None:
    assert safe_cell(text) == written
    [[cell]] = list(csv.reader(io.StringIO(csv_text([[text]]), newline="")))
    assert cell == written


@pytest.mark.parametrize("number", [-3, -2.5, Decimal("-0.10"), 0, 42])
def test_numbers_written_as_numbers_stay_numbers(number: object) -> None:
    assert safe_cell(number) == number
    assert csv_text([[number]]) == f"{number}\n"


def test_other_values_are_judged_by_their_text() -> None:
    class Odd:
        def __str__(self) -> str:
            return "=1+1"

    assert safe_cell(Odd()) == "'=1+1"
    assert safe_cell(None) is None and csv_text([[None, "x"]]) == ",x\n"


def test_a_plain_name_stays_plain_in_the_header() -> None:
    name = "gec-report-2024-09.csv"
    assert content_disposition("attachment", name) == f'attachment; filename="{name}"'


@pytest.mark.parametrize("name", ["GECC1\n.pdf", 'a"b.pdf', "a;b\r\n.csv", "报告 2024.pdf", "x\x00.pdf"])
def test_any_other_name_is_encoded_and_given_an_ascii_fallback(name: str) -> None:
    value = content_disposition("inline", name)
    assert value.isascii() and value.isprintable()
    assert value.count('"') == 2 and "\n" not in value and "\r" not in value
    assert "filename*=UTF-8''" in value
    from urllib.parse import unquote

    assert unquote(value.split("filename*=UTF-8''")[1]) == name


def test_a_lone_carriage_return_inside_a_cell_keeps_the_row_whole() -> None:
    text = csv_text([["a\rb", 5, None], ["c", 6, "d"]])
    assert list(csv.reader(io.StringIO(text, newline=""))) == [["a\rb", "5", ""], ["c", "6", "d"]]
