"""A classroom's load: 30 sessions on one server, each moving the date slider about once a second.

    make load            (or: .venv/bin/python bench/load.py [--sessions 30] [--seconds 60])

Each session is a Streamlit websocket client speaking the browser's own protocol
(protobuf BackMsg / ForwardMsg): it opens the map page, reports the map drawn as the
browser's map does (the page then draws its slider), then every second or so sends
the slider's next day as the browser would, and times the rerun from sending the
new value to the server's "script finished". That is the server's share of a
slider move, which is what 30 pupils share; the browser's own share does not grow
with the class (bench/slider.py measures it). The single-user figure is measured
the same way first, on the same server. Reported: moves, errors, median and p95
latency for 1 and for N sessions and their ratio, the server's memory (RSS) before,
at the peak and after. Loopback only, bounded in time and count.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT / "deploy"))
from harness import start_streamlit, stop_streamlit  # noqa: E402
from serve_replicas import MAX_REPLICAS, open_connections, serving  # noqa: E402

from exilemap.phrases import format_date  # noqa: E402
from exilemap.timecontrol import READY  # noqa: E402

START = dt.date(1929, 6, 1)
EPOCH = dt.date(1970, 1, 1)
MAX_SESSIONS, MAX_SECONDS = 60, 300
MOVE_TIMEOUT = 30.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def rerun(query: str = "", slider: tuple[str, dt.date] | None = None, map_report: tuple[str, str] | None = None,
          fragment_id: str = "") -> bytes:  # fmt: skip
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.fragment_id = fragment_id  # a widget drawn by a fragment reruns only that fragment, as in the browser
    if map_report is not None:  # what streamlit-folium sends when the map reports (map id, tooltip text)
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = map_report[0]
        state.json_value = json.dumps({"last_object_clicked_tooltip": map_report[1]})
    if slider is not None:
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = slider[0]
        state.double_array_value.data.append((slider[1] - EPOCH).days * 86_400 * 1_000_000)  # date sliders speak microseconds
    return msg.SerializeToString()


def page_cookie(url: str) -> str:
    """The cookies the app's page sets (name=value; ...), as a browser keeps them."""
    with urllib.request.urlopen(url + "/", timeout=30) as response:
        return "; ".join(c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or [])


class Session:
    """One pupil: a websocket to the server, the slider's widget id, and the times of its moves."""

    def __init__(self, url: str):
        self.url = url
        self.ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.slider_id: str | None = None
        self.slider_fragment = ""
        self.map_id: str | None = None
        self.errors: list[str] = []
        self.latencies: list[float] = []

    async def run_once(self, ws, payload: bytes) -> str:
        """Send one rerun and read the server's messages until the run finishes; return the text it drew."""
        await ws.send(payload)
        texts: list[str] = []
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await asyncio.wait_for(ws.recv(), MOVE_TIMEOUT))
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                which = element.WhichOneof("type")
                if which == "markdown":
                    texts.append(element.markdown.body)
                elif which == "slider" and element.slider.label == "Date":
                    self.slider_id = element.slider.id
                    self.slider_fragment = msg.delta.fragment_id
                elif which == "component_instance" and element.component_instance.component_name.endswith("st_folium"):
                    self.map_id = element.component_instance.id
                elif which == "exception":
                    self.errors.append(f"{element.exception.type}: {element.exception.message}")
                elif which == "alert" and element.alert.format == 1:  # ERROR
                    self.errors.append(element.alert.body)
            elif kind == "script_finished":
                if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    self.errors.append("the script did not compile")
                if msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    return "\n".join(texts)

    async def run(self, until: float, period: float = 1.0) -> None:
        try:
            # as a browser does: load the page first, and keep any cookie it sets (nginx's sticky-session cookie)
            cookie = await asyncio.to_thread(page_cookie, self.url)
            headers = {"Cookie": cookie} if cookie else None
            async with websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=30,
                                          additional_headers=headers) as ws:  # fmt: skip
                await self.run_once(ws, rerun(f"date={START.isoformat()}"))
                if self.map_id is None:
                    self.errors.append("the map page sent no map")
                    return
                # the page draws its slider once the map reports that it has drawn, as a browser's map does
                await self.run_once(ws, rerun(f"date={START.isoformat()}", map_report=(self.map_id, READY)))
                if self.slider_id is None:
                    self.errors.append("the map page sent no date slider")
                    return
                day = START
                await asyncio.sleep(random.uniform(0, period))  # pupils do not move in step
                while time.monotonic() < until:
                    day += dt.timedelta(days=1)
                    began = time.perf_counter()
                    drawn = await self.run_once(
                        ws, rerun(f"date={day.isoformat()}", (self.slider_id, day), fragment_id=self.slider_fragment)
                    )
                    took = time.perf_counter() - began
                    if format_date(day) not in drawn:  # the move must really move the page, not just rerun it
                        self.errors.append(f"the page did not show {day} after the slider moved there")
                    self.latencies.append(took * 1000)
                    await asyncio.sleep(max(0.0, period * random.uniform(0.8, 1.2) - took))
        except (TimeoutError, OSError, websockets.WebSocketException) as exc:
            self.errors.append(f"{type(exc).__name__}: {exc}")


