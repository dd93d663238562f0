"""The Evaluation page in a real browser: upload a two-case file, run it on the real engine and index, watch it finish,
and see one pass and one fail with the check that failed. `streamlit run` on a free loopback port, Debian's headless
Chromium driven by Playwright (executable_path only). With UI_SCREENSHOTS=docs/screenshots the passing run writes
docs/screenshots/evaluation.png."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import env_for, free_port, running_streamlit
from test_ui_browser import page, save_screenshot  # noqa: F401 - `page` is the shared Chromium fixture

from app.commands.serve import streamlit_command
from app.config import Settings
from evals import jobs
from evals.catalog import uploads_dir

pytestmark = [pytest.mark.slow, pytest.mark.browser]

TWO_CASES = Path(__file__).resolve().parent / "data" / "eval_two_cases.jsonl"
RUN_TIMEOUT_MS = 300_000  # engine loaded cold on 2 shared cores, then two questions


@pytest.fixture
def private_index(real_index: Settings, tmp_path: Path) -> Settings:
    """A data folder of its own with a copy of the real index: uploads and runs stay inside this test."""
    data_dir = tmp_path / "data"
    for part in ("chroma", "bm25"):
        if (real_index.data_dir / part).exists():
            shutil.copytree(real_index.data_dir / part, data_dir / part)
    return real_index.model_copy(update={"data_dir": data_dir})


@pytest.fixture
def served(private_index: Settings, tmp_path: Path) -> Iterator[str]:
    with running_streamlit(streamlit_command(free_port(), "127.0.0.1"), env_for(private_index),
                           tmp_path / "streamlit.log") as url:
        yield url


def test_upload_a_two_case_file_run_it_and_see_one_pass_and_one_fail(served: str, page: Any,  # noqa: F811
                                                                     private_index: Settings) -> None:
    from playwright.sync_api import expect

    page.goto(f"{served}/Evaluation")
    expect(page.get_by_role("heading", name="Evaluation")).to_be_visible(timeout=120_000)
    expect(page.get_by_text("No evaluation report yet", exact=False)).to_be_visible(timeout=60_000)

    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(TWO_CASES))
    expect(page.get_by_text("eval_two_cases.jsonl: 2 cases, kept as uploaded", exact=False)).to_be_visible(
        timeout=60_000)
    assert (uploads_dir(private_index.data_dir) / TWO_CASES.name).read_bytes() == TWO_CASES.read_bytes()
    expect(page.get_by_text("2 cases", exact=True)).to_be_visible()

    page.get_by_role("button", name="Run").click()
    expect(page.get_by_text("Run finished: 1 of 2 cases passed.")).to_be_visible(timeout=RUN_TIMEOUT_MS)
    assert "run=" in page.url, "the run is in the URL, so a reload comes back to it"
    [status] = jobs.recent(private_index.data_dir)
    assert status["state"] == jobs.DONE and status["passed"] == 1 and status["total"] == 2

    cases = page.get_by_test_id("stExpander").filter(has_text="two-")
    expect(cases).to_have_count(2)
    expect(cases.nth(0)).to_contain_text("two-roth-wrong")  # failures first
    expect(cases.nth(1)).to_contain_text("two-ira-no")
    cases.nth(0).locator("summary").click()
    expect(cases.nth(0).get_by_text("Verdict: no, expected yes", exact=False)).to_be_visible()
    expect(cases.nth(0).get_by_text("My Roth IRA fell $4,000", exact=False)).to_be_visible()
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("50.0%")
    expect(page.get_by_role("button", name="Download the HTML report")).to_be_visible()
    expect(cases.nth(0).get_by_text("Since the previous run of these suites")).to_be_visible()
    if os.environ.get("UI_SCREENSHOTS"):
        page.set_viewport_size({"width": 1280, "height": 2000})  # the page scrolls inside: show the opened case
        expect(page.get_by_test_id("stVegaLiteChart").locator("canvas, svg").first).to_be_visible()
        page.wait_for_timeout(1500)  # let the chart redraw at the new size (a picture for the docs, not a check)
        save_screenshot(page, "evaluation.png")

    page.reload()  # the finished run comes back from the URL
    expect(page.get_by_text("Run finished: 1 of 2 cases passed.")).to_be_visible(timeout=120_000)
    assert page.dialogs == []  # type: ignore[attr-defined]
