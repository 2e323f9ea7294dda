"""The bulk 建档立卡 command (第十条): many project records in one journal entry."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, PrivateAttr, model_validator

from .command_base import Command
from .project_rows import ProjectRow, RowError, check

SHOWN = 20  # bad rows named in a refusal's message (the CLI lists every one)


class ProjectBatch(Command):
    op: Literal["project_batch"]
    # Each row holds the register_project fields (project, owner, name, type, province, capacity_kw,
    # commissioned, fully_market); checked as one set, every bad row named by its number.
    rows: list[dict[str, Any]] = Field(min_length=1, max_length=1_000_000)

    _checked: list[ProjectRow] = PrivateAttr(default_factory=list)

    @model_validator(mode="after")
    def _rows(self) -> ProjectBatch:
        bad: list[str] = []
        first: dict[str, int] = {}
        for n, raw in enumerate(self.rows, 1):
            try:
                row = check(raw)
            except RowError as exc:
                bad.append(f"row {n}: {exc}")
                continue
            seen = first.setdefault(row[0], n)
            if seen != n:
                bad.append(f"row {n}: project {row[0]} duplicates row {seen}")
            self._checked.append(row)
        if bad:
            more = f"; and {len(bad) - SHOWN} more" if len(bad) > SHOWN else ""
            raise ValueError(f"rows: {len(bad)} bad rows: {'; '.join(bad[:SHOWN])}{more}")
        return self

    def checked_rows(self) -> list[ProjectRow]:
        """The rows as checked when the command was read, normalised (province short names, ISO dates)."""
        return self._checked
