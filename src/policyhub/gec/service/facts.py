"""The role policy's facts read inside a command's own transaction: as the journal has them at that entry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from policyhub.access.roles import Actor, Role, authorise

from ..adapters import tables as t
from . import mandates


class StoredFacts:
    """`access.roles.Facts` read from the registry's tables; `_read` says through which connection."""

    def _read(self, query: sa.Select[Any]) -> Any:
        raise NotImplementedError

    def _one(self, column: sa.ColumnElement[Any], key: sa.ColumnElement[Any], value: str) -> str | None:
        found = self._read(sa.select(column).where(key == value))
        return None if found is None else str(found)

    def project_owner(self, project: str) -> str | None:
        return self._one(t.projects.c.owner, t.projects.c.project, project)

    def listing_owner(self, listing: str) -> str | None:
        return self._one(t.listings.c.account, t.listings.c.listing, listing)

    def listing_platforms(self, listing: str) -> list[str] | None:
        found = self._one(t.listings.c.platforms, t.listings.c.listing, listing)
        return None if found is None else found.split(",")

    def auction_platform(self, auction: str) -> str | None:
        return self._one(t.auctions.c.platform, t.auctions.c.auction, auction)

    def contract_platform(self, contract: str) -> str | None:
        return self._one(t.contracts.c.platform, t.contracts.c.contract, contract)

    def has_mandate(self, account: str, platform: str) -> bool:
        return self._read(mandates.held_query(account, platform)) is not None


class TxFacts(StoredFacts):
    """The facts inside the open transaction: what earlier commands of the same group made is seen."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def _read(self, query: sa.Select[Any]) -> Any:
        return self.conn.execute(query).scalar()


def sender(actor: Mapping[str, Any]) -> Actor:
    """The journaled actor as the role policy's Actor; ValueError when it names no role the policy knows."""
    token = actor.get("token")
    return Actor(
        role=Role(str(actor.get("role"))),
        account=None if actor.get("account") is None else str(actor["account"]),
        platform=None if actor.get("platform") is None else str(actor["platform"]),
        token=token if isinstance(token, int) else None,
    )


def authorise_here(conn: sa.Connection, actor: Actor, logged: Mapping[str, Any]) -> None:
    """Raise Forbidden unless `actor` may send the journaled command now, inside its transaction."""
    authorise(actor, logged, TxFacts(conn))
