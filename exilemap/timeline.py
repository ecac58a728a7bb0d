"""The timeline of the stays: a Vega-Lite spec, a bar per stay on a row per country, and the date as a rule.

The rule follows the map's clock in the browser (the parameter `day`, bound to the input the clock keeps at its
date), so a slider move need not send the chart again. The words are the session's language's.
"""

from __future__ import annotations

import datetime as dt
import json

import altair as alt
import pandas as pd
import pyarrow as pa

from exilemap.i18n import ENGLISH, SOURCE, Translator
from exilemap.model import Stop
from exilemap.route import Route
from exilemap.timecontrol import PAGE_DAY


def spec(route: Route, tr: Translator = ENGLISH) -> dict:
    """The Vega-Lite spec of the route's stays, in `tr`'s language; the date rule stands at the parameter `day`."""
    _ = tr.gettext
    known, partly, window_of = _("known"), _("partly uncertain"), _("window of an uncertain date")
    rows = []
    for v in route.visits:
        stop = v.stop
        rows.append({"stop": stop.name, "country": stop.country_then, "start": v.start.isoformat(),
                     "end": (v.end + dt.timedelta(days=1)).isoformat(), "dates": known if _exact(stop) else partly})  # fmt: skip
        # a date known only to the month or year: its whole window drawn faint, so the bar's end is not read as exact
        for window in (stop.arrival, stop.departure):
            if window.precision != "day":
                low, high = window.earliest, window.latest
                rows.append({"stop": stop.name, "country": stop.country_then, "start": low.isoformat(),
                             "end": (high + dt.timedelta(days=1)).isoformat(), "dates": window_of})  # fmt: skip
    visits = pd.DataFrame(rows)
    pick = alt.selection_point(name="pick", fields=["start"], on="click")
    bars = (
        alt.Chart(visits)
        .mark_bar(cornerRadius=2)
        .encode(
            # the stays' own extent, fixed: left to the data, the domain would take in the rule's date too, and every
            # move of the date would scale and draw every bar again (a long task on each playback step of a slow laptop)
            x=alt.X(
                "start:T",
                title=None,
                scale=alt.Scale(domain=[_utc_ms(min(r["start"] for r in rows)), _utc_ms(max(r["end"] for r in rows))]),
            ),
            x2="end:T",
            y=alt.Y("country:N", sort=list(dict.fromkeys(visits["country"])), title=None),
            color=alt.Color("country:N", legend=None),
            opacity=alt.Opacity(
                "dates:N",
                scale=alt.Scale(domain=[known, partly, window_of], range=[1.0, 0.85, 0.25]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("stop:N", title=_("stop")),
                alt.Tooltip("start:T", format="%d %b %Y", title=_("start")),
                alt.Tooltip("end:T", format="%d %b %Y", title=_("end")),
                alt.Tooltip("dates:N", title=_("dates")),
            ],
        )
        .add_params(pick)
    )
    rule = alt.Chart(alt.Data(values=[{}])).mark_rule(color="#b22222", strokeWidth=2)
    spec = (bars + rule).properties(height=alt.Step(22)).to_dict()  # a row per country, each tall enough for its name
    # The rule stands at the parameter "day" (milliseconds since 1970), bound to the hidden input that
    # the map's clock keeps at its date: the rule follows the slider and playback in the browser, like
    # the marker, so a slider move need not send the chart again. Each full rerun gives the day too.
    spec["layer"][1]["encoding"] = {"x": {"datum": {"expr": "toNumber(day)"}, "type": "temporal"}}
    spec["layer"][1]["mark"]["description"] = {"expr": _date_expr(tr, _("The date shown: %(date)s"))}
    if tr.lang != SOURCE:  # the axis's and tooltips' months in the language (Vega's own default is English)
        spec["config"] = spec.get("config", {}) | {"locale": {"time": _time_locale(tr)}}
    spec["params"] = [*spec.get("params", []), {"name": "day", "value": 0, "bind": {"element": f"#{PAGE_DAY}"}}]
    # The stays are sent as Arrow IPC bytes, made here once rather than by Streamlit on every rerun.
    spec["datasets"] = {name: _arrow_bytes(rows) for name, rows in spec["datasets"].items()}
    return spec


def _date_expr(tr: Translator, sentence: str) -> str:
    """A Vega expression saying the rule's date as the language does (Babel's forms, one a month), in the sentence."""
    forms = json.dumps(tr.js_dates()["long"], ensure_ascii=False)
    date = f"replace(replace({forms}[utcmonth(toNumber(day))], '{{d}}', utcdate(toNumber(day))), '{{y}}', utcyear(toNumber(day)))"
    before, _, after = sentence.partition("%(date)s")
    return f"{json.dumps(before, ensure_ascii=False)} + {date} + {json.dumps(after, ensure_ascii=False)}"


def _time_locale(tr: Translator) -> dict:
    """d3's time locale from Babel's (CLDR's) names: the timeline's axis and tooltips in the session's language."""
    names = tr.locale
    days = [names.days["stand-alone"]["wide"][(k + 6) % 7] for k in range(7)]  # d3 starts on Sunday, Babel on Monday
    short_days = [names.days["stand-alone"]["abbreviated"][(k + 6) % 7] for k in range(7)]
    return {"dateTime": "%x, %X", "date": "%d/%m/%Y", "time": "%H:%M:%S", "periods": ["AM", "PM"], "days": days,
            "shortDays": short_days, "months": [names.months["stand-alone"]["wide"][m] for m in range(1, 13)],
            "shortMonths": [names.months["stand-alone"]["abbreviated"][m] for m in range(1, 13)]}  # fmt: skip


def _utc_ms(iso_day: str) -> int:
    """Milliseconds since 1970 at the day's UTC midnight, as Vega reads the data's ISO dates."""
    return int(dt.datetime.fromisoformat(iso_day).replace(tzinfo=dt.UTC).timestamp() * 1000)


def _exact(stop: Stop) -> bool:
    return stop.arrived_precision == stop.departed_precision == "day"


def _arrow_bytes(rows: list[dict]) -> bytes:
    sink = pa.BufferOutputStream()
    table = pa.Table.from_pylist(rows)
    with pa.RecordBatchStreamWriter(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()
