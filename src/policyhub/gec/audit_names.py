"""Audit of names (第二十七条 查验): a caller-given name shaped like a registry code, from before it was refused."""

from __future__ import annotations

import sqlalchemy as sa

from .adapters import tables as t
from .audit_findings import Finding
from .domain.codes import code_shaped

# Where callers' names are kept: (table, name column). A code-shaped name there was given before the registry
# refused such names (domain/names.py); it cannot be renamed (the journal holds it), so it is reported, not failed.
NAMED = (
    (t.accounts, "account"),
    (t.projects, "project"),
    (t.claims, "claim"),
    (t.listings, "listing"),
    (t.auctions, "auction"),
    (t.contracts, "contract"),
)


def code_shaped_names(conn: sa.Connection) -> list[Finding]:
    """Every stored caller-given name shaped like a certificate or claim code, and the claim whose code it is."""
    found: list[Finding] = []
    for table, column in NAMED:
        col = table.c[column]
        # Only names starting with GEC can match: the database narrows, the pattern decides (any case).
        rows = conn.execute(sa.select(col).where(sa.func.upper(col).like("GEC%")).order_by(col))
        for (name,) in rows:
            if not code_shaped(str(name)):
                continue
            if (
                table is t.claims
                and conn.execute(
                    sa.select(t.claims.c.code).where(t.claims.c.claim == name, t.claims.c.code == name)
                ).first()
            ):
                continue  # an unnamed claim is named by its own code
            owner = conn.execute(sa.select(t.claims.c.claim).where(t.claims.c.code == str(name).upper())).scalar()
            note = f"，与声明 {owner} 的编码相同 the code of claim {owner}" if owner is not None else ""
            found.append(
                {
                    "where": "names",
                    "table": table.name,
                    "name": str(name),
                    "claim_with_code": owner,
                    "message": f"名称形似登记编码{note} {table.name} name {name!r} looks like a registry "
                    "code: verification answers codes first, this name only where no claim has it",
                }
            )
    return found
