"""The demo dataset `serve --demo` loads into an empty database: a registry with 20 months of history.

The history is dated relative to the day it is loaded (Beijing time) and ends the day before, so it is alive
whenever it is loaded: production months are the 20 months complete by then, trading runs over the last eight
months, and every command's logical time is in the past and the journal's times never go backwards.
Deterministic for a given load day (seeded generators).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import Progress

from policyhub.access.tokens import TokenStore
from policyhub.gec.config import rules
from policyhub.gec.registry import Registry
from policyhub.gec.service.plausible import hours
from policyhub.web.demo_trading import (
    BEIJING,
    FREEZE,
    SELLER_CLAIMS,
    Calendar,
    after_freeze,
    at,
    month_add,
    trading_commands,
)
from policyhub.web.services import Services

if TYPE_CHECKING:
    from policyhub.digital.questionnaire import Questionnaire

SEED = 7  # the same demo every time (for a given load day)
PROVINCES = ["河北", "内蒙古", "甘肃", "青海", "云南", "四川", "江苏", "山东", "新疆", "宁夏"]
# Type, share of projects, full-load hours per month (rough, for plausible figures only).
TYPES = [("wind", 20, 180), ("distributed_wind", 5, 150), ("offshore_wind", 5, 260), ("pv", 20, 110),
         ("distributed_pv", 25, 95), ("solar_thermal", 2, 200), ("hydro", 13, 330), ("biomass", 8, 520),
         ("geothermal", 1, 600), ("ocean", 1, 250)]  # fmt: skip
# Commissioning years; None: during the first year of the history (so those projects start producing in it).
YEARS = [2016, 2019, 2021, 2022, 2022, None, None]
NEW_HYDRO = date(2023, 1, 1)  # the first day that counts as new hydro (第十四条)
_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc(body17: str) -> str:
    """Complete a 统一社会信用代码 with its GB 32100 check character."""
    total = sum(_USCC.index(ch) * pow(3, i, 31) for i, ch in enumerate(body17))
    return body17 + _USCC[(31 - total % 31) % 31]


def registry_commands(rng: random.Random, cal: Calendar) -> Iterator[dict[str, Any]]:
    """Accounts and projects (the meter data and issuance go in month by month, in bulk)."""
    first = date.fromisoformat(f"{cal.months[0]}-01")
    opened = at(first.replace(day=5), 9)
    for i in range(1, 13):
        yield {"op": "open_account", "account": f"S{i}", "kind": "seller", "name": f"示范新能源发电公司{i}",
               "id_doc": uscc(f"91{11 + i:02d}0000MA{i:03d}DEMX"), "province": PROVINCES[i % 10],
               "gec_only_pledge": True, "at": opened}  # fmt: skip
    for i in range(1, 9):
        yield {"op": "open_account", "account": f"B{i}", "kind": "buyer", "name": f"示范制造企业{i}",
               "id_doc": uscc(f"91{31 + i:02d}0000MA{i:03d}BUYX"), "province": PROVINCES[(i * 3) % 10],
               "at": opened}  # fmt: skip
    yield {"op": "open_account", "account": "PROV-YN", "kind": "provincial", "name": "云南省绿证专用账户",
           "province": "云南", "at": opened}  # fmt: skip
    weights = [w for _, w, _ in TYPES]
    type_names = rules().type_names
    for n in range(1, 301):
        kind, _, _ = rng.choices(TYPES, weights)[0]
        year, month, day = rng.choice(YEARS), rng.randint(1, 12), rng.randint(1, 28)
        if year is None:
            commissioned = date.fromisoformat(f"{month_add(cal.months[0], month - 1)}-{day:02d}")
        else:
            commissioned = date(year, month, day)
        if kind == "hydro" and n % 3 == 0:
            commissioned = NEW_HYDRO
        capacity = rng.choice([6_000, 20_000, 50_000, 100_000, 200_000]) if "distributed" not in kind else 800
        yield {"op": "register_project", "project": f"P{n:03d}", "owner": f"S{1 + n % 12}",
               "name": f"{PROVINCES[n % 10]}{type_names[kind]}示范项目{n:03d}", "type": kind,
               "province": PROVINCES[n % 10],
               "capacity_kw": capacity, "commissioned": commissioned.isoformat(),
               "fully_market": kind == "hydro" and n % 2 == 1,
               "at": at(max(commissioned, first.replace(day=10)), 9)}  # fmt: skip


def _hours(kind: str) -> int:
    return next(h for k, _, h in TYPES if k == kind)


def later_commands(setup: list[dict[str, Any]], cal: Calendar) -> Iterator[dict[str, Any]]:
    """Transfers, claims, a freeze, a failed delivery; then the expiry of whatever is past validity (第二十四条)."""
    legacy = [c for c in setup if c.get("type") == "hydro" and c["commissioned"] < NEW_HYDRO.isoformat()]
    day = cal.day(-64)
    month = cal.issued_by(day)[0]
    for n, cmd in enumerate(legacy[:3]):  # 第二十二条: legacy hydro moves by settlement results
        to = "PROV-YN" if n == 0 else f"B{n}"
        yield {"op": "transfer", "from": cmd["owner"], "to": to, "project": cmd["project"], "month": month,
               "quantity": 200, "settlement": f"水电电量交易结算单 {month} #{n + 1}", "at": at(day)}  # fmt: skip
    claimed = cal.day(SELLER_CLAIMS)
    period = f"{claimed.year - 2}/{claimed.year}"  # covers every production month still valid (第二十四条)
    for i in range(1, 6):
        yield {"op": "claim", "claim": f"DEMO-C{i}", "account": f"S{i}", "quantity": 100 * i,
               "beneficiary": f"示范新能源发电公司{i}", "period": period, "at": at(claimed)}  # fmt: skip
    yield {"op": "freeze", "account": "S12", "reason": "数据核对中（第三十三条）", "at": at(cal.day(FREEZE))}
    yield from after_freeze(cal)
    yield {"op": "expire", "as_of": cal.end.isoformat(), "at": at(cal.end, 23, 30)}


Step = tuple[datetime, str, Callable[[], None]]


def load_demo(services: Services, quiet: bool = False, today: date | None = None) -> bool:
    """Fill an empty database with a history that ends the day before `today` (default: today in Beijing).

    False (and nothing done) when the database already has accounts.
    """
    if services.registry.accounts():
        return False
    cal = Calendar.of(today)
    registry = services.registry if today is None else _registry_on(services, cal.today)
    rng = random.Random(SEED)
    console = Console(stderr=True, quiet=quiet)
    setup = list(registry_commands(rng, cal))
    projects = [(c["project"], c["type"], c["capacity_kw"], c["commissioned"]) for c in setup if "project" in c]
    steps = [_command(registry, cmd) for cmd in setup]
    for month in cal.months:
        steps.append(_meter(registry, month, _readings(month, projects, rng), cal.meter_at(month)))
        steps.append(_command(registry, {"op": "issue", "month": month, "at": cal.issue_at(month).isoformat()}))
    steps += [_command(registry, cmd) for cmd in trading_commands(setup, cal)]
    steps += [_command(registry, cmd) for cmd in later_commands(setup, cal)]
    steps.sort(key=lambda step: step[0])  # stable: the journal's times never go backwards
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("loading demo", total=len(steps) + 1)
        for when, label, run in steps:
            progress.update(task, description=f"demo: {when:%Y-%m} {label}")
            run()
            progress.advance(task)
        progress.update(task, description="demo: assessed firms")
        _assess_firms(services, rng)
        progress.advance(task)
    _tokens(services.tokens if today is None else _dated_tokens(services, registry, cal), console)
    return True


def _dated_tokens(services: Services, registry: Registry, cal: Calendar) -> TokenStore:
    """Token grants journaled at the end of the history too, so the demo as of a day is all dated before it."""
    granted = at(cal.end, 23, 45)
    return TokenStore(services.engine, journal=lambda cmd: registry.apply({**cmd, "at": granted}))


def _registry_on(services: Services, today: date) -> Registry:
    """The same database, with the registry's clock at the start of `today`: no command is dated ahead of it."""
    start = datetime(today.year, today.month, today.day, tzinfo=BEIJING)
    return Registry(services.registry.engine, services.registry.public_url, clock=lambda: start)


