"""Guided tour: step through the stops with Previous / Next (or the arrow keys), for a projector."""

import json

import streamlit as st

import ui
from exilemap import links, printing, qr
from exilemap.sources import md
from exilemap.tour import step_from_link, step_html, steps
from ui import _

gz, route = ui.data()
tr = ui.tr()


def restart() -> None:
    st.session_state.tour_step, st.session_state.tour_notice = 1, None


if "tour_detailed" not in st.session_state:  # a link or QR code of the detailed tour's step (?tour=detailed)
    st.session_state.tour_detailed = st.query_params.get("tour") == links.DETAILED
screen = st.container(key="tour-screen")  # on screen only; a printout has every step, below
detailed = screen.toggle(_("Every stop (the detailed tour)"), key="tour_detailed", on_change=restart,
                         help=_("The short tour walks the route in about 20 minutes; the detailed one adds every port, train and hiding place."))  # fmt: skip
tour = steps(gz, route, detailed, tr)

if "tour_step" not in st.session_state:
    st.session_state.tour_step, st.session_state.tour_notice = step_from_link(st.query_params.get("step"), len(tour), tr)
if st.session_state.tour_notice:  # over the map's reruns, until move() clears it
    st.warning(md(st.session_state.tour_notice), icon="⚠️")


def move(delta: int) -> None:
    st.session_state.tour_step = min(max(st.session_state.tour_step + delta, 1), len(tour))
    st.session_state.tour_notice = None


step = tour[st.session_state.tour_step - 1]
ui.share_link({"step": str(step.number)} | ({"tour": links.DETAILED} if detailed else {}))
page_url = st.context.url or ""
PREVIOUS, NEXT = _("← Previous"), _("Next →")


def step_link(number: int) -> str:
    return links.step_link(page_url, number, detailed, ui.published(), ui.lang())


def step_name(number: int) -> str:
    return _("step %(number)s of the guided tour") % {"number": number}


st.html("""<style>
.tour h2 {font-size: clamp(1.6rem, 2.6vw, 2.4rem); margin: 0 0 .2rem} .tour .when {font-size: 1.3rem; color: #555}
.tour p, .tour blockquote {font-size: clamp(1.1rem, 1.6vw, 1.35rem); line-height: 1.45} .tour blockquote {border-left: 4px solid #b22222;
margin: .6rem 0; padding: .2rem .8rem} .tour cite {display: block; font-size: 1rem; color: #555}
.tour .prompt {background: #fff7e6; border: 2px solid #e0a800; border-radius: 8px; padding: .6rem 1rem}
.tour-qr {display: flex; gap: 1rem; align-items: center; margin: .8rem 0 0} .tour-qr img {width: min(300px, 70vw); height: auto; flex: none}
.tour-qr figcaption {font-size: 1.15rem; line-height: 1.4; overflow-wrap: anywhere} .tour-qr a {font-weight: 600; color: #1e3a8a}
@media (max-width: 640px) {.tour-qr {flex-direction: column; align-items: flex-start}}
.tour-print .qr {display: flex; gap: 5mm; align-items: center; margin-top: 6mm} .tour-print .qr img {width: 40mm; height: 40mm}
</style>""")

with screen:
    nav_prev, counter, nav_next = st.columns([1, 4, 1])
    nav_prev.button(PREVIOUS, on_click=move, args=(-1,), disabled=step.number == 1, width="stretch")
    where = _("Step %(number)s of %(count)s · use ← → keys") % {"number": step.number, "count": len(tour)}
    counter.markdown(f"<div style='text-align:center;font-size:1.2rem'>{md(where)}</div>", unsafe_allow_html=True)
    nav_next.button(NEXT, on_click=move, args=(1,), disabled=step.number == len(tour), width="stretch", type="primary")

    map_col, text_col = st.columns([3, 2], gap="large")
    # The map is drawn last in the run, in its place above the code: a report from the map that starts another run
    # can then never cut this one short between the step's text and its code (the new text beside the old code).
    map_box = map_col.container()
    # under the map, in the projector's first screen, large for the back of the class: at 300 px on a projector
    # a 33-module code is about 30 cm across
    map_col.html(qr.qr_html(step_link(step.number), step_name(step.number), 300, css_class="tour-qr", tr=tr))
    text_col.html(step_html(gz, step, tr=tr))
    with text_col.expander(_("Embed in a course page"), icon=":material/code:"):
        ui.embed_section(step_link(step.number), _("Exile Map guided tour, step %(number)s: %(stop)s")
                         % {"number": step.number, "stop": step.stop.name})  # fmt: skip
    with map_box:
        ui.exile_map(step.day, on_change=lambda: None, view=(step.stop.lat, step.stop.lon, 5))


# For print: every step, one to a page (exilemap/templates/print.css shows this and hides the screen's).
def printed(s) -> str:
    heading = md(_("Guided tour · step %(number)s of %(count)s") % {"number": s.number, "count": len(tour)})
    return (f"<section><p class='step'>{heading}</p>{step_html(gz, s, css_class='tour-page', tr=tr)}"
            f"{qr.qr_html(step_link(s.number), step_name(s.number), 150, tr=tr)}</section>")  # fmt: skip


st.html(printing.style() + "<div class='tour-print'>" + "".join(printed(s) for s in tour) + "</div>")

# The arrow keys press the buttons (a constant same-origin helper reaching into the page; it carries no data).
# The newest helper's listener replaces any earlier one: a helper frame that is gone (the user left the tour
# and came back) leaves a listener the browser no longer runs.
labels = json.dumps({"next": NEXT, "previous": PREVIOUS}).replace("<", "\\u003c")  # our catalogue's words, as data
st.iframe(
    """<script>
    const labels = LABELS;
    const doc = window.parent.document;
    if (doc.__exileTourKeys) doc.removeEventListener("keydown", doc.__exileTourKeys);
    doc.__exileTourKeys = (e) => {
      if (["INPUT", "TEXTAREA", "SELECT"].includes((e.target.tagName || "").toUpperCase())) return;
      const label = e.key === "ArrowRight" ? labels.next : e.key === "ArrowLeft" ? labels.previous : null;
      if (!label || !doc.location.pathname.toLowerCase().endsWith("/tour")) return;
      const button = [...doc.querySelectorAll("button")].find((b) => b.innerText.trim() === label);
      if (button && !button.disabled) { e.preventDefault(); button.click(); }
    };
    doc.addEventListener("keydown", doc.__exileTourKeys);
    </script>""".replace("LABELS", labels),
    height=1,
)
