"""Tokens are stored hashed, resolve to their actor, and stop working once revoked."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from cli_runner import run_cli
from policyhub.access import schema
from policyhub.access.roles import Role
from policyhub.access.tokens import TokenStore
from policyhub.errors import InputError


def _store(url: str) -> TokenStore:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    schema.upgrade(engine)
    return TokenStore(engine)


def test_token_resolves_to_its_actor_and_is_stored_only_as_a_digest(db_url: str) -> None:
    store = _store(db_url)
    issued = store.create("platform", platform="BJ", label="北京电力交易中心")
    actor = store.actor_for(issued.secret)
    assert actor is not None and actor.role is Role.platform and actor.platform == "BJ"
    with store.engine.connect() as conn:
        stored = [tuple(r) for r in conn.execute(text("SELECT * FROM api_tokens"))]
    assert issued.secret not in repr(stored)


def test_revoked_or_unknown_token_resolves_to_nobody(db_url: str) -> None:
    store = _store(db_url)
    issued = store.create("operator")
    assert store.revoke(issued.id)
    assert store.actor_for(issued.secret) is None
    assert store.actor_for("ph_not-a-token") is None
    assert not store.revoke(issued.id)


def test_migrations_are_idempotent(sqlite_url: str) -> None:
    store = _store(sqlite_url)
    schema.upgrade(store.engine)
    assert store.create("regulator").id == 1


@pytest.mark.parametrize(("role", "kwargs"), [("wizard", {}), ("account_holder", {}), ("platform", {})])
def test_bad_role_or_missing_scope_is_refused(sqlite_url: str, role: str, kwargs: dict[str, str]) -> None:
    with pytest.raises(InputError):
        _store(sqlite_url).create(role, **kwargs)


def test_admin_token_create_prints_a_secret_and_rejects_a_bad_role(sqlite_url: str) -> None:
    ok = run_cli("admin", "token", "create", "--role", "account_holder", "--account", "B1", "--db", sqlite_url)
    assert ok.returncode == 0, ok.stderr
    secret = ok.stdout.strip()
    actor = _store(sqlite_url).actor_for(secret)
    assert actor is not None and actor.account == "B1"
    bad = run_cli("admin", "token", "create", "--role", "wizard", "--db", sqlite_url)
    assert bad.returncode == 2
    assert "unknown role" in bad.stderr and "Traceback" not in bad.stderr
