"""Spreadsheets read within a budget: an XLSX's sizes checked while streaming its XML, before openpyxl expands a row.

openpyxl pads every row to the sheet's widest column and fills every missing row up to the last, even in
read-only mode: one cell at XFD1 and one at A1048576 in a 1.5 KB file ask for 17 billion cells. So every worksheet
of the workbook is first read as a stream of XML events (no tree, nothing kept): its declared <dimension>, then
every <row> and <c> counted against the caps (a dimension may lie or be absent). Only a workbook inside them is
handed to openpyxl, with the first sheet's rows and columns actually seen as the bounds of its iteration.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import IO, Any
from xml.parsers import expat

from policyhub import limits
from policyhub.errors import InputError, TooLarge

Rows = list[tuple[int, list[Any]]]
_REF = re.compile(r"^\$?([A-Za-z]{1,3})?\$?(\d+)?$")


@dataclass(frozen=True)
class Caps:
    """The most rows, columns and cells one sheet may have (the register's by default)."""

    rows: int = limits.REGISTER_ROWS
    columns: int = limits.REGISTER_COLUMNS
    cells: int = limits.REGISTER_CELLS


BATCH = Caps(limits.BATCH_ROWS, limits.BATCH_COLUMNS, limits.BATCH_ROWS * limits.BATCH_COLUMNS)


def _column(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _ref(text: str) -> tuple[int | None, int | None]:
    """ "XFD1048576" → (16384, 1048576); a part left out is None."""
    m = _REF.match(text.strip())
    if not m:
        return None, None
    return (_column(m.group(1)) if m.group(1) else None), (int(m.group(2)) if m.group(2) else None)


def too_many_rows(rows: int, caps: Caps, declared: bool = False) -> TooLarge:
    """The refusal for a sheet or file longer than the cap."""
    said = ("声明", "declares") if declared else ("有", "has")
    return TooLarge(f"表格{said[0]} {rows:,} 行，超过上限 {caps.rows:,} 行 the sheet {said[1]} {rows:,} rows, "
                    f"more than the limit of {caps.rows:,}", "too_many_rows")  # fmt: skip


def too_many_columns(columns: int, caps: Caps, declared: bool = False) -> TooLarge:
    """The refusal for a sheet or file wider than the cap."""
    said = ("声明", "declares") if declared else ("有", "has")
    return TooLarge(f"表格{said[0]} {columns:,} 列，超过上限 {caps.columns:,} 列 the sheet {said[1]} {columns:,} "
                    f"columns, more than the limit of {caps.columns:,}", "too_many_columns")  # fmt: skip


def too_many_cells(cells: int, caps: Caps, declared: bool = False) -> TooLarge:
    """The refusal for a sheet or file with more cells than the cap."""
    said = ("声明", "declares") if declared else ("有", "has")
    return TooLarge(f"表格{said[0]}超过 {caps.cells:,} 个单元格 the sheet {said[1]} more than {caps.cells:,} cells "
                    f"({cells:,})", "too_many_cells")  # fmt: skip


def check_size(rows: int, columns: int, caps: Caps, declared: bool = False) -> None:
    """A sheet of `rows` × `columns` within the caps, else TooLarge."""
    if rows > caps.rows:
        raise too_many_rows(rows, caps, declared)
    if columns > caps.columns:
        raise too_many_columns(columns, caps, declared)
    if rows * columns > caps.cells:
        raise too_many_cells(rows * columns, caps, declared)


class _Scan:
    """Counts a worksheet's rows and cells from its XML events; raises as soon as one cap is passed."""

    def __init__(self, caps: Caps) -> None:
        self.caps = caps
        self.row = self.column = self.cells = 0
        self.max_row = self.max_column = 0
        self.rooted = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = name.rsplit(":", 1)[-1]
        if not self.rooted:
            if tag != "worksheet":
                raise _NotASheet
            self.rooted = True
        if tag == "c":
            column, row = _ref(attrs.get("r", ""))
            self.column = column if column is not None else self.column + 1
            if row is not None and row != self.row:
                self._row(row)
            self.cells += 1
            if self.column > self.caps.columns:
                raise too_many_columns(self.column, self.caps)
            if self.cells > self.caps.cells:
                raise too_many_cells(self.cells, self.caps)
            self.max_column = max(self.max_column, self.column)
        elif tag == "row":
            _, row = _ref(attrs.get("r", ""))
            self._row(row if row is not None else self.row + 1)
            self.column = 0
        elif tag == "dimension":
            last = attrs.get("ref", "").split(":")[-1]
            columns, rows = _ref(last)
            check_size(rows or 0, columns or 0, self.caps, declared=True)

    def _row(self, row: int) -> None:
        self.row = row
        if row > self.caps.rows:
            raise too_many_rows(row, self.caps)
        self.max_row = max(self.max_row, row)


class _NotASheet(Exception):
    """The part's root element is not a worksheet (styles, strings, a picture): nothing to count."""


class DOCTYPE(Exception):  # named for the message: "not a readable XLSX file (DOCTYPE)"
    """A part declares a DOCTYPE: entities are no part of a spreadsheet, and expanding them is a bomb of its own."""


def _doctype(*_: object) -> None:
    raise DOCTYPE


def scan_sheet(source: IO[bytes], caps: Caps) -> tuple[int, int] | None:
    """(rows, columns) a worksheet's XML really uses, read in 64 KB pieces; None for a part that is no worksheet;
    TooLarge past any cap."""
    scan = _Scan(caps)
    parser = expat.ParserCreate()
    parser.StartElementHandler = scan.start
    parser.StartDoctypeDeclHandler = _doctype
    try:
        while chunk := source.read(64 * 1024):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _NotASheet:
        return None
    except expat.ExpatError:
        if not scan.rooted:
            return None  # not XML at all (a picture): openpyxl refuses it if it is named as a sheet
        raise
    return scan.max_row, scan.max_column


def scan_parts(archive: zipfile.ZipFile, caps: Caps) -> dict[str, tuple[int, int]]:
    """Every worksheet of the archive, whatever its part's name, counted before openpyxl opens one: even in
    read-only mode it walks each sheet without a <dimension> to its end when the workbook is loaded."""
    infos = archive.infolist()
    if len(infos) > limits.XLSX_PARTS:
        raise TooLarge(f"XLSX 含超过 {limits.XLSX_PARTS:,} 个部件 the XLSX has more than {limits.XLSX_PARTS:,} parts",
                       "too_large")  # fmt: skip
    sheets: dict[str, tuple[int, int]] = {}
    for info in infos:
        with archive.open(info) as source:
            found = scan_sheet(source, caps)
        if found is not None:
            sheets[info.filename] = found
    return sheets


def _unreadable(exc: BaseException, code: str) -> InputError:
    return InputError(f"不是可读的 XLSX 文件 not a readable XLSX file ({type(exc).__name__})", code)


def xlsx_rows(data: bytes, caps: Caps = Caps(), code: str = "bad_file") -> Rows:
    """The first sheet's rows, numbered from 1, as values; TooLarge before anything is expanded past the caps."""
    from openpyxl import load_workbook  # imported here: only spreadsheets need it

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _unreadable(exc, code) from None
    if unzipped > limits.XLSX_UNZIPPED_BYTES:
        raise TooLarge(f"XLSX 解压后超过 {limits.XLSX_UNZIPPED_BYTES // limits.MIB} MB the XLSX unzips to more than "
                       f"{limits.XLSX_UNZIPPED_BYTES // limits.MIB} MB ({unzipped:,} bytes)", "too_large")  # fmt: skip
    try:
        # Each sheet's declared <dimension> first (the contract's bomb stops there), then its rows and cells.
        sheets = scan_parts(archive, caps)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except InputError:
        raise
    except Exception as exc:  # openpyxl raises zipfile, KeyError, InvalidFileException … on a damaged file
        raise _unreadable(exc, code) from None
    try:
        sheet = book.worksheets[0]
        check_size(sheet.max_row or 0, sheet.max_column or 0, caps, declared=True)
        # openpyxl keeps no public name for the part behind a read-only sheet; this one is stable since 2.4.
        rows, columns = sheets[str(sheet._worksheet_path).lstrip("/")]  # type: ignore[attr-defined]
        if rows == 0:
            return []
        values = sheet.iter_rows(min_row=1, max_row=rows, min_col=1, max_col=max(columns, 1), values_only=True)
        return [(i, list(row)) for i, row in enumerate(values, 1)]
    except InputError:
        raise
    except Exception as exc:  # a damaged sheet: expat, zipfile (a CRC past a lying size), openpyxl's own errors
        raise _unreadable(exc, code) from None
    finally:
        book.close()


def csv_rows(text: str, caps: Caps = Caps(), code: str = "bad_file", **dialect: Any) -> Rows:
    """Rows of CSV text (csv.reader's `dialect` options), each numbered by its last line, counted against the caps
    as they are read."""
    reader = csv.reader(io.StringIO(text, newline=""), **dialect)
    out: Rows = []
    cells = 0
    try:
        for n, row in enumerate(reader, 1):
            if n > caps.rows:
                raise too_many_rows(n, caps)
            if len(row) > caps.columns:
                raise too_many_columns(len(row), caps)
            cells += len(row)
            if cells > caps.cells:
                raise too_many_cells(cells, caps)
            out.append((reader.line_num, list(row)))
    except csv.Error as exc:  # a field over csv.field_size_limit (128 KB), a NUL, a stray quote
        raise InputError(f"CSV 格式错误 the CSV is malformed ({exc})", code) from None
    return out


def is_xlsx(data: bytes, filename: str = "") -> bool:
    """An XLSX file (a zip) by its name or its first bytes."""
    return filename.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04"


def sheet_rows(data: bytes, filename: str, caps: Caps, code: str = "bad_file") -> Rows:
    """An uploaded table's rows: the first sheet of an XLSX, or CSV text in UTF-8 or GB18030 (a spreadsheet saved as
    CSV in China often is) separated by commas, tabs or semicolons, whichever the first line uses most."""
    if is_xlsx(data, filename):
        return xlsx_rows(data, caps, code)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError("无法读取文件编码 cannot decode the file (UTF-8 or GB18030)", code)
    first = text.split("\n", 1)[0]
    return csv_rows(text, caps, code, delimiter=max(",\t;", key=first.count))


def header_key(header: str) -> str:
    """A column header as compared: no spaces, no trailing unit in brackets, lower case."""
    return re.sub(r"[（(][^）)]*[）)]$", "", re.sub(r"\s+", "", header)).lower()


def find_columns(headers: list[str], columns: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """Each canonical column → the index of the first header that spells it one of its ways."""
    found: dict[str, int] = {}
    for i, header in enumerate(headers):
        k = header_key(header)
        for col, names in columns.items():
            if col not in found and k in {header_key(n) for n in names}:
                found[col] = i
                break
    return found
