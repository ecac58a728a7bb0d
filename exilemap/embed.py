"""The iframe a teacher pastes into a course page (Moodle, Canvas, Google Sites): the current view, embeddable.

The code carries a title (what a screen reader announces for the frame; an iframe without one fails axe) and a
suggested size: the full width of the course page's column and tall enough for the map, its slider and the panel.
"""

from __future__ import annotations

from exilemap.i18n import ENGLISH, Translator
from exilemap.links import embed_link
from exilemap.sources import html_text

WIDTH = "100%"  # the course page's column, whatever its width
HEIGHT = 880  # px: the title, the date slider and the map (520) with its controls, without scrolling the frame
MAX_WIDTH = 1200  # px: wider than this the panel beside the map gains nothing


def iframe_code(link: str, title: str, height: int = HEIGHT) -> str:
    """The <iframe> element for `link` (made embeddable, ?embed=true), escaped, on one line to paste."""
    return (
        f'<iframe src="{html_text(embed_link(link))}" title="{html_text(title)}" width="{WIDTH}" height="{int(height)}" '
        f'style="border:1px solid #ccc;max-width:{MAX_WIDTH}px" loading="lazy" allow="fullscreen"></iframe>'
    )


def size_text(height: int = HEIGHT, tr: Translator = ENGLISH) -> str:
    """The suggested size, in words, for the Embed section."""
    return tr.gettext(
        "the full width of the page (up to %(width)s px) and %(height)s px tall; below 640 px wide the panel goes under the map"
    ) % {"width": MAX_WIDTH, "height": int(height)}
