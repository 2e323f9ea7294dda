"""The trade path's statements on the DBAPI cursor give exactly what Core gives: values, types, errors."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from gec_helpers import AT
from trading_helpers import list_, market

from policyhub.gec.adapters import fast, pipeline
from policyhub.gec.adapters import tables as t
from policyhub.gec.adapters.repository import _ACCOUNT, _TWO_ACCOUNTS
from policyhub.gec.registry import Registry
from policyhub.gec.service.listings import _LISTING, _PARTIES
from policyhub.gec.service.market import _LAST_TRADE, _RESERVED_COUNT, UNDER

READS = [
    (_ACCOUNT, {"k": "S1"}),
    (_TWO_ACCOUNTS, {"a": "S1", "b": "B1"}),
    (_LISTING, {"k": "L1"}),
    (_PARTIES, {"k": "L1", "b": "B1"}),
    (UNDER, {"key": "L1"}),
    (_RESERVED_COUNT, {"key": "L1"}),
    (_LAST_TRADE, {}),
    (sa.select(t.meta).where(t.meta.c.id == 1), {}),
]


@pytest.mark.parametrize("index", range(len(READS)))
def test_a_fast_read_returns_the_rows_core_returns(reg_url: str, index: int) -> None:
    stmt, params = READS[index]
    with Registry.open(reg_url) as r:
        market(r)
        list_(r, quantity=100)
        with r.engine.connect() as conn:
            core = [tuple(row) for row in conn.execute(stmt, params)]
            quick = [tuple(row) for row in fast.execute(conn, stmt, params)]
            assert quick == core
            assert [[type(v) for v in row] for row in quick] == [[type(v) for v in row] for row in core]
            first = fast.execute(conn, stmt, params).first()
            if first is not None:
                assert dict(first._mapping) == dict(conn.execute(stmt, params).first()._mapping)


def test_a_fast_insert_that_breaks_a_key_raises_sqlalchemys_integrity_error(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        row = {"seq": 1, "at": AT, "op": "x", "command": "{}", "result": "{}", "prev_hash": "0" * 64, "hash": "1" * 64}
        with r.engine.connect() as conn, conn.begin(), pytest.raises(sa.exc.IntegrityError):
            fast.execute(conn, sa.insert(t.journal), row)  # entry 1 exists: the journal's key refuses it


def test_a_fast_update_sets_only_the_given_columns(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        stmt = sa.update(t.accounts).where(t.accounts.c.account == sa.bindparam("who"))
        with r.engine.connect() as conn, conn.begin():
            before = conn.execute(sa.select(t.accounts).where(t.accounts.c.account == "B2")).one()
            assert fast.execute(conn, stmt, {"who": "B2", "name": "新名称"}).rowcount == 1
            after = conn.execute(sa.select(t.accounts).where(t.accounts.c.account == "B2")).one()
            assert after.name == "新名称" and after.id_doc == before.id_doc and after.kind == before.kind


def test_reads_sent_together_answer_as_each_alone(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        list_(r, quantity=100)
        with r.engine.connect() as conn:
            alone = [[tuple(row) for row in fast.execute(conn, stmt, params)] for stmt, params in READS]
            # On PostgreSQL in pipeline mode: all six are sent before the first answer is read.
            with conn.begin(), pipeline.pipelined(conn, conn.dialect.name == "postgresql"):
                together = [[tuple(row) for row in result] for result in fast.execute_all(conn, READS)]
            assert together == alone
            assert [len(rows) for rows in alone[:6]] == [1, 2, 1, 2, 1, 1]
