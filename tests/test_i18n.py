"""The class's language: the catalogues, the data translations, the choice of language, and dates in each language."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from exilemap import i18n, phrases, translations
from exilemap.gazetteer import ROOT, load
from exilemap.model import DataError

TRANSLATED = ("es", "fr", "ru")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def catalogue(lang: str):
    with i18n.catalogue_path(lang).open("rb") as fp:
        return read_po(fp, locale=lang)


def extracted() -> set[str]:
    """Every message pybabel finds in the code today, by the mapping `make translations` uses."""
    with (ROOT / "locales" / "babel.cfg").open() as fp:
        method_map, options_map = parse_mapping_cfg(fp)
    found = set()
    for _, _, message, _, _ in extract_from_dir(str(ROOT), method_map, options_map, keywords=KEYWORDS):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def said_in_code() -> set[str]:
    """Every literal message the code passes to _, gettext, ngettext or N_, found by Python's own parser: it sees
    inside f-strings, where pybabel's tokenizer does not."""
    files = [
        ROOT / "app.py",
        ROOT / "ui.py",
        ROOT / "sharing.py",
        *(ROOT / "views").glob("*.py"),
        *(ROOT / "exilemap").rglob("*.py"),
    ]
    found = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
                if name in KEYWORDS and isinstance(node.args[0].value, str):
                    found.add(node.args[0].value)
    return found


def test_the_languages_are_english_and_every_catalogue():
    assert i18n.languages() == ("en", "es", "fr", "ru")
    assert [i18n.native_name(lang) for lang in i18n.languages()] == ["English", "Español", "Français", "Русский"]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_each_catalogue_is_complete_unfuzzy_and_passes_babels_checkers(lang):
    cat = catalogue(lang)
    messages = [m for m in cat if m.id]
    assert len(messages) > 250
    empty = [m.id for m in messages if not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    assert not empty, f"untranslated in {lang}: {empty[:5]}"
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert not fuzzy, f"fuzzy in {lang}: {fuzzy[:5]}"
    words = [m for m in messages if isinstance(m.id, str) and len(re.sub(r"%\(\w+\)s", "", m.id)) >= 16]  # not only placeholders
    kept = [m.id for m in words if m.string == m.id]
    assert not kept, f"left in English in {lang}: {kept[:5]}"
    problems = [(m.id, [str(e) for e in errors]) for m, errors in cat.check()]
    assert not problems, problems  # placeholders that don't match, a plural with the wrong number of forms
    assert cat.num_plurals == get_plural(lang).num_plurals


@pytest.mark.parametrize("lang", TRANSLATED)
def test_each_catalogue_holds_every_message_the_code_says_and_no_stale_one(lang):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue(lang) if m.id}
    code = extracted()
    assert code - ids == set(), "run `make translations`: these messages are not in the catalogue"
    assert ids - code == set(), "run `make translations`: the catalogue holds messages the code no longer says"


def test_pybabel_finds_every_message_the_code_says():
    missed = said_in_code() - extracted()
    assert not missed, f"said where pybabel cannot see it (inside an f-string?): {sorted(missed)[:5]}"


def test_a_catalogue_with_a_broken_placeholder_fails_babels_checker(tmp_path):
    """The checker the catalogue test relies on does go red on a translation whose placeholder is misspelt."""
    po = tmp_path / "messages.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, python-format\nmsgid "Step %(number)s of %(count)s"\nmsgstr "Paso %(numero)s de %(count)s"\n',
        encoding="utf-8",
    )
    with po.open("rb") as fp:
        cat = read_po(fp, locale="es")
    assert [m.id for m, errors in cat.check() if errors] == ["Step %(number)s of %(count)s"]


def test_the_language_is_the_links_then_the_browsers_then_english():
    assert i18n.choose("es", "fr-FR") == "es"
    assert i18n.choose(None, "es-MX") == "es"
    assert i18n.choose("xx", "fr_CA") == "fr"
    assert i18n.choose("RU", None) == "ru"
    assert i18n.choose(None, "de-DE") == "en"
    assert i18n.choose(None, None) == "en"
    assert i18n.choose("", "") == "en"


def test_each_language_has_its_own_translator_and_none_changes_another():
    spanish, russian, english = i18n.translator("es"), i18n.translator("ru"), i18n.translator("en")
    assert spanish.gettext("Map") == "Mapa"
    assert russian.gettext("Map") == "Карта"
    assert english.gettext("Map") == "Map"
    assert i18n.translator("es").gettext("Map") == "Mapa"  # asked for again, after the others: the same words
    assert i18n.translator("xx").lang == "en"  # an unknown language is English, not an error


