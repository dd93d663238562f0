"""End to end in a real browser: `streamlit run` on a free loopback port, driven by Debian's headless Chromium.

Playwright is used only as a driver for the system browser (executable_path); its own browser download is never
used. On failure a screenshot lands in tests/artifacts/.
"""
from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from conftest import env_for, free_port, ingest_running_elsewhere, running_streamlit

from app.commands.serve import streamlit_command
from app.config import Settings

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ANSWER_TIMEOUT_MS = 240_000  # an answer on 2 shared cores, first one includes loading the embedder


@pytest.fixture
def served(real_index: Settings, tmp_path: Path) -> Iterator[str]:
    with running_streamlit(streamlit_command(free_port(), "127.0.0.1"), env_for(real_index),
                           tmp_path / "streamlit.log") as url:
        yield url


@pytest.fixture
def page(request: pytest.FixtureRequest) -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run .ci/system-deps (apt-get install chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 1500})
        pg = context.new_page()
        pg.dialogs = []  # type: ignore[attr-defined]
        pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
        failed_before = request.session.testsfailed
        yield pg
        # The call phase is reported (and counted) before fixtures are torn down, so this sees this test's result.
        if request.session.testsfailed > failed_before:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        browser.close()


def ask(page: Any, question: str, expected_messages: int) -> Any:
    from playwright.sync_api import expect

    box = page.get_by_test_id("stChatInputTextArea")
    expect(box).to_be_enabled(timeout=ANSWER_TIMEOUT_MS)
    box.fill(question)
    box.press("Enter")
    messages = page.get_by_test_id("stChatMessage")
    expect(messages).to_have_count(expected_messages, timeout=ANSWER_TIMEOUT_MS)
    answer = messages.nth(expected_messages - 1)
    expect(answer.get_by_text("Tax year", exact=False).first).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    return answer


def save_screenshot(page: Any, name: str) -> None:
    """Kept for the docs when UI_SCREENSHOTS names a folder (the lead's screenshots come from this run)."""
    folder = os.environ.get("UI_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_chat_follow_up_citations_reload_and_feedback(served: str, page: Any, real_index: Settings) -> None:
    from playwright.sync_api import expect

    page.goto(served)
    expect(page.get_by_text("Writeoff").first).to_be_visible(timeout=120_000)
    expect(page.get_by_text("the latest tax year the corpus covers")).to_be_visible(timeout=ANSWER_TIMEOUT_MS)

    first = ask(page, "Can I deduct the loss in my Roth IRA after the market dropped?", 2)
    expect(first.get_by_text(re.compile(r"^Tax year \d{4} \(assumed"))).to_be_visible()
    cards = first.get_by_test_id("stExpander")
    assert cards.count() >= 1, "the first answer shows citation cards"
    cards.first.locator("summary").click()
    expect(cards.first.get_by_text("Page:", exact=False).or_(cards.first.get_by_text("Section:")).first).to_be_visible()

    second = ask(page, "What about for 2016?", 4)
    expect(second.get_by_text("Tax year 2016", exact=True)).to_be_visible()
    assert second.get_by_test_id("stExpander").count() >= 1, "the follow-up answer cites its authority"
    assert "c=" in page.url, "the conversation id is in the URL so a reload can restore it"
    save_screenshot(page, "chat-two-turns.png")

    # Hostile text is shown literally: no alert dialog, no live link.
    third = ask(page, "<img src=x onerror=alert(1)> [x](javascript:alert(2)) is my IRA loss deductible?", 6)
    expect(page.get_by_test_id("stChatMessage").nth(4).get_by_text("<img src=x onerror=alert(1)>",
                                                                     exact=False)).to_be_visible()
    assert page.dialogs == []  # type: ignore[attr-defined]
    assert page.get_by_test_id("stChatMessage").nth(4).locator("a[href^='javascript']").count() == 0
    expect(third.get_by_text("Verdict:", exact=False)).to_be_visible()

    # A reload restores all six messages with their citation cards.
    page.reload()
    messages = page.get_by_test_id("stChatMessage")
    expect(messages).to_have_count(6, timeout=120_000)
    assert messages.nth(3).get_by_test_id("stExpander").count() >= 1
    expect(messages.nth(3).get_by_text("Tax year 2016", exact=True)).to_be_visible()

    # Thumbs up on the second answer is stored with its provenance.
    cid = page.url.split("c=")[1].split("&")[0]
    messages.nth(3).get_by_test_id("stFeedbackButton").first.click()
    deadline = time.monotonic() + 30
    rows: list[tuple] = []
    while time.monotonic() < deadline and not rows:
        with sqlite3.connect(real_index.feedback_db) as conn:
            rows = conn.execute("SELECT turn, rating, corpus_version FROM feedback WHERE conversation_id=?",
                                (cid,)).fetchall()
        time.sleep(0.5)
    assert rows and rows[0][0] == 3 and rows[0][1] == 1 and rows[0][2]


def test_pages_render_in_the_browser(served: str, page: Any) -> None:
    from playwright.sync_api import expect

    page.goto(f"{served}/Sources")
    expect(page.get_by_role("heading", name="Sources")).to_be_visible(timeout=120_000)
    expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=120_000)
    page.get_by_label("Words to look for").fill("worthless securities last day of the tax year")
    page.get_by_label("Words to look for").press("Enter")
    expect(page.get_by_test_id("stExpander").first).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    save_screenshot(page, "sources.png")

    page.goto(f"{served}/Feedback")
    expect(page.get_by_role("heading", name="Feedback")).to_be_visible(timeout=60_000)
    save_screenshot(page, "feedback.png")

    page.goto(f"{served}/Evaluation")
    expect(page.get_by_role("heading", name="Evaluation")).to_be_visible(timeout=60_000)
    # evaluation.png comes from a real run in tests/test_ui_eval_browser.py


