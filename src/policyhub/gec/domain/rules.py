"""The rule figures of 国能发新能规〔2024〕67号 as a typed object (built from data/rules.json)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class AccountKind:
    """One account kind of 第十条 and what opening it requires (第十一条)."""

    name: str
    id_doc_required: bool
    pledge_required: bool
    may_buy: bool = True  # 第十条: one account per entity, so a generator that buys does so with its seller account


@dataclass(frozen=True)
class Rules:
    """Every figure the registry applies, each traceable to an article."""

    kwh_per_certificate: int
    validity_months: int
    transition_before: date
    transition_valid_until: date
    hydro_cutoff: date
    grid_tradable: dict[str, str]
    type_names: dict[str, str]
    account_kinds: dict[str, AccountKind]
    transfer_recipients: tuple[str, ...]
    retention_years: int
    certificate_prefix: str
    serial_digits: int
    claim_prefix: str
    claim_digits: int
    verify_path: str  # under the registry's public address (POLICYHUB_PUBLIC_URL)
    certificate_platforms: dict[str, str]
    green_power_platforms: dict[str, str]
    provincial_prefix: str
    max_capacity_factor: float = 1.0  # meter data above capacity × hours × this is implausible
    # The monthly report's groups, in the releases' order, each with its project types (第二条).
    report_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def group_of(self, project_type: str) -> str:
        """The report group of a project type (风电 for 海上风电, …); 其他 (the last group) for a type not listed."""
        for group, types in self.report_groups.items():
            if project_type in types:
                return group
        return list(self.report_groups)[-1] if self.report_groups else project_type

    def is_green_power_venue(self, platform: str) -> bool:
        """Cross-provincial exchanges, or a provincial one (第十九条)."""
        rest = platform.removeprefix(self.provincial_prefix)
        provincial = platform.startswith(self.provincial_prefix) and 2 <= len(rest) <= 12 and rest.isalnum()
        return platform in self.green_power_platforms or provincial

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Rules:
        """Build from the parsed rules.json."""
        types = raw["project_types"]["types"]
        kinds = raw["account_kinds"]["kinds"]
        codes = raw["codes"]
        return cls(
            kwh_per_certificate=int(raw["kwh_per_certificate"]["value"]),
            validity_months=int(raw["validity_months"]["value"]),
            transition_before=date.fromisoformat(raw["transition"]["produced_before"]),
            transition_valid_until=date.fromisoformat(raw["transition"]["valid_until"]),
            hydro_cutoff=date.fromisoformat(raw["hydro_cutoff"]["commissioned_on_or_after"]),
            grid_tradable={k: v["grid_tradable"] for k, v in types.items()},
            type_names={k: v["name"] for k, v in types.items()},
            account_kinds={
                k: AccountKind(
                    v["name"], bool(v["id_doc_required"]), bool(v["pledge_required"]), bool(v.get("may_buy", True))
                )
                for k, v in kinds.items()
            },
            transfer_recipients=tuple(raw["transfer_recipients"]["kinds"]),
            retention_years=int(raw["retention_years"]["value"]),
            certificate_prefix=codes["certificate_prefix"],
            serial_digits=int(codes["serial_digits"]),
            claim_prefix=codes["claim_prefix"],
            claim_digits=int(codes["claim_digits"]),
            verify_path=codes["verify_path"],
            certificate_platforms=dict(raw["platforms"]["certificate"]),
            green_power_platforms=dict(raw["platforms"]["green_power"]),
            provincial_prefix=raw["platforms"]["provincial_prefix"],
            max_capacity_factor=float(raw.get("meter_plausibility", {}).get("max_capacity_factor", 1.0)),
            report_groups={k: tuple(v) for k, v in raw.get("report_groups", {}).get("groups", {}).items()},
        )
