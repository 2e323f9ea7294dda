"""What the routes need, opened once per app: the registry's database, the token and session stores."""

from __future__ import annotations

from functools import cached_property

from sqlalchemy.engine import Engine

from policyhub.access import schema
from policyhub.access.sessions import SessionStore
from policyhub.access.tokens import TokenStore
from policyhub.digital.store import AssessmentStore
from policyhub.gec.desk import Desk
from policyhub.gec.registry import Clock, Registry
from policyhub.storage import resolve_url
from policyhub.web.faults import Episode
from policyhub.web.health import probe


class Services:
    """Lazily opened so that building the app (and its OpenAPI schema) touches no database."""

    def __init__(self, db_url: str | None, public_url: str | None = None, clock: Clock | None = None) -> None:
        self.db_url = resolve_url(db_url)
        self.public_url = public_url
        self.clock = clock  # the registry's clock: the machine's unless a test or a simulation fixes it
        self.episode = Episode(self._unhealthy)  # database faults: one log line when they start, one when they end

    def close(self) -> None:
        """Finish queued commands and release the database (the app's shutdown)."""
        self.episode.probe = None  # an open episode's thread stops probing
        if "desk" in self.__dict__:
            self.desk.close()
        if "registry" in self.__dict__:
            self.registry.close()

    @cached_property
    def registry(self) -> Registry:
        return Registry.open(self.db_url, public_url=self.public_url, clock=self.clock)

    def _unhealthy(self) -> str:
        """Why the database cannot take the service's work now ("" when it answers and accepts writes)."""
        found = probe(self.registry.engine)
        return "" if found["answers"] and found["writes"] else str(found["detail"] or "?")

    @cached_property
    def desk(self) -> Desk:
        """The thread that writes the API's commands, queued requests together (gec/desk.py)."""
        return Desk(self.registry)

    @cached_property
    def engine(self) -> Engine:
        """The registry's engine, with the access tables (tokens, sessions) migrated too."""
        engine = self.registry.engine
        schema.upgrade(engine)
        return engine

    @cached_property
    def tokens(self) -> TokenStore:
        return TokenStore(self.engine, journal=self.registry.apply)

    @cached_property
    def sessions(self) -> SessionStore:
        """Browser sessions (the page cookie), each acting for a live API token or a signed-up firm."""
        return SessionStore(self.engine, self.tokens)

    @cached_property
    def assessments(self) -> AssessmentStore:
        """The digital assessments the site counts (their own migration chain, policyhub.digital)."""
        return AssessmentStore(self.registry.engine)
