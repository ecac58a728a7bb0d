"""The files a journey can come in, one module per format, as geopy keeps one geocoder per module.

`read()` picks the reader by the file's ending and gives a `Table` of strings under our column names, or a
DataError saying in one sentence why the file cannot be read and which format it looked like.
"""

from __future__ import annotations

from babel.lists import format_list

from exilemap.readers import delimited, geojson_lpf, kml, spreadsheet
from exilemap.readers.table import FULL_COLUMNS, Table, check_size, refuse

__all__ = ["FORMATS", "FULL_COLUMNS", "Table", "read", "refuse"]

FORMATS = ("csv", "tsv", "txt", "xlsx", "ods", "geojson", "json", "jsonld", "kml", "kmz")
FORMATS_SHOWN = ("CSV", "TSV", "Excel .xlsx", "LibreOffice .ods", "GeoJSON", "Linked Places (.json, .jsonld)", "KML/KMZ")


def format_names(lang: str = "en") -> str:
    """The files an upload takes, as a list in the reader's language: "CSV, TSV, …, or KML/KMZ"; "CSV, TSV, … o KML/KMZ"."""
    return format_list(list(FORMATS_SHOWN), style="or", locale=lang)


FORMAT_NAMES = format_names()


def read(raw: bytes, file: str) -> Table:
    """The rows of an uploaded file, or a DataError saying in one sentence why it cannot be read."""
    check_size(len(raw), file)
    suffix = file.rsplit(".", 1)[-1].lower() if "." in file else ""
    if suffix in ("xlsx", "ods"):
        table = spreadsheet.read(raw, file, suffix)
    elif suffix in ("geojson", "json", "jsonld"):
        table = geojson_lpf.read(raw, file)
    elif suffix in ("kml", "kmz"):
        table = kml.read(raw, file, kmz=suffix == "kmz")
    elif suffix in ("csv", "tsv", "txt", ""):
        table = delimited.read(raw, file)
        if table.full and not table.notes:  # our own places.csv: loaded as it is, by the loader's own reader
            return Table(table.file, table.frame, table.notes, raw, size=len(raw))
    else:
        raise refuse(file, f"is a .{suffix} file; upload {FORMAT_NAMES}")
    return table
