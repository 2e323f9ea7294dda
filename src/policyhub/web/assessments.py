"""Assessments saved from the web form: where a firm stands among the others assessed here."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, DateTime, Integer, Numeric, String, Table, Text, func, select
from sqlalchemy.engine import Engine

from policyhub.access.tokens import metadata

digital_assessments = Table(
    "digital_assessments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("firm", String(200), nullable=False),
    Column("score", Numeric(7, 2), nullable=False),
    Column("level", Integer, nullable=False),
    Column("submission", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


class AssessmentStore:
    """Append-only list of assessments; percentile over all of them."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def save(self, firm: str, score: float, level: int, submission: dict[str, Any]) -> int:
        """Save one assessment; returns its id."""
        with self.engine.begin() as conn:
            result = conn.execute(
                digital_assessments.insert().values(
                    firm=firm[:200],
                    score=Decimal(str(score)),
                    level=level,
                    submission=json.dumps(submission, ensure_ascii=False),
                    created_at=datetime.now(UTC),
                )
            )
        return int(result.inserted_primary_key[0]) if result.inserted_primary_key else 0

    def standing(self, score: float) -> dict[str, Any]:
        """How many were assessed, and the share scoring strictly below `score` (percent)."""
        c = digital_assessments.c
        with self.engine.connect() as conn:
            total = int(conn.execute(select(func.count()).select_from(digital_assessments)).scalar_one())
            below = int(conn.execute(select(func.count()).where(c.score < Decimal(str(score)))).scalar_one())
            levels = {int(lv): int(n) for lv, n in conn.execute(select(c.level, func.count()).group_by(c.level))}
        return {"assessed": total, "below": below, "percentile": round(100 * below / total, 1) if total else None,
                "levels": levels}  # fmt: skip
