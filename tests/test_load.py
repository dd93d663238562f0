"""Load: 20 concurrent conversations against one Engine (threads), and 5 concurrent browser sessions against
`streamlit run` on loopback. Each conversation's follow-up must resolve in its own context (no cross-talk), nothing
may fail, and p95 latency is printed (never asserted: 2 shared cores make timings meaningless as a gate).
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from conftest import env_for, free_port, index_fixture_corpus, running_streamlit

from app.answer import make_engine
from app.config import Settings
from app.conversation import Conversation
from evals.percentile import percentile

ROOT = Path(__file__).resolve().parent.parent

# (first question, a word the follow-up's standalone question must keep: the conversation's own topic)
TOPICS = [
    ("Can I deduct the loss in my Roth IRA for {year}?", "roth"),
    ("Can I deduct a loss in my traditional IRA for {year}?", "ira"),
    ("How much of a net capital loss can I deduct against my wages for {year}?", "capital loss"),
    ("I sold stock at a loss and bought it back in my IRA within 30 days in {year}. Can I claim the loss?", "wash"),
    ("Can I recharacterize the Roth conversion I made in {year}?", "conver"),
]
FOLLOW_UP_YEARS = list(range(2003, 2023))  # one distinct year per conversation, so a crossed wire shows


def latency_line(name: str, values: list[float]) -> str:
    return (f"{name}: n={len(values)} median={statistics.median(values):.2f}s p95={percentile(values, 95):.2f}s "
            f"max={max(values):.2f}s")


@pytest.fixture(scope="module")
def load_index(tmp_path_factory: pytest.TempPathFactory, fixture_corpus: Path) -> Settings:
    return index_fixture_corpus(tmp_path_factory.mktemp("load-index"), fixture_corpus)


def conversation_script(i: int) -> tuple[str, str, str]:
    template, topic = TOPICS[i % len(TOPICS)]
    # 20 distinct first questions (topic x year), so no conversation is served from another's cached work
    return template.format(year=2018 + i // len(TOPICS)), f"What about for {FOLLOW_UP_YEARS[i]}?", topic


def run_conversation(engine: Any, i: int) -> dict[str, Any]:
    first_q, follow_q, topic = conversation_script(i)
    conversation = Conversation()
    t0 = time.perf_counter()
    first = engine.ask(first_q, conversation)
    t1 = time.perf_counter()
    follow = engine.ask(follow_q, conversation)
    t2 = time.perf_counter()
    return {"first": first.to_dict(), "follow": follow.to_dict(), "turns": len(conversation.turns),
            "intent": conversation.last_intent, "latencies": [t1 - t0, t2 - t1], "topic": topic}


def comparable(result: dict[str, Any]) -> tuple:
    return tuple((a["answer"], a["verdict"], a["rule_id"], a["tax_year"], a["standalone_question"])
                 for a in (result["first"], result["follow"])) + (result["intent"],)


def test_twenty_concurrent_conversations_on_one_engine(load_index: Settings) -> None:
    engine = make_engine(load_index)
    engine.ask("Can I deduct a loss in my IRA?", Conversation())  # load the embedder once, outside the timings
    n = 20
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=n) as pool:
        together = list(pool.map(lambda i: run_conversation(engine, i), range(n)))
    wall = time.perf_counter() - started
    # Then alone, one after another (warm caches, so only the answers are compared, not the timings).
    alone = [run_conversation(engine, i) for i in range(n)]
    for i, (solo, crowd) in enumerate(zip(alone, together)):
        follow = crowd["follow"]
        assert crowd["turns"] == 2
        assert follow["tax_year"] == FOLLOW_UP_YEARS[i], f"conversation {i} got another's year"
        assert crowd["topic"] in follow["standalone_question"].lower(), (i, follow["standalone_question"])
        assert comparable(crowd) == comparable(solo), f"conversation {i} differs when run concurrently"
        assert "something went wrong" not in (crowd["first"]["answer"] + follow["answer"]).lower()
    latencies = [x for r in together for x in r["latencies"]]
    print("\n" + latency_line(f"engine, {n} concurrent conversations x 2 turns", latencies) + f" wall={wall:.1f}s")


# -- five browser sessions against `streamlit run` ----------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HOSTILE = "<script>alert(document.cookie)</script> My SSN is 219-09-9999. Can I deduct a loss in my IRA for 2023?"
BROWSER_SCRIPTS = [  # (first question, follow-up, tax year the follow-up must show, topic text the answer shows)
    ("Can I deduct the loss in my Roth IRA for 2024?", "What about for 2016?", 2016, "roth"),
    ("How much of a net capital loss can I deduct against my wages for 2024?", "What about for 2019?", 2019,
     "capital loss"),
    ("Can I deduct a loss in my traditional IRA for 2023?", "What about for 2012?", 2012, "ira"),
    ("Can I recharacterize the Roth conversion I made in 2024?", "What about for 2017?", 2017, "conver"),
    (HOSTILE, "What about for 2010?", 2010, "ira"),
]
TURN_TIMEOUT = 300.0


@pytest.fixture
def streamlit_server(load_index: Settings, tmp_path: Path) -> Iterator[str]:

    from app.commands.serve import streamlit_command

    log_path = tmp_path / "streamlit.log"
    with running_streamlit(streamlit_command(free_port(), "127.0.0.1"), env_for(load_index), log_path) as url:
        yield url
    assert "Traceback" not in log_path.read_text(), log_path.read_text()[-3000:]


def launch_chromium(pw: Any) -> Any:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run .ci/system-deps (apt-get install chromium)")
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def _submit(page: Any, text: str) -> None:
    box = page.get_by_test_id("stChatInputTextArea")
    box.wait_for(state="visible", timeout=TURN_TIMEOUT * 1000)
    deadline = time.monotonic() + TURN_TIMEOUT
    while not box.is_enabled():  # disabled while the previous answer is being written
        assert time.monotonic() < deadline
        time.sleep(0.2)
    box.fill(text)
    box.press("Enter")


def _wait_all(pages: list[Any], count: int) -> list[float]:
    """Poll every page until each shows `count` chat messages with a tax-year caption in the last one."""
    started = time.monotonic()
    done: dict[int, float] = {}
    while len(done) < len(pages):
        for i, page in enumerate(pages):
            if i in done:
                continue
            messages = page.get_by_test_id("stChatMessage")
            if messages.count() >= count and "Tax year" in messages.nth(count - 1).inner_text():
                done[i] = time.monotonic() - started
        assert time.monotonic() - started < TURN_TIMEOUT, f"sessions {set(range(len(pages))) - set(done)} stalled"
        time.sleep(0.25)
    return [done[i] for i in range(len(pages))]


@pytest.mark.slow
@pytest.mark.browser
def test_five_browser_sessions_no_cross_talk(streamlit_server: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            pages, dialogs = [], []
            for _ in BROWSER_SCRIPTS:  # one context each: separate cookies, separate Streamlit sessions
                page = browser.new_context(viewport={"width": 1100, "height": 1000}).new_page()
                page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
                page.goto(streamlit_server)
                pages.append(page)
            for page, script in zip(pages, BROWSER_SCRIPTS):
                _submit(page, script[0])
            first = _wait_all(pages, 2)
            for page, script in zip(pages, BROWSER_SCRIPTS):
                _submit(page, script[1])
            second = _wait_all(pages, 4)

            ids = set()
            for page, (_, _, year, topic) in zip(pages, BROWSER_SCRIPTS):
                messages = page.get_by_test_id("stChatMessage")
                assert messages.count() == 4
                follow = messages.nth(3).inner_text()
                assert f"Tax year {year}" in follow, follow[:400]
                assert topic in follow.lower(), follow[:400]
                body = page.inner_text("body")
                assert "Traceback" not in body and "Something went wrong" not in body
                assert "219-09-9999" not in body and "219-09-9999" not in page.content()
                ids.add(page.url.split("c=")[1].split("&")[0])
            assert len(ids) == len(pages), "each session has its own conversation"
            # The hostile session: its text is shown literally, no script from it exists in the page, no dialog.
            hostile = pages[-1]
            assert "<script>alert(document.cookie)</script>" in hostile.get_by_test_id("stChatMessage").nth(0)\
                .inner_text()
            scripts = hostile.locator("script").evaluate_all("els => els.map(e => e.textContent)")
            assert not any("document.cookie" in (s or "") for s in scripts)
            assert dialogs == []
        finally:
            browser.close()
    print("\n" + latency_line("browser, 5 concurrent sessions x 2 turns", first + second))
