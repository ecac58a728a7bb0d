"""Workbooks: Excel's .xlsx and LibreOffice's .ods, the first sheet, read by python-calamine (one fast reader for both)."""

from __future__ import annotations

import datetime as dt
import io

import python_calamine

from exilemap.readers.table import Table, build, refuse

NAMES = {"xlsx": "an Excel workbook (.xlsx)", "ods": "a LibreOffice spreadsheet (.ods)"}


def cell_text(value) -> str:
    """A cell as the text a person typed: dates as ISO dates, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def read(raw: bytes, file: str, kind: str) -> Table:
    """The first sheet's rows, or a DataError saying why the workbook cannot be read."""
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (python_calamine.CalamineError, ValueError, IndexError) as exc:  # a file that is not a workbook, or has no sheet
        raise refuse(file, f"is not {NAMES[kind]} that can be read ({type(exc).__name__})") from None
    return build([[cell_text(v) for v in row] for row in rows], file, [], size=len(raw))
