"""One clock: at 23:30 UTC every default date is Beijing's (the next day), whatever the host's zone."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from policyhub import clock
from policyhub.cli import app

# 2024-10-31 23:30 UTC is 2024-11-01 07:30 in Beijing: the day the 2024 negative list starts, and a new month.
LATE = datetime(2024, 10, 31, 23, 30, tzinfo=UTC)
BEIJING_DAY = "2024-11-01"
SRC = Path(__file__).resolve().parents[1] / "src" / "policyhub"
runner = CliRunner()


@pytest.fixture
def late() -> Iterator[None]:
    with clock.frozen(LATE):
        yield


def _json(*args: str) -> dict[str, object]:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def test_the_clock_gives_beijing_date_at_23_30_utc(late: None) -> None:
    assert clock.today() == date(2024, 11, 1)
    assert clock.now().utcoffset() is not None and clock.now().hour == 7


def test_the_clock_comes_back_after_a_frozen_block() -> None:
    with clock.frozen(LATE):
        pass
    assert abs((clock.now() - datetime.now(UTC)).total_seconds()) < 60


def test_negative_list_default_date_is_beijings(late: None) -> None:
    data = _json("rules", "negative-list", "新闻机构", "--format", "json")
    assert data["date"] == BEIJING_DAY  # the 2024 list's first day, not the host's 10-31


def test_rd_eligibility_default_date_is_beijings(late: None, tmp_path: Path) -> None:
    case = {"person": {"birth_date": "1980-05-05", "sex": "male", "title_senior": True, "phd": False,
                       "civil_servant": False, "guide_expert": False, "credit_blacklisted": False,
                       "months_per_year": 8, "proposer": True},
            "unit": {"registered_date": "2015-03-01", "independent_legal_person": True, "state_organ": False,
                     "credit_blacklisted": False},
            "applications": [{"programme": "交通基础设施", "guide": "transport", "role": "leader"}]}  # fmt: skip
    (tmp_path / "rd.json").write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    assert _json("rules", "rd-eligibility", str(tmp_path / "rd.json"), "--format", "json")["as_of"] == BEIJING_DAY


def test_match_default_date_is_beijings(late: None, tmp_path: Path) -> None:
    (tmp_path / "p.json").write_text(json.dumps({"entity": {"kind": "enterprise"}}), encoding="utf-8")
    assert _json("match", str(tmp_path / "p.json"), "--format", "json")["as_of"] == BEIJING_DAY


def test_renewal_default_date_is_beijings(late: None, tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("asset,name,commissioned\nA1,常减压蒸馏装置,2001-05-01\n", encoding="utf-8")
    data = _json("renewal", "check", str(tmp_path / "a.csv"), "--sector", "石化化工", "--format", "json")
    assert data["as_of"] == BEIJING_DAY


def test_firm_record_default_date_is_beijings(late: None, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps({"answers": {"九.（二）": "none"}}), encoding="utf-8")
    data = _json("manage", "record", str(tmp_path / "a.json"), "--kind", "manage", "--firm", "某厂",
                 "--db", f"sqlite:///{tmp_path / 'f.sqlite'}", "--format", "json")  # fmt: skip
    assert data["on"] == BEIJING_DAY


def test_market_report_page_default_month_is_beijings(late: None, sqlite_url: str) -> None:
    from policyhub.web.app import create_app

    with TestClient(create_app(sqlite_url)) as web:  # an empty registry: no month of activity to default to
        page = web.get("/gec/report")
    assert page.status_code == 200
    # The month chosen (the page also names the month before it, for the change on the month).
    assert '<option value="2024-11" selected>' in page.text and 'value="2024-10" selected' not in page.text


def test_no_system_reads_the_hosts_date() -> None:
    """Every default date goes through policyhub.clock; the host's zone is never asked."""
    naive = re.compile(
        r"date\.today\(\)|datetime\.now\((?!UTC\))|timezone\(\s*(dt\.)?timedelta\(hours=8|ZoneInfo\(\"Asia/Shanghai\"\)"
    )
    found = [f"{p.relative_to(SRC)}:{n}" for p in SRC.rglob("*.py") if p.name != "clock.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if naive.search(line)]  # fmt: skip
    assert found == []
