"""Walk every route the public can reach, without a token, over a seeded trading history, and look for private facts.

The routes come from the app itself: every GET path of the OpenAPI schema and every GET page route, each path
parameter filled with every real id of the history (accounts, listings, auctions, trades, certificate and claim
codes, claim names), plus the query variants the pages offer (platforms, months, CSV). No answer may contain a
buyer's, bidder's or other non-public account id, an identity document, an account holder's name, or (in JSON) an
order's limit price. The seeded values are distinctive, so a hit is a leak, not a coincidence. Echoing what the
request itself sent (a 404 naming the id asked for) is not a leak.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Route
from test_web_gec import clock, uscc
from tests_web_support import sign_in

from policyhub.gec.registry import Registry
from policyhub.web.app import create_app

AT = "2024-09-25T10:00:00+08:00"


def _id_number(body17: str) -> str:
    """A 身份证号码 with its GB 11643 check character."""
    return body17 + "10X98765432"[sum(int(ch) * pow(2, 17 - i, 11) for i, ch in enumerate(body17)) % 11]


SELLER = "SELLERPUB1"  # lists: its account id is a market fact (the book shows it, never its name)
PRIVATE_ACCOUNTS = ["SELLERHID2", "BUYERQX7", "BUYERKW9", "BIDDERWJ3", "BILATZN5", "GPBUYRM8"]
ACCOUNTS: dict[str, tuple[str, str, str]] = {  # account → (kind, holder name, identity document)
    SELLER: ("seller", "甲隐私风电有限公司", uscc("91440300MA5FQ8N2K")),
    "SELLERHID2": ("seller", "乙隐私风电有限公司", uscc("91440300MA5FQ8N3K")),
    "BUYERQX7": ("buyer", "丙隐私买方有限公司", uscc("91440300MA5FQ8N4K")),
    "BUYERKW9": ("buyer", "丁隐名", _id_number("11010519900307771")),  # a person: 身份证号码
    "BIDDERWJ3": ("buyer", "戊隐私竞买有限公司", uscc("91440300MA5FQ8N6K")),
    "BILATZN5": ("buyer", "己隐私协议买方有限公司", uscc("91440300MA5FQ8N7K")),
    "GPBUYRM8": ("buyer", "庚隐私绿电用户有限公司", uscc("91440300MA5FQ8N8K")),
}
LIMITS = {"6.37", "5.91"}  # the bids' limit prices (the auction clears at the ask's 4.83)
PLATFORMS = ["CGEC", "BJ", "GZ"]
FILL_ANY = "1"  # a path parameter of another system (documents, scenarios, firms …)


def _seed(reg: Registry) -> None:
    """Two sellers with a project each; listings bought from, a bilateral deal and a delivered contract, a green-power
    settlement, a cleared auction and a sealed one, two claims."""
    commands: list[dict[str, Any]] = []
    for account, (kind, name, doc) in ACCOUNTS.items():
        cmd = {"op": "open_account", "account": account, "kind": kind, "name": name, "id_doc": doc}
        commands.append(cmd | ({"province": "河北", "gec_only_pledge": True} if kind == "seller" else {}))
    for n, owner in ((1, SELLER), (2, "SELLERHID2")):
        commands += [
            {"op": "register_project", "project": f"PRJ{n}", "owner": owner, "name": f"公开风电场{n}号", "type": "wind",
             "province": "河北", "capacity_kw": 50000, "commissioned": "2022-05-01", "fully_market": True},
            {"op": "meter", "project": f"PRJ{n}", "month": "2024-08", "grid_kwh": 1_234_567, "self_kwh": 0,
             "source": "grid"},
        ]  # fmt: skip
    orders = [("bid", "BIDDERWJ3", 10, "6.37"), ("bid", "BUYERQX7", 10, "5.91"), ("ask", "SELLERHID2", 25, "4.83")]
    commands += [
        {"op": "issue", "month": "2024-08"},
        {"op": "list", "listing": "LSTPUB1", "account": SELLER, "quantity": 300, "price": "5.00",
         "platforms": ["CGEC", "BJ"]},
        {"op": "list", "listing": "LSTPUB2", "account": SELLER, "quantity": 50, "price": "5.20", "platforms": ["GZ"]},
        {"op": "buy", "account": "BUYERQX7", "listing": "LSTPUB1", "platform": "BJ", "quantity": 40},
        {"op": "buy", "account": "BUYERKW9", "listing": "LSTPUB1", "platform": "CGEC", "quantity": 10},
        {"op": "buy", "account": "BUYERQX7", "listing": "LSTPUB2", "platform": "GZ", "quantity": 50},
        {"op": "bilateral", "seller": "SELLERHID2", "buyer": "BILATZN5", "quantity": 20, "price": "4.50",
         "platform": "BJ"},
        {"op": "bilateral", "contract": "CTRHID1", "seller": "SELLERHID2", "buyer": "BILATZN5", "quantity": 20,
         "price": "4.60", "platform": "BJ", "deliveries": [{"date": "2024-09-25", "quantity": 10},
                                                            {"date": "2024-12-01", "quantity": 10}]},
        {"op": "deliver", "as_of": "2024-09-25"},
        {"op": "green_power_settlement", "seller": "SELLERHID2", "buyer": "GPBUYRM8", "project": "PRJ2",
         "month": "2024-08", "kwh": 30_000, "price": "0.35"},
        {"op": "auction_open", "auction": "AUCPUB1", "platform": "CGEC", "closes": "2024-09-30T15:00:00+08:00"},
        *({"op": side, "auction": "AUCPUB1", "account": a, "quantity": q, "price": p} for side, a, q, p in orders),
        {"op": "auction_clear", "auction": "AUCPUB1"},
        {"op": "auction_open", "auction": "AUCPUB2", "platform": "BJ", "closes": "2024-09-30T15:00:00+08:00"},
        {"op": "bid", "auction": "AUCPUB2", "account": "BIDDERWJ3", "quantity": 5, "price": "6.37"},
        {"op": "claim", "claim": "CLMQX1", "account": "BUYERQX7", "quantity": 5, "beneficiary": "公开受益方甲",
         "period": "2024"},
        {"op": "claim", "claim": "CLMZN2", "account": "BILATZN5", "quantity": 3, "beneficiary": "公开受益方乙",
         "period": "2024"},
    ]  # fmt: skip
    for cmd in commands:
        result = reg.apply({**cmd, "at": AT})
        assert result["ok"], (cmd, result)


@pytest.fixture
def public(db_url: str) -> Iterator[TestClient]:
    """The seeded history on each database, read without a token."""
    app = create_app(db_url, clock=clock(AT))
    _seed(app.state.services.registry)
    with TestClient(app) as c:
        yield c


def _forbidden() -> set[str]:
    """Every string the public must never read."""
    names = {name for _, name, _ in ACCOUNTS.values()}
    docs = {doc for _, _, doc in ACCOUNTS.values()}
    return set(PRIVATE_ACCOUNTS) | names | docs


def _fills(reg: Registry) -> dict[str, list[str]]:
    """Real values for each path parameter name of the registry's routes."""
    blocks = [b for a in ACCOUNTS for b in reg.holdings(a)]
    codes = sorted({b["first_code"] for b in blocks} | {b["last_code"] for b in blocks})
    claims = [c for a in ACCOUNTS for c in reg.claims(a)]
    listings = [x["listing"] for x in reg.listings(status=None, limit=1000)]
    return {
        "account": list(ACCOUNTS),
        "listing": listings,
        "auction": ["AUCPUB1", "AUCPUB2"],
        "trade": [t["trade"] for t in reg.trades(limit=1000)],
        "code": codes + [c["code"] for c in claims] + [c["claim"] for c in claims],
    }


