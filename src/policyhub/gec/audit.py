"""Audit (第三十条): recompute the hash chain, replay the journal into a fresh store, compare every table."""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from policyhub.errors import InputError

from .adapters import tables as t
from .audit_findings import AuditReport, Finding, Place
from .audit_names import code_shaped_names
from .audit_time import Latest, check_anchors, in_time_order
from .domain import commands as c
from .domain.journal import GENESIS, canonical_json, entry_hash, rows_digest
from .domain.project_rows import from_text
from .prepared import Prepared
from .registry import GROUP, BatchRow, Registry
from .service import facts

MAX_PROBLEMS = 20


def _batch_rows(conn: sa.Connection, seq: int) -> list[BatchRow]:
    br = t.batch_rows.c
    q = sa.select(br.project, br.grid_kwh, br.self_kwh).where(br.entry == seq).order_by(br.line)
    return [(p, g, s) for p, g, s in conn.execute(q)]


def _project_text(conn: sa.Connection, seq: int) -> str:
    found = conn.execute(sa.select(t.project_batches.c.rows).where(t.project_batches.c.entry == seq)).scalar()
    return "" if found is None else str(found)


def check_chain(
    conn: sa.Connection,
    problems: list[Finding],
    now: datetime | None = None,
    notes: list[Finding] | None = None,
) -> int:
    """Recompute every entry's hash from its predecessor; returns the number of entries."""
    prev, expected, n = GENESIS, 1, 0
    last: Latest = None  # the latest entry time so far, and its entry
    for row in conn.execute(sa.select(t.journal).order_by(t.journal.c.seq)):
        n += 1
        where: Place = {"where": "journal", "entry": int(row.seq)}
        last = in_time_order(row, last, problems, now, notes)
        if row.seq != expected:
            problems.append({**where, "message": f"entry {row.seq} found where {expected} was expected (gap)"})
        if row.prev_hash != prev:
            problems.append({**where, "message": f"entry {row.seq}: prev_hash does not match entry {row.seq - 1}"})
        if entry_hash(row.prev_hash, row.command, row.result) != row.hash:
            problems.append({**where, "message": f"entry {row.seq}: hash mismatch, command or result altered"})
        try:
            cmd = json.loads(row.command)
            if cmd.get("op") != row.op or cmd.get("at") != row.at:
                problems.append({**where, "message": f"entry {row.seq}: op/at columns differ from the command"})
            if row.op == "meter_batch" and rows_digest(_batch_rows(conn, row.seq)) != cmd.get("rows_sha256"):
                problems.append({**where, "message": f"entry {row.seq}: meter batch rows altered (digest mismatch)"})
            stored = _project_text(conn, row.seq).encode() if row.op == "project_batch" else None
            if stored is not None and hashlib.sha256(stored).hexdigest() != cmd.get("rows_sha256"):
                problems.append({**where, "message": f"entry {row.seq}: project rows altered (digest mismatch)"})
        except (ValueError, AttributeError):
            problems.append({**where, "message": f"entry {row.seq}: command is not valid JSON"})
        prev, expected = row.hash, int(row.seq) + 1
    head = conn.execute(sa.select(t.meta).where(t.meta.c.id == 1)).one()
    if head.head_seq != n or head.head_hash != prev:
        problems.append(
            {
                "where": "journal",
                "entry": int(head.head_seq),
                "message": f"journal head says entry {head.head_seq}, journal ends at {n}",
            }
        )
    return n


def replay(src: sa.Connection, fresh: Registry, problems: list[Finding]) -> None:
    """Re-run every journal command against `fresh` (in groups, as the registry applies lists) and compare results."""
    group: list[tuple[int, str, Prepared]] = []
    for row in src.execute(sa.select(t.journal).order_by(t.journal.c.seq)):
        try:
            prepared = _replayable(src, row)
        except (ValueError, KeyError, TypeError, InputError) as exc:
            _compare(fresh, group, problems)
            problems.append({"where": "replay", "entry": int(row.seq), "message": f"entry {row.seq}: cannot be "
                             f"replayed ({exc})"})  # fmt: skip
            return
        group.append((int(row.seq), str(row.result), prepared))
        if len(group) >= GROUP:
            if not _compare(fresh, group, problems):
                return
            group = []
    _compare(fresh, group, problems)


