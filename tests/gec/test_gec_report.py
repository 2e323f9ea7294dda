"""The monthly disclosure report (第二十八条–第二十九条), nationally and per platform, in JSON, CSV and HTML."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from gec_helpers import AT
from trading_helpers import buy, list_, market, ok
from typer.testing import CliRunner

from cli_runner import run_cli
from policyhub.cli import app
from policyhub.gec.registry import Registry
from policyhub.gec.report import report

OCT = "2024-10-02T10:00:00+08:00"


def _trade_month(r: Registry) -> None:
    """September: issue 2,346; L1 100 @5.00 (60 on BJ, 40 on GZ); bilateral 10 @4.80 on GZ. October: claims."""
    market(r)
    ok(list_(r, quantity=100))
    ok(buy(r, 60, platform="BJ"))
    ok(buy(r, 40, platform="GZ", account="B2"))
    ok(r.apply({"op": "bilateral", "seller": "S1", "buyer": "B2", "quantity": 10, "price": "4.80", "platform": "GZ",
                "at": AT}))  # fmt: skip
    ok(r.apply({"op": "green_power_settlement", "seller": "S1", "buyer": "B1", "project": "P1", "month": "2024-08",
                "kwh": 5000, "price": "0.35", "platform": "NM", "at": AT}))  # fmt: skip
    ok(r.apply({"op": "claim", "account": "B1", "quantity": 50, "beneficiary": "甲", "period": "2024", "at": OCT}))
    ok(r.apply({"op": "claim", "account": "B2", "quantity": 45, "beneficiary": "乙", "period": "2024", "at": OCT}))


def test_national_report_counts_the_months_issuance_trades_and_average_price(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        _trade_month(r)
        sep = report(r, "2024-09")
        assert (sep["issued"], sep["issued_tradable"], sep["issued_non_tradable"]) == (2346, 2345, 1)
        assert sep["issued_by_type"] == {"风电": 2346} and sep["issued_by_province"] == {"河北": 2346}
        assert sep["issued_by_production_month"] == {"2024-08": 2346}
        assert (sep["traded"], sep["trades"]) == (115, 4)
        # (100 × 5.00 + 10 × 4.80) / 110: green power without a certificate price is not in the average.
        assert sep["average_price"] == "4.98" and sep["turnover"] == "548.00"
        assert sep["traded_by_route"]["green_power"] == {"traded": 5, "average_price": None}
        assert sep["claimed"] == 0
        oct_ = report(r, "2024-10")
        assert (oct_["issued"], oct_["traded"], oct_["claimed"], oct_["cancelled"]) == (0, 0, 95, 95)
        assert oct_["average_price"] is None


def test_platform_report_counts_its_own_trades_and_the_claims_of_certificates_it_sold(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        _trade_month(r)
        bj, gz = report(r, "2024-09", "BJ"), report(r, "2024-09", "GZ")
        assert (bj["traded"], bj["average_price"]) == (60, "5.00")
        assert (gz["traded"], gz["average_price"]) == (50, "4.96")
        assert bj["issued"] == 2346 and bj["issued_scope"] == "national"
        # B1's first 50 claimed certificates came from BJ; B2's 45 from its GZ purchases.
        assert report(r, "2024-10", "BJ")["claimed"] == 50
        assert report(r, "2024-10", "GZ")["claimed"] == 45
        assert report(r, "2024-10", "CGEC")["claimed"] == 0


def test_expired_certificates_count_in_the_month_they_expire(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        _trade_month(r)
        ok(r.apply({"op": "expire", "as_of": "2026-08-01", "at": "2026-08-01T00:00:00+08:00"}))
        aug = report(r, "2026-08")
        assert aug["expired"] == 2346 - 95 and aug["cancelled"] == aug["expired"]
        assert report(r, "2026-08", "BJ")["expired"] == 10


def test_report_cli_prints_json_csv_and_html(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    with Registry.open(url) as r:
        _trade_month(r)
    runner = CliRunner()
    res = runner.invoke(app, ["gec", "report", "--month", "2024-09", "--db", url, "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert {"issued", "issued_tradable", "traded", "average_price", "claimed", "expired"} <= set(data)
    args = ["gec", "report", "--month", "2024-09", "--platform", "BJ", "--db", url, "--format", "csv"]
    res = runner.invoke(app, args)
    rows = {(row["metric"], row["key"]): row for row in csv.DictReader(io.StringIO(res.output))}
    assert rows[("traded", "")]["value"] == "60" and rows[("average_price", "")]["value"] == "5.00"
    res = runner.invoke(app, ["gec", "report", "--month", "2024-09", "--db", url, "--format", "html"])
    assert res.exit_code == 0 and "<svg" in res.output and "115" in res.output and "<style>" in res.output


def test_report_cli_refuses_a_bad_month_or_platform_with_exit_2(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    for args, message in ((["--month", "2024-13"], "2024-13"), (["--month", "2024-09", "--platform", "SH"], "SH")):
        res = run_cli("gec", "report", *args, "--db", url)
        assert res.returncode == 2 and message in res.stderr + res.stdout
        assert "Traceback" not in res.stderr


def test_the_standalone_report_file_has_no_site_links_and_charts_read_in_chinese(reg_url: str) -> None:
    from policyhub.gec.report_html import render_report_html

    with Registry.open(reg_url) as r:
        _trade_month(r)
        html = render_report_html(report(r, "2024-09", None))
    assert "<svg" in html and "<style>" in html
    assert 'href="/' not in html and 'src="/' not in html and "<link" not in html  # reads as a file: no site paths
    assert "证书数（个）" in html and "风电" in html  # the type chart names types in Chinese, the unit horizontally
    assert ">wind<" not in html
