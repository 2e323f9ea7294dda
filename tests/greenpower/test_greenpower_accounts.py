"""The accounts on a case worked by hand: every figure below was computed on paper, step by step, in the comments.

Three sites in two provinces (two in 江苏, so that one province-wide claim can be asked for by two sites), two
months of 2023, five claims: one over-used across sites (K1), two that cover only part of what their site needs
(K2, K5), one that covers more than was used (K3) and one that covers nothing (K4).

Factors of 2023 (data/factors.json): grid average 0.5306, residual 0.6096 kgCO2/kWh; life-cycle generation
factors wind 0.0336, PV 0.0545, biomass 0.0457 kgCO2e/kWh; hydro has none, nor has green-power trade (no type):
both take the highest renewable factor, PV's 0.0545. 0.1229 kgce/kWh (1.229 tce per 10,000 kWh, d17 表1).
"""

from __future__ import annotations

from typing import Any

import pytest

from policyhub.gec.domain.periods import months
from policyhub.greenpower import factors
from policyhub.greenpower.accounts import report
from policyhub.greenpower.claims import Claim
from policyhub.greenpower.quotas import ask
from policyhub.greenpower.usefile import read_use

# Site A's January is two rows: 8,000 kWh (2,000 of them bought through green-power trading) made 4 t of 电解铝锭,
# 2,000 kWh went to the offices. C bought 1,000 kWh through green-power trading in February.
USE = """site,province,month,kwh,green_trade_kwh,product,output,output_unit
A,江苏,2023-01,8000,2000,电解铝锭,4,t
A,江苏,2023-01,2000,,,,
B,江苏,2023-01,6000,,,,
C,云南,2023-01,5000,,,,
A,江苏,2023-02,8000,,,,
B,江苏,2023-02,4000,,,,
C,云南,2023-02,5000,1000,,,
"""


def claim(code: str, province: str | None, period: str, certificates: int, types: dict[str, int],
          site: str | None = None) -> Claim:  # fmt: skip
    first, last = months(period)
    return Claim(code, period, first, last, certificates, tuple(types.items()), "绿色电力消费声明", province, site)


CLAIMS = [
    claim("K1", "江苏", "2023-01", 8, {"wind": 8}),  # 8,000 kWh for 江苏's January, any site
    claim("K2", "江苏", "2023", 5, {"pv": 5}, site="A"),  # 5,000 kWh for site A, all of 2023
    claim("K3", "云南", "2023-02", 20, {"hydro": 20}),  # 20,000 kWh for 云南's February
    claim("K4", "云南", "2022", 3, {"wind": 3}),  # 2022: the file has no 2022
    claim("K5", "江苏", "2023-02", 2, {"biomass": 2}, site="B"),  # 2,000 kWh for site B's February
]

# The allocation, in its order (month, then the file's site order; site-named claims first, then the earliest end):
# 2023-01 A: needs 10,000 − 2,000 (green trade) = 8,000. K2 (names A) gives its 5,000 → 3,000 left; K1 gives 3,000.
# 2023-01 B: needs 6,000. K1 has 8,000 − 3,000 = 5,000 left: gives 5,000 → 1,000 uncovered. K1 was asked
#            3,000 + 6,000 = 9,000 > 8,000 by two sites (A, B): claim_over_used.
# 2023-01 C: needs 5,000; K3 is February's, K4 2022's: nothing.
# 2023-02 A: needs 8,000; K2 is spent (asked, gives 0; one site only: no warning); K1 is January's: nothing.
# 2023-02 B: needs 4,000; K5 gives its 2,000 → 2,000 uncovered (one site: no warning).
# 2023-02 C: needs 5,000 − 1,000 = 4,000; K3 gives 4,000 of its 20,000 → claim_partly_used, 16,000 left.
# K4 is never asked: claim_uncovered.
CERTIFIED = {"A": 8000, "B": 7000, "C": 4000}  # A: 5,000 + 3,000; B: 5,000 + 2,000; C: 4,000


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    return report(read_use(USE.encode()), CLAIMS, factors.load(), quota=ask("电解铝", "0.7"))


