"""How we know: every claim the app shows, what it rests on, and whether it holds up (the audit, for a reader)."""

import pandas as pd
import streamlit as st

import ui
from exilemap import audit
from exilemap.i18n import N_
from exilemap.sources import cite_reference, md
from ui import _, ngettext

gz = ui.data()[0]

st.title(_("How we know"))
st.markdown(
    _(
        "Every claim on these pages rests on something you can check. A **quote** must stand word for word in its "
        "source, be credited to the voice that wrote it (the author, the editors, or someone the author quotes), and "
        "say in its own words what it is cited for; where it needs the sentences around it, the reason is given. "
        "Every other **date, place and summary** names the published work it comes from."
    )
)
found = audit.verdicts(gz, ui.tr())
counts = audit.summary(found)
# the audit's own words for a claim's kind and ground, and its verdicts' first word, as the page shows them
KINDS = {"dates": N_("dates"), "coordinates": N_("coordinates"), "summary": N_("summary"), "quote": N_("quote"), "leg": N_("leg"),
         "disagreement": N_("disagreement"), "standard answer": N_("standard answer"), "tour prompt": N_("tour prompt")}  # fmt: skip
GROUNDS = {"eyewitness": N_("eyewitness"), "quoted by a witness": N_("quoted by a witness"), "editors": N_("editors"),
           "quoted in a secondary source": N_("quoted in a secondary source"), "later secondary source": N_("later secondary source"),
           "published references": N_("published references"), "the quotes": N_("the quotes"),
           "the stop's references": N_("the stop's references"), "nothing": N_("nothing")}  # fmt: skip
CITED = {"stated by the stop's quotes": N_("stated by the stop's quotes"), "no reference given": N_("no reference given")}
FIRST_WORDS = {audit.YES: N_("yes"), audit.NO: N_("no"), "context": N_("context")}


def said(table: dict[str, str], value: str) -> str:
    return _(table[value]) if value in table else value


def verdict(value: str) -> str:
    """'yes', 'no: …', 'context: …' with its first word in the page's language; the reason after it as the audit gave it."""
    head, sep, rest = value.partition(":") if ":" in value else value.partition(" ")
    return _(FIRST_WORDS[head]) + sep + rest if head in FIRST_WORDS else value


groups = [("eyewitness", N_("an eyewitness's own words")), ("quoted by a witness", N_("words an eyewitness quotes")),
          ("later secondary source", N_("later secondary sources")), ("editors", N_("editors' words")), ("the quotes", N_("the quotes they cite")),
          ("the stop's references", N_("the stop's references")),
          ("published references", N_("the standard histories and other published works")), ("nothing", N_("nothing yet"))]  # fmt: skip
st.markdown("\n".join("- " + ngettext("%(count)s claim rests on %(what)s", "%(count)s claims rest on %(what)s", counts[key])
                      % {"count": counts[key], "what": md(_(label))} for key, label in groups if counts.get(key)))  # fmt: skip
short = [v for v in found if not v.ok]
if short:
    st.warning(ngettext("%(count)s claim falls short: it is marked ✗ below.", "%(count)s claims fall short: they are marked ✗ below.",
                        len(short)) % {"count": len(short)})  # fmt: skip
else:
    st.success(_("Every claim holds: verbatim, in its voice, stated by its words or marked as needing context, and referenced."))

kinds = sorted({v.kind for v in found})
chosen = st.multiselect(_("Show claims of these kinds"), kinds, default=kinds, format_func=lambda k: said(KINDS, k))
rests = st.multiselect(_("Resting on"), sorted(counts), default=sorted(counts), format_func=lambda k: said(GROUNDS, k))
table = pd.DataFrame(
    [
        {
            _("holds"): "✓" if v.ok else "✗",
            _("kind"): said(KINDS, v.kind),
            _("about"): v.subject,
            _("claim"): v.claim,
            _("rests on"): said(GROUNDS, v.rests_on),
            _("cited as"): said(CITED, v.cited),
            _("verbatim"): verdict(v.verbatim),
            _("in its voice"): verdict(v.in_voice),
            _("stated by its words"): verdict(v.supported),
            _("reference"): verdict(v.referenced),
        }  # fmt: skip
        for v in found
        if v.kind in chosen and v.rests_on in rests
    ]
)
st.dataframe(table, hide_index=True, width="stretch", height=480)
st.caption(
    _(
        "The same table comes from the command line: `python -m exilemap.audit` (or `python -m exilemap.audit FOLDER` for a journey)."
    )
)

if gz.voices:
    st.header(_("The voices in each source"))
    for source in gz.sources.values():
        own = [v for v in gz.voices.values() if v.source_id == source.id and v.kind != "furniture"]
        if own:
            st.markdown(f"**{md(source.title)}**")
            st.markdown("\n".join(f"- *{md(v.label)}*: {md(v.reliability)}" for v in own))
if gz.references:
    st.header(_("The published references"))
    st.markdown("\n".join(f"- `{md(r.id)}`: {md(cite_reference(r))} · {md(r.publisher)}" for r in gz.references.values()))
