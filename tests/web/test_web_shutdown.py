"""Stopping the service finishes the registry's queued commands and ends its writer thread."""

from __future__ import annotations

import gc
import threading
from datetime import datetime
from pathlib import Path

from fastapi.testclient import TestClient

from policyhub.access.roles import Role
from policyhub.access.tokens import TokenStore
from policyhub.gec.registry import Registry
from policyhub.web.app import create_app


def _writers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "gec-group-commit"]


def test_the_writer_thread_ends_when_the_app_shuts_down(tmp_path: Path) -> None:
    noon = datetime.fromisoformat("2024-09-25T12:00:00+08:00")
    app = create_app(f"sqlite:///{tmp_path / 'w.sqlite'}", clock=lambda: noon)
    before = len(_writers())
    with TestClient(app) as client:
        services = app.state.services
        tokens: TokenStore = services.tokens
        secret = tokens.create(Role.operator.value, label="test").secret
        body = {"op": "open_account", "account": "S1", "kind": "seller", "name": "风电公司", "gec_only_pledge": True,
                "id_doc": "91110000MA01ABCD1M"}  # fmt: skip
        res = client.post("/api/gec/commands", json=body, headers={"Authorization": f"Bearer {secret}"})
        assert res.status_code == 200, res.text
        assert len(_writers()) == before + 1
    assert len(_writers()) == before  # the lifespan closed the registry: its writer finished and ended
    with Registry.open(f"sqlite:///{tmp_path / 'w.sqlite'}") as r:
        assert r.account("S1")["kind"] == "seller"  # what was queued was committed


def test_a_registry_dropped_without_close_lets_its_writer_end(tmp_path: Path) -> None:
    r = Registry.open(f"sqlite:///{tmp_path / 'd.sqlite'}")
    thread = next(t for t in [r.committer()._thread] if t.is_alive())
    del r
    gc.collect()
    thread.join(timeout=15)  # an idle writer checks every 5 s whether its registry still exists
    assert not thread.is_alive()
