"""A configured model reads the case (app/understand/model_reader.py); the rules still decide.

The model's draft comes from real servers: a scripted OpenAI-compatible server (tests/llm_server.py) that returns
good, partial and malformed case JSON, and SmolLM2 under xllamacpp for the plumbing (its quality is not the point:
what it makes up is dropped). The merge itself is checked on the real text reader's readings.
"""
from __future__ import annotations

import json
import logging
import subprocess
import sys
from decimal import Decimal

import pytest
from conftest import REPO, free_port
from llm_server import JunkServer, is_structured, sse

from app.answer import make_engine
from app.config import Settings
from app.conversation import Conversation
from app.llm import make_client
from app.rules import respond
from app.understand import understand
from app.understand.asks import KINDS
from app.understand.model_reader import PROMPT, CaseDraft, ModelReader, merge

# The reader finds no question here ("I need to figure out whether ..." has no question mark and opens like a story),
# so it assumes "can I deduct it?"; a model sees the penalty question.
MISSED = ("I took $8,000 out of my traditional IRA in 2024 when I was 52 and I need to figure out whether the 10% "
          "early withdrawal penalty applies.")
PENALTY_ASK = {"text": "whether the 10% early withdrawal penalty applies", "kinds": ["penalty"]}
# "$30,000 gross" has no role word the reader knows
GROSS = "I cashed out my 401k at 45: $30,000 gross, $6,000 withheld. Do I owe the penalty?"


def _reader(url: str, *, timeout: float = 5.0) -> ModelReader:
    client = make_client(Settings(llm_backend="openai", llm_base_url=url, llm_model="m", llm_timeout=timeout,
                                  llm_retries=0))
    return ModelReader(client, timeout=timeout)


def _facts(reading) -> list[tuple]:
    return [(a.value, a.role, a.account, a.year, a.quals, a.ask, a.claim) for a in reading.case.amounts]


def _asks(reading) -> list[tuple]:
    return [(a.index, a.sentence, a.text, a.kinds, a.inverted, a.whole, a.implicit) for a in reading.asks]


def _draft(**fields: object) -> str:
    return json.dumps({"asks": [], "facts": [], "filing_status": None, "age": None, **fields})


# -- the scripted server: good, partial, malformed ---------------------------------------------------------------------

def test_a_good_draft_adds_the_question_the_reader_missed_and_the_rules_answer_it() -> None:
    plain = respond(MISSED)
    assert [a.implicit for a in plain.reading.asks] == [True]  # the reader saw no question
    assert plain.answer is None  # and no rule answers "can I deduct it?" about a withdrawal
    # a verdict and a citation in the reply have no place in the schema: they are ignored
    good = _draft(asks=[PENALTY_ASK], facts=[{"amount": 8000, "role": "distribution", "account": "traditional_ira",
                                              "year": 2024, "qualifiers": []}], age=52, verdict="no",
                  citations=["Pub 590-B"])
    with JunkServer(sse("unused"), structured=good) as junk:
        outcome = respond(MISSED, model_reader=_reader(junk.base_url))
        sent = json.loads(junk.requests[0])
    assert [(a.text, a.kinds, a.implicit) for a in outcome.reading.asks] == [(PENALTY_ASK["text"], ["penalty"], False)]
    assert _facts(outcome.reading) == _facts(plain.reading)  # the reader had read every fact already
    answer = outcome.answer
    assert answer is not None and [(a.question, a.verdict) for a in answer.asks] == [(PENALTY_ASK["text"], "yes")]
    assert "$800 on $8,000" in answer.text  # the rules' number, from the reader's amount and age
    # one structured-output call: the schema, and only the system prompt and the (already masked) message
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["name"] == "CaseDraft"
    assert sent["messages"] == [{"role": "system", "content": PROMPT}, {"role": "user", "content": MISSED}]
    assert sent["stream"] is False and sent["max_completion_tokens"] > 0


def test_a_partial_draft_is_merged_where_the_reader_left_a_gap() -> None:
    plain = understand(GROSS)
    assert [(a.value, a.role) for a in plain.case.amounts] == [(Decimal(30000), None), (Decimal(6000), "withheld")]
    partial = json.dumps({"facts": [{"amount": "$30,000", "role": "distribution"},  # only some keys, a quoted figure
                                    {"amount": 6000, "role": "distribution"}]})  # the reader's role stays
    with JunkServer(sse("unused"), structured=partial) as junk:
        reader = _reader(junk.base_url)
        reading = understand(GROSS)
        merged = reader(GROSS, reading)
        outcome = respond(GROSS, model_reader=reader)
    assert _facts(reading) == _facts(plain)  # a new reading: the reader's own is left as it was
    assert [(a.value, a.role) for a in merged.case.amounts] == [(Decimal(30000), "distribution"),
                                                                 (Decimal(6000), "withheld")]
    assert _asks(merged) == _asks(plain)
    assert merged.case.tax_year == plain.case.tax_year and merged.case.age == plain.case.age == 45
    assert [(a.question, a.verdict) for a in outcome.answer.asks] == [("Do I owe the penalty?", "yes")]
    assert "$3,000 on $30,000" in outcome.answer.text


