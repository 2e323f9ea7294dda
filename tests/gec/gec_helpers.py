"""Shared helpers of the GEC tests: valid identity numbers computed independently, a populated registry."""

from __future__ import annotations

from typing import Any

from policyhub.gec.registry import Registry

AT = "2024-09-25T10:00:00+08:00"
LATER = "2026-08-01T09:00:00+08:00"

_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc(body17: str) -> str:
    """A 统一社会信用代码 with its GB 32100 check character (weights 3^i mod 31, written out here)."""
    weights = [pow(3, i, 31) for i in range(17)]
    total = sum(_USCC.index(ch) * w for ch, w in zip(body17, weights, strict=True))
    return body17 + _USCC[(31 - total % 31) % 31]


def id_number(body17: str) -> str:
    """A 身份证号码 with its GB 11643 check character (weights 2^(17-i) mod 11)."""
    total = sum(int(ch) * pow(2, 17 - i, 11) for i, ch in enumerate(body17))
    return body17 + "10X98765432"[total % 11]


SELLER_DOC = uscc("91110000MA01ABCD1")
SELLER2_DOC = uscc("91510100MA62XYK01")
BUYER_DOC = id_number("11010519491231002")
BUYER2_DOC = uscc("91310000MA1FL0000")


def ok(result: dict[str, Any]) -> dict[str, Any]:
    """Assert a result is ok and return it."""
    assert result["ok"], result
    return result


def refused(result: dict[str, Any], code: str) -> dict[str, Any]:
    """Assert a result is a refusal with this code."""
    assert not result["ok"], result
    assert result["error"]["code"] == code, result
    return result


def seller(r: Registry, account: str = "S1", doc: str = SELLER_DOC) -> None:
    """Open a seller account with the GEC-only pledge."""
    ok(
        r.apply(
            {
                "op": "open_account",
                "account": account,
                "kind": "seller",
                "name": "风电公司",
                "id_doc": doc,
                "province": "河北",
                "gec_only_pledge": True,
                "at": AT,
            }
        )
    )


def buyer(r: Registry, account: str = "B1", doc: str = BUYER_DOC) -> None:
    """Open a buyer account."""
    ok(r.apply({"op": "open_account", "account": account, "kind": "buyer", "name": "张三", "id_doc": doc, "at": AT}))


def project(
    r: Registry,
    name: str = "P1",
    type_: str = "wind",
    commissioned: str = "2022-05-01",
    fully_market: bool = False,
    owner: str = "S1",
) -> None:
    """Register a project."""
    ok(
        r.apply(
            {
                "op": "register_project",
                "project": name,
                "owner": owner,
                "name": f"{name} 电站",
                "type": type_,
                "province": "河北",
                "capacity_kw": 50000,
                "commissioned": commissioned,
                "fully_market": fully_market,
                "at": AT,
            }
        )
    )


def meter(
    r: Registry, proj: str, month: str, grid: int | None, self_: int | None = 0, source: str = "grid", at: str = AT
) -> dict[str, Any]:
    """Submit one month of meter data."""
    return r.apply(
        {
            "op": "meter",
            "project": proj,
            "month": month,
            "grid_kwh": grid,
            "self_kwh": self_,
            "source": source,
            "at": at,
        }
    )


def issue(r: Registry, month: str, at: str = AT) -> dict[str, Any]:
    """Issue a month."""
    return ok(r.apply({"op": "issue", "month": month, "at": at}))


def live(r: Registry, account: str) -> int:
    """Live certificates of an account."""
    return int(r.state()["accounts"][account]["live"])


def world(r: Registry) -> None:
    """S1 with wind project P1 (2,345,678 kWh grid + 1,500 self in 2024-08) issued; buyer B1."""
    seller(r)
    buyer(r)
    project(r)
    ok(meter(r, "P1", "2024-08", 2_345_678, 1_500))
    issue(r, "2024-08")


def snapshot(r: Registry) -> tuple[Any, ...]:
    """Everything observable, to prove a refused command changed nothing."""
    accounts = r.accounts()
    holdings = {a["account"]: r.holdings(a["account"]) for a in accounts}
    return (r.state(), accounts, holdings, r.projects(), r.claims(), len(r.journal(limit=10**6)))
