"""How we know: every claim the app shows, what it rests on, and whether it holds up (the audit, for a reader)."""

import pandas as pd
import streamlit as st

import ui
from exilemap import audit
from exilemap.sources import cite_reference, md

gz, _ = ui.data()

st.title("How we know")
st.markdown(
    "Every claim on these pages rests on something you can check. A **quote** must stand word for word in its "
    "source, be credited to the voice that wrote it (the author, the editors, or someone the author quotes), and "
    "say in its own words what it is cited for; where it needs the sentences around it, the reason is given. "
    "Every other **date, place and summary** names the published work it comes from."
)
found = audit.verdicts(gz)
counts = audit.summary(found)
groups = [("eyewitness", "an eyewitness's own words"), ("quoted by a witness", "words an eyewitness quotes"),
          ("later secondary source", "later secondary sources"), ("editors", "editors' words"), ("the quotes", "the quotes they cite"),
          ("the stop's references", "the stop's references"),
          ("published references", "the standard histories and other published works"), ("nothing", "nothing yet")]  # fmt: skip
st.markdown("\n".join(f"- {counts[key]} claim(s) rest on {md(label)}" for key, label in groups if counts.get(key)))
short = [v for v in found if not v.ok]
if short:
    st.warning(f"{len(short)} claim(s) fall short: they are marked ✗ below.")
else:
    st.success("Every claim holds: verbatim, in its voice, stated by its words or marked as needing context, and referenced.")

kinds = sorted({v.kind for v in found})
chosen = st.multiselect("Show claims of these kinds", kinds, default=kinds)
rests = st.multiselect("Resting on", sorted(counts), default=sorted(counts))
table = pd.DataFrame(
    [
        {
            "holds": "✓" if v.ok else "✗",
            "kind": v.kind,
            "about": v.subject,
            "claim": v.claim,
            "rests on": v.rests_on,
            "cited as": v.cited,
            "verbatim": v.verbatim,
            "in its voice": v.in_voice,
            "stated by its words": v.supported,
            "reference": v.referenced,
        }  # fmt: skip
        for v in found
        if v.kind in chosen and v.rests_on in rests
    ]
)
st.dataframe(table, hide_index=True, width="stretch", height=480)
st.caption(
    "The same table comes from the command line: `python -m exilemap.audit` (or `python -m exilemap.audit FOLDER` for a journey)."
)

if gz.voices:
    st.header("The voices in each source")
    for source in gz.sources.values():
        own = [v for v in gz.voices.values() if v.source_id == source.id and v.kind != "furniture"]
        if own:
            st.markdown(f"**{md(source.title)}**")
            st.markdown("\n".join(f"- *{md(v.label)}*: {md(v.reliability)}" for v in own))
if gz.references:
    st.header("The published references")
    st.markdown("\n".join(f"- `{md(r.id)}`: {md(cite_reference(r))} · {md(r.publisher)}" for r in gz.references.values()))