@pytest.mark.parametrize("reply", [
    "{\"asks\": [{\"text\": \"whether the 10% early",  # cut off
    "Sure! Here is the JSON you asked for.",  # no JSON at all
    "[1, 2, 3]",  # JSON, not the case
    json.dumps({"asks": "penalty", "facts": {"amount": 8000}, "age": "fifty-two"}),  # the wrong shapes
])
def test_a_malformed_draft_falls_back_to_the_reader_with_only_the_error_type_logged(reply: str, caplog) -> None:
    plain = respond(MISSED)
    with JunkServer(sse("unused"), structured=reply) as junk, caplog.at_level(logging.WARNING):
        outcome = respond(MISSED, model_reader=_reader(junk.base_url))
        assert junk.requests, "the model was asked"
    assert _asks(outcome.reading) == _asks(plain.reading) and _facts(outcome.reading) == _facts(plain.reading)
    assert (outcome.answer is None) == (plain.answer is None)
    logged = " ".join(r.getMessage() for r in caplog.records if r.name == "app.understand.model_reader")
    if "skipped" in logged:  # a reply that parses into an empty draft adds nothing and logs nothing
        assert logged.startswith("model reading skipped: ") and "8,000" not in logged and "penalty" not in logged


@pytest.mark.parametrize("fault", ["down", "error-status", "slow"])
def test_a_model_server_that_fails_leaves_the_reading_as_it_was(fault: str, caplog) -> None:
    plain = respond(GROSS)
    with caplog.at_level(logging.WARNING):
        if fault == "down":
            outcome = respond(GROSS, model_reader=_reader(f"http://127.0.0.1:{free_port()}", timeout=2))
        else:
            status, delay = (503, 0.0) if fault == "error-status" else (200, 3.0)
            with JunkServer('{"error": "overloaded"}', status=status, delay=delay,
                            structured=_draft(asks=[PENALTY_ASK])) as junk:
                outcome = respond(GROSS, model_reader=_reader(junk.base_url, timeout=0.5))
    assert _asks(outcome.reading) == _asks(plain.reading) and _facts(outcome.reading) == _facts(plain.reading)
    assert outcome.answer.text == plain.answer.text
    assert any(r.getMessage().startswith("model reading skipped: ") for r in caplog.records)


def test_model_numbers_not_in_the_message_and_years_that_contradict_the_reader_are_dropped() -> None:
    plain = understand(MISSED)
    made_up = _draft(facts=[
        {"amount": 9999, "role": "loss", "account": None, "year": None, "qualifiers": []},  # not in the message
        {"amount": 2024, "role": "gain", "account": None, "year": None, "qualifiers": []},  # a year, not money
        {"amount": 10, "role": "fee", "account": None, "year": None, "qualifiers": []},  # a percent, not money
        # the reader's role, account and year stand; a qualifier the reader did not see is added
        {"amount": 8000, "role": "loss", "account": "roth_ira", "year": 2023, "qualifiers": ["total", "sparkly"]},
    ], age=40, filing_status="single")  # an age and a status the message never states
    with JunkServer(sse("unused"), structured=made_up) as junk:
        merged = _reader(junk.base_url)(MISSED, understand(MISSED))
    assert [(a.value, a.role, a.account, a.year) for a in merged.case.amounts] == [
        (Decimal(8000), "distribution", "traditional_ira", 2024)]
    assert merged.case.amounts[0].quals == frozenset({"total"})
    assert merged.case.age == 52 and merged.case.filing_status is None
    assert merged.case.tax_year == plain.case.tax_year == 2024


# -- the merge on its own ---------------------------------------------------------------------------------------------

def test_unknown_kinds_roles_accounts_and_qualifiers_are_dropped_not_the_draft() -> None:
    draft = CaseDraft.model_validate({
        "asks": [{"text": "is it deductible", "kinds": ["deduct", "verdict", 3]}, "junk"],
        "facts": [{"amount": "$1,200", "role": "refund", "account": "crypto_wallet", "qualifiers": ["long_term", "x"],
                   "year": "2024"}, {"amount": "a lot", "role": "loss"}],
        "filing_status": "married", "age": "fifty"})
    assert [(a.text, a.kinds) for a in draft.asks] == [("is it deductible", ["deduct"])]
    assert [(f.amount, f.role, f.account, f.qualifiers, f.year) for f in draft.facts] == [
        (1200.0, None, None, ["long_term"], 2024)]
    assert draft.filing_status is None and draft.age is None
    assert set(CaseDraft.model_json_schema()["properties"]) == {"asks", "facts", "filing_status", "age"}
    kinds = CaseDraft.model_json_schema()["$defs"]["AskDraft"]["properties"]["kinds"]["items"]["enum"]
    assert tuple(kinds) == KINDS


