"""app.text: the one sentence splitter and the one typographic folding, and every module that splits or folds agrees
with them (the composer, the guard, the conversation summary, ingest's long-paragraph cut, the glossary, the
composer's terms, the eval phrase matching)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.compose import compose_extractive, quotable_sentences, terms
from app.conversation import Conversation
from app.glossary import expansion_terms
from app.guard import guard_text
from app.text import fold_typography, sentences
from app.types import Answer, Passage
from evals.matching import normalize
from ingest.chunking import MAX_CHARS, _split_long


def test_sentences_keep_citation_markers_and_closing_quotes() -> None:
    assert sentences("First one [1]. Second one. [2] Third?") == ["First one [1].", "Second one. [2]", "Third?"]
    assert sentences('He said "no." Then he left.') == ['He said "no."', "Then he left."]
    assert sentences("It is “final.” Next one.") == ["It is “final.”", "Next one."]


def test_abbreviations_and_numbers_do_not_end_a_sentence() -> None:
    text = "See Pub. 590-B for details, e.g. the ordering rules. Sec. 1.165-1(b) applies. Done"
    assert sentences(text) == ["See Pub. 590-B for details, e.g. the ordering rules.", "Sec. 1.165-1(b) applies.",
                               "Done"]
    assert sentences("") == [] and sentences("   ") == [] and sentences("no stop at all") == ["no stop at all"]


def test_fold_typography_turns_quotes_and_dashes_into_ascii() -> None:
    assert fold_typography("haven’t “sold” ‘it’ – 2025—2026 co‑signed 1\u00a0000 re\u00adport") == (
        "haven't \"sold\" 'it' - 2025-2026 co-signed 1 000 report")


# -- one splitter: every module's sentences are app.text.sentences -------------------------------------------------

_WORDS = st.sampled_from(["loss", "IRA", "Roth", "gains", "the", "a", "deductible", "2020", "Pub.", "e.g.", "[1]",
                          "basis", "wash", "sale", "“quoted”", "not", "is", "are", "capital", "losses"])
_SENTENCE = st.builds(lambda first, rest, end: " ".join([first, *rest]) + end,
                      st.sampled_from(["An", "The", "Losses", "IRA", "Roth", "Capital", "A"]),
                      st.lists(_WORDS, min_size=1, max_size=8), st.sampled_from([".", "!", "?", ". [1]", ".”"]))
_TEXT = st.lists(_SENTENCE, min_size=1, max_size=6).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_the_guard_judges_exactly_the_splitters_sentences(text: str) -> None:
    removed = guard_text(text, [], tax_year=2024, contradicts=lambda sentence, year: ["x"]).removed
    assert removed == sentences(text)


def test_the_guard_keeps_an_abbreviation_inside_its_sentence() -> None:
    # The guard used to cut at every stop ("e.g." too), so it judged half-sentences the composer never quoted.
    text = "Losses in an IRA, e.g. a Roth IRA, are not deductible for 2020. An IRA loss offsets capital gains."
    judged: list[str] = []
    guard_text(text, [], tax_year=2020, contradicts=lambda sentence, year: judged.append(sentence) or [])
    assert judged == sentences(text) and len(judged) == 2


def _passage(text: str) -> Passage:
    return Passage("p550-2025:0001", text, "p550-2025", "Pub 550", "irs_publication", 1, "Wash Sales", 56, 57, 2025,
                   "https://example.invalid/p550.pdf#page=57")


def test_composer_quotes_whole_sentences_of_the_splitter() -> None:
    text = ("Wash sales. You cannot deduct losses from sales or trades of stock in a wash sale, e.g. when you buy "
            "substantially identical stock within 30 days. The rules are as follows: 1. Add the disallowed loss to "
            "the basis of the new stock. “Substantially identical” stock is stock of the same corporation.")
    allowed = sentences(text)
    for quoted in quotable_sentences(text):
        assert quoted in allowed or any(quoted == " ".join(allowed[i:j]) for i in range(len(allowed))
                                        for j in range(i + 2, len(allowed) + 1))
    answer = compose_extractive("Can I deduct a wash sale loss when I buy identical stock within 30 days?",
                                [_passage(text)], tax_year=2025, weak_support=0.0)
    assert answer.citations and all(q in quotable_sentences(text) for q in answer.citations[0].quote.split(" ... "))


def test_conversation_summary_is_the_first_sentences_of_the_splitter() -> None:
    conv = Conversation()
    text = "No. For tax year 2022, e.g. in a traditional IRA, a loss is not deductible. Pub. 590-B explains why."
    conv.record("Can I deduct my IRA loss?", None,
                Answer(text=text, verdict="no", source="rule", tax_year=2022))
    first, second = sentences(text)[:2]
    assert conv.turns[0].answer_summary == f"{first} {second}"


def test_ingest_cuts_long_paragraphs_only_between_the_splitters_sentences() -> None:
    # Ingest used its own splitter, which also cut before a number ("sec. | 267"): a chunk could end mid-sentence.
    for pad in range(0, 60, 3):
        sentence = f"A loss on a sale of stock to a related person{' x' * pad}, e.g. a sibling, is not deductible " \
                   "under sec. 267."
        text = " ".join(f"{sentence[:-1]} number {i}." for i in range(30))
        assert len(text) > MAX_CHARS
        parts = _split_long(text)
        assert len(parts) > 1
        for part in parts:
            assert sentences(part) == [s for s in sentences(text) if s in part]
            assert part.startswith("A loss on a sale") and part.endswith(".")


# -- one folding: typographic and ASCII input mean the same everywhere ---------------------------------------------

def test_glossary_terms_and_matching_fold_alike() -> None:
    typographic = "I co‑signed my brother’s loan and he won’t pay—so the “IRA” loss isn’t mine?"
    ascii_twin = "I co-signed my brother's loan and he won't pay-so the \"IRA\" loss isn't mine?"
    assert fold_typography(typographic) == ascii_twin
    # The glossary used to fold only the right single quote, so "co‑signed" (non-breaking hyphen) missed its entry.
    assert expansion_terms(typographic) == expansion_terms(ascii_twin) != ""
    assert "loan guarantees" in expansion_terms(typographic)
    # The composer's terms used to read "isn’t" as the content word "isn".
    assert terms(typographic) == terms(ascii_twin)
    assert normalize(typographic) == normalize(ascii_twin)


def test_the_guard_reads_a_typographic_negation_as_a_negation() -> None:
    # "won’t" was not a negation to the rules' ASCII patterns: the guard removed this correct sentence.
    for text in ("An IRA loss won’t offset your capital gains.", "An IRA loss won't offset your capital gains."):
        result = guard_text(text, [], tax_year=2020)
        assert result.text == text and not result.removed
    assert guard_text("An IRA loss can offset your capital gains.", [], tax_year=2020).removed
