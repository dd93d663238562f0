"""`writeoff serve`: starts Streamlit on loopback, answers its health check, and takes Streamlit down with it."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from conftest import free_port

ROOT = Path(__file__).resolve().parent.parent


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_bad_port_is_a_plain_error(tmp_path: Path) -> None:
    env = dict(os.environ, WRITEOFF_DATA_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "app.cli", "serve", "--port", "70000"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert "--port must be between 1 and 65535" in done.stderr and "Traceback" not in done.stderr


def test_serve_starts_on_loopback_and_stops_with_sigterm(tmp_path: Path) -> None:
    port = free_port()
    env = dict(os.environ, WRITEOFF_DATA_DIR=str(tmp_path / "data"))
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        healthy = False
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                healthy = httpx.get(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).text.strip() == "ok"
            except httpx.HTTPError:
                healthy = False
            if healthy:
                break
            time.sleep(0.5)
        assert healthy, (tmp_path / "serve.log").read_text()[-2000:]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) is not None
        deadline = time.monotonic() + 30
        while _port_open(port) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not _port_open(port), "Streamlit outlived `writeoff serve`"
    finally:
        if proc.poll() is None:
            proc.kill()
        log.close()
    assert f"http://127.0.0.1:{port}" in (tmp_path / "serve.log").read_text()
