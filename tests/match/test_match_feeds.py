"""The other modules feed the profile: the rules checkers, the digital assessment, the first-set catalog, d02, d19.

The rules checkers may change their inner answers (e.g. a `not_covered` headline): these tests hold that the item
cites the checker and the clause, and that an answer it does not know stays unknown — not the checker's verdict.
"""

from __future__ import annotations

from match_support import FIRM, item

from policyhub.match import feeds
from policyhub.match.logic import UNKNOWN

RD = {"person": {"birth_date": "1980-05-05", "sex": "male", "title_senior": True, "phd": False,
                 "civil_servant": False, "guide_expert": False},
      "unit": {"registered_date": "2015-03-01"},
      "applications": [{"programme": "交通基础设施", "guide": "transport", "role": "leader"}],
      "as_of": "2024-10-10"}  # fmt: skip


def test_rd_guides_are_decided_by_the_rd_eligibility_checker_with_the_guides_clauses() -> None:
    got = item({"entity": FIRM, "rd": RD}, "d15-apply")
    checked = [c for c in got["conditions"] if c["role"] == "checker"]
    assert checked and all(c["checker"] == "policyhub rules rd-eligibility" for c in checked)
    assert all(c["citation"].startswith("d15.") for c in checked)
    assert any(c["citation"] == "d15.一.（一）.1" for c in checked)
    assert got["status"] in ("eligible", "not_eligible", "undetermined")
    # d16 has no application under its guide in this profile: the facts to supply say so
    other = item({"entity": FIRM, "rd": RD}, "d16-apply")
    assert other["status"] == "undetermined" and other["missing"] == ["rd.applications（guide=nqi）"]


def test_a_broken_rd_limit_makes_the_call_not_eligible() -> None:
    # d15 一（二）2.: a leader born before 1964-01-01 is over the age limit (checked by rd-eligibility)
    old = {**RD, "person": {**RD["person"], "birth_date": "1950-01-01"}}
    got = item({"entity": FIRM, "rd": old}, "d15-apply")
    assert got["status"] == "not_eligible"
    assert any(c["result"] == "not_met" and c["citation"].startswith("d15.一.（二）") for c in got["conditions"])


def test_a_foreign_investor_checks_each_activity_against_the_negative_list() -> None:
    profile = {"entity": {**FIRM, "foreign_investor": True}, "activities": ["核电站建设经营", "重型机械制造"]}
    got = item(profile, "d26-check", "2024-11-15")
    assert got["status"] == "required"
    checked = [c for c in got["conditions"] if c["role"] == "checker"]
    assert [c["checker"] for c in checked] == ["policyhub rules negative-list"] * 2
    assert checked[0]["text"].startswith("核电站建设经营") and checked[0]["citation"] == "d26.清单.三.6"
    assert checked[1]["citation"].startswith("d26.")
    assert got["consequence"]["citation"] == "d26.说明.四"
    assert item({"entity": {**FIRM, "foreign_investor": True}}, "d26-check")["missing"] == ["activities"]


def test_unknown_checker_answers_are_unknown_never_met() -> None:
    assert feeds._VERDICT.get("not_covered", UNKNOWN) == UNKNOWN
    assert feeds._STAMP.get("not_covered", UNKNOWN) == UNKNOWN
    assert feeds._STATUS.get("undetermined", UNKNOWN) == UNKNOWN


def test_a_restructuring_is_checked_item_by_item_by_the_stamp_duty_checker() -> None:
    stamp = {
        "date": "2024-11-15",
        "restructuring": {"type": "merger", "investors_persist": True},
        "items": [{"id": "equity", "kind": "property_transfer", "asset": "equity", "amount": 1_000_000}],
    }
    got = item({"entity": FIRM, "stamp_duty": stamp}, "d30-stamp", "2024-11-15")
    checked = [c for c in got["conditions"] if c["role"] == "checker"]
    assert [c["checker"] for c in checked] == ["policyhub rules stamp-duty"]
    assert checked[0]["citation"].startswith("d30.")  # 三、 for a 产权转移书据
    assert got["status"] in ("eligible", "not_eligible", "undetermined")


