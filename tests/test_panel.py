"""The date panel's Writer: what it keeps from one day to the next never changes what a day's panel says."""

from __future__ import annotations

import datetime as dt

from exilemap import panel
from exilemap.gazetteer import load
from exilemap.route import Route


def test_a_writer_kept_over_every_day_writes_what_a_fresh_one_writes():
    gz = load()
    route = Route(gz)
    kept = panel.Writer(gz, route)
    days = [route.first + dt.timedelta(days=n) for n in range(-2, (route.last - route.first).days + 3)]
    # forwards then backwards: an event "is still to come", then "happened", then to come again
    for day in days + days[::-1]:
        position = route.position(day)
        assert kept.panel(position) == panel.Writer(gz, route).panel(position), day
    assert {route.position(d).status for d in days} == {"before", "at", "transit", "after"}


def test_on_a_day_at_prinkipo_the_panel_says_the_histories_differ_on_when_he_came_and_which_answer_the_map_uses():
    gz = load()
    route = Route(gz)
    shown = panel.Writer(gz, route).panel(route.position(dt.date(1930, 6, 1)))
    (box,) = shown.disputes
    assert box.startswith("**When did he move to Prinkipo?**\n\n"
                          r"The histories differ\: 8 March 1929 \(Kotkin 2017\) or April 1929 \(Wikipedia\)\.")  # fmt: skip
    assert r":small[The map uses April 1929\. Wikipedia\'s account" in box
    assert r"Arrived some day in April 1929 \(the day is not known\)" in shown.body


def test_on_a_day_at_avenida_viena_the_panel_says_the_histories_differ_on_the_month_he_moved_in():
    gz = load()
    route = Route(gz)
    shown = panel.Writer(gz, route).panel(route.position(dt.date(1939, 9, 1)))
    (box,) = [b for b in shown.disputes if "Avenida Viena?" in b]
    assert box.startswith("**When did he move to the house on Avenida Viena?**\n\n"
                          r"The histories differ\: April 1939 \(Festivalcultu 2024; Aerotrekka\) or May 1939 \(Patenaude 2009\)\.")  # fmt: skip
    assert r":small[The map uses May 1939\. Patenaude" in box
    assert r"Arrived some day in May 1939 \(the day is not known\)" in shown.body


def test_on_the_way_from_moscow_the_panel_says_the_histories_differ_on_the_day_he_left():
    gz = load()
    route = Route(gz)
    shown = panel.Writer(gz, route).panel(route.position(dt.date(1928, 1, 20)))
    assert "left 17 January 1928" in shown.body
    assert [box.split("\n\n")[1] for box in shown.disputes] == [
        r"The histories differ\: 17 January 1928 \(Felshtinsky and Chernyavsky\) or 18 January 1928 \(Qalam\)\."
    ]
