"""Text from the data is shown literally: md() for Streamlit Markdown and html_text() for HTML and JavaScript template
literals. Every expected value is written out by hand."""

from __future__ import annotations

import pytest

from exilemap.sources import html_text, md


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Prinkipo", "Prinkipo"),
        ("Coyoacán (Avenida Viena)", r"Coyoacán \(Avenida Viena\)"),
        ("`code` and $x^2$", r"\`code\` and \$x^2\$"),
        ("[click](javascript:alert(1))", r"\[click\]\(javascript\:alert\(1\)\)"),
        ("<script>alert('x')</script>", r"\<script\>alert\(\'x\'\)\</script\>"),
        ("**bold** _it_ ~no~ # h", r"\*\*bold\*\* \_it\_ \~no\~ \# h"),
        ('a|b {c} d+e-f. g! "h" & i=j', r"a\|b \{c\} d\+e\-f\. g\! \"h\" \& i\=j"),
        (r"back\slash", r"back\\slash"),
        ("  two\n\n lines\t ", "two lines"),
    ],
)
def test_md_puts_a_backslash_before_every_markdown_character_and_collapses_white_space(text, shown):
    assert md(text) == shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Büyükada", "Büyükada"),
        ('<b>it\'s "so"</b> & more', "&lt;b&gt;it&#x27;s &quot;so&quot;&lt;/b&gt; &amp; more"),
        ("`${alert(1)}`", "&#96;&#36;{alert(1)}&#96;"),
        ("a \\ b", "a &#92; b"),
        ("&#96;", "&amp;#96;"),  # an entity in the data is shown as written, not decoded
    ],
)
def test_html_text_escapes_markup_and_what_would_end_or_fill_a_template_literal(text, shown):
    assert html_text(text) == shown


# ---------------------------------------------------------------- the histories' own disagreements

from exilemap.gazetteer import load  # noqa: E402
from exilemap.model import Reference  # noqa: E402
from exilemap.sources import disagreements, histories_differ_line, short_cite, value_phrase  # noqa: E402

GZ = load()


@pytest.mark.parametrize(
    ("author", "year", "short"),
    [("Stephen Kotkin", "2017", "Kotkin 2017"), ("Yu. Felshtinsky and G. Chernyavsky", "n.d.", "Felshtinsky and Chernyavsky"),
     ("Jean van Heijenoort", "1978", "van Heijenoort 1978"),
     ("Bertrand M. Patenaude", "2009", "Patenaude 2009"), ("V. N. Proskurin (ed.)", "n.d.", "Proskurin"), ("Qalam (unsigned)", "n.d.", "Qalam"), ("Wikipedia", "n.d.", "Wikipedia")],
)  # fmt: skip
def test_a_work_is_named_in_passing_by_its_authors_surnames_and_year(author, year, short):
    assert short_cite(Reference("x", author, "A title", year, "A publisher")) == short


def test_an_answer_is_said_as_precisely_as_it_is_written():
    assert [value_phrase(v) for v in ("1929-03-08", "1929-04", "ice axe", "1929-13")] == [
        "8 March 1929", "April 1929", "ice axe", "1929-13"]  # fmt: skip


def test_where_the_histories_differ_each_answer_is_given_with_the_works_behind_it():
    found = {(d.topic.place_id, d.topic.key): d for d in disagreements(GZ)}
    prinkipo, moscow = found[("prinkipo", "arrived")], found[("moscow", "departed")]
    assert prinkipo.histories_differ and not prinkipo.seeds_disagree
    assert histories_differ_line(GZ, prinkipo) == "The histories differ: 8 March 1929 (Kotkin 2017) or April 1929 (Wikipedia)."
    assert histories_differ_line(GZ, moscow) == (
        "The histories differ: 17 January 1928 (Felshtinsky and Chernyavsky) or 18 January 1928 (Qalam)."
    )
    assert [(s.value, [str(c) for c in s.refs]) for s in prinkipo.sides] == [
        ("1929-03-08", ["kotkin-2017"]), ("1929-04", ["wikipedia-trotsky"])]  # fmt: skip
    viena = found[("viena-house", "arrived")]
    assert histories_differ_line(GZ, viena) == (
        "The histories differ: April 1939 (Festivalcultu 2024; Aerotrekka) or May 1939 (Patenaude 2009)."
    )
    assert [(s.value, [str(c) for c in s.refs]) for s in viena.sides] == [
        ("1939-04", ["festivalcultu-2024", "aerotrekka-trotsky"]), ("1939-05", ["patenaude-2009"])]  # fmt: skip
    # the seeds' own disagreements are unchanged: no history answers them
    assert not any(d.histories_differ for key, d in found.items() if key[0] in ("attack", "death", "tampico", "barbizon"))
