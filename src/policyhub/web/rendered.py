"""Documents rendered once and served again: a bounded, thread-safe store kept on the app (one per database)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from starlette.requests import Request


class RenderedOnce:
    """The last `size` documents by key, least recently served dropped first."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._docs: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.renders = 0  # how many times `make` ran: tests read it

    def get(self, key: Hashable, make: Callable[[], bytes]) -> bytes:
        """The document under `key`, made by `make` the first time (outside the lock: rendering takes seconds)."""
        with self._lock:
            if key in self._docs:
                self._docs.move_to_end(key)
                return self._docs[key]
        doc = make()
        with self._lock:
            self.renders += 1
            self._docs[key] = doc
            self._docs.move_to_end(key)
            while len(self._docs) > self.size:
                self._docs.popitem(last=False)
        return doc


_LOCK = threading.Lock()


def store(request: Request, name: str, size: int = 256) -> RenderedOnce:
    """The app's store called `name` (created on first use): documents of one app never serve another's."""
    state = request.app.state
    with _LOCK:
        found = getattr(state, name, None)
        if not isinstance(found, RenderedOnce):
            found = RenderedOnce(size)
            setattr(state, name, found)
        return found
