"""Digital assessments the site counts: where a firm stands among the others assessed here.

Only a signed-in firm's assessment is kept, one row per firm (its latest): an anonymous run is shown, never counted.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, TypedDict

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from policyhub.digital.schema import CHAIN, digital_assessments


class Standing(TypedDict):
    """Where a score stands among the firms assessed here."""

    assessed: int
    below: int
    percentile: float | None  # percent scoring strictly below; None when nobody was assessed
    levels: dict[int, int]  # firms per level


class AssessmentStore:
    """One row per counted firm; percentile over all of them."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        CHAIN.upgrade(engine)  # the table is this system's: its own chain, not the registry's or access's

    def save(self, firm: str, score: float, level: int, submission: dict[str, Any], firm_id: int | None = None,
             conn: Connection | None = None) -> int:  # fmt: skip
        """Count one assessment (a firm's replaces its earlier one); returns its row id.

        `conn`: the caller's transaction (a signed-in firm's record and this count are saved together)."""
        if conn is None:
            with self.engine.begin() as own:
                return self.save(firm, score, level, submission, firm_id, own)
        values = {"firm": firm[:200], "score": Decimal(str(score)), "level": level, "created_at": datetime.now(UTC),
                  "submission": json.dumps(submission, ensure_ascii=False), "firm_id": firm_id}  # fmt: skip
        for _ in range(2):  # a firm's two saves at once: the second insert meets the first row and updates it
            try:
                with conn.begin_nested():  # a savepoint: the insert that lost the race goes, the transaction stays
                    if firm_id is not None:
                        mine = digital_assessments.c.firm_id == firm_id
                        if conn.execute(update(digital_assessments).where(mine).values(**values)).rowcount:
                            return int(conn.execute(select(digital_assessments.c.id).where(mine)).scalar_one())
                    result = conn.execute(digital_assessments.insert().values(**values))
            except IntegrityError:
                continue
            return int(result.inserted_primary_key[0]) if result.inserted_primary_key else 0
        raise RuntimeError("the firm's assessment row kept changing")  # pragma: no cover

    def standing(self, score: float) -> Standing:
        """How many were assessed, and the share scoring strictly below `score` (percent)."""
        c = digital_assessments.c
        with self.engine.connect() as conn:
            total = int(conn.execute(select(func.count()).select_from(digital_assessments)).scalar_one())
            below = int(conn.execute(select(func.count()).where(c.score < Decimal(str(score)))).scalar_one())
            levels = {int(lv): int(n) for lv, n in conn.execute(select(c.level, func.count()).group_by(c.level))}
        return {"assessed": total, "below": below, "percentile": round(100 * below / total, 1) if total else None,
                "levels": levels}  # fmt: skip