def test_the_digital_result_in_the_profile_answers_d17() -> None:
    got = item({"entity": FIRM, "digital": {"level": 2, "score": 55}}, "d17-assess")
    assert got["detail"]["digital"] == {"level": 2, "level_name": "二级（规范级）", "score": 55, "source": "profile"}
    assert got["detail"]["assess_at"] == "/digital"
    # d17 序: the result is the 专精特新 evidence; its threshold (工信部企业〔2022〕63号 附件2) is not printed
    assert "附件2" in got["notes"][0]["note"] and "未印" in got["notes"][0]["note"]


def test_digital_answers_are_assessed_by_the_digital_module() -> None:
    answers = {
        "1": [1, 2],
        "2": {"devices": 100, "digital_devices": 35},
        "3": 2,
        "4": [1, 2, 3],
        "5": 2,
        "6": [1, 2],
        "7": [1],
        "8": 1,
        "9": [1, 2],
        "10": [2],
        "11": 1,
        "12": 2,
        "13": 2,
        "14": 1,
        "15": 1,
    }
    scenarios = {"产品设计": [1, 2], "工艺设计": [1], "生产管控": [1, 2], "质量管理": [1, 2], "设备管理": [1],
                 "采购管理": [1, 2], "仓储物流": [1], "财务管理": [1, 2]}  # fmt: skip
    got = item({"entity": FIRM, "digital": {"answers": answers, "scenarios": scenarios}}, "d17-assess")
    digital = got["detail"]["digital"]
    assert (digital["level"], digital["level_name"], digital["score"], digital["source"]) == (
        1,
        "一级（初始级）",
        46.52,
        "assessed",
    )


def test_a_makers_products_are_checked_against_the_first_set_catalog() -> None:
    good = {
        "name": "精密车削中心",
        "entry": "1.1.2",
        "params": {
            "加工工件圆度": "0.4um",
            "圆柱度": "0.8um",
            "直线轴定位精度": "1.8 μm",
            "直线轴重复定位精度": "0.9um",
        },
    }
    got = item({"entity": FIRM, "products": [good]}, "d01-catalog")
    assert got["status"] == "eligible"
    assert got["conditions"][0]["citation"] == "d01.1.1.2" and got["conditions"][0]["checker"] == "policyhub firstset"
    bad = {**good, "params": {**good["params"], "直线轴定位精度": "5 μm"}}
    assert item({"entity": FIRM, "products": [bad]}, "d01-catalog")["status"] == "not_eligible"
    named = item({"entity": FIRM, "products": [{"name": "精密车削中心"}]}, "d01-catalog")
    assert named["status"] == "undetermined" and named["missing"] == ["products[0].params"]


def test_the_sectors_renewal_goal_and_directions_come_from_d02() -> None:
    got = item({"entity": FIRM}, "d02-renewal")
    assert got["conditions"][0]["citation"] == "d02.七.（一）"
    assert got["detail"]["renewal"]["industry"] == "重型机械行业"


def test_the_39_pilot_platform_directions_of_d19_with_the_sectors_first() -> None:
    got = item({"entity": {"kind": "provincial_government"}}, "d19-submit")
    assert got["detail"]["directions"]["count"] == 39
    machine = item({"entity": {**FIRM, "sector": "机械"}}, "d19-platform")["detail"]["directions"]["matching"]
    assert [d["citation"] for d in machine] == ["d19.附件2.9"]


def test_a_generators_registry_account_is_linked() -> None:
    got = item({"entity": {**FIRM, "renewable_generator": True}, "gec": {"account": "S1"}}, "d24-seller")
    assert got["status"] == "required" and got["detail"]["gec"]["href"] == "/gec/accounts/S1"
    assert got["consequence"]["citation"] == "d24.第三十三条.（一）"