def _replayable(src: sa.Connection, row: Any) -> Prepared:
    """A journal entry as the command it records, with its stored time, sender and batch rows."""
    logged = json.loads(row.command)
    at = datetime.fromisoformat(logged["at"])
    rows: list[Any] = []
    if logged.get("op") == "meter_batch":
        rows = _batch_rows(src, row.seq)
        cmd: c.Command = c.MeterBatch.model_construct(
            op="meter_batch", month=logged["month"], source=logged["source"], rows=[], at=at
        )
    elif logged.get("op") == "project_batch":
        rows = from_text(_project_text(src, row.seq))
        cmd = c.ProjectBatch.model_construct(op="project_batch", rows=[], at=at)
    else:
        cmd = c.parse_command({k: v for k, v in logged.items() if k not in ("received", "actor")})
    prepared = Prepared(cmd, {k: v for k, v in logged.items() if k != "at"}, rows, at, replay=True)
    if "actor" in logged and not isinstance(logged["actor"], dict):
        raise ValueError(f"its sender is not an object ({logged['actor']!r})")
    if isinstance(logged.get("actor"), dict):
        # Sent through the service: the sender must have been allowed to send it, by the policy the service uses and
        # the facts of that moment (the fresh store holds exactly the entries before it).
        prepared.sender = facts.sender(logged["actor"])
    return prepared


def _compare(fresh: Registry, group: list[tuple[int, str, Prepared]], problems: list[Finding]) -> bool:
    """Apply one group to the fresh store; False once enough problems are found."""
    results = fresh.apply_prepared([p for _, _, p in group])
    for (seq, stored, prepared), result in zip(group, results, strict=True):
        if prepared.breach is not None:
            who = prepared.sender.journal() if prepared.sender is not None else {}
            problems.append({"where": "replay", "entry": seq, "actor": who, "message": f"entry {seq}: its sender "
                             f"could not have sent it ({prepared.breach})"})  # fmt: skip
            if len(problems) >= MAX_PROBLEMS:
                return False
        if canonical_json(result) != stored:
            problems.append(
                {
                    "where": "replay",
                    "entry": seq,
                    "message": f"entry {seq}: replay gives a different result",
                    "stored": stored[:300],
                    "replayed": canonical_json(result)[:300],
                }
            )
            if len(problems) >= MAX_PROBLEMS:
                return False
    return True


def _ordered(conn: sa.Connection, table: sa.Table) -> Iterator[tuple[tuple[Any, ...], tuple[Any, ...]]]:
    """(primary key, row) in byte order of the key on both databases."""
    pg = conn.dialect.name == "postgresql"
    keys = [col.collate("C") if pg and isinstance(col.type, sa.String) else col for col in table.primary_key.columns]
    npk = len(table.primary_key.columns)
    pk_idx = [list(table.columns).index(col) for col in table.primary_key.columns]
    for row in conn.execute(sa.select(table).order_by(*keys)):
        norm = tuple(int(v) if isinstance(v, bool) else v for v in row)
        if table.name == "gec_meta":
            norm = norm[:-1]  # head_hash: checked against the journal by check_chain
        yield tuple(norm[i] for i in pk_idx)[:npk], norm


def compare_tables(a: sa.Connection, b: sa.Connection, problems: list[Finding]) -> None:
    """Merge-compare each state table row by row; report the table, the key and the row's entry."""
    for name in t.STATE_TABLES:
        if name == "gec_journal":
            continue  # verified entry by entry by check_chain and replay
        table = t.metadata.tables[name]
        cols = [col.name for col in table.columns]
        left, right = _ordered(a, table), _ordered(b, table)
        x, y = next(left, None), next(right, None)
        found = 0
        while (x is not None or y is not None) and found < 5:
            if y is None or (x is not None and _lt(x[0], y[0])):
                msg, row, x = "row exists in the store but not in the replay", x, next(left, None)
            elif x is None or _lt(y[0], x[0]):
                msg, row = "row missing from the store", y
                y = next(right, None)
            elif x[1] != y[1]:
                diff = [c for c, u, v in zip(cols, x[1], y[1], strict=False) if u != v]
                msg, row = f"columns {', '.join(diff)} differ from the replay", x
                x, y = next(left, None), next(right, None)
            else:
                x, y = next(left, None), next(right, None)
                continue
            found += 1
            assert row is not None
            rec = dict(zip(cols, row[1], strict=False))
            problems.append(
                {
                    "where": "table",
                    "table": name,
                    "key": list(row[0]),
                    "entry": rec.get("entry", rec.get("seq")),
                    "message": f"{name} {list(row[0])}: {msg}",
                }
            )


