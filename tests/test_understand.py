"""The understanding layer: numbers and their roles, years and their roles, asks with their kinds and polarity,
claims, follow-ups, Spanish, and long messages. Every case is a story written for this file."""
from __future__ import annotations

from decimal import Decimal

import pytest

from app.intake import MAX_CHARS, condense, take
from app.understand import Previous, is_followup, understand
from app.understand import text as T
from app.understand.language import detect, to_english, what_was_read


def _money(s: str) -> list[Decimal]:
    return [n.value for n in T.money(T.fold(s))]


@pytest.mark.parametrize("text, expected", [
    ("my IRA went from about $54k to $42k", [54000, 42000]),
    ("sold it for a 8k loss, gain 2500short term, carryover 4,200LT", [8000, 2500, 4200]),
    ("I have $1.2 million and £7,000 in an ISA", [1200000, 7000]),
    ("my 401(k) and 403(b), Form 8606 line 14, the 2024 K-1, a 1099-R, section 1244 stock", []),
    ("I'm 57 and bought 400 shares at 12% off in 2019", []),
])
def test_money_is_read_and_forms_ages_years_are_not(text: str, expected: list[int]) -> None:
    assert _money(text) == [Decimal(v) for v in expected]


def _roles(message: str) -> list[tuple[int, str | None]]:
    return [(int(a.value), a.role) for a in understand(message).case.amounts]


def test_roles_come_from_the_words_next_to_each_amount() -> None:
    roles = _roles("I contributed $26,500 over the years, never took anything out, and got back $19,200. "
                   "My AGI was $90,000 and I paid $400 for tax prep.")
    assert roles == [(26500, "contribution"), (19200, "distribution"), (90000, "income"), (400, "fee")]


def test_a_shared_noun_names_both_amounts_and_a_total_is_a_sum() -> None:
    assert _roles("My 403(b) is $40k: $32k pre-tax and $6k after-tax contributions went in.")[1:] == [
        (32000, "contribution"), (6000, "contribution")]
    roles = _roles("I put in $20,000 of deductible contributions and $15,000 of nondeductible ones - $35,000 total.")
    assert roles[-1] == (35000, "sum")


def test_carryover_short_and_long_term_parts_keep_their_character() -> None:
    case = understand("I'm carrying $30,000 of losses from 2022: $9,000 short-term and $21,000 long-term.").case
    parts = [(int(a.value), a.role, sorted(a.quals & {"short_term", "long_term"})) for a in case.amounts]
    assert parts == [(30000, "carryover", []), (9000, "carryover", ["short_term"]), (21000, "carryover", ["long_term"])]


@pytest.mark.parametrize("message, year, assumed", [
    ("We sold our cabin this year (2024) for $300,000. Can we deduct the loss?", 2024, False),
    ("Back in 2014 my mother closed all her IRAs and got less than her basis. Was it deductible?", 2014, False),
    ("I opened a Roth back in 2014 and have put money in since 2016. Can I deduct the drop?", 2025, True),
    ("I sold my 2019 Camry for less than I paid. Deductible?", 2025, True),
    ("How much do we deduct on the 2024 joint return and what's left for 2025?", 2024, False),
    ("Could a 2016 Roth conversion be recharacterized?", 2016, False),
])
def test_the_tax_year_is_the_event_or_return_asked_about(message: str, year: int, assumed: bool) -> None:
    case = understand(message).case
    assert (case.tax_year, case.year_assumed) == (year, assumed)


def test_a_named_year_outside_the_range_is_kept_so_the_caller_can_decline_it() -> None:
    assert understand("Can I deduct my IRA loss for 1975?").case.tax_year == 1975


def test_the_users_now_is_read_from_the_story() -> None:
    case = understand("It's November 20, 2018 and I converted in March 2017. Too late to undo it?").case
    assert case.now is not None and (case.now.year, case.now.month, case.now.day) == (2018, 11, 20)


def test_every_question_is_an_ask_with_its_kind_in_order() -> None:
    asks = understand("Did that trigger tax or the 10% penalty, and was the $5,000 actually deductible for 2016? "
                      "3 more: 1) what form do I use, 2) is it too late to amend, 3) can you file it for me").asks
    assert [a.kinds[0] for a in asks] == ["penalty", "deduct", "report", "deadline", "capability"]
    assert "taxable" in asks[0].kinds


def test_what_can_still_be_done_is_its_own_kind_of_ask() -> None:
    asks = understand("My Roth contribution was over the limit. What are my options? How do I fix it? "
                      "What can I do now? How much can I deduct?").asks
    assert [a.kinds[0] for a in asks] == ["remedy", "remedy", "remedy", "how_much"]


def test_a_month_alone_is_a_date_with_the_storys_year() -> None:
    from app.understand.text import dates

    found = dates("took it out in March 2025 and put it back in July, not May 5")
    assert [(d.year, d.month, d.day) for d in found] == [(2025, 3, None), (None, 7, None), (None, 5, 5)]


