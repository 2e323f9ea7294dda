"""HTTP API for 设备更新体检 (the CLI's JSON, from a register or JSON rows) and the guide under /api/library."""

from __future__ import annotations

import json
from typing import Any, cast

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile

from policyhub.errors import InputError, TooLarge
from policyhub.limits import MIB, REGISTER_FILE_BYTES
from policyhub.renewal import service

router = APIRouter(prefix="/api/renewal", tags=["renewal"])
# The guide's own reading is served where clients have always called it, among the library's paths; the web app
# mounts it next to the library's router so the published schema keeps its order.
guide_router = APIRouter(prefix="/api/library", tags=["library"])

Cell = str | float | int | None


class CheckRows(BaseModel):
    """The JSON form: the register's rows as objects keyed by its column names."""

    sector: str = Field(description="An industry or field of the guide, e.g. 石化化工 or 石化化工行业.")
    as_of: str | None = Field(None, description="YYYY-MM-DD; default today (Asia/Shanghai).")
    assets: list[dict[str, Cell]] = Field(
        min_length=1,
        description='e.g. [{"asset": "A1", "name": "电石炉", "commissioned": "2003-05-01", "capacity": 20000, '
        '"unit": "kVA", "design_life_years": 20}]',
    )
    figures: dict[str, str | float | int] | None = Field(None, description='e.g. {"关键工序数控化率": "80%"}')


_MULTIPART = {
    "type": "object",
    "required": ["file", "sector"],
    "properties": {
        "file": {"type": "string", "format": "binary", "description": "the register, CSV or XLSX"},
        "sector": {"type": "string"},
        "as_of": {"type": "string"},
        "figures": {"type": "string", "description": "FIGURES.json as text"},
    },
}
_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": CheckRows.model_json_schema()},
            "multipart/form-data": {"schema": _MULTIPART},
        },
    }
}


def _text(value: Any, name: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise InputError(f"{name} 应为文字 must be a string")


def _figures(raw: Any) -> Any:
    if raw is None or raw == "":
        return None
    if isinstance(raw, UploadFile):
        raise InputError("figures 应为 JSON 文本 must be JSON text, not a file")
    try:
        return json.loads(raw) if isinstance(raw, str) else raw
    except json.JSONDecodeError as exc:
        raise InputError(f"figures 不是有效的 JSON not valid JSON ({exc.msg})") from None


async def _multipart(request: Request) -> service.CheckResult:
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise InputError("请上传资产清单 upload the register as the form field file (CSV or XLSX)", "no_file")
    content = await upload.read(REGISTER_FILE_BYTES + 1)
    if len(content) > REGISTER_FILE_BYTES:
        raise TooLarge(f"资产清单过大 the register is larger than {REGISTER_FILE_BYTES // MIB} MB", "too_large")
    sector = _text(form.get("sector"), "sector")
    if not sector:
        raise InputError("请填 sector give the sector (e.g. 石化化工)", "no_sector")
    as_of = _text(form.get("as_of"), "as_of")
    return service.check_file(content, upload.filename or "", sector, as_of, _figures(form.get("figures")))


@router.post("/check", openapi_extra=_BODY)
async def check(request: Request) -> dict[str, Any]:
    """Check a register: multipart (file, sector, as_of, figures) or JSON {sector, as_of, assets, figures}."""
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        return cast(dict[str, Any], await _multipart(request))  # the contract's schema: a free-form object
    try:
        body = json.loads(await request.body())
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InputError("请求体应为 JSON 或 multipart the body must be JSON or multipart/form-data") from None
    if not isinstance(body, dict):
        raise InputError('请求体应为对象 the body must be an object {"sector": …, "assets": [...]}')
    sector = _text(body.get("sector"), "sector")
    if not sector:
        raise InputError("请填 sector give the sector (e.g. 石化化工)", "no_sector")
    result = service.check_rows(body.get("assets"), sector, _text(body.get("as_of"), "as_of"), body.get("figures"))
    return cast(dict[str, Any], result)


@router.get("/sectors")
def sectors() -> list[dict[str, Any]]:
    """The 31 sectors (same as `policyhub renewal sectors --format json`)."""
    return cast(list[dict[str, Any]], service.sectors())  # the contract's schema: free-form objects


@router.get("/sectors/{sector}")
def sector(sector: str) -> dict[str, Any]:
    """One sector's triggers and 2027 goals (same as `policyhub renewal show SECTOR --format json`)."""
    return cast(dict[str, Any], service.sector_detail(sector))


@guide_router.get("/renewal")
def renewal_industries() -> Any:
    """The industries and fields of the equipment-renewal guide."""
    return service.guide(None)


@guide_router.get("/renewal/{industry}")
def renewal_industry(industry: str) -> Any:
    """One industry's goal, policy and standard basis, and key directions."""
    return service.guide(industry)