def _get_routes(app: FastAPI) -> set[str]:
    """Every GET path the app serves: its OpenAPI schema's and its pages' (the route tree, walked)."""
    paths = {p for p, ops in app.openapi()["paths"].items() if "get" in ops}
    stack: list[Any] = list(app.routes)
    while stack:
        route = stack.pop()
        if getattr(route, "original_router", None) is not None:  # FastAPI ≥ 0.120 keeps included routers whole
            stack.extend(route.original_router.routes)
        elif isinstance(route, Route) and "GET" in (route.methods or set()):
            paths.add(route.path)
    return paths


def _urls(app: FastAPI, fills: dict[str, list[str]]) -> list[str]:
    urls: list[str] = []
    for path in sorted(_get_routes(app)):
        names = re.findall(r"{(\w+)(?::\w+)?}", path)
        for values in itertools.product(*(fills.get(n, [FILL_ANY]) for n in names)):
            url = path
            for name, value in zip(names, values, strict=True):
                url = re.sub(r"{" + name + r"(?::\w+)?}", value, url)
            urls.append(url + ("?month=2024-09" if path == "/api/gec/report" else "?q=x" if "find" in path else ""))
    for platform in ["", *PLATFORMS]:
        urls += [f"/gec/market?platform={platform}", f"/gec/report?month=2024-09&platform={platform}",
                 f"/api/gec/report?month=2024-09&platform={platform}&format=csv",
                 f"/api/gec/listings?status=all&platform={platform}"]  # fmt: skip
    urls += [f"/api/gec/listings?status=all&account={a}" for a in ACCOUNTS]
    urls += [f"/verify?code={c}" for c in fills["code"]] + ["/gec/report", "/api/gec/report?month=2024-10"]
    return urls


