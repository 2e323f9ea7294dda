"""Stopping the service finishes the registry's queued commands and closes its connections."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fastapi.testclient import TestClient

from policyhub.access.tokens import TokenStore
from policyhub.gec.registry import Registry
from policyhub.web.app import create_app


def test_the_registry_is_closed_when_the_app_shuts_down_and_what_was_sent_is_kept(tmp_path: Path) -> None:
    noon = datetime.fromisoformat("2024-09-25T12:00:00+08:00")
    app = create_app(f"sqlite:///{tmp_path / 'w.sqlite'}", clock=lambda: noon)
    with TestClient(app) as client:
        tokens: TokenStore = app.state.services.tokens
        secret = tokens.create("operator", label="test").secret
        body = {"op": "open_account", "account": "S1", "kind": "seller", "name": "风电公司", "gec_only_pledge": True,
                "id_doc": "91110000MA01ABCD1M"}  # fmt: skip
        res = client.post("/api/gec/commands", json=body, headers={"Authorization": f"Bearer {secret}"})
        assert res.status_code == 200, res.text
        registry: Registry = app.state.services.registry
        assert registry._committer is not None
    assert registry._committer is None  # the lifespan closed the registry (its queue drained, its pool disposed)
    with Registry.open(f"sqlite:///{tmp_path / 'w.sqlite'}") as r:
        assert r.account("S1")["kind"] == "seller"
