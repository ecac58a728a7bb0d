"""Deque's axe-core in the browser tests: run on a page and inside every frame of it.

axe-core comes from the npm registry once (into static/vendor/, as Leaflet does) and is given to
every frame of a browser context as an init script, so the map's iframe and Streamlit's component
frames are checked with the page (axe.run's `iframes` option reaches into frames that have axe).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from exilemap.offline import fetch_npm

AXE_CORE = ("axe-core", "4.10.3")
BLOCKING = {"serious", "critical"}


def axe_source() -> str:
    return (fetch_npm(*AXE_CORE) / "axe.min.js").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Allowed:
    """A violation that belongs to Streamlit itself, which the app cannot change: why, and which element."""

    rule: str
    element: str  # the Streamlit element, as its data-testid appears in the violating node's HTML
    reason: str


# Violations of Streamlit's own markup. Each names the Streamlit element and why the app cannot fix it.
ALLOWED: tuple[Allowed, ...] = (
    Allowed(
        "presentation-role-conflict",
        'data-testid="stFileUploaderDropzone"',
        "st.file_uploader draws its drop zone as <section role=presentation> with an aria-label and tabindex=-1, "
        "which axe calls a conflict (minor). The markup is Streamlit's; the zone's own 'Browse files' button is a "
        "real, labelled, focusable button, so the upload works by keyboard and screen reader.",
    ),
)


@dataclass(frozen=True)
class Report:
    violations: list[dict]  # one per node: {rule, impact, target, html, summary}
    frames: set[str]  # the iframes axe looked inside (their selectors), so a test can tell they were checked


def run(page) -> Report:
    """axe's violations on the page and all its frames."""
    found = page.evaluate(
        """async () => {
          const result = await axe.run(document, {iframes: true});
          const nodes = (list) => list.flatMap(r => r.nodes.map(n => ({rule: r.id, impact: n.impact || r.impact, target: n.target})));
          const frames = [...result.passes, ...result.violations, ...result.incomplete].flatMap(r => r.nodes)
            .filter(n => n.target.length > 1).map(n => String(n.target[0]));
          return {frames: [...new Set(frames)], violations: result.violations.flatMap(v => v.nodes.map(n => ({
            rule: v.id, impact: n.impact || v.impact, target: n.target.flat().join(" >>> "),
            html: n.html.slice(0, 200), summary: (n.failureSummary || "").slice(0, 300)})))};
        }"""
    )
    return Report(found["violations"], set(found["frames"]))


def allowed(violation: dict) -> Allowed | None:
    return next((a for a in ALLOWED if a.rule == violation["rule"] and a.element in violation["html"]), None)


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['impact']} {v['rule']} at {v['target']}: {v['html'][:120]}\n  {v['summary']}" for v in violations)


def figures(violations: list[dict]) -> Counter:
    """Nodes per (rule, impact)."""
    return Counter((v["rule"], v["impact"]) for v in violations)


def assert_clean(page, where: str, frames: int = 0) -> list[dict]:
    """No violation left but the allowed ones, and axe looked inside at least `frames` frames; returns them all."""
    report = run(page)
    assert len(report.frames) >= frames, f"{where}: axe looked inside {report.frames}, not every frame"
    left = [v for v in report.violations if allowed(v) is None]
    assert not left, f"{where}: axe-core found {len(left)} violation(s):\n{describe(left)}"
    return report.violations