def test_the_sites_figures_are_those_worked_by_hand(result: dict[str, Any]) -> None:
    sites = {s["site"]: s for s in result["sites"]}
    assert list(sites) == ["A", "B", "C"] and result["year"] == 2023
    # kWh: A 10,000 + 8,000; B 6,000 + 4,000; C 5,000 + 5,000.
    assert {s: sites[s]["kwh"] for s in sites} == {"A": 18000, "B": 10000, "C": 10000}
    assert {s: sites[s]["certified_kwh"] for s in sites} == CERTIFIED
    assert {s: sites[s]["green_trade_kwh"] for s in sites} == {"A": 2000, "B": 0, "C": 1000}
    # Green share: A (8,000 + 2,000) / 18,000 = 0.5555…; B 7,000 / 10,000; C (4,000 + 1,000) / 10,000.
    assert {s: sites[s]["green_share"] for s in sites} == {"A": 0.555556, "B": 0.7, "C": 0.5}
    # Location-based: kWh × 0.5306 — A 9,550.8; B and C 5,306.
    assert {s: sites[s]["location_kgco2"] for s in sites} == {"A": 9550.8, "B": 5306, "C": 5306}
    assert {s["location_factor"] for s in result["sites"]} == {"grid-2023"}
    # Market-based: certified kWh at their claims' types, green trade at 0.0545, the rest at the residual 0.6096.
    # A: K2 5,000 × 0.0545 = 272.5; K1 3,000 × 0.0336 = 100.8; trade 2,000 × 0.0545 = 109;
    #    grid 18,000 − 8,000 − 2,000 = 8,000 × 0.6096 = 4,876.8 → 5,359.1
    # B: K1 5,000 × 0.0336 = 168; K5 2,000 × 0.0457 = 91.4; grid 3,000 × 0.6096 = 1,828.8 → 2,088.2
    # C: K3 4,000 × 0.0545 = 218; trade 1,000 × 0.0545 = 54.5; grid 5,000 × 0.6096 = 3,048 → 3,320.5
    assert {s: sites[s]["market_kgco2"] for s in sites} == {"A": 5359.1, "B": 2088.2, "C": 3320.5}
    # tce: kWh × 0.1229 / 1000 — A 2.2122, B and C 1.229; after certificates (and green trade) the grid kWh only:
    # A 8,000 → 0.9832; B 3,000 → 0.3687; C 5,000 → 0.6145.
    assert {s: sites[s]["energy_tce"] for s in sites} == {"A": 2.2122, "B": 1.229, "C": 1.229}
    assert {s: sites[s]["energy_tce_after_certificates"] for s in sites} == {"A": 0.9832, "B": 0.3687, "C": 0.6145}


def test_the_total_adds_the_sites(result: dict[str, Any]) -> None:
    total = result["total"]
    # 38,000 kWh; 19,000 certified; 3,000 green trade; share 22,000 / 38,000 = 0.578947…
    assert (total["kwh"], total["certified_kwh"], total["green_trade_kwh"]) == (38000, 19000, 3000)
    assert total["green_share"] == 0.578947
    # 9,550.8 + 5,306 + 5,306 = 20,162.8; 5,359.1 + 2,088.2 + 3,320.5 = 10,767.8
    assert (total["location_kgco2"], total["market_kgco2"]) == (20162.8, 10767.8)
    # 2.2122 + 1.229 + 1.229 = 4.6702; 0.9832 + 0.3687 + 0.6145 = 1.9664
    assert (total["energy_tce"], total["energy_tce_after_certificates"]) == (4.6702, 1.9664)
    assert total["location_factor"] == "grid-2023"
    # By month: January 21,000 kWh, 13,000 certified (8,000 + 5,000), 2,000 traded → (13,000 + 2,000) / 21,000.
    assert [(m["month"], m["kwh"], m["certified_kwh"], m["green_share"]) for m in result["months"]] == [
        ("2023-01", 21000, 13000, 0.714286), ("2023-02", 17000, 6000, 0.411765)]  # fmt: skip


def test_each_claim_is_counted_once_and_flagged(result: dict[str, Any]) -> None:
    used = {c["code"]: (c["used_kwh"], c["unused_kwh"]) for c in result["claims"]}
    assert used == {"K1": (8000, 0), "K2": (5000, 0), "K3": (4000, 16000), "K4": (0, 3000), "K5": (2000, 0)}
    # Every certificate placed once: the claims' used kWh are exactly the certified kWh of the sites.
    assert sum(u for u, _ in used.values()) == sum(CERTIFIED.values())
    flagged = [(w["code"], w.get("claim")) for w in result["warnings"] if w["code"].startswith("claim_")]
    assert flagged == [("claim_over_used", "K1"), ("claim_partly_used", "K3"), ("claim_uncovered", "K4")]
    over = next(w for w in result["warnings"] if w["code"] == "claim_over_used")
    assert "9,000 kWh" in over["message"] and "2 个场站" in over["message"]