def _lt(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    enc = tuple(v.encode() if isinstance(v, str) else v for v in a)
    enc_b = tuple(v.encode() if isinstance(v, str) else v for v in b)
    return bool(enc < enc_b)


def check_tokens(conn: sa.Connection, problems: list[Finding]) -> None:
    """The API token table must match the journaled grants and revocations (a role edited in place is caught)."""
    if not sa.inspect(conn).has_table("api_tokens"):
        return
    grants: dict[int, tuple[Any, ...]] = {}
    revoked: set[int] = set()
    j = t.journal.c
    for seq, command in conn.execute(
        sa.select(j.seq, j.command).where(j.op.in_(["grant_token", "revoke_token"])).order_by(j.seq)
    ):
        cmd = json.loads(command)
        if cmd["op"] == "grant_token":
            grants[int(cmd["token"])] = (cmd["role"], cmd.get("account"), cmd.get("platform"), cmd["sha256"], seq)
        else:
            revoked.add(int(cmd["token"]))
    rows = conn.execute(sa.text("SELECT id, role, account, platform, token_sha256, revoked_at FROM api_tokens"))
    for tid, role, account, platform, sha, revoked_at in rows:
        where: Place = {"where": "tokens", "entry": None, "token": int(tid)}
        grant = grants.get(int(tid))
        if grant is None:
            problems.append({**where, "message": f"token {tid} ({role}) is in the token table but was never granted"})
            continue
        if (role, account, platform, sha) != grant[:4]:
            granted = f"entry {grant[4]}: {grant[0]} {grant[1] or grant[2] or ''}".strip()
            message = f"token {tid}: role, scope or digest differ from its grant ({granted})"
            problems.append({**where, "entry": grant[4], "message": message})
        if (revoked_at is not None) != (int(tid) in revoked):
            in_table = revoked_at is not None
            state = "revoked in the table only" if in_table else "revoked in the journal, live in the table"
            problems.append({**where, "message": f"token {tid}: {state}"})


def check_sender_tokens(conn: sa.Connection, problems: list[Finding]) -> None:
    """A journaled sender's token was granted with that role and scope, and not revoked before the entry."""
    grants: dict[int, tuple[Any, ...]] = {}
    revoked: set[int] = set()
    for seq, command in conn.execute(sa.select(t.journal.c.seq, t.journal.c.command).order_by(t.journal.c.seq)):
        cmd = json.loads(command)
        actor = cmd.get("actor")
        if cmd.get("op") == "grant_token":
            grants[int(cmd["token"])] = (cmd.get("role"), cmd.get("account"), cmd.get("platform"))
        elif cmd.get("op") == "revoke_token":
            revoked.add(int(cmd["token"]))
        if not isinstance(actor, dict) or not isinstance(actor.get("token"), int):
            continue  # the local tool's entries name no token; a token the journal never granted is not judged here
        token = actor["token"]
        sent = (actor.get("role"), actor.get("account"), actor.get("platform"))
        where: Place = {"where": "replay", "entry": int(seq)}
        if token in revoked:
            problems.append({**where, "message": f"entry {seq}: sent with token {token} after it was revoked"})
        elif token in grants and grants[token] != sent:
            problems.append({**where, "message": f"entry {seq}: its sender {sent} is not what token {token} was "
                             f"granted as {grants[token]}"})  # fmt: skip


def audit(registry: Registry, anchors: list[tuple[int, str]] | None = None) -> AuditReport:
    """Chain + anchors + tokens + replay + table comparison; ok only when every check holds."""
    problems: list[Finding] = []
    with registry.engine.connect().execution_options(gec_readonly=True) as src, src.begin():
        notes: list[Finding] = []
        entries = check_chain(src, problems, registry.now(), notes)
        chain_ok = not problems
        check_anchors(src, anchors or [], problems)
        check_tokens(src, problems)
        check_sender_tokens(src, problems)
        warnings = notes + code_shaped_names(src)
        with tempfile.TemporaryDirectory(prefix="gec-audit-") as tmp:
            fresh = Registry.open(f"sqlite:///{Path(tmp) / 'replay.sqlite'}")
            try:
                replay(src, fresh, problems)
                with fresh.engine.connect() as dst, dst.begin():
                    compare_tables(src, dst, problems)
            finally:
                fresh.close()
    return {
        "ok": not problems,
        "entries": entries,
        "chain_ok": chain_ok,
        "replay_ok": not any(p["where"] in ("replay", "table") for p in problems),
        "anchors_ok": not any(p["where"] == "anchor" for p in problems),
        "tokens_ok": not any(p["where"] == "tokens" for p in problems),
        "problems": problems[:MAX_PROBLEMS],
        "warnings": warnings[:MAX_PROBLEMS],  # reported, not failed: names from before code-shaped names were refused
    }
