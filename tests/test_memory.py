"""A large journey's leftovers: repeated values kept once, and freed memory handed back."""

from __future__ import annotations

import pandas as pd

from exilemap import memory
from exilemap.gazetteer import iter_records


def test_repeated_cell_values_are_one_object_and_the_rows_are_unchanged():
    frame = pd.DataFrame({"kind": ["stay"] * 3, "name": ["A", "B", "A"]}, dtype=str)
    rows = list(iter_records(frame))
    assert rows == [{"kind": "stay", "name": "A"}, {"kind": "stay", "name": "B"}, {"kind": "stay", "name": "A"}]
    assert rows[0]["kind"] is rows[1]["kind"] is rows[2]["kind"]
    assert rows[0]["name"] is rows[2]["name"]


def test_release_frees_cycles_at_once():
    import gc
    import weakref

    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    gc.disable()
    try:
        del a, b
        assert gone() is not None  # a cycle: only a collection frees it
        memory.release()
        assert gone() is None
    finally:
        gc.enable()


def test_on_glibc_the_freed_memory_is_handed_back_with_malloc_trim():
    import platform

    import pytest

    if platform.libc_ver()[0] != "glibc":
        pytest.skip("not glibc: release() only collects there")
    assert memory._TRIM is not None


def test_arrow_allocates_from_the_system_malloc_that_release_trims():
    import pyarrow as pa

    assert pa.default_memory_pool().backend_name == "system"


def test_settle_freezes_what_exists_once_and_leaves_later_objects_to_the_collector():
    import subprocess
    import sys

    script = """
import gc
from exilemap import memory
early = [[] for _ in range(1000)]  # made before: a module's, the default gazetteer's
memory.settle()
frozen = gc.get_freeze_count()
memory.settle()  # a later run: nothing more is frozen
assert gc.get_freeze_count() == frozen, (frozen, gc.get_freeze_count())
late = [[] for _ in range(10)]
gc.collect()
assert frozen >= 1000, frozen
assert not any(o is early for o in gc.get_objects(generation=2)), "the early list is still walked by full collections"
assert any(o is late for o in gc.get_objects(generation=2)), "a later object escaped the collector"
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "ok", done.stderr
