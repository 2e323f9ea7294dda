"""What a person reads on the pages is Chinese first; accounts in natural order; 403 and error pages say it once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests_web_support import sign_in as sign_in_page

from policyhub.web.app import create_app

AT = "2024-09-25T10:00:00+08:00"
_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"
SELLERS = {"S1": "91110000MA01ABCD1", "S2": "91510100MA62XYK01", "S10": "91440300MA5F00001", "S11": "91330100MA2H00002"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def uscc(body17: str) -> str:
    total = sum(_USCC.index(ch) * pow(3, i, 31) for i, ch in enumerate(body17))
    return body17 + _USCC[(31 - total % 31) % 31]


@pytest.fixture
def site(db_url: str) -> Iterator[TestClient]:
    """Sellers S11, S10, S2, S1 opened in that order, a buyer, a distributed-PV project issued for 2024-08."""
    # The registry's clock: the day after the setup (2024-08 certificates are valid to 2026-07-31).
    with TestClient(create_app(db_url, clock=lambda: datetime.fromisoformat("2024-09-26T12:00:00+08:00"))) as c:
        registry = c.app.state.services.registry  # type: ignore[attr-defined]
        for account, body in reversed(list(SELLERS.items())):
            cmd = {"op": "open_account", "account": account, "kind": "seller", "name": f"发电{account}",
                   "id_doc": uscc(body), "province": "河北", "gec_only_pledge": True, "at": AT}  # fmt: skip
            assert registry.apply(cmd)["ok"]
        assert registry.apply({"op": "open_account", "account": "B1", "kind": "buyer", "name": "买方",
                               "id_doc": uscc("91310000MA1FL0000"), "at": AT})["ok"]  # fmt: skip
        assert registry.apply({"op": "register_project", "project": "P1", "owner": "S1", "name": "屋顶光伏",
                               "type": "distributed_pv", "province": "河北", "capacity_kw": 800,
                               "commissioned": "2022-05-01", "at": AT})["ok"]  # fmt: skip
        assert registry.apply({"op": "meter", "project": "P1", "month": "2024-08", "grid_kwh": 123_456,
                               "self_kwh": 0, "source": "grid", "at": AT})["ok"]  # fmt: skip
        assert registry.apply({"op": "issue", "month": "2024-08", "at": AT})["ok"]
        yield c


def sign_in(client: TestClient, **scope: Any) -> None:
    issued = client.app.state.services.tokens.create(**scope)  # type: ignore[attr-defined]
    client.cookies.clear()
    assert sign_in_page(client, issued.secret).status_code == 303


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"<(svg|script|style)\b.*?</\1>", "", html, flags=re.S)))


def test_home_page_cards_describe_each_module_in_chinese_first(client: TestClient) -> None:
    page = client.get("/").text
    descriptions = re.findall(r'<p class="muted">(.*?)</p>', page, flags=re.S)
    assert len(descriptions) == 9  # digital, gec, firstset, library, match, renewal, greenpower, manage, scenarios
    for d in descriptions:
        assert CJK.match(d), d  # the first character is Chinese; the English follows in a span
    assert "SME digital-level self-assessment (2024 edition)" not in page


def test_overview_names_kinds_statuses_and_project_types_in_chinese(site: TestClient) -> None:
    sign_in(site, role="operator")  # the account list is the operator's and the regulator's (names are private)
    page = site.get("/gec").text
    cells = re.findall(r"<td>([^<]*)</td>", page)
    assert "卖方（发电企业）" in cells and "买方" in cells and "正常" in cells
    assert not {"seller", "buyer", "open"} & set(cells)
    assert "分布式光伏发电" in page and "distributed_pv" not in text_of(page)


def test_accounts_are_listed_in_natural_order(site: TestClient) -> None:
    sign_in(site, role="regulator")
    page = site.get("/gec").text
    assert re.findall(r'href="/gec/accounts/(\w+)"', page) == ["B1", "S1", "S2", "S10", "S11"]


def test_account_page_shows_chinese_kind_status_type_and_block_status(site: TestClient) -> None:
    sign_in(site, role="account_holder", account="S1")
    page = site.get("/gec/accounts/S1")
    assert page.status_code == 200
    text = text_of(page.text)
    assert "卖方（发电企业） · 正常" in text and "分布式光伏发电" in text
    assert re.search(r"<td>有效</td>", page.text) and "<td>live</td>" not in page.text


def test_another_account_is_a_403_page_naming_who_is_signed_in(site: TestClient) -> None:
    sign_in(site, role="account_holder", account="S1")
    page = site.get("/gec/accounts/B1", follow_redirects=False)
    assert page.status_code == 403
    text = text_of(page.text)
    assert "无权查看账户 B1" in text and "账户持有人 S1" in text and "核发机构和监管机构" in text
    assert text.index("无权查看账户 B1") < text.index("Signed in as")
    site.cookies.clear()
    public = site.get("/gec/accounts/B1", follow_redirects=False)
    assert public.status_code == 303 and public.headers["location"] == "/login?next=/gec/accounts/B1"


def test_an_error_page_says_the_status_and_the_message_once(client: TestClient) -> None:
    page = client.get("/no/such/page")
    assert page.status_code == 404
    text = text_of(page.text.split("<main>")[1])
    assert text.count("404") == 1 and text.count("未找到") == 1
    assert "Not Found" not in text and "Not found" in text and "没有这个页面" in text


def test_firstset_entry_tags_each_indicator_in_chinese(client: TestClient) -> None:
    page = client.get("/firstset/entries/1.1.2").text
    assert "[machine]" not in page and "可程序核对" in page


def test_a_digital_form_error_names_the_question_by_its_text_chinese_first(client: TestClient) -> None:
    page = client.post("/digital", data={"firm": "测试"})
    assert page.status_code == 400
    [alert] = re.findall(r'<p class="error" role="alert">(.*?)</p>', page.text, flags=re.S)
    assert alert.startswith("未作答") and "Q1（企业网络建设连接情况）" in alert
    assert "missing answer to" not in alert
