"""The Jinja2 environment shared by every page."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader

from policyhub.clock import BEIJING
from policyhub.gec.labels import LABELS
from policyhub.gec.report_html import TEMPLATES as GEC_TEMPLATES
from policyhub.greenpower.render import TEMPLATES as GREENPOWER_TEMPLATES
from policyhub.render.styles import standalone
from policyhub.web.sessions import csrf_token

HERE = Path(__file__).parent
STATIC = HERE / "static"
templates = Jinja2Templates(directory=str(HERE / "templates"))
# The registry owns its report's body (the standalone file uses it too); pages include it by name.
templates.env.loader = ChoiceLoader([FileSystemLoader(str(HERE / "templates")), FileSystemLoader(str(GEC_TEMPLATES)),
                                     FileSystemLoader(str(GREENPOWER_TEMPLATES))])  # fmt: skip
templates.env.globals.update(LABELS)  # Chinese names of trading routes and statuses, for every 绿证 page
templates.env.globals["csrf_token"] = csrf_token  # every state-changing form posts {{ csrf_token(request) }}


def site_css() -> str:
    """The site's stylesheet with its base written in: what a PDF or a downloaded page carries inline."""
    return standalone((STATIC / "style.css").read_text(encoding="utf-8"))


def as_people_write_it(value: object) -> str:
    """An ISO time as a person writes it, in Beijing time: 2026-12-03T08:01:00+00:00 → 2026年12月3日 16:01."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)  # not a time (or already words): shown as it is
    if moment.tzinfo is not None:
        moment = moment.astimezone(BEIJING)  # the registry's times are Beijing time (第二十四条 dates by it)
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"


templates.env.filters["when"] = as_people_write_it
