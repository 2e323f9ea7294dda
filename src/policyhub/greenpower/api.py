"""HTTP API of 绿色电力消费核算: POST /api/greenpower/report answers the CLI's JSON (multipart or JSON body)."""

from __future__ import annotations

import json
from typing import Any, Protocol, cast

import anyio
from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile

from policyhub.access.deps import Credentials, TokensDep, get_actor
from policyhub.access.reads import View, sees
from policyhub.errors import Forbidden, InputError, TooLarge
from policyhub.gec.registry import Registry
from policyhub.greenpower import service
from policyhub.greenpower.answers import GreenReport
from policyhub.greenpower.usefile import UseRow, read_use, use_from_json
from policyhub.limits import MIB, USE_FILE_BYTES

router = APIRouter(prefix="/api/greenpower", tags=["greenpower"])


class HasRegistry(Protocol):
    """What the app keeps on `app.state.services` for this module: the open registry."""

    @property
    def registry(self) -> Registry: ...


_EXAMPLE = {"site": "一厂", "province": "江苏", "month": "2024-08", "kwh": 150000, "green_trade_kwh": 10000,
            "product": "电解铝锭", "output": 10, "output_unit": "t"}  # fmt: skip
_ROW = {"type": "object", "example": _EXAMPLE}
_COMMON = {
    "year": {"type": "string", "description": "YYYY; default the use file's latest year"},
    "sector": {"type": "string", "description": "a sector with a green-electricity quota, e.g. 电解铝"},
    "target": {"type": "string", "description": "a target share, 0.7 or 70%"},
}
_JSON = {"type": "object", "required": ["use"], "properties": {
    "use": {"type": "array", "items": _ROW}, "account": {"type": "string"},
    "claims": {"type": "array", "items": {"type": "string"}, "maxItems": 5000}, **_COMMON}}  # fmt: skip
_MULTIPART = {"type": "object", "required": ["file"], "properties": {
    "file": {"type": "string", "format": "binary", "description": "USE.csv or .xlsx"},
    "account": {"type": "string"}, "claims": {"type": "string", "description": "claim codes, one a line"},
    **_COMMON}}  # fmt: skip
_BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": _JSON},
                                                       "multipart/form-data": {"schema": _MULTIPART}}}}  # fmt: skip


def _text(value: Any, name: str) -> str | None:
    if value is None or isinstance(value, str):
        return value or None
    if isinstance(value, int) and not isinstance(value, bool) and name == "year":
        return str(value)
    if isinstance(value, int | float) and not isinstance(value, bool) and name == "target":
        return str(value)
    raise InputError(f"{name} 应为文字 must be a string", "invalid_input")


async def _multipart(request: Request) -> tuple[list[UseRow], dict[str, Any]]:
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise InputError("请上传用电数据 upload the use file as the form field file (CSV or XLSX)", "no_file")
    content = await upload.read(USE_FILE_BYTES + 1)
    if len(content) > USE_FILE_BYTES:
        raise TooLarge(f"用电数据文件过大 the use file is larger than {USE_FILE_BYTES // MIB} MB", "too_large")
    fields = {k: _text(form.get(k), k) for k in ("account", "claims", "year", "sector", "target")}
    rows = await anyio.to_thread.run_sync(lambda: read_use(content, upload.filename or ""))
    return rows, fields


async def _json(request: Request) -> tuple[list[UseRow], dict[str, Any]]:
    try:
        body = json.loads(await request.body())
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InputError("请求体应为 JSON 或 multipart the body must be JSON or multipart/form-data") from None
    if not isinstance(body, dict):
        raise InputError('请求体应为对象 the body must be an object {"use": [...], "account" | "claims": …}')
    claims = body.get("claims")
    if claims is not None and not isinstance(claims, list):
        raise InputError('"claims" 应为声明编码的数组 must be an array of claim codes', "bad_claims")
    fields = {k: _text(body.get(k), k) for k in ("account", "year", "sector", "target")}
    rows = await anyio.to_thread.run_sync(lambda: use_from_json(body.get("use")))
    return rows, {**fields, "claims": claims}


@router.post(
    "/report",
    openapi_extra=_BODY,
    summary="A firm's green-electricity accounts (claims by account: holder, operator, regulator; by code: anyone)",
    responses={401: {"description": "`account` without a token"}, 403: {"description": "not that account's reader"}},
)
async def report(request: Request, credentials: Credentials, tokens: TokensDep) -> dict[str, Any]:
    """The same JSON as `policyhub greenpower report --format json`: multipart (file, account | claims, year, sector,
    target) or JSON {use: [rows], account | claims: [codes], year, sector, target}."""
    multipart = request.headers.get("content-type", "").startswith("multipart/form-data")
    rows, fields = await (_multipart(request) if multipart else _json(request))
    account, claims = fields["account"], fields["claims"]
    if (account is None) == (claims is None):
        message = '请给出 account 或 claims 之一 give exactly one of "account" or "claims"'
        raise InputError(message, "account_or_claims")
    service.year_of(fields["year"])
    codes = service.read_codes(claims) if claims is not None else []
    if account is not None:
        actor = get_actor(tokens, credentials)  # 401 without a valid token
        if not sees(View.account, actor, [account]):
            raise Forbidden("账户的声明仅本账户持有人、核发机构和监管机构可读 an account's claims are read by "
                            "its holder, the operator and the regulator; claim codes need no token")  # fmt: skip
    services: HasRegistry = request.app.state.services
    registry = services.registry

    def work() -> GreenReport:
        if account is not None:
            records, source = service.claims_of_account(registry, account, rows), {"account": account}
        else:
            records, source = service.claims_by_codes(registry, codes), {"codes": str(len(codes))}
        return service.build(rows, records, year=fields["year"], sector=fields["sector"], target=fields["target"],
                             kwh_per_certificate=registry.rules.kwh_per_certificate, source=source)  # fmt: skip

    return cast(dict[str, Any], await anyio.to_thread.run_sync(work))  # the contract's schema: a free-form object