def _text(res: Any) -> str:
    """What a reader gets: the body (a PDF's text) and the headers."""
    headers = "\n".join(f"{k}: {v}" for k, v in res.headers.items())
    if res.headers.get("content-type", "").startswith("application/pdf"):
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(res.content)
        body = "\n".join(page.get_textpage().get_text_range() for page in document)
        document.close()
        return body + headers
    return res.text + headers


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


def test_no_public_route_shows_a_buyer_a_bidder_an_identity_document_or_a_holders_name(public: TestClient) -> None:
    app: FastAPI = public.app  # type: ignore[assignment]
    fills = _fills(app.state.services.registry)
    assert len(fills["trade"]) >= 8 and len(fills["code"]) >= 10  # the history has what the walk is meant to find
    urls = _urls(app, fills)
    assert len(urls) > 200
    forbidden = _forbidden()
    leaks: list[str] = []
    served = 0
    for url in urls:
        res = public.get(url)
        assert res.status_code < 500, (url, res.status_code, res.text[:300])
        served += res.status_code == 200
        text = _text(res)
        found = {s for s in forbidden if s in text and s not in url}  # echoing the request is not a leak
        if res.headers.get("content-type", "").startswith("application/json"):
            found |= LIMITS & set(_strings(json.loads(res.text)))
        elif url.startswith("/gec/market/auctions/"):  # the auction page: no order's limit as a figure of its own
            found |= {p for p in LIMITS if re.search(rf"(?<![0-9.]){re.escape(p)}(?![0-9])", res.text)}
        leaks += [f"{url} → {s}" for s in sorted(found)]
    assert not leaks, "\n".join(leaks)
    assert served > 100  # most of the walk read real records, not only 401s and 404s


def test_the_walk_would_see_a_leak(public: TestClient) -> None:
    """The same history read with the regulator's token shows what the public walk must not find."""
    app: FastAPI = public.app  # type: ignore[assignment]
    issued = app.state.services.tokens.create("regulator")
    regulator = {"Authorization": f"Bearer {issued.secret}"}
    listing = public.get("/api/gec/listings/LSTPUB1", headers=regulator).text
    auction = json.loads(public.get("/api/gec/auctions/AUCPUB1", headers=regulator).text)
    assert "BUYERQX7" in listing and "BUYERKW9" in listing
    assert {"BIDDERWJ3", "SELLERHID2"} <= set(_strings(auction)) and set(_strings(auction)) >= LIMITS
    sign_in(public, issued.secret)
    try:
        assert ACCOUNTS["BUYERQX7"][1] in public.get("/gec").text  # the overview lists names to the regulator
    finally:
        public.cookies.clear()
