"""The class's language: a translator per language, chosen per session, and dates and numbers through Babel.

The interface's words are gettext catalogues, `locales/<lang>/LC_MESSAGES/messages.po`, extracted by pybabel from
app.py, ui.py, sharing.py, views/ and exilemap/ (`make translations`). A language is there when its catalogue is: adding
one is one catalogue, plus its data file (`data/translations/<lang>.csv`, read by exilemap.translations).

Nothing here holds a current language. Each session asks for its own translator, and every function that words
something takes one, so one pupil's choice never reaches another's page. There is no `gettext.install()`.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LOCALES = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
SOURCE = "en"  # the language the code is written in: it needs no catalogue
PARAM = "lang"  # ?lang=es


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined (a table of phrases); it is translated where it is used."""
    return message


def catalogue_path(lang: str, suffix: str = ".po") -> Path:
    return LOCALES / lang / "LC_MESSAGES" / (DOMAIN + suffix)


@functools.cache  # read once per process: every run of every session asks, and the catalogues do not change under it
def languages() -> tuple[str, ...]:
    """English, then every language with a catalogue, in code order: ("en", "es", "fr", "ru")."""
    found = sorted(p.parent.parent.name for p in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po")) if LOCALES.is_dir() else []
    return (SOURCE, *(lang for lang in found if lang != SOURCE))


def native_name(lang: str) -> str:
    """The language in its own words, as a menu shows it: "Español", "Français", "Русский"."""
    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]


def choose(asked: str | None, browser: str | None, available: tuple[str, ...] | None = None) -> str:
    """The session's language: the link's `?lang=` if we have it, else the browser's (`es-MX` gives es), else English."""
    available = available or languages()
    for wanted in (asked, browser):
        lang = (wanted or "").replace("_", "-").split("-")[0].strip().lower()
        if lang in available:
            return lang
    return SOURCE


def _compiled(lang: str) -> NullTranslations:
    """The language's compiled catalogue (.mo, made at install by `make translations`), or, where it is missing or
    older than its .po (a host that never ran make, such as Community Cloud), the .po compiled in memory."""
    po, mo = catalogue_path(lang), catalogue_path(lang, ".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as fp:
            return Translations(fp, domain=DOMAIN)
    with po.open("rb") as fp:
        catalog = read_po(fp, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


# The date patterns are messages too, so each language writes its own (Babel's pattern syntax, CLDR's month names):
# Spanish says "20 de julio de 1933", Russian "20 июля 1933" with the month in the genitive, and "июль 1933" alone.
# Translators: a Babel (CLDR) date pattern: d day, MMMM month name, y year; text in single quotes, as in "d 'de' MMMM 'de' y".
DAY_PATTERN = N_("d MMMM y")
# Translators: a Babel date pattern for a month alone: LLLL is the month's stand-alone name (Russian "июль 1933").
MONTH_PATTERN = N_("MMMM y")
# Translators: a Babel date pattern with the short month name (MMM).
SHORT_DAY_PATTERN = N_("d MMM y")
DAY_MONTH_PATTERN = N_("d MMMM")  # a day in a span whose year is said once: "between 10 February and 3 March 1929"


@dataclass(frozen=True, eq=False)
class Translator:
    """One language's words: its catalogue, and its dates and numbers. Made once per language, shared read-only."""

    lang: str
    translations: NullTranslations = field(repr=False)

    @functools.cached_property
    def locale(self) -> Locale:
        return Locale.parse(self.lang)

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    @functools.cached_property
    def _patterns(self) -> dict[str, str]:
        return {
            "day": self.gettext(DAY_PATTERN),
            "month": self.gettext(MONTH_PATTERN),
            "short": self.gettext(SHORT_DAY_PATTERN),
            "day_month": self.gettext(DAY_MONTH_PATTERN),
        }

    def date(self, value: dt.date, precision: str = "day") -> str:
        """A date as a reader of this language says it, no more precise than it is known: '9 January 1937',
        'April 1929', '1929', 'c. 1917'; in Spanish '9 de enero de 1937', 'abril de 1929'."""
        if precision == "circa":
            return self.gettext("c. %(year)s") % {"year": value.year}
        if precision == "year":
            return str(value.year)
        return _formatted(self, value, "month" if precision == "month" else "day")

    def short_date(self, value: dt.date) -> str:
        return _formatted(self, value, "short")

    def day_month(self, value: dt.date) -> str:
        """A day and its month without the year: '10 February', '10 de febrero'."""
        return _formatted(self, value, "day_month")

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def js_dates(self) -> dict:
        """What the map's script needs to write dates as this language does, without the browser's Intl: for each month,
        the long and short day forms with {d} and {y} standing for the day and the year."""

        def template(month: int, kind: str) -> str:
            text = _formatted(self, dt.date(2000, month, 28), kind)
            return text.replace("28", "{d}").replace("2000", "{y}")

        return {"long": [template(m, "day") for m in range(1, 13)], "short": [template(m, "short") for m in range(1, 13)]}


@functools.lru_cache(maxsize=4096)
def _formatted(tr: Translator, value: dt.date, kind: str) -> str:
    """Dates are asked for again and again (the panel, each move): Babel formats each (language, day, form) once."""
    return babel_format_date(value, tr._patterns[kind], locale=tr.locale)


@functools.cache
def translator(lang: str) -> Translator:
    """The language's translator, made once per process; an unknown language gives English."""
    if lang == SOURCE or lang not in languages():
        return Translator(SOURCE, NullTranslations())
    try:
        Locale.parse(lang)
    except (ValueError, UnknownLocaleError):
        return Translator(SOURCE, NullTranslations())
    return Translator(lang, _compiled(lang))


ENGLISH = translator(SOURCE)
