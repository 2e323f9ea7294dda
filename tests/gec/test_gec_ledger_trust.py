"""The ledger's second pass: names never pose as codes, and audit re-checks who sent each entry and when."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from gec_helpers import id_number, ok, refused
from ledger_pool import NOW, base_world, clock

from cli_runner import Ran, run_cli
from policyhub.gec.audit import audit
from policyhub.gec.domain.codes import mod11_2
from policyhub.gec.prepared import Prepared
from policyhub.gec.registry import Registry

NOW_TEXT = NOW.isoformat()
CLAIM = {"op": "claim", "account": "S1", "quantity": 3, "beneficiary": "某制造企业", "period": "2024"}


def _gec(*args: str) -> Ran:
    return run_cli("gec", *args)


@pytest.mark.parametrize(
    "name", ["GECC00000000002", "gecc00000000002", "GECC0000000000", "GECC12X", "GeCc7", "GEC000000000001X", "gec42"]
)
def test_a_name_shaped_like_a_registry_code_is_refused(reg_url: str, name: str) -> None:
    with Registry.open(reg_url, clock=clock) as r:
        base_world(r)
        refused(r.apply({**CLAIM, "claim": name}), "bad_input")
        listing = {"op": "list", "listing": name, "account": "S1", "quantity": 1, "price": "5.00", "platforms": ["BJ"]}
        refused(r.apply(listing), "bad_input")
        assert r.claims("S1") == []


def test_an_unnamed_claim_after_a_refused_code_name_takes_its_code_and_verify_finds_it(reg_url: str) -> None:
    with Registry.open(reg_url, clock=clock) as r:
        base_world(r)
        first = ok(r.apply({**CLAIM, "claim": "C1"}))
        taken = f"GECC{int(first['code'][4:-1]) + 1:0{len(first['code']) - 5}d}"  # the next claim's code, less check
        refused(r.apply({**CLAIM, "claim": taken + "X"}), "bad_input")
        nxt = ok(r.apply({**CLAIM, "beneficiary": "真实受益方"}))
        assert nxt["code"].startswith(taken)
    done = _gec("verify", nxt["code"], "--db", reg_url, "--format", "json", "--as-of", "2024-12-16")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert (record["code"], record["beneficiary"], record["matched"]) == (nxt["code"], "真实受益方", "code")
    with Registry.open(reg_url, clock=clock) as r:
        assert r.verify("C1")["matched"] == "name"
        assert r.verify(first["code"].lower())["code"] == first["code"]  # codes in any case


def test_verify_answers_for_a_code_with_the_claim_that_has_it_even_where_an_old_name_collides(reg_url: str) -> None:
    with Registry.open(reg_url, clock=clock) as r:
        base_world(r)
        first = ok(r.apply(CLAIM))["code"]  # claim 1
        third = f"{int(first[4:-1]) + 2:0{len(first) - 5}d}"
        squatted = f"GECC{third}{mod11_2(third)}"  # claim 3's code
        # A name taken before names were checked (as an old journal holds it), applied as its replay would be.
        old = r.prepare({**CLAIM, "beneficiary": "冒名公司"})
        assert isinstance(old, Prepared)
        old.cmd = old.cmd.model_copy(update={"claim": squatted})
        old.logged["claim"] = squatted
        ok(r.apply_prepared([old])[0])  # claim 2, named like claim 3's code
        assert r.verify(squatted)["matched"] == "name"  # no claim has that code yet: the old name answers
        third_claim = ok(r.apply({**CLAIM, "beneficiary": "真实受益方"}))  # not blocked by the squatter
        assert third_claim["code"] != squatted
        fourth = ok(r.apply({**CLAIM, "beneficiary": "第四"}))
        assert fourth["code"] != third_claim["code"]
        record = r.verify(third_claim["code"])
        assert (record["beneficiary"], record["matched"]) == ("真实受益方", "code")


def _forged(r: Registry, command: dict[str, Any], actor: dict[str, Any]) -> dict[str, Any]:
    """Append an entry through the registry's API with a sender the service would have refused."""
    return ok(r.apply(command, actor=actor))


@pytest.mark.parametrize(
    ("command", "actor"),
    [
        (CLAIM, {"role": "account_holder", "account": "B1", "token": 7}),  # B1 claims S1's certificates
        ({"op": "issue", "month": "2024-09"}, {"role": "regulator", "token": 3}),  # an op the regulator never sends
        ({"op": "deliver", "contract": "K1"}, {"role": "platform", "platform": "GZ", "token": 9}),  # BJ's contract
    ],
)
def test_audit_fails_an_entry_whose_sender_could_not_have_sent_it(
    reg_url: str, command: dict[str, Any], actor: dict[str, Any]
) -> None:
    with Registry.open(reg_url, clock=clock) as r:
        base_world(r)
        assert audit(r)["ok"]
        entry = _forged(r, command, actor)["entry"]
        ok(r.apply({"op": "mandate", "account": "B2", "platform": "GZ"}, actor={"role": "account_holder",
                                                                             "account": "B2", "token": 8}))
    done = _gec("audit", "--db", reg_url, "--format", "json")
    assert done.returncode != 0
    report = json.loads(done.stdout)
    assert report["ok"] is False
    flagged = [p for p in report["problems"] if p["entry"] == entry]
    assert flagged and "sender" in flagged[0]["message"], report["problems"]
    assert all(p["entry"] == entry for p in report["problems"] if p["where"] == "replay")  # the later one is fine