def test_types_without_a_published_factor_take_the_highest_renewable_one_and_say_so(result: dict[str, Any]) -> None:
    missing = [w["message"] for w in result["warnings"] if w["code"] == "no_generation_factor"]
    assert len(missing) == 2 and missing[0].startswith("绿电交易电量") and missing[1].startswith("hydro")
    assert all("footprint-pv-2023" in m for m in missing)
    ids = {f["id"] for f in result["factors"]}
    assert ids == {"grid-2023", "residual-2023", "footprint-2023", "footprint-pv-2023", "footprint-wind-2023",
                   "footprint-biomass-2023"}  # fmt: skip
    assert all(f["source"] and f["year"] == 2023 for f in result["factors"])
    assert not [w for w in result["warnings"] if w["code"] == "no_factor_for_year"]


def test_a_product_carries_its_share_of_the_site_month(result: dict[str, Any]) -> None:
    [product] = result["products"]
    # 电解铝锭's row needs 8,000 − 2,000 = 6,000 of A-January's 8,000: 3/4 of its 8,000 certified kWh (6,000)
    # and of their 373.3 kg (272.5 + 100.8) = 279.975 kg; its 2,000 traded kWh × 0.0545 = 109; no grid kWh left.
    # Per tonne: 8,000 / 4 = 2,000 kWh; 8,000 × 0.5306 / 4 = 1,061.2; (279.975 + 109) / 4 = 97.24375.
    assert product["kwh_per_unit"] == 2000 and product["location_kgco2_per_unit"] == 1061.2
    assert product["market_kgco2_per_unit"] == 97.24375 == product["footprint_kgco2e_per_unit"]
    assert product["pilot_product"] == "电解铝" and product["output_unit"] == "t"


def test_the_quota_gap_in_certificates(result: dict[str, Any]) -> None:
    rows = {p["province"]: p for p in result["quota"]["provinces"]}
    # 江苏: 28,000 kWh, green 8,000 + 2,000 + 7,000 = 17,000; 0.7 × 28,000 = 19,600 → 2,600 kWh → 3 certificates.
    assert (rows["江苏"]["green_kwh"], rows["江苏"]["gap_kwh"], rows["江苏"]["certificates_needed"]) == (17000, 2600, 3)
    # 云南: 10,000 kWh, green 5,000; 7,000 − 5,000 = 2,000 kWh → 2 certificates.
    assert (rows["云南"]["gap_kwh"], rows["云南"]["certificates_needed"]) == (2000, 2)
    assert rows["云南"]["target_source"].startswith("用户给定")


def test_the_same_claims_give_the_same_placement_whatever_their_order() -> None:
    rows = read_use(USE.encode())
    forward = report(rows, CLAIMS, factors.load())
    backward = report(rows, CLAIMS[::-1], factors.load())
    assert sorted((c["code"], c["used_kwh"]) for c in forward["claims"]) == sorted(
        (c["code"], c["used_kwh"]) for c in backward["claims"])  # fmt: skip
    assert forward["sites"] == backward["sites"]


def test_a_claim_over_two_years_is_counted_once_across_the_years_reports() -> None:
    use = "site,province,month,kwh\nA,江苏,2023-12,3000\nA,江苏,2024-01,3000\n"
    spanning = [claim("K9", "江苏", "2023-12/2024-01", 4, {"wind": 4})]
    rows = read_use(use.encode())
    y2023, y2024 = (report(rows, spanning, factors.load(), year=y) for y in (2023, 2024))
    # December takes 3,000 of the 4,000 kWh; January the remaining 1,000: 4,000 in all, never 6,000.
    assert y2023["sites"][0]["certified_kwh"] == 3000 and y2024["sites"][0]["certified_kwh"] == 1000
    assert y2023["claims"][0]["used_kwh_in_year"] + y2024["claims"][0]["used_kwh_in_year"] == 4000