def cpu_s(servers: list[psutil.Process]) -> float:
    return sum(t.user + t.system for t in (server.cpu_times() for server in servers))


def rss_mb(servers: list[psutil.Process]) -> float:
    return sum(server.memory_info().rss for server in servers) / 2**20


async def classroom(url: str, sessions: int, seconds: float, servers: list[psutil.Process], ports: list[int] = ()) -> dict:
    pupils = [Session(url) for _ in range(sessions)]
    until = time.monotonic() + seconds
    peak = 0.0
    spread = [0] * len(ports)  # the most sessions each replica held at once

    async def watch_memory() -> None:
        nonlocal peak
        while time.monotonic() < until:
            peak = max(peak, rss_mb(servers))
            for n, port in enumerate(ports):
                spread[n] = max(spread[n], open_connections(port))
            await asyncio.sleep(0.5)

    await asyncio.gather(watch_memory(), *(p.run(until) for p in pupils))
    latencies = [ms for p in pupils for ms in p.latencies]
    return {
        "sessions": sessions,
        "moves": len(latencies),
        "errors": [e for p in pupils for e in p.errors],
        "median_ms": statistics.median(latencies) if latencies else float("nan"),
        "p95_ms": percentile(latencies, 0.95) if latencies else float("nan"),
        "peak_rss_mb": peak,
        "spread": spread,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--single-seconds", type=float, default=20, help="length of the single-user run measured first")
    parser.add_argument("--replicas", type=int, default=0,
                        help="drive N replicas behind nginx (deploy/serve_replicas.py) instead of one plain server")  # fmt: skip
    args = parser.parse_args()
    most = MAX_SESSIONS * max(1, args.replicas)
    if not (1 <= args.sessions <= most and 1 <= args.seconds <= MAX_SECONDS and 0 <= args.replicas <= MAX_REPLICAS):
        parser.error(f"at most {MAX_SESSIONS} sessions per server, {MAX_SECONDS} seconds and {MAX_REPLICAS} replicas")
    with contextlib.ExitStack() as stack:
        if args.replicas:
            school = stack.enter_context(serving(args.replicas, log=lambda _: None))
            url, ports = school.url, [r.port for r in school.pool]
            servers = [psutil.Process(r.proc.pid) for r in school.pool]
            where = f"{args.replicas} replicas behind nginx"
        else:
            proc, url, _ = start_streamlit("app.py")
            stack.callback(stop_streamlit, proc)
            servers, ports, where = [psutil.Process(proc.pid)], [], "one server"
        # warm every process's caches, as a running server would be (sessions land on replicas at random)
        asyncio.run(classroom(url, 4 * max(1, args.replicas), 3, servers))
        idle = rss_mb(servers)
        single = asyncio.run(classroom(url, 1, args.single_seconds, servers))
        cpu_from, own_from = cpu_s(servers), time.process_time()
        crowd = asyncio.run(classroom(url, args.sessions, args.seconds, servers, ports))
        server_cpu, own_cpu = cpu_s(servers) - cpu_from, time.process_time() - own_from
        time.sleep(2)
        after = rss_mb(servers)
    ratio = crowd["p95_ms"] / single["p95_ms"]
    errors = single["errors"] + crowd["errors"]
    lines = [
        f"{where}, {os.cpu_count()} cores, load average {os.getloadavg()[1]:.1f} over the last 5 minutes (other work included)",
        "",
        "| sessions | moves | errors | median (ms) | p95 (ms) | peak server RSS (MiB) |",
        "|---:|---:|---:|---:|---:|---:|",
        *(
            f"| {r['sessions']} | {r['moves']} | {len(r['errors'])} | {r['median_ms']:.0f} | {r['p95_ms']:.0f} | {r['peak_rss_mb']:.0f} |"
            for r in (single, crowd)
        ),  # fmt: skip
        "",
        f"- p95 with {args.sessions} sessions / p95 with one: {ratio:.2f} (target: at most 3): {'yes' if ratio <= 3 else 'NO'}",
        f"- server RSS: {idle:.0f} MiB warmed up and idle, {crowd['peak_rss_mb']:.0f} MiB at the peak, {after:.0f} MiB after",
        f"- {args.seconds:.0f} s, each session moving the slider about once a second; loopback only",
        f"- CPU during the crowd's run: server(s) {server_cpu / crowd['moves'] * 1000:.1f} ms per move "
        f"({server_cpu / args.seconds:.2f} cores), this load generator {own_cpu / args.seconds:.2f} cores "
        f"(it shares the machine's {os.cpu_count()} cores with the servers)",
    ]
    if ports:
        lines.append(f"- sessions per replica at the peak: {' / '.join(map(str, crowd['spread']))}")
    if errors:
        lines.append(f"- errors ({len(errors)}): {errors[:5]}")
    report = "\n".join(lines)
    print(report)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / ("load.md" if not args.replicas else f"load-{args.replicas}-replicas.md")).write_text(
        report + "\n", encoding="utf-8"
    )
    return 0 if not errors and ratio <= 3 else 1


if __name__ == "__main__":
    sys.exit(main())