def test_audit_passes_entries_their_senders_were_allowed_to_send(reg_url: str) -> None:
    with Registry.open(reg_url, clock=clock) as r:
        base_world(r)
        ok(r.apply(CLAIM, actor={"role": "account_holder", "account": "S1", "token": 1}))
        s1 = {"role": "account_holder", "account": "S1", "token": 1}
        ok(r.apply({"op": "mandate", "account": "S1", "platform": "BJ"}, actor=s1))
        ok(r.apply({"op": "delist", "listing": "L1"}, actor={"role": "platform", "platform": "BJ", "token": 2}))
        ok(r.apply({"op": "revoke_mandate", "account": "S1", "platform": "BJ"}, actor=s1))  # later: judged as of then
        ok(r.apply({"op": "issue", "month": "2024-09"}, actor={"role": "operator", "token": 3}))
        assert audit(r)["ok"], audit(r)["problems"]


def _backdated(r: Registry, command: dict[str, Any], at: str) -> int:
    """Append an entry dated before the journal's last (what only a hand on the database could do)."""
    prepared = r.prepare(command)
    assert isinstance(prepared, Prepared)
    prepared.at, prepared.replay = datetime.fromisoformat(at), True  # replay: its time is taken as journaled
    return int(ok(r.apply_prepared([prepared])[0])["entry"])


def test_audit_fails_a_backdated_entry_and_an_anchor_proves_the_reported_month_untouched(reg_url: str) -> None:
    with Registry.open(reg_url, clock=clock) as r:
        base_world(r)
        ok(r.apply({"op": "freeze", "account": "B2", "reason": "核查"}))
        head = r.journal(limit=10**6)[-1]
        anchor = f"{head['seq']}:{head['hash']}"
        entry = _backdated(r, CLAIM, "2024-10-15T10:00:00+08:00")  # into 2024-10, reported by 2024-12
    done = _gec("audit", "--db", reg_url, "--format", "json", "--anchor", anchor)
    assert done.returncode != 0
    problems = json.loads(done.stdout)["problems"]
    assert any(p["where"] == "journal" and p["entry"] == entry and "backwards" in p["message"] for p in problems)
    assert any(p["where"] == "anchor" and p["entry"] == entry and "already reported" in p["message"] for p in problems)


def test_audit_reports_an_old_code_shaped_name_without_failing(reg_url: str) -> None:
    with Registry.open(reg_url, clock=clock) as r:
        base_world(r)
        first = ok(r.apply(CLAIM))["code"]
        old = r.prepare({**CLAIM, "beneficiary": "冒名公司"})
        assert isinstance(old, Prepared)
        squatted = first.lower()  # claim 1's own code, as another claim's name
        old.cmd = old.cmd.model_copy(update={"claim": squatted})
        old.logged["claim"] = squatted
        ok(r.apply_prepared([old])[0])
        report = audit(r)
    assert report["ok"], report["problems"]
    [warning] = report["warnings"]
    assert (warning["table"], warning["name"], warning["claim_with_code"]) == ("gec_claims", squatted, first)
    done = _gec("audit", "--db", reg_url)
    assert done.returncode == 0 and squatted in done.stdout


def test_the_migration_that_parts_names_from_codes_flags_the_names_already_shaped_like_codes(tmp_path: Any) -> None:
    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    with Registry.open(url, clock=clock) as r:
        base_world(r)
        old = r.prepare({**CLAIM, "beneficiary": "冒名公司"})
        assert isinstance(old, Prepared)
        old.cmd = old.cmd.model_copy(update={"claim": "GECC00000000077"})
        old.logged["claim"] = "GECC00000000077"
        ok(r.apply_prepared([old])[0])
    cfg = Config()
    cfg.set_main_option("script_location", "policyhub.gec:migrations")
    cfg.set_main_option("version_table", "gec_alembic_version")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006")  # the database as it was before names were parted from codes
        command.upgrade(cfg, "head")
        flagged = conn.execute(sa.text("SELECT tbl, name FROM gec_flagged_names")).all()
    engine.dispose()
    assert [tuple(row) for row in flagged] == [("gec_claims", "GECC00000000077")]


