"""The demo dataset `serve --demo` loads into an empty database: a registry with two years of history."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from rich.console import Console
from rich.progress import Progress

from policyhub.gec.config import rules
from policyhub.web.demo_trading import after_freeze, trading_commands
from policyhub.web.services import Services

SEED = 7  # the same demo every time
PROVINCES = ["河北", "内蒙古", "甘肃", "青海", "云南", "四川", "江苏", "山东", "新疆", "宁夏"]
# Type, share of projects, full-load hours per month (rough, for plausible figures only).
TYPES = [("wind", 20, 180), ("distributed_wind", 5, 150), ("offshore_wind", 5, 260), ("pv", 20, 110),
         ("distributed_pv", 25, 95), ("solar_thermal", 2, 200), ("hydro", 13, 330), ("biomass", 8, 520),
         ("geothermal", 1, 600), ("ocean", 1, 250)]  # fmt: skip
MONTHS = [f"{y}-{m:02d}" for y in (2023, 2024) for m in range(1, 13) if (y, m) <= (2024, 8)]
_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc(body17: str) -> str:
    """Complete a 统一社会信用代码 with its GB 32100 check character."""
    total = sum(_USCC.index(ch) * pow(3, i, 31) for i, ch in enumerate(body17))
    return body17 + _USCC[(31 - total % 31) % 31]


def _at(month: str, day: int = 25) -> str:
    y, m = (int(x) for x in month.split("-"))
    y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return f"{y}-{m:02d}-{day:02d}T10:00:00+08:00"


def registry_commands(rng: random.Random) -> Iterator[dict[str, Any]]:
    """Accounts and projects (the meter data and issuance go in month by month, in bulk)."""
    for i in range(1, 13):
        yield {"op": "open_account", "account": f"S{i}", "kind": "seller", "name": f"示范新能源发电公司{i}",
               "id_doc": uscc(f"91{11 + i:02d}0000MA{i:03d}DEMX"), "province": PROVINCES[i % 10],
               "gec_only_pledge": True, "at": "2023-01-05T09:00:00+08:00"}  # fmt: skip
    for i in range(1, 9):
        yield {"op": "open_account", "account": f"B{i}", "kind": "buyer", "name": f"示范制造企业{i}",
               "id_doc": uscc(f"91{31 + i:02d}0000MA{i:03d}BUYX"), "province": PROVINCES[(i * 3) % 10],
               "at": "2023-01-05T09:00:00+08:00"}  # fmt: skip
    yield {"op": "open_account", "account": "PROV-YN", "kind": "provincial", "name": "云南省绿证专用账户",
           "province": "云南", "at": "2023-01-05T09:00:00+08:00"}  # fmt: skip
    weights = [w for _, w, _ in TYPES]
    type_names = rules().type_names
    for n in range(1, 301):
        kind, _, _ = rng.choices(TYPES, weights)[0]
        year = rng.choice([2016, 2019, 2021, 2022, 2022, 2023, 2023])
        commissioned = date(year, rng.randint(1, 12), rng.randint(1, 28))
        if kind == "hydro" and n % 3 == 0:
            commissioned = date(2023, 1, 1)  # the first day that counts as new hydro (第十四条)
        capacity = rng.choice([6_000, 20_000, 50_000, 100_000, 200_000]) if "distributed" not in kind else 800
        yield {"op": "register_project", "project": f"P{n:03d}", "owner": f"S{1 + n % 12}",
               "name": f"{PROVINCES[n % 10]}{type_names[kind]}示范项目{n:03d}", "type": kind,
               "province": PROVINCES[n % 10],
               "capacity_kw": capacity, "commissioned": commissioned.isoformat(),
               "fully_market": kind == "hydro" and n % 2 == 1,
               "at": f"{max(commissioned, date(2023, 1, 10)).isoformat()}T09:00:00+08:00"}  # fmt: skip


def _hours(kind: str) -> int:
    return next(h for k, _, h in TYPES if k == kind)


def later_commands(setup: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Transfers, claims, a freeze, a failed delivery; then 2023 electricity expires end of 2025 (第二十四条)."""
    legacy = [c for c in setup if c.get("type") == "hydro" and c["commissioned"] < "2023-01-01"]
    for n, cmd in enumerate(legacy[:3]):  # 第二十二条: legacy hydro moves by settlement results
        to = "PROV-YN" if n == 0 else f"B{n}"
        yield {"op": "transfer", "from": cmd["owner"], "to": to, "project": cmd["project"], "month": "2024-06",
               "quantity": 200, "settlement": f"水电电量交易结算单 2024-06 #{n + 1}",
               "at": "2024-07-28T10:00:00+08:00"}  # fmt: skip
    for i in range(1, 6):
        yield {"op": "claim", "claim": f"DEMO-C{i}", "account": f"S{i}", "quantity": 100 * i,
               "beneficiary": f"示范新能源发电公司{i}", "period": "2024",
               "at": "2024-09-28T10:00:00+08:00"}  # fmt: skip
    yield {"op": "freeze", "account": "S12", "reason": "数据核对中（第三十三条）", "at": "2024-09-29T10:00:00+08:00"}
    yield from after_freeze()
    yield {"op": "expire", "as_of": "2026-01-01", "at": "2026-01-01T00:30:00+08:00"}


