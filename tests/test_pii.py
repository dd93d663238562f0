"""app.pii: identifiers are masked; tax figures, years and dates that are not birth dates survive."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.pii import mask, scan


@pytest.mark.parametrize(
    ("text", "secret", "kind"),
    [
        ("My SSN is 123-45-6789, can I deduct my IRA loss?", "123-45-6789", "SSN"),
        ("ssn 123 45 6789", "123 45 6789", "SSN"),
        ("my social security number: 123456789", "123456789", "SSN"),
        ("ITIN 912-78-1234 here", "912-78-1234", "ITIN"),
        ("our EIN is 12-3456789", "12-3456789", "EIN"),
        ("call (555) 123-4567 please", "123-4567", "PHONE"),
        ("or 555.123.4567 or +1 555 123 4567", "555.123.4567", "PHONE"),
        ("Fidelity account number 12345678", "12345678", "ACCOUNT"),
        ("acct #: 0012-3456-78", "0012-3456-78", "ACCOUNT"),
        ("wire it to 123456789012", "123456789012", "ACCOUNT"),
        ("card 4111 1111 1111 1111", "4111 1111 1111 1111", "CARD NUMBER"),
        ("I was born on 03/04/1960 and lost money", "03/04/1960", "DATE OF BIRTH"),
        ("DOB: March 3, 1975", "March 3, 1975", "DATE OF BIRTH"),
        ("mail me at jane.doe@example.com", "jane.doe@example.com", "EMAIL"),
    ],
)
def test_identifiers_are_masked_and_named(text: str, secret: str, kind: str) -> None:
    result = scan(text)
    assert secret not in result.text
    assert kind in result.kinds
    assert f"[{kind} removed]" in result.text
    assert mask(text) == result.text


@pytest.mark.parametrize(
    "text",
    [
        "I lost $3,000 in 2017 and $1,500 married filing separately",
        "Recharacterize by October 15, 2018 under IRC 408A(d)(6)(B)(iii)",
        "Pub 590-B page 41, Form 8606, P.L. 115-97, IRC 67(g), years 2018-2025",
        "My account lost 120000 in 2022",
        "my brokerage account 2018 2019 losses",
        "a loss of 1,000,000 on worthless stock",
    ],
)
def test_tax_figures_are_left_alone(text: str) -> None:
    result = scan(text)
    assert result.text == text
    assert result.kinds == []


def test_nine_digits_without_ssn_context_are_kept() -> None:
    # A bare 9-digit number could be an amount; only the words around it make it an SSN.
    assert mask("I had 123456789 in the plan") == "I had 123456789 in the plan"


@settings(max_examples=60, deadline=None)
@given(st.from_regex(r"\A[0-8]\d{2}-[0-9]{2}-\d{4}\Z"), st.text(alphabet="abc ,.?", max_size=30))
def test_any_formatted_ssn_is_masked(ssn: str, noise: str) -> None:
    assert ssn not in mask(f"{noise} my ssn {ssn} {noise}")


# -- one masker: what is stored or shown is masked by app.pii.mask and nothing else ---------------------------------

_PIECES = st.sampled_from([
    "my SSN is 123-45-6789", "I had 123456789 in the plan", "$123456789 loss", "call 555-123-4567",
    "born 03/04/1960", "card 4111 1111 1111 1111", "EIN 12-3456789", "a@b.com", "account number 12345678",
    "wire it to 123456789012", "I lost $3,000 in 2017", "Roth IRA 2022", "IRC 408A(d)(6)(B)(iii)",
])


@settings(max_examples=100, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=5).map(", ".join))
def test_a_conversation_stores_exactly_what_the_masker_gives(text: str) -> None:
    from app.conversation import Conversation
    from app.types import Answer

    reply = f"You asked about {text}. More."
    turn = Conversation().record(text, None, Answer(text=reply, verdict="unknown", source="retrieval", tax_year=2025))
    assert turn.question == mask(text)
    assert turn.answer_summary == mask(f"You asked about {text}.")
    assert mask(mask(text)) == mask(text)  # masking what was masked (the intake's output) changes nothing


@pytest.mark.parametrize("text", [
    # A placeholder used to count as the SSN's name: the second pass masked the amount 30 characters on.
    "my SSN is 123-45-6789, I had 123456789 in the plan, I had 123456789 in the plan",
    "DOB: March 3, 1975 and I sold on 1/2/2020",
])
def test_masking_twice_is_masking_once(text: str) -> None:
    assert mask(mask(text)) == mask(text)


def test_a_conversation_keeps_amounts_and_hides_what_pii_hides() -> None:
    # The conversation used its own masker: it turned this 9-digit amount into "[ID]" and kept the phone number,
    # the date of birth and the card number that app.pii masks.
    from app.conversation import Conversation

    text = "I lost $123456789 in my IRA; call 555-123-4567, born 03/04/1960, card 4111 1111 1111 1111"
    stored = Conversation().record(text).question
    assert "$123456789" in stored
    for secret in ("555-123-4567", "03/04/1960", "4111 1111 1111 1111"):
        assert secret not in stored
    assert stored == mask(text)


def test_the_feedback_store_masks_with_the_same_masker(tmp_path) -> None:
    from app.feedback import open_feedback_store
    from app.types import Answer

    question = "I lost $123456789; call 555-123-4567, SSN 123-45-6789"
    answer = Answer(text=f"You asked: {question}", verdict="unknown", source="retrieval", tax_year=2025)
    store = open_feedback_store(tmp_path / "feedback.sqlite3")
    store.save_feedback(conversation_id="c1", turn=1, rating=1, question=question, answer=answer,
                        corpus_version="v", comment=question)
    [rec] = store.list_feedback()
    assert (rec.question, rec.answer, rec.comment) == (mask(question), mask(answer.text), mask(question))
