"""A registry with claims that carry purpose, province and site, for the greenpower report's adapters."""

from __future__ import annotations

from typing import Any

from policyhub.gec.registry import Registry

AT = "2024-09-25T10:00:00+08:00"
_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc(body17: str) -> str:
    """A 统一社会信用代码 with its GB 32100 check character."""
    total = sum(_USCC.index(ch) * pow(3, i, 31) for i, ch in enumerate(body17))
    return body17 + _USCC[(31 - total % 31) % 31]


def ok(result: dict[str, Any]) -> dict[str, Any]:
    assert result["ok"], result
    return result


# Two manufacturers' sites in 江苏 and one in 云南, August and September 2024.
USE = """site,province,month,kwh,green_trade_kwh,product,output,output_unit
一厂,江苏,2024-08,150000,10000,电解铝锭,10,t
二厂,江苏,2024-08,80000,,,,
三厂,云南,2024-08,50000,,,,
一厂,江苏,2024-09,120000,,电解铝锭,8,t
"""


def build(r: Registry) -> dict[str, str]:
    """S1 (wind P1, PV P2) issued for 2024-08 and claiming three times; B1 a second account with a claim of its own.

    Returns the claims' codes by name: C1 (江苏, 100 wind, 能耗双控), C2 (江苏 一厂, 30 PV), C3 (云南, 2023: covers
    nothing in the use file's months), CB (B1's, not S1's).
    """
    seller = {"op": "open_account", "account": "S1", "kind": "seller", "name": "江苏某铝业有限公司",
              "id_doc": uscc("91320000MA01ABCD1"), "province": "江苏", "gec_only_pledge": True, "at": AT}  # fmt: skip
    ok(r.apply(seller))
    ok(r.apply({**seller, "account": "S2", "id_doc": uscc("91530000MA62XYK01"), "province": "云南"}))
    for project, kind in (("P1", "wind"), ("P2", "pv")):
        ok(r.apply({"op": "register_project", "project": project, "owner": "S1", "name": f"{project} 电站",
                    "type": kind, "province": "河北", "capacity_kw": 50000, "commissioned": "2022-05-01",
                    "at": AT}))  # fmt: skip
        ok(r.apply({"op": "meter", "project": project, "month": "2024-08", "grid_kwh": 1_000_000, "self_kwh": 0,
                    "source": "grid", "at": AT}))  # fmt: skip
    ok(r.apply({"op": "register_project", "project": "P3", "owner": "S2", "name": "P3 电站", "type": "hydro",
                "province": "云南", "capacity_kw": 50000, "commissioned": "2023-05-01", "fully_market": True,
                "at": AT}))  # fmt: skip
    ok(r.apply({"op": "meter", "project": "P3", "month": "2024-08", "grid_kwh": 500_000, "self_kwh": 0,
                "source": "grid", "at": AT}))  # fmt: skip
    ok(r.apply({"op": "issue", "month": "2024-08", "at": AT}))
    base = {"op": "claim", "account": "S1", "beneficiary": "江苏某铝业有限公司", "at": AT}
    codes = {
        "C1": ok(r.apply({**base, "claim": "C1", "quantity": 100, "period": "2024-08", "project": "P1",
                          "purpose": "能耗双控", "consumer_province": "江苏"}))["code"],
        "C2": ok(r.apply({**base, "claim": "C2", "quantity": 30, "period": "2024", "project": "P2",
                          "consumer_province": "江苏省", "site": "一厂"}))["code"],
        "C3": ok(r.apply({**base, "claim": "C3", "quantity": 5, "period": "2024-08", "project": "P1",
                          "consumer_province": "yunnan", "site": "不存在的厂"}))["code"],
        "CB": ok(r.apply({**base, "account": "S2", "claim": "CB", "quantity": 40, "period": "2024-08",
                          "consumer_province": "云南", "beneficiary": "云南某企业"}))["code"],
    }  # fmt: skip
    return codes
