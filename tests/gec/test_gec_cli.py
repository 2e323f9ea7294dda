"""The CLI contract as a user meets it: `policyhub gec apply/state/holdings/verify/audit/qr/import-meter`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from gec_helpers import AT, BUYER_DOC, SELLER_DOC
from typer.testing import CliRunner

from cli_runner import Ran, run_cli
from policyhub.errors import InputError
from policyhub.gec.cli import app

runner = CliRunner()


def invoke(*args: str, env_db: str | None = None) -> Any:
    """The gec Typer app alone (an InputError comes back as the exception `main` would turn into exit 2)."""
    return runner.invoke(app, list(args), env={"POLICYHUB_DB": env_db} if env_db else None)


def run(*args: str, env_db: str | None = None) -> Ran:
    """`policyhub gec ARGS` through the program's entry point, exit codes and stderr as a user sees them."""
    # rich wraps long messages at the terminal width
    return run_cli("gec", *args, env={"POLICYHUB_DB": env_db, "COLUMNS": "300"})


def write_jsonl(path: Path, lines: list[Any]) -> Path:
    path.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines) + "\n",
        encoding="utf-8",
    )
    return path


COMMANDS: list[Any] = [
    {
        "op": "open_account",
        "account": "S1",
        "kind": "seller",
        "name": "风电公司",
        "id_doc": SELLER_DOC,
        "province": "河北",
        "gec_only_pledge": True,
        "at": AT,
    },
    {"op": "open_account", "account": "B1", "kind": "buyer", "name": "张三", "id_doc": BUYER_DOC, "at": AT},
    {
        "op": "register_project",
        "project": "P1",
        "owner": "S1",
        "name": "张北风电场",
        "type": "wind",
        "province": "河北",
        "capacity_kw": 50000,
        "commissioned": "2022-05-01",
        "fully_market": True,
        "at": AT,
    },
    {
        "op": "meter",
        "project": "P1",
        "month": "2024-08",
        "grid_kwh": 1234567,
        "self_kwh": 0,
        "source": "grid",
        "at": AT,
    },
    "{this is not json",
    {"op": "issue", "month": "2024-08", "at": AT},
    {
        "op": "claim",
        "claim": "C1",
        "account": "S1",
        "quantity": 10,
        "beneficiary": "某公司",
        "period": "2024",
        "at": AT,
    },
    {
        "op": "claim",
        "claim": "C1",
        "account": "S1",
        "quantity": 10,
        "beneficiary": "某公司",
        "period": "2024",
        "at": AT,
    },
    {"op": "claim", "account": "B1", "quantity": 10, "beneficiary": "x", "period": "2024", "at": AT},
]


def test_apply_prints_one_result_per_line_and_refusals_do_not_stop_the_rest(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    proc = run("apply", str(write_jsonl(tmp_path / "c.jsonl", COMMANDS)), "--db", db)
    assert proc.returncode == 0, proc.stderr
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(results) == len(COMMANDS)
    assert [r["ok"] for r in results] == [True, True, True, True, False, True, True, True, False]
    assert results[4]["error"]["code"] == "invalid_json"
    assert results[5]["issued"] == 1234 and results[5]["tradable"] == 1234 and results[5]["blocks"] == 1
    assert results[7]["code"] == results[6]["code"]
    assert results[8]["error"]["code"] == "insufficient_quantity"

    # Read as of the day the commands ran: today (Beijing) these 2024-08 certificates are past validity.
    state = json.loads(run("state", "--db", db, "--format", "json", "--as-of", AT[:10]).stdout)
    assert state["accounts"]["S1"] == {
        "live": 1224,
        "tradable": 1224,
        "listed": 0,
        "claimed": 10,
        "expired": 0,
        "revoked": 0,
    }
    holdings = json.loads(invoke("holdings", "S1", "--db", db, "--format", "json").stdout)
    assert {"first_code", "last_code", "count", "project", "month", "tradable", "traded", "status"} <= set(holdings[0])
    last = holdings[-1]["last_code"]
    verify = json.loads(invoke("verify", last, "--db", db, "--format", "json", "--as-of", AT[:10]).stdout)
    assert (verify["project_name"], verify["status"], verify["valid_until"]) == ("张北风电场", "live", "2026-07-31")
    assert invoke("audit", "--db", db).exit_code == 0
    svg = tmp_path / "c1.svg"
    assert invoke("qr", results[6]["code"], "--out", str(svg), "--db", db).exit_code == 0
    assert "<svg" in svg.read_text()


def test_db_comes_from_the_environment_variable(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'env.sqlite'}"
    assert invoke("apply", str(write_jsonl(tmp_path / "c.jsonl", COMMANDS[:2])), env_db=db).exit_code == 0
    assert set(json.loads(invoke("state", "--format", "json", env_db=db).stdout)["accounts"]) == {"S1", "B1"}


def test_audit_exits_nonzero_after_tampering(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    db = f"sqlite:///{path}"
    invoke("apply", str(write_jsonl(tmp_path / "c.jsonl", COMMANDS)), "--db", db)
    con = sqlite3.connect(path)
    con.execute("UPDATE gec_blocks SET holder = 'B1' WHERE holder = 'S1' AND status = 'live'")
    con.commit()
    con.close()
    res = invoke("audit", "--db", db, "--format", "json")
    assert res.exit_code == 1
    assert any(p.get("table") == "gec_blocks" for p in json.loads(res.stdout)["problems"])


def test_bad_input_files_exit_2_with_a_message_not_a_traceback(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    proc = run("apply", str(tmp_path / "missing.jsonl"), "--db", db)
    assert proc.returncode == 2 and "no such file" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("verify", "GEC0000000000019", "--db", db)
    assert proc.returncode == 2 and "check character" in proc.stderr


def test_other_bad_inputs_raise_input_errors_that_main_turns_into_exit_2(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    bad = tmp_path / "latin1.jsonl"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    assert isinstance(invoke("apply", str(bad), "--db", db).exception, InputError)
    assert isinstance(invoke("holdings", "NOBODY", "--db", db).exception, InputError)
    csv = tmp_path / "m.csv"
    csv.write_text("project,grid_kwh,self_kwh\nP1,abc,0\n")
    res = invoke("import-meter", str(csv), "--month", "2024-08", "--db", db)
    assert isinstance(res.exception, InputError) and "m.csv:2" in res.exception.message
    assert isinstance(
        invoke("qr", "GEC000000000001X", "--out", str(tmp_path / "x.gif"), "--db", db).exception, InputError
    )


def test_import_meter_csv_then_issue_and_audit(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    invoke("apply", str(write_jsonl(tmp_path / "c.jsonl", COMMANDS[:3])), "--db", db)
    csv = tmp_path / "m.csv"
    csv.write_text("project,grid_kwh,self_kwh\nP1,5500,700\n")
    proc = invoke("import-meter", str(csv), "--month", "2024-08", "--at", AT, "--db", db, "--format", "json")
    assert proc.exit_code == 0, proc.output
    assert json.loads(proc.stdout)["rows"] == 1
    out = invoke(
        "apply", str(write_jsonl(tmp_path / "i.jsonl", [{"op": "issue", "month": "2024-08", "at": AT}])), "--db", db
    )
    assert json.loads(out.stdout)["issued"] == 5
    assert invoke("audit", "--db", db).exit_code == 0
