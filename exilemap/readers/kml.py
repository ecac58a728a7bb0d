"""KML and KMZ, as Google Earth and Google My Maps export them, read with lxml.

A Placemark with a Point is a stop: its name, its description as the summary (HTML made plain text), its
`TimeSpan` (begin, end) or `TimeStamp` (when) as its dates. Google My Maps writes the layer's table
columns as `ExtendedData` (Data/value, or SchemaData/SimpleData), which are read with the same header
synonyms as a CSV. A KMZ is a zip holding the KML (doc.kml, or the first .kml at its root).
"""

from __future__ import annotations

import io
import zipfile

import lxml.html
from lxml import etree

from exilemap import headers
from exilemap.gazetteer import MAX_FILE_BYTES
from exilemap.readers.table import Table, build, refuse

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _child(element, name: str):
    return next((c for c in element if _local(c) == name), None)


def _text(element, name: str) -> str:
    found = _child(element, name) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


def unzip(raw: bytes, file: str) -> bytes:
    """The KML inside a KMZ, held to the upload's size limit however well it is compressed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        names = [n for n in archive.namelist() if n.lower().endswith(".kml")]
        inner = "doc.kml" if "doc.kml" in names else next((n for n in names if "/" not in n), names[0] if names else None)
        if inner is None:
            raise refuse(file, "is a zip file (KMZ) with no .kml file inside")
        if archive.getinfo(inner).file_size > MAX_FILE_BYTES:
            raise refuse(
                file, f"holds a KML of {archive.getinfo(inner).file_size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes"
            )
        return archive.read(inner)
    except (zipfile.BadZipFile, KeyError, OSError):
        raise refuse(file, "is not a KMZ (a zip file holding KML) that can be read") from None


def read(raw: bytes, file: str, kmz: bool = False) -> Table:
    """The Placemarks with a Point, or a DataError saying in one sentence why the file is not KML that can be read."""
    kml = unzip(raw, file) if kmz else raw
    try:
        root = etree.fromstring(kml, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise refuse(file, f"is not KML that can be read: the XML is broken ({exc.msg})") from None
    if _local(root) not in ("kml", "Document", "Folder"):
        raise refuse(file, f"is XML but not KML: its root element is <{_local(root)}>, not <kml>")
    rows, labels, skipped = [], [], 0
    for number, placemark in enumerate((e for e in root.iter() if _local(e) == "Placemark"), start=1):
        row = _placemark_row(placemark)
        if row is None:
            skipped += 1
            continue
        rows.append(row)
        name = row.get("name", "")
        labels.append(f"Placemark {number}" + (f" ('{name}')" if name else ""))
    if not rows:
        raise refuse(file, "is KML with no Placemark that has a Point: each stop must be a Placemark with a Point")
    notes = [f"{skipped} Placemark(s) without a Point (such as a line or a shape) were left out."] if skipped else []
    columns = list(dict.fromkeys(c for r in rows for c in r))
    return build([columns] + [[r.get(c, "") for c in columns] for r in rows], file, notes, tuple(labels), size=len(raw))


def _placemark_row(placemark) -> dict[str, str] | None:
    point = next((e for e in placemark.iter() if _local(e) == "Point"), None)
    if point is None:
        return None
    row: dict[str, str] = {}
    for name, value in _extended_data(placemark):
        column = headers.column_for(name) or name
        row.setdefault(column, value)
    row.setdefault("name", _text(placemark, "name"))
    coords = _text(point, "coordinates").replace("\n", " ").split()
    parts = coords[0].split(",") if coords else []
    if len(parts) >= 2:
        row.setdefault("lon", parts[0].strip())
        row.setdefault("lat", parts[1].strip())
    span, stamp = _child(placemark, "TimeSpan"), _child(placemark, "TimeStamp")
    if span is not None:
        row.setdefault("arrived", _day(_text(span, "begin")))
        if _text(span, "end"):
            row.setdefault("departed", _day(_text(span, "end")))
    elif stamp is not None:
        row.setdefault("arrived", _day(_text(stamp, "when")))
    description = _text(placemark, "description")
    if description and "summary" not in row:
        row["summary"] = plain(description)
    return {k: v for k, v in row.items() if k}


def _day(value: str) -> str:
    """KML's time (xsd:dateTime, date, gYearMonth or gYear) to the day: Google Earth writes 1917-04-09T00:00:00Z."""
    return value.split("T", 1)[0] if len(value) > 10 and value[10] == "T" else value


def _extended_data(placemark):
    data = _child(placemark, "ExtendedData")
    if data is None:
        return
    for element in data.iter():
        if _local(element) == "Data" and element.get("name"):
            yield element.get("name"), _text(element, "value")
        elif _local(element) == "SimpleData" and element.get("name"):
            yield element.get("name"), (element.text or "").strip()


def plain(description: str) -> str:
    """A description as plain text: Google's HTML (<br>, <b>) made words, nothing of it kept as markup."""
    if "<" not in description:
        return " ".join(description.split())
    fragment = lxml.html.fragment_fromstring(description.replace("<br>", "\n").replace("<br/>", "\n"), create_parent="div")
    return " ".join(fragment.text_content().split())