def _command(registry: Any, cmd: dict[str, Any]) -> Step:
    def run() -> None:
        result = registry.apply(cmd)
        if not result["ok"]:
            raise RuntimeError(f"demo command refused: {cmd} → {result['error']}")

    return datetime.fromisoformat(cmd["at"]), cmd["op"], run


def _readings(month: str, projects: list[tuple[str, str, int, str]], rng: random.Random) -> list[tuple[str, int, int]]:
    rows = []
    for project, kind, capacity, commissioned in projects:
        if commissioned[:7] > month:
            continue
        kwh = int(capacity * _hours(kind) * rng.uniform(0.6, 1.3))
        # Never above the capacity round the clock (the registry refuses it: implausible_meter).
        rows.append((project, min(kwh, capacity * hours(month)), 0))
    return rows


def _meter(registry: Any, month: str, rows: list[tuple[str, int, int]], when: datetime) -> Step:
    def run() -> None:
        result = registry.import_meter(month, rows, at=when)
        if not result["ok"]:
            raise RuntimeError(f"demo meter import refused: {result['error']}")

    return when, "meter_batch", run


def demo_firm(rng: random.Random, spec: Questionnaire, maturity: float) -> dict[str, Any]:
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


def _tokens(tokens: TokenStore, console: Console) -> None:
    """Tokens to try the API with; printed once, stored hashed."""
    made = [
        tokens.create("operator", label="demo operator"),
        tokens.create("regulator", label="demo regulator"),
        tokens.create("account_holder", account="S1", label="demo seller S1"),
        tokens.create("account_holder", account="B1", label="demo buyer B1"),
        tokens.create("platform", platform="BJ", label="demo platform BJ"),
    ]
    console.print("[bold]demo tokens[/] (shown once; sign in at /login or send as 'Authorization: Bearer …'):")
    for issued in made:
        scope = issued.actor.account or issued.actor.platform or ""
        console.print(f"  {issued.actor.role.value:<15} {scope:<4} {issued.secret}", highlight=False)
