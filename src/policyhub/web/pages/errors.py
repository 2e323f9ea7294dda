"""Errors as pages."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from policyhub.web.templating import templates


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """An error as a page, with the status code it stands for."""
    heading, heading_en = ("未找到", "Not found") if status == 404 else ("请求有误", "Bad request")
    ctx = {"status": status, "heading": heading, "heading_en": heading_en, "message": message}
    return templates.TemplateResponse(request, "error.html", ctx, status_code=status)