def test_a_question_the_message_does_not_ask_or_the_reader_already_has_is_not_added() -> None:
    message = "My brokerage account lost $5,000 on Tesla in 2024. Can I deduct it?"
    plain = understand(message)
    draft = CaseDraft.model_validate({"asks": [
        {"text": "Can I deduct it?", "kinds": ["deduct"]},  # the reader has it
        {"text": "Should I convert my Roth to crypto?", "kinds": ["advice"]},  # never asked
        {"text": "what if", "kinds": ["what_if"]},  # nothing the rules answer
    ]})
    assert _asks(merge(understand(message), draft)) == _asks(plain)


def test_a_question_the_reader_could_not_classify_gets_the_models_kinds() -> None:
    message = "I pulled $4,000 from my Roth IRA in 2024. Any issue with the IRS on that?"
    plain = understand(message)
    assert [a.kinds for a in plain.asks] == [["yesno"]]
    draft = CaseDraft.model_validate({"asks": [{"text": "Any issue with the IRS on that?",
                                                "kinds": ["taxable", "penalty"]}]})
    merged = merge(understand(message), draft)
    assert [(a.text, a.kinds) for a in merged.asks] == [(plain.asks[0].text, ["taxable", "penalty"])]


def test_an_added_question_keeps_the_polarity_the_reader_gives_its_words() -> None:
    message = "I rolled $20,000 from my 401k into a traditional IRA in 2024, and I want to be sure it is tax-free."
    draft = CaseDraft.model_validate({"asks": [{"text": "is it tax-free", "kinds": ["taxable"]}]})
    merged = merge(understand(message), draft)
    assert [(a.kinds, a.inverted, a.sentence) for a in merged.asks] == [(["taxable"], True, 0)]


def test_a_what_if_follow_up_keeps_the_chains_questions() -> None:
    first = understand(GROSS)
    from app.understand import Previous

    previous = Previous([GROSS], [a.kinds for a in first.asks], [a.text for a in first.asks])
    follow = understand("What if I was 60?", previous)
    assert follow.asks and all(a.inherited for a in follow.asks)
    draft = CaseDraft.model_validate({"asks": [{"text": "What if I was 60?", "kinds": ["deduct"]}]})
    assert _asks(merge(understand("What if I was 60?", previous), draft)) == _asks(follow)


# -- the engine's hook -------------------------------------------------------------------------------------------------

def test_the_engine_passes_the_reader_when_a_model_is_set_and_only_then(settings_factory) -> None:
    good = _draft(asks=[PENALTY_ASK])
    with JunkServer(sse("More context [1]."), structured=good) as junk:
        settings = settings_factory(llm_backend="openai", llm_base_url=junk.base_url, llm_model="m", llm_timeout=5)
        answer = make_engine(settings).ask(MISSED, Conversation())
        assert is_structured(junk.requests[0])
        read = len(junk.requests)
        make_engine(settings.model_copy(update={"llm_read_timeout": 0})).ask(MISSED, Conversation())
        assert not any(is_structured(r) for r in junk.requests[read:])  # 0 turns the reader off
    assert answer.source == "rule" and [(a.question, a.verdict) for a in answer.asks] == [(PENALTY_ASK["text"], "yes")]
    assert make_engine(settings_factory()).model_reader is None


def test_with_no_model_nothing_extra_is_imported(tmp_path) -> None:
    script = (
        "import sys\n"
        "from app.answer import make_engine\n"
        "from app.config import Settings\n"
        "from app.conversation import Conversation\n"
        f"engine = make_engine(Settings(data_dir={str(tmp_path)!r}, chroma_host=''))\n"
        "assert engine.model_reader is None\n"
        f"answer = engine.ask({GROSS!r}, Conversation())\n"
        "assert answer.asks and answer.asks[0].verdict == 'yes', answer.text\n"
        "loaded = [m for m in ('app.understand.model_reader', 'langchain_openai', 'openai') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    env = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", script], check=False, cwd=REPO, capture_output=True, text=True,
                          timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-2000:]


# -- the real model server ---------------------------------------------------------------------------------------------

@pytest.mark.llm
def test_smollm_reads_through_structured_output_and_what_it_makes_up_is_dropped(smollm) -> None:
    reader = _reader(smollm.base_url, timeout=120)
    draft = reader.read(MISSED)
    assert isinstance(draft, CaseDraft)  # the schema became a grammar, the reply parsed and validated
    assert all(set(a.kinds) <= set(KINDS) for a in draft.asks)
    plain = understand(MISSED)
    merged = reader(MISSED, understand(MISSED))
    assert [a.value for a in merged.case.amounts] == [a.value for a in plain.case.amounts]  # no new number
    kept = [(a.role, a.account, a.year) for a in plain.case.amounts]
    assert [(a.role, a.account, a.year) for a in merged.case.amounts] == kept  # the reader's reading stands
    assert merged.case.tax_year == plain.case.tax_year and merged.case.age == plain.case.age
    for ask in merged.asks:  # whatever it asked is worded from the message, or it is the reader's own
        assert ask.kinds and set(ask.kinds) <= set(KINDS)