@pytest.mark.parametrize(
    ("lang", "day", "month", "uncertain"),
    [
        ("en", "20 July 1933", "July 1933", "some day in February 1929 (the day is not known)"),
        ("es", "20 de julio de 1933", "julio de 1933", "algún día de febrero de 1929 (no se sabe el día)"),
        ("fr", "20 juillet 1933", "juillet 1933", "courant février 1929 (le jour n'est pas connu)"),
        ("ru", "20 июля 1933", "июль 1933", "февраль 1929 (число неизвестно)"),
    ],
)
def test_dates_are_written_in_each_languages_own_form_with_the_same_precision(lang, day, month, uncertain):
    tr = i18n.translator(lang)
    assert phrases.format_date(dt.date(1933, 7, 20), "day", tr) == day
    assert phrases.format_date(dt.date(1933, 7, 1), "month", tr) == month
    assert phrases.date_phrase(dt.date(1929, 2, 1), "month", tr) == uncertain


def test_numbers_are_written_as_each_language_writes_them():
    assert [i18n.translator(lang).number(1234.5) for lang in ("en", "es", "fr")] == ["1,234.5", "1.234,5", "1\u202f234,5"]


# ---------------------------------------------------------------- the data's translations

GZ = load()


@pytest.mark.parametrize("lang", TRANSLATED)
def test_each_language_translates_every_cell_of_ours(lang):
    table = translations.load(lang, GZ)
    assert set(table) == set(translations.cells(GZ))


@pytest.mark.parametrize(
    ("lang", "stop", "name"),
    [
        ("es", "constantinople", "Constantinopla"),
        ("ru", "constantinople", "Константинополь"),
        ("ru", "alma-ata", "Алма-Ата"),
        ("fr", "constantinople", "Constantinople"),
        ("es", "moscow", "Moscú"),
    ],
)
def test_stop_names_are_as_each_language_wrote_them_then(lang, stop, name):
    assert translations.in_language(GZ, lang).stop(stop).name == name


def test_english_is_the_gazetteer_itself_with_no_translation_file_read():
    assert translations.in_language(GZ, "en") is GZ


def test_a_translation_leaves_quotes_dates_and_places_as_they_are():
    spanish = translations.in_language(GZ, "es")
    assert spanish.quotes == GZ.quotes  # quotes stay verbatim, in the words of their source
    assert [(s.id, s.arrived, s.departed, s.lat, s.lon) for s in spanish.stops] == [
        (s.id, s.arrived, s.departed, s.lat, s.lon) for s in GZ.stops
    ]
    assert spanish.stop("moscow").summary != GZ.stop("moscow").summary


def _problems(text: str) -> list[str]:
    with pytest.raises(DataError) as caught:
        translations.read(text, "translations/xx.csv", GZ)
    return [p.message for p in caught.value.problems]


def _file(*extra: tuple[str, ...], skip: tuple[str, str, str] | None = None) -> str:
    """A translation of every cell of ours ("x"), with its English as it stands, less `skip`, plus `extra` rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(translations.COLUMNS)
    for key, english in translations.cells(GZ).items():
        if key != skip:
            writer.writerow((*key, english, "x"))
    writer.writerows(extra)
    return out.getvalue()


def test_an_untranslated_cell_an_unknown_key_a_repeat_an_empty_text_and_a_changed_english_each_fail():
    missing = ("places", "moscow", "summary")
    summary = GZ.stop("moscow").summary
    assert _problems(_file(skip=missing)) == ["untranslated: places 'moscow' summary (“" + summary[:60] + "”)"]
    assert _problems(_file(("places", "atlantis", "name", "Atlantis", "Atlántida"))) == [
        "places has no 'atlantis' with a name to translate"
    ]
    assert _problems(_file(("places", "moscow", "name", "Moscow", "Moscú"))) == ["places 'moscow' name is translated twice"]
    assert "the translation is empty" in _problems(_file((*missing, summary, "  "), skip=missing))
    assert _problems(_file(("quotes", "q1", "text", "A quote", "Una cita")))[0].startswith("'quotes' is not a file we translate")
    # translated from an English that has since been corrected: the translation may say what is no longer claimed
    stale = _problems(_file((*missing, "An older summary of Moscow.", "Un resumen antiguo."), skip=missing))
    assert stale == ["the English has changed since this was translated: it now reads “" + summary[:80] + "”"]


def test_a_complete_file_of_our_own_passes_and_the_template_is_one_to_fill():
    assert len(translations.read(_file(), "xx.csv", GZ)) == len(translations.cells(GZ))
    template = translations.template(GZ)
    found = _problems(template)
    assert len(found) == len(translations.cells(GZ)) and set(found) == {"the translation is empty"}


def test_a_missing_language_file_is_a_data_error(monkeypatch, tmp_path):
    monkeypatch.setattr(translations, "FOLDER", Path(tmp_path))
    with pytest.raises(DataError, match="the file is missing"):
        translations.load("es", GZ)
