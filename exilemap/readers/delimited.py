"""Delimited text: CSV and TSV with a comma, semicolon or tab, in the encodings spreadsheets write.

UTF-8 with or without a byte-order mark, UTF-16 with one (Excel's "Unicode text"), and Windows-1252 (old
Excel in Western Europe), which is said in the table's notes since a wrong guess would change letters.
"""

from __future__ import annotations

import codecs
import csv
import io

from exilemap.readers.table import Table, build, refuse

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}


def decode(raw: bytes, file: str) -> tuple[str, list[str]]:
    """The text of a file and, where it was not UTF-8, a note naming the encoding it was read as."""
    if raw.startswith(codecs.BOM_UTF8):
        if not _utf8(raw[3:]):
            raise refuse(file, "starts with UTF-8's byte-order mark but is not UTF-8 text")
        return raw[3:].decode("utf-8"), []
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), ["Read as UTF-16 text (Excel's “Unicode text”)."]
        except UnicodeDecodeError:
            raise refuse(file, "starts like UTF-16 text but is not valid UTF-16") from None
    if b"\x00" in raw:
        raise refuse(file, "looks like UTF-16 text without its byte-order mark: save it again as UTF-8 (CSV UTF-8 in Excel)")
    if _utf8(raw):
        return raw.decode("utf-8"), []
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        raise refuse(file, "is not UTF-8, UTF-16 or Windows-1252 text: save it again as UTF-8 (CSV UTF-8 in Excel)") from None
    return text, ["Read as Windows-1252 text, not UTF-8 (old Excel in Western Europe): check that accented letters look right."]


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def sniff(first_line: str) -> str:
    """The delimiter of a header line: whichever of comma, semicolon and tab it has most of, outside quotes."""
    unquoted = "".join(part for i, part in enumerate(first_line.split('"')) if i % 2 == 0)
    counts = {d: unquoted.count(d) for d in DELIMITERS}
    return max(counts, key=lambda d: (counts[d], d == ","))


def read(raw: bytes, file: str) -> Table:
    """A delimited file's rows, or a DataError saying in one sentence why it is not delimited text."""
    text, notes = decode(raw, file)
    if not text.strip():
        raise refuse(file, "is empty: expected a header row and data rows")
    delimiter = sniff(text.lstrip().splitlines()[0])
    if delimiter != ",":
        notes.append(f"Columns are separated by {DELIMITERS[delimiter]}s.")
    try:
        cells = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise refuse(file, f"looks like delimited text ({DELIMITERS[delimiter]}s) but is not valid CSV: {exc}") from None
    return build(cells, file, notes, size=len(raw))
