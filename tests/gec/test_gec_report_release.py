"""The monthly report in the national releases' shape: groups of 第二条 with shares, projects issued, 单独交易 apart
from 绿电交易 with prices by production year, year-to-date and cumulative totals, the change on the month."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from importlib.resources import files

import pytest
from gec_helpers import BUYER2_DOC, BUYER_DOC, SELLER_DOC, ok

from policyhub.gec.cli_trading import release_lines
from policyhub.gec.config import rules
from policyhub.gec.labels import count_cn, percent
from policyhub.gec.registry import Registry
from policyhub.gec.report import report, to_csv
from policyhub.gec.report_html import render_report_html

DEC23, JUL, AUG, AUG25 = ("2023-12-20T10:00:00+08:00", "2024-07-20T10:00:00+08:00", "2024-08-20T10:00:00+08:00",
                          "2024-08-25T10:00:00+08:00")  # fmt: skip
AUG28 = "2024-08-28T10:00:00+08:00"
# (project, type): one project of every type a group of the releases gathers; hydro new and fully market (第十四条).
PROJECTS = [("W1", "wind"), ("OW", "offshore_wind"), ("DW", "distributed_wind"), ("PV", "pv"),
            ("DPV", "distributed_pv"), ("ST", "solar_thermal"), ("H", "hydro"), ("BIO", "biomass"),
            ("GEO", "geothermal")]  # fmt: skip
AUGUST_KWH = {"W1": 40_000, "OW": 5_000, "DW": 5_000, "PV": 20_000, "DPV": 8_000, "ST": 2_000, "H": 95_000,
              "BIO": 20_000, "GEO": 5_000}  # fmt: skip


@pytest.fixture
def reg(reg_url: str) -> Iterator[Registry]:
    with Registry.open(reg_url) as r:
        yield r


def _at(cmd: dict[str, object], at: str) -> dict[str, object]:
    return {**cmd, "at": at}


def history(r: Registry) -> None:
    """December 2023: 7 issued (W1 2023-11), 2 sold @ 3.50. July 2024: 30 issued (W1 2023-12 ×10, 2024-06 ×20),
    10 sold @ 4.00. August 2024: 200 issued for July over nine projects; L1 40 @ 5.00 (30 on BJ, 10 on GZ),
    bilateral 20 @ 6.00 on CGEC (oldest expiry first: 15 of 2023, 5 of 2024), green power 50 from H on NM
    without a certificate price and 10 from BIO on BJ at 3.00."""
    for account, kind, doc in (("S1", "seller", SELLER_DOC), ("B1", "buyer", BUYER_DOC), ("B2", "buyer", BUYER2_DOC)):
        ok(r.apply({"op": "open_account", "account": account, "kind": kind, "name": f"{account} 公司", "id_doc": doc,
                    "province": "河北", "gec_only_pledge": True, "at": DEC23}))  # fmt: skip
    for name, ptype in PROJECTS:
        since = "2023-03-01" if ptype == "hydro" else "2022-05-01"
        ok(r.apply({"op": "register_project", "project": name, "owner": "S1", "name": f"{name} 电站", "type": ptype,
                    "province": "河北", "capacity_kw": 50000, "commissioned": since, "fully_market": True,
                    "at": DEC23}))  # fmt: skip

    def meter(project: str, month: str, kwh: int, at: str) -> None:
        cmd = {"op": "meter", "project": project, "month": month, "grid_kwh": kwh, "self_kwh": 0, "source": "grid"}
        ok(r.apply(_at(cmd, at)))

    def sell(listing: str, quantity: int, price: str, month: str, at: str, buys: list[tuple[str, str, int]]) -> None:
        ok(r.apply(_at({"op": "list", "listing": listing, "account": "S1", "quantity": quantity, "price": price,
                        "project": "W1", "month": month, "platforms": ["CGEC", "BJ", "GZ"]}, at)))  # fmt: skip
        for account, platform, n in buys:
            ok(r.apply(_at({"op": "buy", "account": account, "listing": listing, "platform": platform,
                            "quantity": n}, at)))  # fmt: skip

    meter("W1", "2023-11", 7_000, DEC23)
    ok(r.apply(_at({"op": "issue", "month": "2023-11"}, DEC23)))
    sell("L00", 2, "3.50", "2023-11", DEC23, [("B1", "CGEC", 2)])
    meter("W1", "2023-12", 10_000, JUL)
    meter("W1", "2024-06", 20_000, JUL)
    ok(r.apply(_at({"op": "issue", "month": "2023-12"}, JUL)))
    ok(r.apply(_at({"op": "issue", "month": "2024-06"}, JUL)))
    sell("L0", 10, "4.00", "2024-06", JUL, [("B1", "CGEC", 10)])
    for project, kwh in AUGUST_KWH.items():
        meter(project, "2024-07", kwh, AUG)
    ok(r.apply(_at({"op": "issue", "month": "2024-07"}, AUG)))
    sell("L1", 40, "5.00", "2024-07", AUG25, [("B1", "BJ", 30), ("B2", "GZ", 10)])
    ok(r.apply(_at({"op": "bilateral", "seller": "S1", "buyer": "B2", "quantity": 20, "price": "6.00",
                    "platform": "CGEC"}, AUG25)))  # fmt: skip
    ok(r.apply(_at({"op": "green_power_settlement", "seller": "S1", "buyer": "B1", "project": "H", "month": "2024-07",
                    "kwh": 50_000, "price": "0.35", "platform": "NM"}, AUG25)))  # fmt: skip
    ok(r.apply(_at({"op": "green_power_settlement", "seller": "S1", "buyer": "B2", "project": "BIO",
                    "month": "2024-07", "kwh": 10_000, "price": "0.30", "certificate_price": "3.00",
                    "platform": "BJ"}, AUG25)))  # fmt: skip
    # Claims (核销) with purpose and place, each of certificates of one project (so of one platform's trades).
    for account, n, project, extra in (
        ("B1", 12, "W1", {"purpose": "消纳责任权重", "consumer_province": "广东", "site": "东莞工厂"}),
        ("B1", 5, "H", {}),  # a plain declaration: the default purpose, no province
        ("B2", 8, "BIO", {"purpose": "产品碳足迹", "consumer_province": "广东省"}),
        ("B1", 3, "W1", {"purpose": "能耗双控", "consumer_province": "江苏"}),
    ):
        ok(r.apply(_at({"op": "claim", "account": account, "quantity": n, "beneficiary": "某制造企业", "period": "2024",
                        "project": project, "month": "2024-07", **extra}, AUG28)))  # fmt: skip


def test_the_august_report_in_the_releases_shape(reg: Registry) -> None:
    history(reg)
    aug = report(reg, "2024-08")
    assert aug["issued"] == 200 and aug["projects_issued"] == 9
    # 风电 40 + 5 + 5 = 50 (25 %), 太阳能发电 20 + 8 + 2 = 30, 常规水电 95 (47.5 %), 生物质发电 20, 其他 5 (地热).
    assert aug["issued_by_group"] == {
        "风电": {"quantity": 50, "share": 0.25},
        "太阳能发电": {"quantity": 30, "share": 0.15},
        "常规水电": {"quantity": 95, "share": 0.475},
        "生物质发电": {"quantity": 20, "share": 0.1},
        "其他": {"quantity": 5, "share": 0.025},
    }
    assert list(aug["issued_by_group"]) == ["风电", "太阳能发电", "常规水电", "生物质发电", "其他"]
    # 单独交易: 40 × 5.00 + 20 × 6.00 = 320 元 over 60 = 5.33; the mixed average adds 10 × 3.00: 350 / 70 = 5.00.
    assert aug["certificate_only"] == {"quantity": 60, "average_price": "5.33"}
    assert aug["green_power_trading"] == {"quantity": 60}
    assert (aug["traded"], aug["average_price"]) == (120, "5.00")  # unchanged: every trade, every priced one
    # By production year: the bilateral takes the oldest expiry first, 5 of 2023-11 and 10 of 2023-12 (both valid to
    # 2025-12-31), then 5 of 2024-06: 2023 = 15 @ 6.00; 2024 = 40 @ 5.00 + 5 @ 6.00 = 230 / 45 = 5.11.
    assert aug["certificate_only_by_production_year"] == {
        "2023": {"quantity": 15, "average_price": "6.00"},
        "2024": {"quantity": 45, "average_price": "5.11"},
    }
    assert aug["year_to_date"] == {"issued": 30 + 200, "traded": 10 + 120}
    assert aug["cumulative"] == {"issued": 7 + 30 + 200, "traded": 2 + 10 + 120}
    mom = aug["month_on_month"]
    assert mom["previous_month"] == "2024-07"
    assert mom["issued"]["previous"] == 30 and mom["issued"]["change"] == pytest.approx(170 / 30)
    assert mom["traded"] == {"previous": 10, "change": pytest.approx(11.0)}
    assert mom["certificate_only_quantity"] == {"previous": 10, "change": pytest.approx(5.0)}
    # (5.33 − 4.00) / 4.00 = +33.25 %, from the published prices.
    assert mom["certificate_only_average_price"] == {"previous": "4.00", "change": pytest.approx(0.3325)}
    # 核销 by consuming province and purpose (第二十九条): 广东 12 + 8, none given 5, 江苏 3; together, `claimed`.
    assert aug["claims_by_province_purpose"] == {
        "广东": {"消纳责任权重": 12, "产品碳足迹": 8},
        "-": {"绿色电力消费声明": 5},
        "江苏": {"能耗双控": 3},
    }
    assert list(aug["claims_by_province_purpose"]) == ["广东", "-", "江苏"]
    assert aug["claimed"] == 28


def test_a_platform_reports_its_own_trading_and_national_issuance(reg: Registry) -> None:
    history(reg)
    bj = report(reg, "2024-08", "BJ")
    assert bj["certificate_only"] == {"quantity": 30, "average_price": "5.00"}
    assert bj["green_power_trading"] == {"quantity": 10}
    assert bj["issued_by_group"]["常规水电"]["quantity"] == 95 and bj["projects_issued"] == 9
    assert bj["year_to_date"] == {"issued": 230, "traded": 40} and bj["cumulative"]["traded"] == 40
    # BJ sold W1's 30 (B1) and BIO's 10 (B2): the claims of those certificates are BJ's 核销; H's went through NM.
    assert bj["claims_by_province_purpose"] == {"广东": {"消纳责任权重": 12, "产品碳足迹": 8}, "江苏": {"能耗双控": 3}}
    assert bj["claimed"] == 23
    assert report(reg, "2024-08", "NM")["claims_by_province_purpose"] == {"-": {"绿色电力消费声明": 5}}
    jan = report(reg, "2024-01")
    assert jan["issued_by_group"]["风电"] == {"quantity": 0, "share": None}
    assert jan["month_on_month"]["previous_month"] == "2023-12"
    assert jan["month_on_month"]["issued"] == {"previous": 7, "change": pytest.approx(-1.0)}
    assert jan["cumulative"] == {"issued": 7, "traded": 2} and jan["year_to_date"] == {"issued": 0, "traded": 0}


def test_report_groups_follow_article_2_of_the_seed(seed_text: str) -> None:
    """第二条: 风电（含分散式风电和海上风电）、太阳能发电（含分布式光伏发电和光热发电）、常规水电、… — each group of the
    rules data is a type 第二条 names with the types it includes; the types no release group names are 其他."""
    flat = re.sub(r"\s+", "", seed_text)
    found = re.search(r"第二条本规则适用于我国境内生产的(.+?)等可再生能源发电项目电量对应绿证", flat)
    assert found is not None
    listed: dict[str, list[str]] = {}
    for item in re.findall(r"[^、（]+(?:（[^）]*）)?", found.group(1)):
        head, _, rest = item.partition("（含")
        listed[head] = re.split(r"和|、", rest.rstrip("）")) if rest else []
    assert list(listed) == ["风电", "太阳能发电", "常规水电", "生物质发电", "地热能发电", "海洋能发电"]
    r = rules()
    names = r.type_names
    groups = r.report_groups
    assert list(groups) == ["风电", "太阳能发电", "常规水电", "生物质发电", "其他"]
    for group, types in groups.items():
        if group == "其他":
            assert sorted(names[t] for t in types) == sorted(h for h in listed if h not in groups)
            continue
        # The group's own type (风电; 太阳能发电 as 太阳能发电（光伏）) and exactly the types 第二条 puts inside it.
        own = [t for t in types if names[t].startswith(group)]
        inside = sorted(names[t] for t in types if t not in own)
        assert len(own) == 1 and inside == sorted(listed[group]), group
    every = [t for types in groups.values() for t in types]
    assert sorted(every) == sorted(names) and len(every) == len(set(every))  # each type in one group
    raw = json.loads(files("policyhub.gec").joinpath("data/rules.json").read_text(encoding="utf-8"))
    assert raw["report_groups"]["text"] in flat


def test_counts_read_as_the_releases_write_them() -> None:
    # July 2024: 1.82亿个 issued, 风电 4025万 (22.09 %); 2024: 47.34亿 issued; 2025-07: +35.42 % on the month.
    assert count_cn(182_000_000) == "1.82亿个" and count_cn(4_734_000_000) == "47.34亿个"
    assert count_cn(40_250_000) == "4025万个" and count_cn(290_000) == "29万个" and count_cn(8_023_500) == "802.35万个"
    assert count_cn(9_999) == "9,999个" and count_cn(0) == "0个" and count_cn(None) == "—"
    assert percent(40_250_000 / 182_200_000) == "22.09%" and percent(0.3542, signed=True) == "+35.42%"
    assert percent(None) == "—"


def test_the_report_file_csv_and_text_show_the_release_figures(reg: Registry) -> None:
    history(reg)
    aug = report(reg, "2024-08")
    html = render_report_html(aug)
    assert 'id="certificate-only">60个<' in html and 'id="certificate-only-price">5.33<' in html
    assert "47.50%" in html and "25.00%" in html  # 常规水电, 风电 shares
    assert "北京电力交易中心" in html and "内蒙古电力交易中心" in html  # platforms by name, not code
    assert 'id="ytd-issued">230个<' in html and "+1100.00%" in html  # traded 10 → 120 on the month
    rows = {(r["metric"], r["key"]): r for r in csv.DictReader(io.StringIO(to_csv(aug)))}
    assert rows[("certificate_only", "")]["value"] == "60" and rows[("certificate_only", "")]["average_price"] == "5.33"
    assert rows[("issued_by_group", "风电")]["value"] == "50"
    assert rows[("issued_share_by_group", "风电")]["value"] == "0.25"
    assert rows[("cumulative_issued", "")]["value"] == "237" and rows[("projects_issued", "")]["value"] == "9"
    assert rows[("certificate_only_by_production_year", "2023")]["average_price"] == "6.00"
    lines = dict(release_lines(aug))
    assert lines["核发 · 常规水电"] == "95个（47.50%）" and lines["单独交易 certificate-only"] == "60个 @ 5.33 元/个"
    assert lines["环比 交易量（2024-07）"] == "+1100.00%"
    assert lines["核销 · 未注明省份 · 绿色电力消费声明"] == "5个" and lines["核销 · 广东 · 产品碳足迹"] == "8个"
    assert rows[("claims_by_province_purpose", "广东/消纳责任权重")]["value"] == "12"
    assert 'id="claims-by-province"' in html and "未注明 not given" in html
