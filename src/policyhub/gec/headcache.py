"""Public pages and reports computed from the registry's aggregates, kept until the journal moves (web/cache.py
wraps the page routes).

`/gec` cost 120–160 ms of CPU per request (its aggregates and chart), so a few readers could take the machine from
the registry's writers. A rendering is valid for one journal head (every change to the registry is a journal entry)
and one registry date (validity is judged by the day); a repeated request is answered from memory. While one
request renders a page for a new head, the others are answered with the previous rendering rather than all
computing it at once: at most one rendering per page at a time, however many readers ask.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import sqlalchemy as sa
from fastapi.responses import Response

from policyhub.storage import single_read

from .adapters import tables as t
from .registry import Registry

ENTRIES = 256  # pages and reports kept per process (a report per month and platform; ~100 KB each at most)
_HEAD = sa.select(t.meta.c.head_seq).where(t.meta.c.id == 1)
T = TypeVar("T")


def version(registry: Registry) -> tuple[int, str]:
    """What a public rendering depends on: the journal head's sequence number and the registry's date."""
    with single_read(registry.engine) as conn:
        head = conn.execute(_HEAD).scalar()
    return int(head or 0), registry.today()


class _Slot:
    __slots__ = ("rendering", "value", "version")

    def __init__(self) -> None:
        self.version: tuple[int, str] | None = None
        self.value: Any = None
        self.rendering: threading.Event | None = None  # set while one thread renders this key


class HeadCache:
    """Values per key, each valid for one `version`; the least recently used are dropped past ENTRIES."""

    def __init__(self, entries: int = ENTRIES) -> None:
        self.entries = entries
        self._slots: OrderedDict[Hashable, _Slot] = OrderedDict()
        self._guard = threading.Lock()
        self.renders = 0  # how many times a value was computed (tests read it)

    def get(self, key: Hashable, now: tuple[int, str], compute: Callable[[], T]) -> T:
        while True:
            with self._guard:
                slot = self._slots.get(key)
                if slot is None:
                    slot = self._slots[key] = _Slot()
                self._slots.move_to_end(key)
                if slot.version == now:
                    return slot.value  # type: ignore[no-any-return]
                busy = slot.rendering
                if busy is None:
                    slot.rendering = busy = threading.Event()
                    break
                if slot.version is not None:
                    return slot.value  # type: ignore[no-any-return]  # the previous rendering, while one renders
            busy.wait(timeout=60)  # nothing rendered yet: wait for the one rendering it
        try:
            value = compute()
        except BaseException:
            with self._guard:
                slot.rendering = None
            busy.set()
            raise
        with self._guard:
            self.renders += 1
            slot.rendering = None
            if _keepable(value):
                slot.version, slot.value = now, value
            while len(self._slots) > self.entries:
                self._slots.popitem(last=False)
        busy.set()
        return value


def _keepable(value: object) -> bool:
    return not isinstance(value, Response) or value.status_code == 200


_CACHES: weakref.WeakKeyDictionary[Registry, HeadCache] = weakref.WeakKeyDictionary()
_CACHES_GUARD = threading.Lock()


def cache_for(registry: Registry) -> HeadCache:
    """The cache of one open registry (an app's; a test's second app has its own)."""
    with _CACHES_GUARD:
        found = _CACHES.get(registry)
        if found is None:
            found = _CACHES[registry] = HeadCache()
        return found


def memo(registry: Registry, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once per journal head and registry date (for the JSON API's reports)."""
    return cache_for(registry).get(key, version(registry), compute)