def test_first_start_answers_rule_questions_while_the_index_builds(settings_factory, page: Any, tmp_path: Path
                                                                   ) -> None:
    """An empty data folder: the chat box is there at once, a rule question is answered while the index builds, and
    a question that needs the passages says so and is answered in place once the index is ready."""
    from playwright.sync_api import expect

    settings = settings_factory()
    with ExitStack() as other_ingest:
        other_ingest.enter_context(ingest_running_elsewhere(settings.data_dir))
        with running_streamlit(streamlit_command(free_port(), "127.0.0.1"), env_for(settings),
                               tmp_path / "streamlit.log") as url:
            page.goto(url)
            expect(page.get_by_text("Building the search index", exact=False).first).to_be_visible(timeout=120_000)
            rule = ask(page, "Can I deduct a loss in my Roth IRA for 2024?", 2)
            expect(rule.get_by_text("Tax year 2024", exact=True)).to_be_visible()
            box = page.get_by_test_id("stChatInputTextArea")
            box.fill("What are the rules for stock basis in a gift?")
            box.press("Enter")
            messages = page.get_by_test_id("stChatMessage")
            expect(messages).to_have_count(4, timeout=ANSWER_TIMEOUT_MS)
            waiting = messages.nth(3)
            expect(waiting.get_by_text("search index is being built", exact=False)).to_be_visible(timeout=60_000)
            expect(waiting.get_by_text("no need to ask again", exact=False)).to_be_visible()
            save_screenshot(page, "first-start-building.png")

            other_ingest.close()  # the other ingest ends: the page builds the index, then answers in place
            expect(waiting.get_by_text("Tax year", exact=False).first).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
            expect(waiting.get_by_text("search index is being built", exact=False)).to_have_count(0)
            assert waiting.get_by_test_id("stExpander").count() >= 1, "the late answer cites its passages"
            expect(messages).to_have_count(4)
            expect(page.get_by_text("Index ready", exact=False).first).to_be_visible()
