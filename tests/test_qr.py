"""QR codes: what a reader decodes is the link, and the figure says it in words too."""

from __future__ import annotations

from exilemap import qr

LINK = "http://school.example:8501/Tour?step=3"


def test_the_figure_has_a_text_alternative_and_the_link_written_out_escaped():
    html = qr.qr_html(LINK + "&x=<b>", "step 3 of the guided tour", 300)
    assert (
        "alt='QR code that opens step 3 of the guided tour on a phone: http://school.example:8501/Tour?step=3&amp;x=&lt;b&gt;'"
        in html
    )
    assert ">http://school.example:8501/Tour?step=3&amp;x=&lt;b&gt;</a>" in html and "<b>" not in html
    assert "width='300' height='300'" in html
