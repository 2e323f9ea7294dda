"""具体数据 instead of a choice: Q2/Q3 device counts → bracket, Q12–Q15 two years' figures → 增加/持平/降低."""

from __future__ import annotations

from typing import Any

import pytest
from digital_helpers import firm, zero_answers

from policyhub.digital.answers import Firm, parse_firm
from policyhub.digital.catalog import load_catalog
from policyhub.digital.report import assessment_to_dict
from policyhub.digital.scoring import assess
from policyhub.errors import InputError

CAT = load_catalog()


def text_of(f: Firm, q: int) -> str:
    choice = f.answers[q].choice
    assert isinstance(choice, int)
    return CAT.questions[q].options[choice]


def parsed(**answers: Any) -> Firm:
    return parse_firm(firm(zero_answers() | answers), CAT)


@pytest.mark.parametrize(
    ("devices", "digital", "option"),
    [
        (100, 0, 0),
        (100, 10, 0),
        (100, 11, 1),
        (100, 20, 1),
        (100, 21, 2),
        (100, 40, 2),
        (100, 41, 3),
        (100, 60, 3),
        (100, 61, 4),
        (100, 100, 4),
        (30, 3, 0),
        (30, 4, 1),
        (30, 6, 1),
        (30, 7, 2),
        (3, 1, 2),
        (0, 0, 0),
        (1, 1, 4),
    ],
)
def test_device_ratio_brackets_are_closed_on_the_right(devices: int, digital: int, option: int) -> None:
    # [0-10%] （10%，20%] （20%，40%] （40%，60%] （60%，100%]: exactly 10 % is the first bracket
    f = parsed(
        **{
            "2": {"devices": devices, "digital_devices": digital},
            "3": {"devices": devices, "networked_devices": digital},
        }
    )
    assert f.answers[2].choice == option
    assert f.answers[3].choice == option


def test_q3_takes_the_device_total_from_q2_when_it_gives_only_the_networked_count() -> None:
    f = parsed(**{"2": {"devices": 50, "digital_devices": 50}, "3": {"networked_devices": 15}})
    assert f.answers[3].choice == 2  # 15/50 = 30 %
    assert f.answers[3].figures["devices"] == 50


def test_device_counts_show_the_rate_they_came_from() -> None:
    a = assess(parsed(**{"2": {"devices": 40, "digital_devices": 10}}), CAT)
    row = assessment_to_dict(a, CAT)["questions"][1]
    assert row["answer_text"] == "（20%，40%]"
    assert row["figures"] == {"devices": 40, "digital_devices": 10}
    assert "25.00%" in row["derived"]["rate"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"devices": -1, "digital_devices": 0}, "生产设备数量（台） devices 应为不小于 0 的整数"),
        ({"devices": 10, "digital_devices": -2}, "实现数字化的生产设备数量（台） digital_devices 应为不小于 0 的整数"),
        ({"devices": 10, "digital_devices": 11}, "digital_devices（11）大于 生产设备数量（台） devices（10）"),
        ({"devices": 10.5, "digital_devices": 1}, "整数"),
        ({"devices": 10}, "缺少原始数据 实现数字化的生产设备数量（台） digital_devices"),
        ({"devices": 10, "digital_devices": 1, "x": 1}, "未知字段 unknown field(s) x"),
        ({"devices": "ten", "digital_devices": 1}, "应为数值"),
    ],
)
def test_bad_device_counts_are_rejected_naming_q2(value: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError) as err:
        parsed(**{"2": value})
    assert "Q2（企业的生产设备数字化率）" in err.value.message
    assert message in err.value.message


def test_networked_greater_than_total_names_q3() -> None:
    expected = r"Q3（企业的生产设备联网率）：实现联网的生产设备数量（台） networked_devices（9）大于 生产设备数量"
    with pytest.raises(InputError, match=expected):
        parsed(**{"3": {"devices": 5, "networked_devices": 9}})


def test_raw_data_on_a_question_without_raw_data_is_rejected() -> None:
    with pytest.raises(InputError, match=r"Q5.*本题只需选择选项，不填原始数据"):
        parsed(**{"5": {"devices": 1}})


REV = {"revenue_last_year": 1000, "revenue_year_before": 1000}


@pytest.mark.parametrize(
    ("last", "before", "text", "points"), [(90, 100, "降低", 100), (100, 100, "持平", 50), (110, 100, "增加", 0)]
)
def test_q12_energy_per_revenue_lower_is_better(last: int, before: int, text: str, points: int) -> None:
    f = parsed(**{"12": {"energy_last_year": last, "energy_year_before": before} | REV})
    a = assess(f, CAT)
    assert text_of(f, 12) == text
    assert a.items[11].points == points
    assert f.answers[12].derived["变化"] == text


def test_q12_compares_per_revenue_not_the_total() -> None:
    # more energy, but revenue grew faster: 每百元营业收入中综合能源消费量 fell
    f = parsed(
        **{
            "12": {
                "energy_last_year": 120,
                "energy_year_before": 100,
                "revenue_last_year": 1500,
                "revenue_year_before": 1000,
            }
        }
    )
    assert text_of(f, 12) == "降低"


