"""The Jinja2 environment shared by every page."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader

from policyhub.gec.labels import LABELS
from policyhub.gec.report_html import TEMPLATES as GEC_TEMPLATES
from policyhub.web.sessions import csrf_token

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
# The registry owns its report's body (the standalone file uses it too); pages include it by name.
templates.env.loader = ChoiceLoader([FileSystemLoader(str(HERE / "templates")), FileSystemLoader(str(GEC_TEMPLATES))])
templates.env.globals.update(LABELS)  # Chinese names of trading routes and statuses, for every 绿证 page
templates.env.globals["csrf_token"] = csrf_token  # every state-changing form posts {{ csrf_token(request) }}
