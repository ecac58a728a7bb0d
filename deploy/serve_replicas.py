"""Serve a school: N Streamlit processes behind nginx, on this machine's loopback.

    make serve-replicas N=2              (or: .venv/bin/python deploy/serve_replicas.py --replicas 2 --port 8080)

A Streamlit server is one Python process, so it uses one core. This starts N of them
(`streamlit run app.py` on loopback ports) and nginx in front (deploy/nginx.conf), with
sticky sessions by cookie, websocket upgrade, passive health checks in nginx and active
ones here: every few seconds each replica's /_stcore/health is asked, and a replica that
fails twice or dies is replaced. `kill -HUP <this process>` restarts the replicas one at a
time with a graceful drain: nginx stops sending it new sessions, its open sessions get up
to --drain seconds to finish, then it is replaced and put back. Ctrl-C stops everything.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MAX_REPLICAS = 16
HEALTH_EVERY = 5.0  # seconds between active health checks


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(port: int, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


def accepting(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def open_connections(port: int) -> int:
    """Established TCP connections to this local port (the replica's sessions, through nginx), from /proc/net/tcp."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table, encoding="ascii") as lines:
            next(lines)
            for line in lines:
                local, state = line.split()[1], line.split()[3]
                if state == "01" and int(local.rsplit(":", 1)[1], 16) == port:
                    count += 1
    return count


@dataclass
class Replica:
    port: int
    proc: subprocess.Popen | None = None
    down: bool = False  # taken out of nginx's rotation (draining or starting)
    failures: int = 0


@dataclass
class School:
    """N replicas and nginx; `url` is the one address pupils use."""

    replicas: int
    port: int = 0
    drain: float = 30.0
    python: str = sys.executable
    run_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="exile-serve-")))
    log: Callable[[str], None] = print  # where progress goes
    script: str = "app.py"  # what each replica runs (a benchmark serves its comparison pages the same way)

    def __post_init__(self) -> None:
        if not 1 <= self.replicas <= MAX_REPLICAS:
            raise ValueError(f"between 1 and {MAX_REPLICAS} replicas")
        self.port = self.port or free_port()
        self.pool = [Replica(free_port()) for _ in range(self.replicas)]
        self.cookie_secret = secrets.token_hex(32)  # shared, so any replica accepts another's XSRF cookie
        self.nginx: subprocess.Popen | None = None
        self.run_dir.chmod(0o755)  # nginx's workers (user nobody, under root) keep their buffers here

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # ------------------------------------------------------------ replicas
    def _start_replica(self, replica: Replica) -> None:
        cmd = [self.python, "-m", "streamlit", "run", self.script, "--server.port", str(replica.port), "--server.address", "127.0.0.1",
               "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]  # fmt: skip
        log = open(self.run_dir / f"replica-{replica.port}.log", "ab")  # noqa: SIM115 (the process keeps it)
        env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": self.cookie_secret}
        replica.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
        replica.failures = 0
        deadline = time.monotonic() + 90
        while not healthy(replica.port):
            if replica.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"replica on port {replica.port} did not start: see {log.name}")
            time.sleep(0.3)

    def _stop_replica(self, replica: Replica) -> None:
        if replica.proc is not None and replica.proc.poll() is None:
            replica.proc.terminate()
            try:
                replica.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                replica.proc.kill()
                replica.proc.wait()

    # ------------------------------------------------------------ nginx
    @property
    def _nginx(self) -> list:
        return [NGINX, "-p", self.run_dir, "-e", self.run_dir / "error.log"]

    def _write_config(self) -> Path:
        servers = "\n".join(
            f"        server 127.0.0.1:{r.port} max_fails=2 fail_timeout=10s{' down' if r.down else ''};" for r in self.pool
        )
        text = TEMPLATE.read_text(encoding="utf-8")
        text = (
            text.replace("@RUN@", str(self.run_dir)).replace("@LISTEN@", f"127.0.0.1:{self.port}").replace("@SERVERS@", servers)
        )
        path = self.run_dir / "nginx.conf"
        path.write_text(text, encoding="utf-8")
        return path

    def _workers(self) -> set[int]:
        """nginx's workers that take new connections (not those finishing old ones after a reload)."""
        found = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == self.nginx.pid:
                    if (stat.parent / "cmdline").read_bytes().rstrip(b"\0") == b"nginx: worker process":
                        found.add(int(stat.parent.name))
        return found

    def _reload(self) -> None:
        """New config, applied gracefully: nginx's old worker finishes its open connections; returns once the new one serves."""
        config = self._write_config()
        subprocess.run([*self._nginx, "-t", "-q", "-c", config], check=True)
        old = self._workers()
        subprocess.run([*self._nginx, "-s", "reload", "-c", config], check=True)
        deadline = time.monotonic() + 10
        while (not self._workers() or self._workers() & old) and time.monotonic() < deadline:
            time.sleep(0.05)

    def start(self) -> None:
        for replica in self.pool:  # one at a time: two cold starts at once would only slow each other
            self._start_replica(replica)
            self.log(f"replica on 127.0.0.1:{replica.port} is healthy")
        self.start_nginx()

    def start_nginx(self) -> None:
        config = self._write_config()
        subprocess.run([*self._nginx, "-t", "-q", "-c", config], check=True)
        self.nginx = subprocess.Popen([*self._nginx, "-c", config, "-g", "daemon off;"])
        deadline = time.monotonic() + 20
        while not accepting(self.port):
            if self.nginx.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start: see {self.run_dir / 'error.log'}")
            time.sleep(0.2)
        self.log(f"nginx on {self.url} in front of {len(self.pool)} replica(s); config {config}")

    def stop(self) -> None:
        self.stop_nginx()
        for replica in self.pool:
            self._stop_replica(replica)
        shutil.rmtree(self.run_dir, ignore_errors=True)

    def stop_nginx(self) -> None:
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)  # graceful: finish what is in flight
            try:
                self.nginx.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.nginx.kill()

    # ------------------------------------------------------------ health and restarts
    def replace(self, replica: Replica, drain: float | None = None) -> None:
        """Take a replica out of rotation, let its sessions finish (up to `drain` s), start it afresh, put it back."""
        replica.down = True
        self._reload()
        deadline = time.monotonic() + (self.drain if drain is None else drain)
        while replica.proc.poll() is None and open_connections(replica.port) and time.monotonic() < deadline:
            time.sleep(0.5)
        left = open_connections(replica.port) if replica.proc.poll() is None else 0
        self._stop_replica(replica)
        self.log(f"replica on port {replica.port} drained ({left} session(s) still open were closed); starting it again")
        self._start_replica(replica)
        replica.down = False
        self._reload()
        self.log(f"replica on port {replica.port} is back in rotation")

    def rolling_restart(self) -> None:
        for replica in self.pool:
            self.replace(replica)

    def check(self) -> None:
        """One round of active health checks: a replica that died or failed twice in a row is replaced."""
        for replica in self.pool:
            if replica.down:
                continue
            replica.failures = 0 if replica.proc.poll() is None and healthy(replica.port) else replica.failures + 1
            if replica.failures >= 2 or replica.proc.poll() is not None:
                self.log(f"replica on port {replica.port} failed its health check: replacing it")
                self.replace(replica, drain=0)


@contextlib.contextmanager
def serving(replicas: int, **kwargs) -> Iterator[School]:
    school = School(replicas, **kwargs)
    try:
        school.start()
        yield school
    finally:
        school.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", "-n", type=int, default=2, help="Streamlit processes (about one per core)")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port on 127.0.0.1")
    parser.add_argument("--drain", type=float, default=30.0, help="seconds a restarting replica's sessions get to finish")
    args = parser.parse_args()
    if not Path(NGINX).exists():
        parser.error("nginx is not installed (Debian: apt-get install nginx)")
    restart = False

    def on_hup(*_) -> None:
        nonlocal restart
        restart = True

    signal.signal(signal.SIGHUP, on_hup)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        with serving(args.replicas, port=args.port, drain=args.drain) as school:
            print(
                f"Exile Map for a school: {school.url}  (kill -HUP {os.getpid()} restarts the replicas one by one; Ctrl-C stops)"
            )
            while True:
                time.sleep(HEALTH_EVERY)
                if restart:
                    restart = False
                    school.rolling_restart()
                school.check()
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
