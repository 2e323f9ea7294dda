"""The request each public route is measured with (benchmarks/route_budgets.py), and the routes left out and why.

A route is named `METHOD path` as the app declares it. Every route the app serves must be in REQUESTS (public: a
representative valid request built from the running demo's data) or in SKIPPED (with the reason): a new route
without a request fails tests/test_route_table.py, and route_budgets.py refuses to run.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx

NEEDS_CREDENTIAL = "needs a credential"
HEALTH = "GET /api/health"


@dataclass(frozen=True)
class Call:
    """One request: method, path with its query, httpx arguments, and the status it must answer."""

    method: str
    url: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    expect: int = 200


@dataclass(frozen=True)
class Demo:
    """Real values of the running demo for path parameters and bodies."""

    certificates: list[str]  # certificate codes (first codes of sellers' blocks)
    claims: list[str]  # claim codes (GECC…), public by code
    claim_names: list[str]  # the claims' own names (DEMO-C1 …)
    listings: list[str]
    auctions: list[str]
    months: list[str]  # production months with certificates
    year: str  # the claims' latest production year, for the green-power report
    greenpower_carried: dict[str, str]  # the hidden fields /greenpower's result page posts to its PDF
    run: str  # a nonce: sign-ups of this run get names no earlier run used

    @classmethod
    def read(cls, base: str, db: str, run: str) -> Demo:
        """Certificate codes and months from the registry (as benchmarks/soak.py), the rest from the service."""
        from policyhub.gec.registry import Registry

        with Registry.open(db) as registry:
            blocks = [b for a in ("S1", "S2", "S3", "S4") for b in registry.holdings(a)]
        certificates = sorted({b["first_code"] for b in blocks})
        months = sorted({b["month"] for b in blocks})[-6:]
        with httpx.Client(base_url=base, timeout=60) as c:
            book = c.get("/api/gec/listings", params={"limit": 1000}).json()
            names = [f"DEMO-C{i}" for i in range(1, 6)]
            claims = [c.get(f"/api/gec/claims/{n}").json()["code"] for n in names]
            market = c.get("/gec/market").text
            auctions = sorted(set(re.findall(r'href="/gec/market/auctions/([^"?#]+)"', market)))
            year = months[-1][:4] if months else ""
            page = c.post(
                "/greenpower",
                files=_use_file(year),
                data={"claims": "\n".join(claims), "year": year},
                headers={"Accept": "text/html"},
            )
            carried = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', page.text))
        if not (book and claims and certificates and auctions and carried):
            raise SystemExit("the demo lacks listings, claims, certificates, auctions or a green-power result")
        return cls(certificates, claims, names, [x["listing"] for x in book], auctions, months, year, carried, run)


def _use_file(year: str) -> dict[str, tuple[str, bytes, str]]:
    rows = ["site,province,month,kwh,green_trade_kwh,product,output,output_unit"]
    rows += [f"一厂,江苏,{year}-{m:02d},150000,10000,电解铝锭,10,t" for m in (1, 2, 3)]
    return {"file": ("use.csv", ("\n".join(rows) + "\n").encode(), "text/csv")}


def _use_rows(year: str) -> list[dict[str, Any]]:
    return [{"site": "一厂", "province": "江苏", "month": f"{year}-{m:02d}", "kwh": 150000, "green_trade_kwh": 10000,
             "product": "电解铝锭", "output": 10, "output_unit": "t"} for m in (1, 2, 3)]  # fmt: skip


# Bodies from the tests' fixtures and the README's examples (each answered 200 by the service).
ZERO = {str(q): ([0] if q in {1, 4, 6, 7, 9, 10} else 0) for q in range(1, 16)}
FIRM = {"answers": ZERO | {"4": list(range(1, 15)), "5": 4}, "scenarios": {"产品设计": [1], "营销管理": [1]}}
MANAGE = {"firm": "A", "answers": {"十.（一）": "partly", "二.（一）": "done"}}
PROFILE = {"entity": {"kind": "enterprise", "name": "某重型机械有限公司", "province": "江苏", "city": "苏州",
                      "sector": "重型机械", "size": "medium", "registered_in_mainland": True,
                      "independent_legal_person": True, "finances_sound_3y": True, "bad_records": False,
                      "champion": {"year": 2021, "batch": 6, "kind": "enterprise"}},
           "digital": {"level": 2, "score": 55}, "as_of": "2024-09-20"}  # fmt: skip
MATCH_QUERY = {"kind": "enterprise", "size": "medium", "sector": "重型机械", "registered_in_mainland": "yes",
               "independent_legal_person": "yes", "finances_sound_3y": "yes", "bad_records": "no", "champion": "6",
               "as_of": "2024-09-20"}  # fmt: skip
RD = {"person": {"birth_date": "1985-12-31", "sex": "male", "phd": True},
      "applications": [{"programme": "交通载运装备与智能交通技术", "guide": "transport", "role": "leader",
                        "young_scientist": True}], "as_of": "2024-10-10"}  # fmt: skip
STAMP = {"date": "2027-12-31", "restructuring": {"type": "intra_group_transfer", "relation": "parent_wholly_owned"},
         "items": [{"id": "plant", "kind": "property_transfer", "asset": "building", "amount": 2000000}]}  # fmt: skip
REGISTER = (
    "asset,name,commissioned,capacity,unit,design_life_years\nA1,电石炉,2003-05-01,20000,kVA,20\nA2,泵,2024,,,20\n"
)
RENEWAL_ROWS = [{"asset": "A1", "name": "电石炉", "commissioned": "2003-05-01", "capacity": 20000, "unit": "kVA",
                 "design_life_years": 20},
                {"asset": "A2", "name": "泵", "commissioned": 2024, "design_life_years": 20}]  # fmt: skip
RENEWAL = {"sector": "石化化工", "as_of": "2026-12-02", "assets": RENEWAL_ROWS, "figures": {"关键工序数控化率": "90%"}}
RENEWAL_CARRIED = {"register": base64.b64encode(REGISTER.encode()).decode(), "filename": "r.csv", "sector": "石化化工",
                   "as_of": "2026-12-02"}  # fmt: skip
DIGITAL_FORM = {f"q{k}": str(v[0] if isinstance(v, list) else v) for k, v in ZERO.items()}
DIGITAL_FORM |= {"s_生产管控": "1", "firm": "匿名企业"}
HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}

Ask = Callable[[Demo, int], Call]


def get(url: str, expect: int = 200, **params: str) -> Ask:
    """The same GET every time."""
    return lambda d, i: Call("GET", url, {"params": params} if params else {}, expect)


def post_json(url: str, body: Any) -> Ask:
    return lambda d, i: Call("POST", url, {"json": body})


def post_form(url: str, data: dict[str, str], expect: int = 200, files: bool = False) -> Ask:
    upload = {"files": {"file": ("r.csv", REGISTER.encode(), "text/csv")}} if files else {}
    return lambda d, i: Call("POST", url, {"data": data, **upload, "headers": HTML}, expect)


def _pick(values: list[str], i: int) -> str:
    return values[i % len(values)]


REQUESTS: dict[str, Ask] = {
    HEALTH: get("/api/health"),
    # The registry's public reads (第二十七条–第二十九条) and its pages.
    "GET /api/gec/verify/{code}": lambda d, i: Call("GET", f"/api/gec/verify/{_pick(d.certificates, i)}"),
    "GET /api/gec/claims/{code}": lambda d, i: Call("GET", f"/api/gec/claims/{_pick(d.claims, i)}"),
    "GET /api/gec/qr/{code}.svg": lambda d, i: Call("GET", f"/api/gec/qr/{_pick(d.certificates, i)}.svg"),
    "GET /api/gec/listings": get("/api/gec/listings", limit="100"),
    "GET /api/gec/listings/{listing}": lambda d, i: Call("GET", f"/api/gec/listings/{_pick(d.listings, i)}"),
    "GET /api/gec/auctions/{auction}": lambda d, i: Call("GET", f"/api/gec/auctions/{_pick(d.auctions, i)}"),
    "GET /api/gec/report": lambda d, i: Call("GET", "/api/gec/report", {"params": {"month": _pick(d.months, i)}}),
    "GET /": get("/"),
    "GET /gec": get("/gec"),
    "GET /verify": lambda d, i: Call("GET", "/verify", {"params": {"code": _pick(d.certificates, i)}}, 303),
    "GET /verify/{code}": lambda d, i: Call("GET", f"/verify/{_pick(d.certificates, i)}"),
    "GET /gec/verify/{code}": lambda d, i: Call("GET", f"/gec/verify/{_pick(d.certificates, i)}", expect=301),
    "GET /gec/claims/{code}": lambda d, i: Call("GET", f"/gec/claims/{_pick(d.claims, i)}"),
    "GET /gec/claims/{code}.pdf": lambda d, i: Call("GET", f"/gec/claims/{_pick(d.claims, i)}.pdf"),
    "GET /gec/market": get("/gec/market"),
    "GET /gec/market/auctions/{auction}": lambda d, i: Call("GET", f"/gec/market/auctions/{_pick(d.auctions, i)}"),
    "GET /gec/report": lambda d, i: Call("GET", "/gec/report", {"params": {"month": _pick(d.months, i)}}),
    # 数字化转型 (digital), 首台（套） (firstset), the library and its rules, 管理 (manage), scenarios.
    "POST /api/digital/assess": post_json("/api/digital/assess", FIRM),
    "POST /api/digital/plan": post_json("/api/digital/plan", FIRM | {"target": 2}),
    "POST /api/digital/batch": post_json("/api/digital/batch", [FIRM | {"firm": "甲"}, FIRM | {"firm": "乙"}]),
    "POST /api/digital/energy": post_json("/api/digital/energy", {"电力": 310, "高炉煤气": 1.5}),
    "GET /api/digital/questions": get("/api/digital/questions"),
    "GET /digital": get("/digital"),
    "POST /digital": post_form("/digital", DIGITAL_FORM),
    "GET /api/firstset/fields": get("/api/firstset/fields"),
    "GET /api/firstset/entries": get("/api/firstset/entries", field="15"),
    "GET /api/firstset/entries/{code}": get("/api/firstset/entries/1.1.2"),
    "POST /api/firstset/check": post_json(
        "/api/firstset/check", {"entry": "1.1.2", "params": {"直线轴定位精度": "1.8 μm", "加工工件圆度": "0.6um"}}
    ),
    "POST /api/firstset/match": post_json(
        "/api/firstset/match", {"params": {"重复定位精度": "±0.01mm", "负载": "20kg"}}
    ),
    "GET /api/firstset/find": get("/api/firstset/find", q="拉床"),
    "GET /api/firstset/unparsed": get("/api/firstset/unparsed"),
    "GET /firstset": get("/firstset"),
    "GET /firstset/entries/{code}": get("/firstset/entries/1.1.2"),
    "POST /firstset/entries/{code}": post_form("/firstset/entries/1.1.2", {"p0": "0.6um", "p2": "1.8 μm"}),
    "GET /api/library/documents": get("/api/library/documents"),
    "GET /api/library/documents/{doc_id}": get("/api/library/documents/d02"),
    "GET /api/library/search": get("/api/library/search", q="绿证 交易平台"),
    "GET /api/library/renewal": get("/api/library/renewal"),
    "GET /api/library/renewal/{industry}": get("/api/library/renewal/石化化工"),
    "GET /library": get("/library"),
    "GET /library/search": get("/library/search", q="绿证 交易平台"),
    "GET /library/docs/{doc_id}": get("/library/docs/d02"),
    "POST /api/rules/negative-list": post_json(
        "/api/rules/negative-list", {"activity": "民用机场", "date": "2025-01-01"}
    ),
    "POST /api/rules/rd-eligibility": post_json("/api/rules/rd-eligibility", RD),
    "POST /api/rules/stamp-duty": post_json("/api/rules/stamp-duty", STAMP),
    "GET /api/manage/questions": get("/api/manage/questions"),
    "POST /api/manage/assess": post_json("/api/manage/assess", MANAGE),
    "POST /api/manage/batch": post_json("/api/manage/batch", [MANAGE, MANAGE | {"firm": "B"}]),
    "GET /manage": get("/manage"),
    "POST /manage": post_form("/manage", {"firm": "匿名企业", "p_二.（一）": "done", "p_八.（三）": "partly"}),
    "GET /api/scenarios": get("/api/scenarios"),
    "GET /api/scenarios/for/{name}": get("/api/scenarios/for/产品设计"),
    "GET /api/scenarios/{no}": get("/api/scenarios/1"),
    "GET /scenarios": get("/scenarios"),
    "GET /scenarios/{no}": get("/scenarios/1"),
    # 政策匹配 (match), 设备更新 (renewal), 绿色电力 (greenpower).
    "POST /api/match": post_json("/api/match", PROFILE),
    "GET /api/match/calls": get("/api/match/calls"),
    "GET /match": lambda d, i: Call("GET", "/match", {"params": MATCH_QUERY}),
    "GET /match.ics": lambda d, i: Call("GET", "/match.ics", {"params": MATCH_QUERY}),
    "POST /api/renewal/check": post_json("/api/renewal/check", RENEWAL),
    "GET /api/renewal/sectors": get("/api/renewal/sectors"),
    "GET /api/renewal/sectors/{sector}": get("/api/renewal/sectors/石化化工"),
    "GET /renewal": get("/renewal"),
    "POST /renewal": post_form("/renewal", {"sector": "石化化工", "as_of": "2026-12-02"}, files=True),
    "POST /renewal/report.html": post_form("/renewal/report.html", RENEWAL_CARRIED),
    "POST /renewal/report.pdf": post_form("/renewal/report.pdf", RENEWAL_CARRIED),
    "POST /renewal/results.csv": post_form("/renewal/results.csv", RENEWAL_CARRIED),
    "POST /api/greenpower/report": lambda d, i: Call(
        "POST",
        "/api/greenpower/report",
        {"json": {"use": _use_rows(d.year), "claims": d.claims, "year": d.year, "sector": "电解铝", "target": "70%"}},
    ),
    "GET /greenpower": get("/greenpower"),
    "POST /greenpower": lambda d, i: Call(
        "POST",
        "/greenpower",
        {"files": _use_file(d.year), "headers": HTML, "data": {"claims": "\n".join(d.claims), "year": d.year}},
    ),
    "POST /greenpower/report.pdf": lambda d, i: Call("POST", "/greenpower/report.pdf", {"data": d.greenpower_carried}),
    # Sign-up and sign-in pages (the sign-up POST needs the form's CSRF token: see CSRF_FROM).
    "GET /login": get("/login"),
    "GET /firms": get("/firms"),
    "GET /firms/signup": get("/firms/signup"),
    "POST /firms/signup": lambda d, i: Call(
        "POST",
        "/firms/signup",
        {"data": {"firm": f"压测企业{d.run}-{i}", "credit_code": "", "sector": ""}, "headers": HTML},
    ),
    # The API's documentation and the site's files.
    "GET /openapi.json": get("/openapi.json"),
    "GET /docs": get("/docs"),
    "GET /docs/oauth2-redirect": get("/docs/oauth2-redirect"),
    "GET /redoc": get("/redoc"),
    "GET /static/{path}": get("/static/style.css"),
}
# Routes whose form posts a CSRF token: each client reads it from this page once, before the timed block.
CSRF_FROM = {"POST /firms/signup": "/firms/signup"}
# Heavy routes run a share of N requests: a PDF made per request is WeasyPrint's layout, a second or two each (the
# claim's PDF is made once per claim and kept, so it runs all N).
SHARE = {"POST /renewal/report.pdf": 0.25, "POST /greenpower/report.pdf": 0.25}

SKIPPED: dict[str, str] = {
    route: NEEDS_CREDENTIAL
    for route in (
        "POST /api/gec/commands",
        "GET /api/gec/state",
        "GET /api/gec/accounts/{account}/holdings",
        "GET /api/gec/accounts/{account}/claims",
        "GET /api/gec/accounts/{account}/contracts",
        "GET /api/gec/accounts/{account}/statement",
        "GET /api/gec/journal",
        "GET /api/gec/trades",
        "GET /api/gec/trades/{trade}",
        "GET /api/firms",
        "POST /api/firms",
        "GET /api/firms/{ref}",
        "GET /api/firms/{ref}/report",
        "GET /gec/accounts/{account}",
        "POST /firms",
        "GET /firms/{firm_id}",
        "GET /firms/{firm_id}/report",
        "GET /firms/{firm_id}/report.pdf",
        "POST /login",
        "POST /logout",
    )
}


def route_names(app: Any) -> set[str]:
    """Every `METHOD path` the app serves (HEAD aside): its API, its pages, its docs and its static files."""
    from starlette.routing import Mount, Route

    names: set[str] = set()
    stack: list[Any] = list(app.routes)
    while stack:
        route = stack.pop()
        if getattr(route, "original_router", None) is not None:  # FastAPI ≥ 0.120 keeps included routers whole
            stack.extend(route.original_router.routes)
        elif isinstance(route, Route):
            names |= {f"{m} {route.path}" for m in route.methods or () if m != "HEAD"}
        elif isinstance(route, Mount):
            names.add(f"GET {route.path}/{{path}}")
    return names


def schema_names(openapi: dict[str, Any]) -> set[str]:
    """Every `METHOD path` of an OpenAPI document."""
    return {f"{m.upper()} {p}" for p, ops in openapi["paths"].items() for m in ops}


def unaccounted(routes: Iterable[str]) -> tuple[list[str], list[str]]:
    """Routes with neither a request nor a reason to skip; and table entries that are no route (stale)."""
    routes = set(routes)
    known = set(REQUESTS) | set(SKIPPED)
    return sorted(routes - known), sorted(known - routes)
