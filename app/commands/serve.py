"""`writeoff serve [--port N] [--address A]`: start the Streamlit chat (app/ui/chat.py), headless, on loopback.

Runs `python -m streamlit run` as a child process so Streamlit owns its own event loop and signal handling; the
child reads the same WRITEOFF_* environment, so it sees the same settings. With no index the page builds one.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

from app.config import Settings
from app.errors import ConfigError

HELP = "Start the chat in the browser (Streamlit); builds the index on first start."
CHAT_PAGE = Path(__file__).resolve().parent.parent / "ui" / "chat.py"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8501, help="port to listen on (default 8501)")
    parser.add_argument("--address", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1; use 0.0.0.0 to accept other machines)")
    parser.add_argument("--open", action="store_true", help="open a browser tab (default: headless)")


def streamlit_command(port: int, address: str, *, headless: bool = True) -> list[str]:
    """The exact command line; the browser e2e test starts the app the same way."""
    return [
        sys.executable, "-m", "streamlit", "run", str(CHAT_PAGE),
        f"--server.port={port}",
        f"--server.address={address}",
        f"--server.headless={'true' if headless else 'false'}",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
        "--client.toolbarMode=minimal",
        # An uncaught exception shows its type only: no traceback, and no message that could quote a question.
        "--client.showErrorDetails=type",
        "--server.maxUploadSize=1",  # the app takes no uploads
    ]


def child_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    # The child re-reads settings from the environment; make sure the offline guarantees travel with it.
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("TRANSFORMERS_OFFLINE", "1")
    env.setdefault("ANONYMIZED_TELEMETRY", "False")
    env.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    env["WRITEOFF_DATA_DIR"] = str(settings.data_dir)
    return env


def run(args: argparse.Namespace, settings: Settings) -> int:
    if not 1 <= args.port <= 65535:
        raise ConfigError(f"--port must be between 1 and 65535 (got {args.port}).")
    cmd = streamlit_command(args.port, args.address, headless=not args.open)
    print(f"Writeoff chat on http://{args.address}:{args.port}  (Ctrl+C to stop)", file=sys.stderr, flush=True)
    proc = subprocess.Popen(cmd, env=child_env(settings))
    # A service manager (or a test) stops us with SIGTERM: pass it on, or Streamlit would outlive us on the port.
    previous = signal.signal(signal.SIGTERM, lambda signum, _frame: proc.send_signal(signum))
    try:
        while True:
            try:
                return proc.wait()
            except KeyboardInterrupt:
                # Ctrl+C reached the child too (same process group); wait for it to shut down cleanly.
                proc.send_signal(signal.SIGINT)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if proc.poll() is None:
            proc.kill()
