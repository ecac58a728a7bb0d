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
        ('a|b {c} d+e-f. g! "h" & i=j', r'a\|b \{c\} d\+e\-f\. g\! \"h\" \& i\=j'),
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
        ("<b>it's \"so\"</b> & more", "&lt;b&gt;it&#x27;s &quot;so&quot;&lt;/b&gt; &amp; more"),
        ("`${alert(1)}`", "&#96;&#36;{alert(1)}&#96;"),
        ("a \\ b", "a &#92; b"),
        ("&#96;", "&amp;#96;"),  # an entity in the data is shown as written, not decoded
    ],
)
def test_html_text_escapes_markup_and_what_would_end_or_fill_a_template_literal(text, shown):
    assert html_text(text) == shown
