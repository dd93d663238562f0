"""app.chain and the LangChain faces of Writeoff: the Runnable (invoke/stream/batch, conversations by id, callbacks),
the retriever and embedder as LangChain types, and the README's LangChain example, run as written."""
from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import index_fixture_corpus
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableLambda
from llm_server import JunkServer, sse

from app.chain import WriteoffChain, WriteoffInput, WriteoffRetriever, writeoff_chain
from app.config import Settings
from app.embeddings import get_embedder
from app.intake import EMPTY_MESSAGE
from app.types import Answer

README = Path(__file__).resolve().parent.parent / "README.md"
RULE_Q = "Can I deduct a loss in my traditional IRA for 2024?"
# No rule covers it; the fixture corpus does (the model path is taken when one is configured).
RETRIEVAL_Q = "What does Publication 999 say about reading order of the zebra paragraph on a tax return?"


@pytest.fixture(scope="module")
def fixture_index(tmp_path_factory: pytest.TempPathFactory, fixture_corpus: Path) -> Settings:
    return index_fixture_corpus(tmp_path_factory.mktemp("chain-index"), fixture_corpus)


@pytest.fixture
def chain(fixture_index: Settings) -> WriteoffChain:
    return writeoff_chain(fixture_index)


def test_the_pieces_are_langchain_types(chain: WriteoffChain, fixture_index: Settings) -> None:
    assert isinstance(chain, Runnable)
    assert isinstance(WriteoffRetriever.from_settings(fixture_index), BaseRetriever)
    embedder = get_embedder()
    assert isinstance(embedder, Embeddings)
    # the async methods come from LangChain's base class and give the same vectors
    assert asyncio.run(embedder.aembed_query("wash sale")) == embedder.embed_query("wash sale")
    schema = chain.get_input_jsonschema()
    assert set(schema["properties"]) == {"question", "conversation_id", "tax_year"}
    assert schema["required"] == ["question"]


def test_invoke_takes_a_dict_a_model_or_a_plain_question(chain: WriteoffChain) -> None:
    for value in ({"question": RULE_Q}, WriteoffInput(question=RULE_Q), RULE_Q):
        answer = chain.invoke(value)
        assert isinstance(answer, Answer) and answer.source == "rule" and answer.verdict == "no"
        assert answer.tax_year == 2024


def test_conversations_are_kept_apart_by_id(chain: WriteoffChain) -> None:
    chain.invoke({"question": "Can I deduct a loss in my Roth IRA?", "conversation_id": "a", "tax_year": 2024})
    follow = chain.invoke({"question": "What about 2016?", "conversation_id": "a"})
    assert follow.tax_year == 2016 and follow.source == "rule" and "roth" in follow.standalone_question.lower()
    alone = chain.invoke({"question": "What about 2016?", "conversation_id": "b"})
    assert "roth" not in alone.standalone_question.lower()  # conversation b never mentioned a Roth IRA
    assert len(chain.conversation("a").turns) == 2 and len(chain.conversation("b").turns) == 1


def test_batch_answers_in_order_and_serialises_turns_of_one_conversation(chain: WriteoffChain) -> None:
    answers = chain.batch([
        {"question": RULE_Q, "conversation_id": "x"},
        {"question": "How much capital loss can I deduct against wages for 2024?", "conversation_id": "y"},
        {"question": "And for 2016?", "conversation_id": "x"},
    ])
    assert [a.tax_year for a in answers] == [2024, 2024, 2016]
    assert len(chain.conversation("x").turns) == 2 and len(chain.conversation("y").turns) == 1


def test_stream_without_a_model_yields_the_text_then_the_answer(chain: WriteoffChain) -> None:
    *pieces, answer = chain.stream({"question": RULE_Q, "conversation_id": "s"})
    assert isinstance(answer, Answer) and pieces == [answer.text]


def test_stream_with_a_model_yields_its_tokens_then_the_checked_answer(fixture_index: Settings) -> None:
    reply = "The right column comes after the left column in reading order [1]."
    with JunkServer(sse(*[w + " " for w in reply.split(" ")])) as junk:
        settings = fixture_index.model_copy(update={"llm_backend": "openai", "llm_base_url": junk.base_url,
                                                    "llm_timeout": 5.0})
        *pieces, answer = writeoff_chain(settings).stream({"question": RETRIEVAL_Q, "conversation_id": "m"})
    assert len(pieces) > 5 and "".join(pieces).strip() == reply
    assert answer.source == "llm" and answer.citations and "reading order" in answer.text


def test_bad_input_gets_plain_words_not_a_traceback(chain: WriteoffChain) -> None:
    assert chain.invoke({}).text == EMPTY_MESSAGE
    assert chain.invoke({"question": None, "conversation_id": None}).text == EMPTY_MESSAGE
    odd_year = chain.invoke({"question": RULE_Q.replace(" for 2024", ""), "tax_year": "next year"})
    assert "1990 through 2030" in odd_year.text


def test_callbacks_see_the_run_and_its_answer(chain: WriteoffChain) -> None:
    class Recorder(BaseCallbackHandler):
        def __init__(self) -> None:
            self.ends: list[Any] = []

        def on_chain_end(self, outputs: Any, **kwargs: Any) -> None:
            self.ends.append(outputs)

    recorder = Recorder()
    composed = chain | RunnableLambda(lambda a: a.verdict)
    assert composed.invoke({"question": RULE_Q}, config={"callbacks": [recorder]}) == "no"
    assert any(isinstance(out, Answer) and out.verdict == "no" for out in recorder.ends)
    streamed = Recorder()
    list(chain.stream({"question": RULE_Q}, config={"callbacks": [streamed]}))
    assert any(isinstance(out, Answer) for out in streamed.ends)


def readme_example() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Use it from LangChain", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, "the README's LangChain section has no python block"
    return match.group(1)


@pytest.mark.slow
def test_the_readme_example_runs(real_index: Settings, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("data_dir", "manifest", "corpus_dir", "corpus_mirror", "allow_download", "chroma_host"):
        monkeypatch.setenv(f"WRITEOFF_{name.upper()}", str(getattr(real_index, name)))
    monkeypatch.setenv("WRITEOFF_LLM_BACKEND", "none")
    scope: dict[str, Any] = {}
    exec(compile(readme_example(), str(README), "exec"), scope)  # noqa: S102 - the README's own code, as written
    lines = capsys.readouterr().out.splitlines()
    assert isinstance(scope["retriever"], BaseRetriever) and isinstance(scope["writeoff"], Runnable)
    docs = scope["docs"]
    assert docs and all(d.metadata["authority"] == 1 and d.metadata["tax_year"] in (2025, 0) for d in docs)
    assert "#page=" in lines[0] and lines[1] in {d.id for d in docs}
    assert lines[2] == "2024: no" and lines[3].startswith("2016: ")
    assert any(re.fullmatch(r"\[(rule|retrieval), \d+ citations\]", line) for line in lines)
    assert any(line.startswith("Human: Answer from these IRS passages only:") for line in lines)