def load_demo(services: Services, quiet: bool = False) -> bool:
    """Fill an empty database; False (and nothing done) when it already has accounts."""
    registry = services.registry
    if registry.accounts():
        return False
    rng = random.Random(SEED)
    console = Console(stderr=True, quiet=quiet)
    setup = list(registry_commands(rng))
    projects = [(c["project"], c["type"], c["capacity_kw"], c["commissioned"]) for c in setup if "project" in c]
    steps: list[tuple[str, Callable[[], object]]] = [("accounts and projects", lambda: _apply(registry, setup))]
    for month in MONTHS:
        steps.append((f"meter {month}", lambda m=month: _meter(registry, m, projects, rng)))  # type: ignore[misc]
        steps.append((f"issue {month}", lambda m=month: _apply(registry, [{"op": "issue", "month": m, "at": _at(m)}])))  # type: ignore[misc]
    steps.append(("trading in 2024", lambda: _apply(registry, trading_commands(setup))))
    steps.append(("transfers, claims, expiry", lambda: _apply(registry, list(later_commands(setup)))))
    steps.append(("assessed firms", lambda: _assess_firms(services, rng)))
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("loading demo", total=len(steps))
        for label, step in steps:
            progress.update(task, description=f"demo: {label}")
            step()
            progress.advance(task)
    _tokens(services, console)
    return True


def _apply(registry: Any, commands: list[dict[str, Any]]) -> None:
    for cmd in commands:
        result = registry.apply(cmd)
        if not result["ok"]:
            raise RuntimeError(f"demo command refused: {cmd} → {result['error']}")


def _meter(registry: Any, month: str, projects: list[tuple[str, str, int, str]], rng: random.Random) -> None:
    rows = []
    for project, kind, capacity, commissioned in projects:
        if commissioned[:7] > month:
            continue
        kwh = int(capacity * _hours(kind) * rng.uniform(0.6, 1.3))
        rows.append((project, kwh, 0))
    result = registry.import_meter(month, rows, at=_at_dt(month))
    if not result["ok"]:
        raise RuntimeError(f"demo meter import refused: {result['error']}")


def demo_firm(rng: random.Random, spec: dict[str, Any], maturity: float) -> dict[str, Any]:
    """A plausible questionnaire: a firm of `maturity` (0..1) ticks about that share of each ladder."""
    answers: dict[str, Any] = {}
    for q in spec["questions"]:
        top = len(q["options"]) - 1
        reach = max(0, min(top, round(top * rng.uniform(maturity - 0.25, maturity + 0.25))))
        answers[q["key"]] = (list(range(1, reach + 1)) or [0]) if q["multi"] else reach
    scenarios = {}
    for s in spec["scenarios"]:
        level = max(0, min(4, round(4 * rng.uniform(maturity - 0.3, maturity + 0.3))))
        if level:
            scenarios[s["name"]] = list(range(1, level + 1))
    return {"answers": answers, "scenarios": scenarios}


def _assess_firms(services: Services, rng: random.Random) -> None:
    """Several assessed firms, so a new assessment is placed among others (the demo's 行业协会 members)."""
    from policyhub.digital.answers import parse_firm
    from policyhub.digital.catalog import load_catalog
    from policyhub.digital.questionnaire import questionnaire
    from policyhub.digital.scoring import assess

    catalog = load_catalog()
    spec = questionnaire(catalog)
    for n in range(1, 25):
        submission = {"firm": f"示范会员企业{n:02d}", **demo_firm(rng, spec, rng.uniform(0.1, 0.9))}
        result = assess(parse_firm(submission, catalog), catalog)
        services.assessments.save(submission["firm"], round(float(result.score), 2), result.level, submission)


def _at_dt(month: str) -> Any:
    from datetime import datetime

    return datetime.fromisoformat(_at(month, 20))


def _tokens(services: Services, console: Console) -> None:
    """Tokens to try the API with; printed once, stored hashed."""
    made = [
        services.tokens.create("operator", label="demo operator"),
        services.tokens.create("regulator", label="demo regulator"),
        services.tokens.create("account_holder", account="S1", label="demo seller S1"),
        services.tokens.create("account_holder", account="B1", label="demo buyer B1"),
        services.tokens.create("platform", platform="BJ", label="demo platform BJ"),
    ]
    console.print("[bold]demo tokens[/] (shown once; sign in at /login or send as 'Authorization: Bearer …'):")
    for issued in made:
        scope = issued.actor.account or issued.actor.platform or ""
        console.print(f"  {issued.actor.role.value:<15} {scope:<4} {issued.secret}", highlight=False)
