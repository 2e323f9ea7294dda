"""Claims that say what they are for and where the electricity was used (第二十四条, issue 29)."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from gec_helpers import AT, live, ok, refused, snapshot, world

from cli_runner import Ran, run_cli
from policyhub.gec.adapters import schema_v7
from policyhub.gec.audit import audit
from policyhub.gec.domain import claim_fields
from policyhub.gec.registry import Registry

CLAIM = {"op": "claim", "account": "S1", "quantity": 10, "beneficiary": "某制造企业", "period": "2024", "at": AT}
PURPOSES = ("绿色电力消费声明", "消纳责任权重", "能耗双控", "碳排放核算", "产品碳足迹", "其他")
BAD = [
    ("purpose", "绿电消费"),
    ("purpose", ""),
    ("purpose", "其它"),
    ("purpose", 3),
    ("purpose", ["其他"]),
    ("consumer_province", "火星"),
    ("consumer_province", ""),
    ("consumer_province", 53),
    ("site", ""),
    ("site", "   "),
    ("site", "厂" * 101),
    ("site", "一号\n车间"),
    ("site", "一号\t车间"),
    ("site", "一号\u202e车间"),
    ("site", "\x00"),
    ("site", 7),
    ("site", True),
]


def test_the_six_purposes_are_the_data_files_with_the_default_first() -> None:
    assert claim_fields.purposes() == PURPOSES
    assert claim_fields.default_purpose() == "绿色电力消费声明" == schema_v7.BACKFILL_PURPOSE


def test_each_bad_value_of_each_field_is_bad_input_and_changes_nothing(db_url: str) -> None:
    with Registry.open(db_url) as r:
        world(r)
        before = snapshot(r)
        for field, value in BAD:
            result = refused(r.apply({**CLAIM, field: value}), "bad_input")
            assert field in result["error"]["message"], (field, value, result)
        assert snapshot(r) == before


def test_fields_are_stored_canonical_and_shown_by_verify(db_url: str) -> None:
    with Registry.open(db_url) as r:
        world(r)
        start = live(r, "S1")
        done = ok(r.apply({**CLAIM, "purpose": "能耗双控", "consumer_province": "Inner Mongolia",
                           "site": "  包头一号电解铝车间 "}))  # fmt: skip
        given = ("能耗双控", "内蒙古", "包头一号电解铝车间")
        assert (done["purpose"], done["consumer_province"], done["site"]) == given
        plain = ok(r.apply({**CLAIM, "quantity": 5}))
        assert not {"purpose", "consumer_province", "site"} & set(plain)  # the result names only what was given
        shown = r.verify(done["code"])
        assert (shown["purpose"], shown["consumer_province"], shown["site"]) == given
        shown = r.verify(plain["code"])
        assert (shown["purpose"], shown["consumer_province"], shown["site"]) == ("绿色电力消费声明", None, None)
        cert = r.verify(done["ranges"][0]["first_code"])  # a cancelled certificate names its claim's fields too
        assert (cert["claim_code"], cert["purpose"], cert["consumer_province"]) == (done["code"], "能耗双控", "内蒙古")
        listed = {c["code"]: c for c in r.claims("S1")}
        assert listed[done["code"]]["site"] == "包头一号电解铝车间"
        for purpose in PURPOSES:
            ok(r.apply({**CLAIM, "quantity": 1, "purpose": purpose, "consumer_province": "yunnan"}))
        assert live(r, "S1") == start - 15 - len(PURPOSES)
        report = audit(r)  # the replay rebuilds the three columns from the journal
        assert report["ok"], report["problems"]


def _gec(*args: str) -> Ran:
    return run_cli("gec", *args, env={"COLUMNS": "300"})  # rich fits its tables to the terminal's width


def test_cli_apply_refuses_a_bad_field_and_verify_json_shows_them(db_url: str, tmp_path: Path) -> None:
    with Registry.open(db_url) as r:
        world(r)
    lines = [{**CLAIM, "purpose": "产品碳足迹", "consumer_province": "广东省", "site": "深圳工厂"},
             {**CLAIM, "site": "a\x07b"}, {**CLAIM, "purpose": "碳中和"}]  # fmt: skip
    path = tmp_path / "claims.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    done = _gec("apply", str(path), "--db", db_url)
    results = [json.loads(x) for x in done.stdout.splitlines()]
    assert results[0]["ok"] and [x["error"]["code"] for x in results[1:]] == ["bad_input", "bad_input"]
    shown = _gec("verify", results[0]["code"], "--db", db_url, "--format", "json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert (data["purpose"], data["consumer_province"], data["site"]) == ("产品碳足迹", "广东", "深圳工厂")
    text = _gec("verify", results[0]["code"], "--db", db_url)
    assert "用途" in text.stdout and "产品碳足迹" in text.stdout and "深圳工厂" in text.stdout
    listed = _gec("claims", "--db", db_url)
    assert all(v in listed.stdout for v in ("用途", "产品碳足迹", "广东", "深圳工厂")), listed.stdout


def _alembic(conn: sa.Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "policyhub.gec:migrations")
    cfg.set_main_option("version_table", "gec_alembic_version")
    cfg.attributes["connection"] = conn
    return cfg


def test_migration_from_0007_backfills_existing_claims_and_audit_still_passes(db_url: str) -> None:
    with Registry.open(db_url) as r:
        world(r)
        old = ok(r.apply(CLAIM))
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        command.downgrade(_alembic(conn), "0007")  # the database as 0007 left it: claims without the columns
        assert "purpose" not in {col["name"] for col in sa.inspect(conn).get_columns("gec_claims")}
    with engine.begin() as conn:
        command.upgrade(_alembic(conn), "head")
        rows = conn.execute(sa.text("SELECT code, purpose, consumer_province, site FROM gec_claims")).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [(old["code"], "绿色电力消费声明", None, None)]
    with Registry.open(db_url) as r:
        ok(r.apply({**CLAIM, "quantity": 2, "purpose": "其他", "site": "仓库"}))
        report = audit(r)
    assert report["ok"], report["problems"]
