"""The iframe code for a course page: embeddable address, a title, a suggested size, everything escaped."""

from __future__ import annotations

from exilemap import embed


def test_the_iframe_code_embeds_the_view_with_a_title_and_a_size():
    code = embed.iframe_code("http://school.example:8501/?date=1936-12-29", "Exile Map: Trotsky’s exile, on 29 December 1936")
    assert code == (
        '<iframe src="http://school.example:8501/?date=1936-12-29&amp;embed=true" '
        'title="Exile Map: Trotsky’s exile, on 29 December 1936" width="100%" height="880" '
        'style="border:1px solid #ccc;max-width:1200px" loading="lazy" allow="fullscreen"></iframe>'
    )


def test_a_journeys_name_in_the_title_cannot_break_out_of_the_attribute():
    code = embed.iframe_code("http://s/", 'Exile Map: "><script>alert(1)</script>')
    assert "<script>" not in code and 'title="Exile Map: &quot;&gt;&lt;script&gt;' in code
