"""A firm's sector named as one of the renewal guide's industries (so its report can cite the guide's goals)."""

from __future__ import annotations

from policyhub.errors import InputError, NotFound


def sector_name(raw: str | None) -> str | None:
    """The renewal guide's industry key for raw (e.g. "重型机械行业" → "重型机械"); None for no sector."""
    if raw is None or not raw.strip():
        return None
    from policyhub.renewal.service import guide  # renewal's reading of 工信厅规〔2024〕33号

    try:
        found = guide(raw)
    except NotFound as exc:
        raise InputError(f"行业 sector：{exc.message}", "unknown_sector") from None
    assert isinstance(found, dict)
    return str(found["key"])
