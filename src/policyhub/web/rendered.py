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
        self._making: dict[Hashable, threading.Lock] = {}  # one lock per document being rendered
        self._lock = threading.Lock()
        self.renders = 0  # how many times `make` ran: tests read it

    def _cached(self, key: Hashable) -> bytes | None:
        with self._lock:
            if key not in self._docs:
                return None
            self._docs.move_to_end(key)
            return self._docs[key]

    def get(self, key: Hashable, make: Callable[[], bytes]) -> bytes:
        """The document under `key`, made by `make` the first time; concurrent first requests wait for one rendering.

        Rendering runs outside the store's lock (it takes seconds): other keys are served meanwhile.
        """
        found = self._cached(key)
        if found is not None:
            return found
        with self._lock:
            making = self._making.setdefault(key, threading.Lock())
        with making:
            found = self._cached(key)
            if found is not None:
                return found
            try:
                doc = make()
            finally:
                with self._lock:
                    self._making.pop(key, None)
            with self._lock:
                self.renders += 1
                self._docs[key] = doc
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
