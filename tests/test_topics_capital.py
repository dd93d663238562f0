"""Capital losses, whose carryover it is, basis and personal-use property: real answers from app.rules.respond (the
packaged MiniLM runs the single-intent half), checked per ask and on the worked numbers."""
from __future__ import annotations

import pytest

from app.conversation import Conversation
from app.rules import respond


def ask(question: str, conversation: Conversation | None = None, tax_year: int | None = None):  # type: ignore[no-untyped-def]
    conversation = conversation if conversation is not None else Conversation()
    outcome = respond(question, conversation, tax_year=tax_year)
    conversation.record(question, outcome)
    assert outcome.answer is not None
    return outcome.answer


def verdicts(answer) -> list[str | None]:  # type: ignore[no-untyped-def]
    return [a.verdict for a in answer.asks]


def test_netting_limit_and_carryover_by_character() -> None:
    a = ask("Single, 2025. I sold one stock for a $7,000 short-term loss and another for a $2,000 long-term loss. "
            "How much do I deduct, and what carries over?")
    assert a.rule_id == "capital-loss-limit" and a.verdict == "yes"
    assert "$9,000 net capital loss" in a.text and "$6,000 ($4,000 short-term and $2,000 long-term)" in a.text
    assert "Short-term losses are used first" in a.text
    assert any(c.doc_id == "p550-2025" and c.page == 101 for c in a.citations)


def test_capital_gain_distribution_nets_and_a_wrong_figure_gets_no() -> None:
    a = ask("For 2025 my funds paid $1,200 in capital gain distributions and I sold bonds held for years at a $6,200 "
            "loss. So I deduct $3,000 and carry $3,200 forward, correct?")
    assert a.verdict == "no"
    assert "$5,000 net capital loss" in a.text and "$2,000 (long-term) carries to 2026" in a.text
    assert "$3,200 is not right" in a.text


def test_year_by_year_then_a_gain() -> None:
    a = ask("I had a $10,000 net capital loss in 2022, all long-term, and sold nothing in 2023 or 2024. In 2025 I sold "
            "shares held for years at a $2,500 gain. How much carryover is left going into 2026?")
    assert "2022: deduct $3,000, carry $7,000" in a.text and "2023: deduct $3,000, carry $4,000" in a.text
    assert "2024: deduct $3,000, carry $1,000" in a.text
    assert "nothing carries to 2026" in a.text and "$1,500 net long-term capital gain" in a.text


def test_a_follow_up_with_next_years_gain() -> None:
    conv = Conversation()
    first = ask("In 2024 I had $8,000 of short-term losses from trading and no gains, single. What carries to 2025?",
                conv)
    assert "$5,000 (short-term) carries to 2025" in first.text
    second = ask("and the year after? in 2025 I had a $6,500 short-term gain and nothing else", conv)
    assert "$1,500 net capital gain" in second.text or "$1,500 of net capital gain" in second.text


def test_taxable_income_below_zero_keeps_the_whole_carryover() -> None:
    a = ask("My income in 2025 is below my standard deduction. I have a $9,000 long-term capital loss carryover and "
            "no sales. Does the $3,000 reduce my carryover this year?")
    assert verdicts(a) == ["no"]
    assert "$9,000 (long-term) carries to 2026" in a.text and "Worksheet" in a.text


def test_a_loss_cannot_be_saved_for_a_later_year() -> None:
    a = ask("I lost $4,500 selling stock in 2025. Can I leave it off this year's return and deduct it all in 2026 "
            "instead?")
    assert verdicts(a) == ["no"]
    assert "whether or not you claim it" in a.text and "$1,500 can carry to 2026" in a.text


def test_an_unknown_notice_is_not_confirmed() -> None:
    a = ask("A blog said IRS Notice 2025-88 doubled the capital loss limit to $6,000. My 2025 net capital loss is "
            "$7,000, single, so I deduct $6,000, right?")
    assert a.verdict == "no"
    assert "I can't verify Notice 2025-88" in a.text and "$4,000 carries to 2026" in a.text
    assert "IRC 1211(b)" in a.text


def test_joint_to_separate_goes_to_the_spouse_who_had_the_loss() -> None:
    a = ask("Our 2024 joint return shows a $4,000 short-term carryover, all from my wife's brokerage account. For "
            "2025 we file separately. Can I deduct any of it on my return?")
    assert verdicts(a) == ["no"]
    assert "only by the spouse who actually had the loss" in a.text and "$1,500" in a.text
    assert a.rule_id == "carryover-joint-separate"


def test_whose_loss_unknown_asks_one_question_with_both_branches() -> None:
    a = ask("Our 2024 joint return had a $5,000 capital loss carryover. We're filing separately for 2025. How much "
            "can I deduct?")
    assert a.verdict == "depends" and a.choices
    assert "If the loss was yours" in a.text and "none of it goes on your return" in a.text


