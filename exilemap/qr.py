"""QR codes of the app's links (segno), for phones to follow the projector: an <img> with its text alternative.

Medium error correction (15%) survives a projector's glare and a phone's angle; a quiet zone of four modules, as the
standard asks, keeps a reader from mistaking the page around it for part of the code.
"""

from __future__ import annotations

from functools import lru_cache

import segno

from exilemap.i18n import ENGLISH, Translator
from exilemap.sources import html_text


@lru_cache(maxsize=512)
def svg_uri(link: str) -> str:
    """The link's QR code as an SVG data: URI, black on white, drawn to fill whatever size the page gives it."""
    code = segno.make(link, error="m", micro=False)
    return code.svg_data_uri(scale=1, border=4, dark="#000", light="#fff")


def qr_html(link: str, what: str, size_px: int, css_class: str = "qr", tr: Translator = ENGLISH) -> str:
    """An escaped figure: the code (its alt text says what it opens and the link), with the link written beside it.

    `what` says what the code opens, e.g. "step 3 of the guided tour".
    """
    alt = tr.gettext("QR code that opens %(what)s on a phone: %(link)s") % {"what": what, "link": link}
    caption = tr.gettext("Scan to open %(what)s on your phone, or type:") % {"what": what}
    return (
        f"<figure class='{css_class}' style='display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:8px 0'><img src='{html_text(svg_uri(link))}' alt='{html_text(alt)}' width='{size_px}' height='{size_px}' "
        f"style='image-rendering:pixelated;background:#fff'>"
        f"<figcaption style='flex:1 1 9em;overflow-wrap:anywhere'>{html_text(caption)} "
        f"<a href='{html_text(link)}'>{html_text(link)}</a></figcaption></figure>"
    )
