"""Errors as RFC 9457 problem details, for every module's API: bad input is a 4xx with a message, never a 500."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from policyhub.errors import Forbidden, InputError, NotFound, TooLarge, Unauthorized

PROBLEM = "application/problem+json"


def status_for(exc: InputError) -> int:
    """The HTTP status a domain error maps to."""
    if isinstance(exc, Unauthorized):
        return 401
    if isinstance(exc, Forbidden):
        return 403
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, TooLarge):
        return 413
    return 400


_TITLES = {
    400: "输入无效 invalid input",
    401: "需要登录 unauthorized",
    403: "无权访问 forbidden",
    404: "未找到 not found",
    413: "超出限额 over the input budget",
}


def wants_page(accept: str | None) -> bool:
    """Whether a client reading a page route asked for HTML (a browser does); a program gets problem JSON."""
    return accept is not None and "text/html" in accept


def problem(status: int, title: str, detail: str, code: str, **extra: object) -> JSONResponse:
    """A problem-details response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, "code": code, **extra}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


async def input_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InputError)
    status = status_for(exc)
    return problem(status, _TITLES.get(status, exc.code.replace("_", " ")), exc.message, exc.code)


_PLACES = {
    "body": "请求体 request body",
    "query": "查询参数 query parameter",
    "path": "路径参数 path parameter",
    "header": "请求头 header",
    "cookie": "cookie",
}


def _where(loc: tuple[object, ...]) -> str:
    """`("query", "month")` → "查询参数 query parameter month"; type names in a union's path are dropped."""
    place = _PLACES.get(str(loc[0]), str(loc[0])) if loc else "请求 request"
    fields = [str(p) for p in loc[1:] if not (isinstance(p, str) and ("[" in p or p in ("dict", "list")))]
    return f"{place} {'.'.join(fields)}".strip()


def _in_words(err: dict[str, object]) -> str:
    """One validation error as a sentence naming the field."""
    given = err.get("loc", ())
    loc: tuple[object, ...] = tuple(given) if isinstance(given, list | tuple) else ()
    kind = str(err.get("type", ""))
    where = _where(loc)
    if kind == "json_invalid":
        ctx = err.get("ctx")
        why = ctx.get("error", "") if isinstance(ctx, dict) else ""
        pos = loc[1] if len(loc) > 1 else "?"
        return (
            f"请求体不是有效的 JSON request body is not valid JSON (at character {pos}{': ' + str(why) if why else ''})"
        )
    if kind == "missing":
        return f"缺少 {where} missing {where}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{where} 须为 JSON 对象 must be a JSON object"
    if kind == "list_type":
        return f"{where} 须为 JSON 数组 must be a JSON array"
    if kind == "string_pattern_mismatch":
        ctx = err.get("ctx")
        pattern = ctx.get("pattern", "") if isinstance(ctx, dict) else ""
        return f"{where} 格式不符 does not have the expected form ({pattern})"
    return f"{where}: {err.get('msg', '')}"


# Dependencies that answer 401 to a caller with no credential, with their words. FastAPI reads a request's body
# before it runs a route's dependencies, so a malformed body was judged (400) before its anonymous sender: default
# deny means the sender first. A validation error on a route with one of these, from a request without an
# Authorization header, is answered as the dependency would have answered.
_CREDENTIAL_REQUIRED: dict[Callable[..., object], str] = {}


def requires_credential(dependency: Callable[..., object], message: str) -> None:
    """Mark a dependency that refuses a request without credentials (401, `message`)."""
    _CREDENTIAL_REQUIRED[dependency] = message


def _anonymous_refusal(request: Request) -> str | None:
    """The 401's words when the request has no credential and its route requires one; None otherwise."""
    scheme, _, _ = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        return None
    pending = [getattr(request.scope.get("route"), "dependant", None)]
    while pending:
        dependant = pending.pop()
        if dependant is None:
            continue
        if dependant.call in _CREDENTIAL_REQUIRED:
            return _CREDENTIAL_REQUIRED[dependant.call]
        pending.extend(dependant.dependencies)
    return None


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    """Malformed JSON, a wrong shape or a bad parameter: 400, the first problem in words, every one listed."""
    assert isinstance(exc, RequestValidationError)
    if (refusal := _anonymous_refusal(request)) is not None:
        return await input_error(request, Unauthorized(refusal))
    raw = list(exc.errors())
    errors = [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
        for e in raw
    ]
    # A body that is neither an object nor an array fails both arms of the union: say it once.
    detail = _in_words(dict(raw[0])) if raw else "请求无效 invalid request"
    if raw and all(
        str(e.get("type")) in ("dict_type", "list_type") and tuple(e.get("loc", ()))[:1] == ("body",) for e in raw
    ):
        detail = "请求体须为 JSON 对象或数组 request body must be a JSON object or an array of objects"
    return problem(400, "请求无效 invalid request", detail, "invalid_request", errors=errors)


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return problem(exc.status_code, str(exc.detail), str(exc.detail), "http_error")


def install(app: FastAPI) -> None:
    """Register the handlers on an app."""
    app.add_exception_handler(InputError, input_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
