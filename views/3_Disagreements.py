"""Where the sources disagree: each question, what each source says, and the standard histories."""

import streamlit as st

import ui
from exilemap.sources import disagreement_title, disagreements, md
from ui import _

gz = ui.data()[0]

st.title(_("Where the sources disagree"))
st.caption(
    _(
        "The sources do not always agree with each other, or with the standard histories, and the histories do not always "
        "agree among themselves. Every side is shown."
    )
)
if not gz.topics:
    st.info(_("This journey has no disagreements file (disagreements.csv), so there are no questions to compare."))

for d in disagreements(gz):
    with st.container(border=True):
        where = gz.stop(d.topic.place_id).name
        kind = (
            disagreement_title(d, ui.tr())
            if d.seeds_disagree or d.histories_differ
            else _("A source differs from the standard histories")
        )
        st.header(md(d.topic.question))
        st.caption(md(f"{kind} · {where}"))
        ui.disagreement_block(gz, d)
