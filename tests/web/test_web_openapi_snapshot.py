"""The published OpenAPI document is a contract: any change to a route, field or status shows up here first.

The document is kept in tests/data/openapi.json. A deliberate addition (a new route or field; never a rename) is
written back with `POLICYHUB_WRITE_OPENAPI=1 python -m pytest tests/web/test_web_openapi_snapshot.py`, and the diff
is reviewed with the change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from fastapi.testclient import TestClient

SNAPSHOT = Path(__file__).resolve().parents[1] / "data" / "openapi.json"


def _text(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def test_openapi_document_is_the_one_kept_in_tests_data(client: TestClient) -> None:
    served = _text(client.get("/openapi.json").json())
    if os.environ.get("POLICYHUB_WRITE_OPENAPI") == "1":
        SNAPSHOT.write_text(served, encoding="utf-8")
    kept = SNAPSHOT.read_text(encoding="utf-8")
    assert served == kept, "the OpenAPI document changed: see this module's docstring"
