"""An acknowledged submission survives ``kill -9`` of ``accord serve``."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from live import bearer, plant

ACCORD = [sys.executable, "-c", "from accord.cli.app import main; main()"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _serve(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    process = subprocess.Popen([*ACCORD, "serve", "--port", str(port), "--db", str(db)])
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/openapi.json", timeout=1).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.05)
    process.kill()
    raise AssertionError("accord serve did not start")


def test_submission_survives_kill_9(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    process, base = _serve(db)
    try:
        made = httpx.post(f"{base}/api/sessions", json={"scenario": plant()}).json()
        token = made["party_tokens"]["union"]
        body = {"preferences": plant()["preferences"]["union"]}
        url = f"{base}/api/sessions/{made['id']}/preferences"
        assert httpx.put(url, json=body, headers=bearer(token)).status_code == 200
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    process, base = _serve(db)
    try:
        view = httpx.get(f"{base}/api/sessions/{made['id']}", headers=bearer(token)).json()
        assert view["submission"] == json.loads(json.dumps(body["preferences"]))
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
