"""Handing memory back to the system after a large one-off job (a journey checked, a map rendered).

Imported by ui.py, so its settings apply to the server process before any journey is read.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc


def _libc():
    """The C library, or None where ctypes cannot find one."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


_LIBC = _libc()
_TRIM = getattr(_LIBC, "malloc_trim", None)  # glibc's; None elsewhere (macOS, musl, Windows)
M_MMAP_THRESHOLD = -3  # glibc's malloc.h


def _map_large_blocks() -> None:
    """Blocks of 1 MB and more (a large journey's map page, its message to the browser) straight from the system.

    glibc does this by default only until the first such block is freed, then raises the bar to that
    block's size (up to 32 MB): each journey's multi-MB page would then stay in the process's heap
    after it was sent. A fixed bar gives every large block back to the system as soon as it is freed.
    """
    mallopt = getattr(_LIBC, "mallopt", None)
    if mallopt is not None:
        mallopt(M_MMAP_THRESHOLD, 1 << 20)


_map_large_blocks()


def release() -> None:
    """Free what a large job left behind, now rather than at some later run, and return it to the system.

    The job's objects are webs of cycles (folium's element tree, pandas frames), so only a full
    collection frees them (Streamlit's own after-run collection is off, see .streamlit/config.toml).
    glibc then keeps the freed pages for reuse by this process; malloc_trim gives them back, so a
    teacher's 5,000-stop upload does not leave the server's footprint tens of MB larger than the
    journey it keeps.
    """
    gc.collect()
    if _TRIM is not None:
        _TRIM(0)


_settled = False


def settle() -> None:
    """Once per process, after the first page has run: collect, then freeze what is left out of the collector's sight.

    What survives the first run lives as long as the server: the imported modules (pandas, altair,
    folium, Streamlit itself), the default gazetteer and its caches, about 190,000 objects. Python's
    full collections walk every tracked object, so each one here cost about 100 ms, and in the
    bench one fell among 150 slider moves: about 0.7 ms a move, as much as the page's own rerun.
    After gc.freeze() they walk only what came later. Frozen objects are still freed as usual when
    nothing refers to them; only a cycle among them is never collected, and they are all made once.
    """
    global _settled
    if not _settled:
        _settled = True
        gc.collect()
        gc.freeze()


def _arrow_on_system_malloc() -> None:
    """pandas keeps text columns in Arrow, whose own allocator (mimalloc) keeps what it frees for itself.

    On the system's malloc instead, what a large journey's check frees goes back with the rest: the
    first 5,000-stop session grew the server by about 30 MB during its check with mimalloc, 17 MB without.
    Arrow's buffers here are a few MB at most, so its faster allocator buys nothing.
    """
    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())


_arrow_on_system_malloc()
