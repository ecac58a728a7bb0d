"""Print styles shared by the pages that make handouts (the Itinerary, the Guided tour)."""

from __future__ import annotations

from exilemap.timecontrol import TEMPLATES

CSS = (TEMPLATES / "print.css").read_text(encoding="utf-8")


def style() -> str:
    """A <style> element with the print rules, for st.html."""
    return f"<style>{CSS}</style>"
