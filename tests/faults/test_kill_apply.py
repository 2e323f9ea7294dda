"""`kill -9` of `gec apply` at three moments of a long file: every result it printed is in the journal, audit
passes, and running the same file again finishes it (commands already applied are recognised, not repeated)."""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path

import pytest
from fault_helpers import CLI, assert_survived, uscc

pytestmark = pytest.mark.faults
COMMANDS = 600  # three groups of 200 (one transaction each)


def _commands(path: Path) -> Path:
    lines = [json.dumps({"op": "open_account", "account": f"A{n}", "kind": "buyer", "name": f"买方{n}",
                         "id_doc": uscc(n)}, ensure_ascii=False) for n in range(COMMANDS)]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("after", [1, 200, 401])
def test_kill_9_of_gec_apply_keeps_every_printed_result(tmp_path: Path, after: int) -> None:
    db = f"sqlite:///{tmp_path / 'apply.sqlite'}"
    file = _commands(tmp_path / "cmds.jsonl")
    proc = subprocess.Popen([*CLI, "gec", "apply", str(file), "--db", db], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    assert proc.stdout is not None
    printed = []
    for line in proc.stdout:
        printed.append(json.loads(line))
        if len(printed) >= after:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL and len(printed) >= after
    acknowledged = [r for r in printed if r["ok"]]
    assert len(acknowledged) == len(printed)
    assert_survived(db, acknowledged)
    again = subprocess.run([*CLI, "gec", "apply", str(file), "--db", db], capture_output=True, text=True, timeout=300)
    results = [json.loads(line) for line in again.stdout.splitlines()]
    assert again.returncode == 0 and len(results) == COMMANDS and all(r["ok"] for r in results)
    assert sum(1 for r in results if r.get("duplicate")) >= len(acknowledged)
    assert_survived(db, [r for r in results if not r.get("duplicate")])