def test_q12_takes_revenue_from_q14_figures() -> None:
    q14 = {"staff_last_year": 10, "revenue_last_year": 2000, "staff_year_before": 10, "revenue_year_before": 1000}
    f = parsed(**{"12": {"energy_last_year": 150, "energy_year_before": 100}, "14": q14})
    assert text_of(f, 12) == "降低"  # 0.075 < 0.1 tce/万元
    assert text_of(f, 14) == "增加"  # 200 > 100 万元/人


def test_q12_energy_may_be_given_per_kind_and_is_converted_with_table_1() -> None:
    f = parsed(**{"12": {"energy_last_year": {"电力": 310, "高炉煤气": 1.5}, "energy_year_before": "382.919"} | REV})
    assert str(f.answers[12].figures["energy_last_year"]) == "382.9190"
    assert text_of(f, 12) == "持平"  # exactly equal


def test_q12_without_any_revenue_asks_for_it() -> None:
    with pytest.raises(InputError, match=r"Q12.*上年营业收入（万元） revenue_last_year.*也可在 Q14 中填写"):
        parsed(**{"12": {"energy_last_year": 1, "energy_year_before": 2}})


@pytest.mark.parametrize(
    ("last", "before", "text"),
    [((100, 10), (90, 10), "增加"), ((100, 10), (90, 9), "持平"), ((100, 11), (100, 10), "降低")],
)
def test_q14_revenue_per_staff_higher_is_better(last: tuple[int, int], before: tuple[int, int], text: str) -> None:
    q14 = {
        "revenue_last_year": last[0],
        "staff_last_year": last[1],
        "revenue_year_before": before[0],
        "staff_year_before": before[1],
    }
    f = parsed(**{"14": q14})
    assert text_of(f, 14) == text
    assert f.answers[14].figures["staff_last_year"] == last[1]


def test_q14_with_no_staff_is_rejected() -> None:
    q14 = {"revenue_last_year": 1, "staff_last_year": 0, "revenue_year_before": 1, "staff_year_before": 1}
    with pytest.raises(InputError, match=r"Q14.*上年员工人数（人） staff_last_year 应大于 0"):
        parsed(**{"14": q14})


@pytest.mark.parametrize(("cost", "text", "points"), [(79, "降低", 100), (80, "持平", 50), (81, "增加", 0)])
def test_q15_cost_per_100_yuan_revenue_lower_is_better(cost: int, text: str, points: int) -> None:
    f = parsed(
        **{"15": {"cost_last_year": cost, "cost_year_before": 40, "revenue_last_year": 100, "revenue_year_before": 50}}
    )
    a = assess(f, CAT)
    assert text_of(f, 15) == text
    assert a.items[14].points == points
    assert f.answers[15].derived["上年/改造后"] == f"{cost} 元/百元营业收入"


def test_q13_pass_rates_before_and_after() -> None:
    f = parsed(**{"13": {"pass_rate_after": 98.5, "pass_rate_before": 97}})
    assert text_of(f, 13) == "增加"


def test_derived_answer_is_shown_next_to_its_figures_in_the_report() -> None:
    f = parsed(
        **{"15": {"cost_last_year": 79, "cost_year_before": 40, "revenue_last_year": 100, "revenue_year_before": 50}}
    )
    row = assessment_to_dict(assess(f, CAT), CAT)["questions"][14]
    assert row["answer_text"] == "降低"
    assert row["figures"]["cost_last_year"] == 79
    assert row["derived"] == {"上年/改造后": "79 元/百元营业收入", "前年/改造前": "80 元/百元营业收入", "变化": "降低"}


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"01": 1}, "未知题号 unknown question '01'"),
        (
            {"5": True},
            "Q5（企业使用本地或云化部署的信息化服务, 实现业务的数字化管理情况）：应为选项序号 0–4",
        ),
        ({"5": 1.0}, "应为选项序号"),
        ({"6": [1, 1]}, "Q6（企业在保障网络安全方面采取的举措）：选项重复"),
        ({"6": []}, "Q6（企业在保障网络安全方面采取的举措）：未选任何选项；如均不具备请选 [0]（无）"),
    ],
)
def test_malformed_choices_are_rejected_naming_the_question(answers: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError) as err:
        parse_firm(firm(zero_answers() | answers), CAT)
    assert message in err.value.message


def test_an_error_is_chinese_first_and_names_the_question_and_fields_by_their_printed_text() -> None:
    with pytest.raises(InputError) as err:
        parsed(**{"2": {"devices": 10, "digital_devices": 35}})
    message = err.value.message
    assert message.startswith("Q2（企业的生产设备数字化率）：实现数字化的生产设备数量（台） digital_devices（35）大于")
    assert message.index("大于") < message.index("is greater")  # English only beside the Chinese, after it
