"""Anchored history: a published report's journal head catches a rewritten history; the token table is held to
its journaled grants."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from gec_helpers import world

from cli_runner import run_cli
from policyhub.access import schema
from policyhub.access.tokens import TokenStore
from policyhub.gec.adapters import tables as t
from policyhub.gec.audit import audit
from policyhub.gec.domain.journal import GENESIS, entry_hash
from policyhub.gec.registry import Registry
from policyhub.gec.report import report


@pytest.fixture
def reg(reg_url: str) -> Iterator[Registry]:
    with Registry.open(reg_url) as r:
        yield r


def _history(reg: Registry) -> None:
    world(reg)  # S1's P1 with 2,345,678 kWh of 2024-08 issued; buyer B1


def _rewrite_everything(reg: Registry) -> None:
    """The attacker's best move: change a figure in an early entry and recompute every hash after it."""
    with reg.engine.begin() as conn:
        rows = list(conn.execute(sa.select(t.journal).order_by(t.journal.c.seq)))
        prev = GENESIS
        for row in rows:
            command = row.command
            if row.op == "meter":
                command = command.replace("2345678", "3345678")
            digest = entry_hash(prev, command, row.result)
            conn.execute(
                t.journal.update()
                .where(t.journal.c.seq == row.seq)
                .values(command=command, prev_hash=prev, hash=digest)
            )
            prev = digest
        conn.execute(t.meta.update().where(t.meta.c.id == 1).values(head_hash=prev))


def test_the_report_carries_the_journal_head(reg: Registry) -> None:
    _history(reg)
    head = reg.head()
    rep = report(reg, reg.journal(limit=1000)[-1]["at"][:7])
    assert rep["journal"] == head and head["seq"] == len(reg.journal(limit=1000))


def test_a_consistent_rewrite_passes_the_chain_but_not_a_kept_anchor(reg: Registry) -> None:
    _history(reg)
    anchor = reg.head()
    assert audit(reg, [(anchor["seq"], anchor["hash"])])["ok"]
    _rewrite_everything(reg)
    # Without the anchor the rewritten chain is self-consistent …
    assert audit(reg)["chain_ok"]
    # … the kept anchor catches it.
    found = audit(reg, [(anchor["seq"], anchor["hash"])])
    assert not found["ok"] and not found["anchors_ok"]
    assert any("rewritten" in p["message"] for p in found["problems"] if p["where"] == "anchor")
    # An anchor beyond the journal's end says the history was cut short.
    assert not audit(reg, [(anchor["seq"] + 5, anchor["hash"])])["anchors_ok"]


def test_a_token_role_changed_in_the_table_fails_the_audit(reg: Registry) -> None:
    _history(reg)
    schema.upgrade(reg.engine)
    tokens = TokenStore(reg.engine, journal=reg.apply)
    issued = tokens.create("account_holder", account="B1")
    other = tokens.create("platform", platform="BJ")
    assert tokens.revoke(other.id)
    assert audit(reg)["ok"] and audit(reg)["tokens_ok"]
    with reg.engine.begin() as conn:
        conn.execute(sa.text("UPDATE api_tokens SET role = 'operator', account = NULL WHERE id = :i"), {"i": issued.id})
    found = audit(reg)
    assert not found["ok"] and not found["tokens_ok"]
    assert any(p.get("token") == issued.id for p in found["problems"])
    with reg.engine.begin() as conn:  # a token slipped into the table without a grant
        conn.execute(sa.text("UPDATE api_tokens SET role = 'account_holder', account = 'B1' WHERE id = :i"),
                     {"i": issued.id})  # fmt: skip
        conn.execute(sa.text("UPDATE api_tokens SET revoked_at = NULL WHERE id = :i"), {"i": other.id})
    assert any("live in the table" in p["message"] for p in audit(reg)["problems"])


def test_the_cli_audit_checks_anchors_and_report_prints_them(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    with Registry.open(db) as reg:
        _history(reg)
        month = reg.journal(limit=1000)[-1]["at"][:7]
    out = run_cli("gec", "report", "--month", month, "--db", db, "--format", "json", check=True).stdout
    journal = json.loads(out)["journal"]
    anchor = f"{journal['seq']}:{journal['hash']}"
    html = run_cli("gec", "report", "--month", month, "--db", db, "--format", "html", check=True).stdout
    assert anchor in html
    assert run_cli("gec", "audit", "--db", db, "--anchor", anchor).returncode == 0
    with Registry.open(db) as reg:
        _rewrite_everything(reg)
    proc = run_cli("gec", "audit", "--db", db, "--anchor", anchor)
    assert proc.returncode == 1 and "rewritten" in proc.stdout
    bad = run_cli("gec", "audit", "--db", db, "--anchor", "7:nothex")
    assert bad.returncode == 2 and "SEQ:HASH" in bad.stderr