def test_a_repeated_creation_answers_only_the_sender_of_the_first(reg_url: str) -> None:
    opened = {"op": "open_account", "account": "B9", "kind": "buyer", "name": "张三", "id_doc": "11010519491231002X"}
    bj = {"role": "platform", "platform": "BJ", "token": 5}
    with Registry.open(reg_url, clock=clock) as r:
        base_world(r)
        first = r.apply({**opened, "id_doc": id_number("11010519700101003")}, actor=bj)
        ok(first)
        again = {**opened, "id_doc": id_number("11010519700101003")}
        assert ok(r.apply(again, actor={**bj, "token": 6}))["duplicate"] is True  # the same platform, a new token
        other = r.apply(again, actor={"role": "platform", "platform": "CGEC", "token": 7})
        refused(other, "already_exists")
        assert "BJ" not in json.dumps(other, ensure_ascii=False)  # nothing of the first answer
        assert refused(r.apply({**again, "name": "李四"}, actor={"role": "platform", "platform": "CGEC", "token": 7}),
                       "already_exists")["error"]["message"] == other["error"]["message"]  # same words either way


@pytest.mark.parametrize("name", [" GEC0000000000427", "GEC0000000000428\u00a0", "\u3000gecc00000000018X"])
def test_a_project_batch_row_named_like_a_code_is_refused_as_stored(reg_url: str, name: str) -> None:
    row = {"project": name, "owner": "S1", "name": "x", "type": "wind", "province": "河北", "capacity_kw": 10,
           "commissioned": "2023-01-01"}  # fmt: skip
    with Registry.open(reg_url, clock=clock) as r:
        base_world(r)
        refused(r.apply({"op": "project_batch", "rows": [row]}), "bad_input")
        from policyhub.gec.domain.project_rows import check

        refused(r.import_projects([check(row)]), "bad_input")
        assert all(not p["project"].upper().startswith("GEC") for p in r.projects())


def _append_raw(r: Registry, command: dict[str, Any], result: dict[str, Any]) -> int:
    """Append an entry with a correct hash, as a hand on the database would (the chain alone cannot tell)."""
    import sqlalchemy as sa

    from policyhub.gec.adapters import tables as t
    from policyhub.gec.domain.journal import canonical_json, entry_hash

    with r.engine.begin() as conn:
        head = conn.execute(sa.select(t.meta)).one()
        seq, cmd, res = int(head.head_seq) + 1, canonical_json(command), canonical_json({**result, "entry": 0})
        res = canonical_json({**result, "entry": seq})
        digest = entry_hash(head.head_hash, cmd, res)
        conn.execute(sa.insert(t.journal).values(seq=seq, at=command["at"], op=command["op"], command=cmd, result=res,
                                                 prev_hash=head.head_hash, hash=digest))  # fmt: skip
        conn.execute(sa.update(t.meta).values(head_seq=seq, head_hash=digest))
    return seq


def test_audit_fails_a_sender_whose_token_was_granted_as_another_role_or_revoked(reg_url: str) -> None:
    with Registry.open(reg_url, clock=clock) as r:
        base_world(r)
        ok(r.apply({"op": "grant_token", "token": 31, "role": "platform", "platform": "BJ", "sha256": "c" * 64}))
        forged = ok(r.apply({"op": "freeze", "account": "S1", "reason": "x"}, actor={"role": "operator", "token": 31}))
        report = audit(r)
    assert not report["ok"]
    assert any(p["entry"] == forged["entry"] and "granted as" in p["message"] for p in report["problems"])


def test_audit_notes_an_entry_dated_ahead_of_the_clock_and_fails_a_sender_that_is_no_object(reg_url: str) -> None:
    with Registry.open(reg_url, clock=clock) as r:
        base_world(r)
        late = _append_raw(r, {"op": "unfreeze", "account": "S1", "at": "2099-01-01T00:00:00+08:00",
                               "received": NOW_TEXT}, {"ok": True, "op": "unfreeze"})  # fmt: skip
        report = audit(r)
    assert any(w["entry"] == late and "ahead of the registry's clock" in w["message"] for w in report["warnings"])
    with Registry.open(reg_url, clock=clock) as r:
        odd = _append_raw(r, {"op": "unfreeze", "account": "S1", "at": "2099-01-01T00:00:00+08:00",
                              "received": NOW_TEXT, "actor": ["platform", 1, "BJ"]}, {"ok": True, "op": "unfreeze"})
        report = audit(r)  # a report, not a crash
    assert any(p["entry"] == odd and "not an object" in p["message"] for p in report["problems"])


def test_a_lone_command_on_a_broken_store_fails_as_the_stores_fault_not_as_its_own(tmp_path: Any) -> None:
    import sqlalchemy as sa

    url = f"sqlite:///{tmp_path / 'broken.sqlite'}"
    with Registry.open(url, clock=clock) as r:
        base_world(r)
        with r.engine.begin() as conn:
            conn.exec_driver_sql("ALTER TABLE gec_meta RENAME TO gec_meta_gone")
        with pytest.raises(sa.exc.DBAPIError):
            r.apply({"op": "freeze", "account": "S1", "reason": "核查"})
