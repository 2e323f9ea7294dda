"""Errors as pages: one heading for the status, one message for what went wrong."""

from __future__ import annotations

from http import HTTPStatus

from fastapi import Request
from fastapi.responses import HTMLResponse

from policyhub.web.templating import templates

HEADINGS = {
    400: ("请求有误", "Bad request"),
    403: ("无权查看", "Forbidden"),
    404: ("未找到", "Not found"),
    405: ("不支持该请求方法", "Method not allowed"),
    413: ("超出限额", "Content too large"),
    422: ("请求有误", "Unprocessable request"),
    503: ("服务暂不可用", "Service unavailable"),
}
# Said when the message is only the status phrase again ("Not Found"): it would repeat the heading.
DEFAULT_MESSAGES = {
    404: "没有这个页面，请检查地址。No such page: check the address.",
    405: "该地址不接受这种请求。This address does not take this kind of request.",
}


def _heading(status: int) -> tuple[str, str]:
    if status in HEADINGS:
        return HEADINGS[status]
    if status >= 500:
        return "服务出错", "Server error"
    return "请求有误", "Bad request"


def error_page(request: Request, status: int, message: str, link: tuple[str, str] | None = None) -> HTMLResponse:
    """An error as a page, with the status code it stands for, each said once; `link` is (href, text) of a way on."""
    heading, heading_en = _heading(status)
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    if message.strip().lower() in {"", phrase.lower(), heading_en.lower()}:
        message = DEFAULT_MESSAGES.get(status, "")
    ctx = {"status": status, "heading": heading, "heading_en": heading_en, "message": message, "link": link}
    return templates.TemplateResponse(request, "error.html", ctx, status_code=status)