def test_polarity_is_kept() -> None:
    free, late, still, whole = understand(
        "Is any of it tax-free? Is it too late? Can I still recharacterize? Can I deduct the whole $9,000?").asks
    assert free.inverted and not late.inverted and still.inverted and whole.whole
    denied, plain = understand("Is it true the 10% penalty no longer applies to card debt? Do I owe the penalty?").asks
    assert denied.inverted and not plain.inverted


def test_a_statement_ending_in_question_marks_is_not_a_question() -> None:
    asks = understand("In March I put $7,000 into my Roth but my income ended up far too high so I think I wasn't "
                      "allowed to contribute at all?? Can I deduct the $500 it lost?").asks
    assert [a.kinds for a in asks] == [["deduct"]]


def test_no_question_asks_the_products_question() -> None:
    asks = understand("My IRA lost $15,000 in 2022.").asks
    assert asks[0].implicit and asks[0].kinds == ["deduct"]


def test_claims_are_not_facts_but_documents_are() -> None:
    case = understand("My coworker says I can deduct $10,000 a year. My 1099-B says the loss is $6,000. Right?").case
    claimed = [a for a in case.amounts if a.claim]
    assert [int(a.value) for a in claimed] == [10000]
    assert case.latest("loss") == Decimal(6000)


def test_follow_ups_are_told_from_new_questions() -> None:
    before = Previous(["My IRA lost $12,000 in 2024. Can I deduct it?"], [["deduct"]], ["Can I deduct it?"], 2024)
    assert is_followup("what about a Roth?", before)
    assert is_followup("and in 2016?", before)
    assert is_followup("what if we file separately instead?", before)
    assert not is_followup("what is the standard deduction?", before)
    assert not is_followup("what about a Roth?", Previous())


def test_a_year_only_follow_up_moves_the_year_the_question_was_about() -> None:
    asked = Previous(["Can I recharacterize the Roth conversion I made in 2021?"], [["deduct"]],
                     ["Can I recharacterize the Roth conversion I made in 2021?"], 2021)
    for year in (2017, 2022):  # before the event and after it: the question named the year, so it moves either way
        assert f"made in {year}" in understand(f"What about for {year}?", asked).messages[0]
    told = Previous(["I lost $10,000 selling stock in 2023. How much can I deduct?"], [["how_much"]],
                    ["How much can I deduct?"], 2023)
    later = understand("And in 2024?", told)  # the year after the loss: the loss stays in 2023
    assert "in 2023" in later.messages[0] and later.case.tax_year == 2024
    earlier = understand("And in 2019?", told)  # nothing told had happened yet in 2019: the story moves
    assert "in 2019" in earlier.messages[0] and earlier.case.tax_year == 2019


def test_a_what_if_re_asks_the_last_question_on_the_changed_case() -> None:
    before = Previous([("I'm 40. My Roth has $10,000 of contributions and a $15,000 conversion from 2022. I'll take out "
                       "$20,000 in 2025. Tax or penalty?")], [["penalty", "taxable"]], ["Tax or penalty?"], 2025)
    reading = understand("what if I wait and take it out in January 2027 instead?", before)
    assert reading.followup and reading.asks[0].kinds == ["penalty", "taxable"] and reading.case.tax_year == 2027


def test_spanish_is_read_through_the_glossary_and_said_back_in_spanish() -> None:
    message = "Vendí acciones con una pérdida de $5,000 en 2025, soltero. ¿Cuánto puedo restar?"
    assert detect(message) == "es"
    english = to_english(message)
    assert "loss" in english and "how much can I deduct" in english
    case = understand(message).case
    assert case.latest("loss") == Decimal(5000) and case.filing_status == "single"
    said = what_was_read([(a.role, a.value, a.quals) for a in case.amounts], case.tax_year, case.filing_status)
    assert "una pérdida de $5,000" in said and "soltero" in said


def test_a_long_message_keeps_its_question_at_the_end() -> None:
    story = "We went to the lake that summer and the kids loved it. " * 120
    message = story + "I sold my shares for a $6,000 loss in 2025. How much can I deduct?"
    kept, dropped = condense(message, MAX_CHARS)
    assert len(kept) <= MAX_CHARS and dropped > 0
    assert kept.endswith("How much can I deduct?") and "$6,000" in kept
    intake = take(message)
    assert any("left out" in w for w in intake.warnings) and "How much can I deduct?" in intake.text


def test_any_text_is_read_without_an_exception() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from app.rules import respond

    pieces = st.sampled_from(["$", "12,000", "5k", "2017", "IRA", "Roth", "(", ")", "?", "??", "1)", "sold", "bought",
                              "loss", "carryover", "what if", "too late", "right?", "my wife", "\u00bfCu\u00e1nto",
                              "401(k)", "-", ":", "\n", "10%", "Dec 31, 2025", "I'm 57", "back in 2014"])

    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.one_of(pieces, st.text(max_size=12)), max_size=40))
    def check(parts: list[str]) -> None:
        message = " ".join(parts)
        reading = understand(message)
        assert reading.asks and 1 <= len(reading.messages)
        respond(message, None)

    check()
