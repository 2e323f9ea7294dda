"""What a person reads from the registry: Chinese names in the CLI's text output, accounts in natural order."""

from __future__ import annotations

import re

import pytest
from gec_helpers import BUYER_DOC, issue, meter, project, seller, uscc
from trading_helpers import buy, list_
from typer.testing import CliRunner

from policyhub.gec import cli
from policyhub.gec.cli import app
from policyhub.gec.labels import natural_key
from policyhub.gec.registry import Registry

runner = CliRunner()
SELLERS = {"S1": "91110000MA01ABCD1", "S2": "91510100MA62XYK01", "S10": "91440300MA5F00001", "S11": "91330100MA2H00002"}


def _registry(url: str) -> None:
    with Registry.open(url) as r:
        for account, body in reversed(list(SELLERS.items())):  # opened S11 first: the order shown is not insertion
            seller(r, account, uscc(body))
        r.apply({"op": "open_account", "account": "B1", "kind": "buyer", "name": "张三", "id_doc": BUYER_DOC,
                 "at": "2024-09-25T10:00:00+08:00"})  # fmt: skip
        project(r, "P1", type_="distributed_pv")
        meter(r, "P1", "2024-08", 2_345_678)
        issue(r, "2024-08")
        list_(r, quantity=100)
        buy(r, 60)


def _rows(text: str) -> list[str]:
    """The first cell of each table row of rich's output."""
    return re.findall(r"^│ (\S+)", text, flags=re.M)


def test_natural_key_orders_numbers_by_value() -> None:
    assert sorted(["S10", "S2", "B1", "S1", "PROV-YN", "S11"], key=natural_key) == [
        "B1",
        "PROV-YN",
        "S1",
        "S2",
        "S10",
        "S11",
    ]


def test_accounts_and_state_list_accounts_in_natural_order(reg_url: str) -> None:
    _registry(reg_url)
    with Registry.open(reg_url) as r:
        assert list(r.state()["accounts"]) == ["B1", "S1", "S2", "S10", "S11"]
        assert [a["account"] for a in r.accounts()] == ["B1", "S1", "S2", "S10", "S11"]
    res = runner.invoke(app, ["state", "--db", reg_url])
    assert res.exit_code == 0, res.output
    assert _rows(res.stdout) == ["B1", "S1", "S2", "S10", "S11"]
    assert "账户" in res.stdout and "有效" in res.stdout


def test_text_output_shows_chinese_statuses_routes_and_headings(reg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli.console, "_width", 200)  # headings stay on one line
    _registry(reg_url)
    holdings = runner.invoke(app, ["holdings", "S1", "--db", reg_url, "--as-of", "2024-09-30"]).stdout
    assert "起始编码" in holdings and "有效" in holdings and "live" not in holdings
    trades = runner.invoke(app, ["trades", "--db", reg_url]).stdout
    assert "挂牌交易" in trades and "listing" not in trades and "成交编号" in trades
    listings = runner.invoke(app, ["listings", "--db", reg_url]).stdout
    # The status word follows validity: once the listed certificates pass their last valid day (real time here) the
    # open listing reads 已过期, never 挂牌中 with 剩余 0.
    assert ("挂牌中" in listings or "已过期" in listings) and "挂牌编号" in listings and "open" not in listings
    code = Registry.open(reg_url).holdings("S1")[0]["first_code"]
    verified = runner.invoke(app, ["verify", code, "--db", reg_url, "--as-of", "2024-09-30"]).stdout
    assert "项目类型" in verified and "分布式光伏发电" in verified and "有效 live" in verified
    report = runner.invoke(app, ["report", "--month", "2024-09", "--db", reg_url]).stdout
    assert "绿证核发和交易月报" in report and "全国" in report and "挂牌交易" in report and "平均价格" in report
