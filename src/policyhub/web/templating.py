"""The Jinja2 environment shared by every page."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from policyhub.web.gec_labels import LABELS

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.globals.update(LABELS)  # Chinese names of trading routes and statuses, for every 绿证 page
