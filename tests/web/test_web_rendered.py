"""Documents rendered once: a bounded store, one rendering for concurrent first requests, nothing kept on failure."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from policyhub.web.rendered import RenderedOnce


def test_the_least_recently_served_document_leaves_a_full_store() -> None:
    store = RenderedOnce(size=2)
    assert store.get("a", lambda: b"A") == b"A"
    assert store.get("b", lambda: b"B") == b"B"
    assert store.get("a", lambda: b"changed") == b"A"  # served from the store; "a" is now the most recent
    assert store.get("c", lambda: b"C") == b"C"  # "b" leaves
    assert store.renders == 3
    assert store.get("b", lambda: b"B2") == b"B2" and store.renders == 4
    assert store.get("a", lambda: b"A3") == b"A3"  # "a" had left when "b" came back


def test_concurrent_first_requests_render_once() -> None:
    store = RenderedOnce()
    calls = 0

    def slow() -> bytes:
        nonlocal calls
        calls += 1
        time.sleep(0.3)
        return b"%PDF"

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: store.get("claim", slow), range(8)))
    assert results == [b"%PDF"] * 8 and calls == 1 and store.renders == 1


def test_a_failed_rendering_is_not_kept() -> None:
    store = RenderedOnce()

    def broken() -> bytes:
        raise RuntimeError("pango")

    with pytest.raises(RuntimeError):
        store.get("x", broken)
    assert store.get("x", lambda: b"ok") == b"ok" and store.renders == 1