def test_decedent_carryover_ends_with_the_final_return() -> None:
    a = ask("My husband died in June 2025. He had a $20,000 long-term capital loss carryover from his own account. "
            "On our 2025 joint return I have a $4,000 long-term gain of my own. How much of his carryover is used, "
            "and can I keep using the rest in 2026?")
    assert verdicts(a) == ["yes", "no"]
    assert "$7,000 of the loss is used" in a.text and "remaining $13,000 ends with his final return" in a.text


def test_gift_basis_and_holding_period() -> None:
    a = ask("My mother gave me shares on May 10, 2023 that cost her $9,000; they were worth $6,000 that day. I sold "
            "them in 2025 for $5,000. Is my loss $4,000?")
    assert verdicts(a) == ["no"]
    assert "a $1,000 loss" in a.text and "May 11, 2023" in a.text and "long-term" in a.text


def test_inherited_basis_is_the_value_at_death() -> None:
    a = ask("I inherited a brokerage account from my aunt, who died in 2024, worth $50,000 on the date she died. I "
            "sold it all in 2025 for $44,000. Can I deduct a loss?")
    assert verdicts(a) == ["yes"]
    assert "date of death" in a.text and "$6,000 capital loss" in a.text and "$3,000 (long-term) carries" in a.text


def test_section_1244_ordinary_then_capital() -> None:
    a = ask("Single. In 2021 I invested $75,000 in newly issued shares of a small C corporation; it dissolved in 2025 "
            "and the shares are worthless. Can I deduct all $75,000 this year?")
    assert verdicts(a) == ["no"]
    assert "1244" in a.text and "$50,000" in a.text and "Form 4797" in a.text
    assert "$25,000 is a capital loss" in a.text and "$53,000 deductible for 2025" in a.text


def test_personal_car_sold_at_a_loss_with_a_1099k() -> None:
    a = ask("I sold my personal SUV for $18,000 and got a 1099-K; it cost me $30,000. Can I deduct the loss, and is "
            "the $18,000 taxable?")
    assert verdicts(a) == ["no", "no"]
    assert "personal-use property" in a.text and "no gain" in a.text and a.rule_id == "personal-use-loss"


def test_investment_land_counts_personal_property_does_not() -> None:
    a = ask("In 2025 we sold a boat we used for fun at a $12,000 loss and a parcel of land held as an investment at a "
            "$5,000 loss. MFJ. What can we deduct?")
    assert "$5,000" in a.text and "$2,000 carries to 2026" in a.text
    assert "boat ($12,000) is personal-use property" in a.text


@pytest.mark.parametrize("question", [
    "I sold my rental house at a loss of $30,000, can I deduct it?",
    "I'm carrying a $25,000 NOL forward from 2022; how much can I use in 2025 with $20,000 of taxable income?",
    "My Roth IRA is down $9,000 this year. Can I deduct it?",
])
def test_other_topics_stay_theirs(question: str) -> None:
    outcome = respond(question, Conversation())
    mine = {"capital-loss-limit", "carryover-joint-separate", "decedent-capital-loss", "gift-basis", "inherited-basis",
            "section-1244", "personal-use-loss"}
    assert not {f.rule for f in outcome.findings} & mine


def test_a_loan_that_became_uncollectible_is_a_short_term_capital_loss_of_that_year() -> None:
    a = ask("In 2019 I lent my cousin $6,000 with a signed note. In 2025 he went bankrupt and the debt was discharged. "
            "Single, and I had $1,000 of long-term gains in 2025. Is the loan a long-term capital loss?")
    assert verdicts(a) == ["no"] and a.rule_id == "capital-loss-limit"
    assert "nonbusiness bad debt" in a.text and "short-term" in a.text and "(2025)" in a.text
    assert "$5,000 net capital loss" in a.text and "$2,000 (short-term) carries to 2026" in a.text
    assert "treated as sold on December 31" not in a.text  # not a worthless security
    assert any(c.doc_id == "p550-2025" and c.page == 83 for c in a.citations)
    # a loan still being repaid is no loss at all
    paying = respond("I lent my cousin $6,000 in 2019 and he still pays me every month. Can I deduct the $6,000?",
                     Conversation())
    assert not any(f.rule == "capital-loss-limit" for f in paying.findings)


def test_deducting_the_loss_itself_is_yes_when_partly_allowed_but_a_larger_figure_is_no() -> None:
    a = ask("Single, 2025: sold stock at a $10,000 loss, no gains. Can I deduct the $10,000?")
    assert verdicts(a) == ["yes"] and "$3,000" in a.text and "$7,000" in a.text
    b = ask("Single, 2025: sold stock at a $10,000 loss, no gains. Can I deduct $5,000 this year?")
    assert verdicts(b) == ["no"] and "$3,000" in b.text
