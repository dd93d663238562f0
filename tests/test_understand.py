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
    ("sold all 200 for $6,000 and bought 200 again for $6,200", [6000, 6200]),  # "again" is no gain
    # a comma-grouped figure before "ST"/"LT" is short- or long-term money, never an ordinal like "the 1st"
    ("carryover: 2,000 ST and 3,000 LT, paid on the 1st and the 22nd", [2000, 3000]),
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
    # a year standing alone beside the filing status heads the story
    ("Single, 2025. Short-term: $4,000 of gains and $11,000 of losses. That's how it works right?", 2025, False),
    ("MFJ 2024: stock losses of $9,000, no gains. What carries?", 2024, False),
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


def test_a_guess_at_law_not_yet_made_is_a_forecast_ask() -> None:
    asks = understand("Is the legislature going to increase the loss cap? What are the chances a bill to raise it "
                      "passes? Should we wait to realize losses? What is the cap today?").asks
    assert [a.kinds[0] for a in asks] == ["forecast", "forecast", "advice", "yesno"]


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
    (possible,) = understand("Can I recharacterize my 2025 Roth contribution, and by when?").asks
    assert possible.is_("deadline") and possible.inverted  # asks whether it is still possible, not whether too late
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
    assert is_followup("fine. for 2026 it looks like $4,000 of gains from a fund sale. what do i deduct?", before)
    assert is_followup("Next year (2026) we'll have a $9,000 gain and nothing else changes. How much then?", before)
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


def test_a_dead_persons_account_left_to_the_user_is_inherited() -> None:
    case = understand("My husband died in May. I'm the beneficiary on his IRA. Can I take $5,000 penalty free?").case
    assert case.inherited and all(m.owner == "self" for m in case.accounts)
    alive = understand("My husband's IRA lost $5,000 this year. Can he deduct it?").case
    assert not alive.inherited and alive.accounts[0].owner == "spouse"


def test_a_figure_repeated_bare_is_the_one_told_before() -> None:
    case = understand("I took $25,000 out of my IRA. How much of the $25,000 is taxable if it's worth $90,000 on "
                      "Dec 31?").case
    assert [a.role for a in case.amounts if a.value == Decimal(25000)] == ["distribution", "distribution"]


def test_holdings_named_by_their_taxable_account_are_in_it() -> None:
    from app.understand import understand
    case = understand("The taxable shares cost me $1,800 and the IRA ones $2,600.").case
    assert [(a.value, a.account) for a in case.amounts] == [(Decimal(1800), "taxable"), (Decimal(2600), "traditional_ira")]
@pytest.mark.parametrize("message, expected", [
    # a total named by its noun: "losses came to", "wins totaling" ("came to" alone reads as a contribution)
    ("Rough year: my losses came to $19,300 and my wins totaling $2,100.", [(19300, "loss"), (2100, "gain")]),
    ("My stock losses added up to $11,400 and my winners came to $3,900.", [(11400, "loss"), (3900, "gain")]),
    ("My contributions came to $6,000.", [(6000, "contribution")]),
    ("My 2025 taxable income before any capital loss is only $1,200.", [(1200, "taxable_income")]),
    ("We have $2,000 of short-term losses.", [(2000, "loss")]),
    ("I got a 1099-K for $12,000 for the car.", [(12000, "proceeds")]),
])
def test_a_total_is_the_role_of_the_noun_it_totals(message: str, expected: list[tuple[int, str]]) -> None:
    assert _roles(message) == expected


def test_a_pronoun_for_the_noun_before_takes_its_role() -> None:
    assert _roles("My carryover was $2,000 and hers was $5,000.") == [(2000, "carryover"), (5000, "carryover")]
    assert _roles("I contributed $5,000 and the account is $3,000 now.") == [(5000, "contribution"), (3000, "value")]


def test_spanish_holding_periods_and_the_carryover_question_are_read() -> None:
    message = ("Soy casado y declaramos por separado. En 2025 perdí $6,000 en acciones que tuve 5 meses y vendí otras "
               "que tenía desde 2018 con una ganancia de $1,000. ¿Cuánto puedo restar? ¿Y lo que sobra pasa a 2026 a "
               "corto o a largo plazo?")
    english = to_english(message)
    assert "I lost $6,000" in english and "held for 5 months" in english and "had since 2018" in english
    assert "carries to 2026" in english and "short-term or long-term" in english
    reading = understand(message)
    case = reading.case
    assert case.filing_status == "mfs" and case.latest("loss") == Decimal(6000)
    assert [a.kinds[0] for a in reading.asks] == ["how_much", "how_much"]
    assert "held formos" not in to_english("hacemos declaración conjunta")


def test_a_holding_period_past_and_belongs_to_the_next_sale() -> None:
    case = understand("In 2025 I sold shares held for 5 months with a loss of $6,000 and others held since 2018 with a "
                      "gain of $1,000. Then $4,000 short-term and $3,000 long-term losses.").case
    terms = [sorted(a.quals & {"short_term", "long_term"}) for a in case.amounts]
    assert terms == [["short_term"], ["long_term"], ["short_term"], ["long_term"]]


def test_the_users_own_belief_or_plan_for_the_return_is_a_claim_but_a_plan_to_act_is_a_fact() -> None:
    case = understand("I assume I deduct $3,000 and carry $6,000. My plan is to take the $3,000 loss deduction and pay "
                      "the 15% rate on the $8,300 gain. I'm planning to cash out $5,000 in May.").case
    assert [(int(a.value), a.claim) for a in case.amounts] == [(3000, True), (6000, True), (3000, True), (8300, True),
                                                                (5000, False)]


def test_a_holding_period_heading_qualifies_the_amounts_after_it() -> None:
    case = understand("Short-term: $4,000 of gains and $11,000 of losses. Long-term: a $1,200 loss and $9,500 of gains "
                      "held since 2019, then $300 short-term.").case
    terms = [sorted(a.quals & {"short_term", "long_term"}) for a in case.amounts]
    assert terms == [["short_term"], ["short_term"], ["long_term"], ["long_term"], ["short_term"]]


@pytest.mark.parametrize("message, year, assumed", [
    ("I had $1,000 of short-term gains in 2025. What do I deduct?", 2025, False),
    ("In 2024 I had $8,000 of losses. What carries?", 2024, False),
    ("In 2019 I had $50,000 in my IRA. Now it is $30,000. Can I deduct the drop?", 2025, True),
])
def test_a_gain_or_loss_someone_had_is_an_event_of_its_year(message: str, year: int, assumed: bool) -> None:
    case = understand(message).case
    assert (case.tax_year, case.year_assumed) == (year, assumed)


def test_two_questions_joined_in_one_sentence_are_two_asks() -> None:
    asks = understand("I'm 30 and cashed out my SIMPLE IRA for $4,000. Can I deduct the $500 drop, and what's the "
                      "penalty?").asks
    assert [a.kinds for a in asks] == [["deduct"], ["penalty"]]


def test_all_of_a_figure_asks_for_the_whole_amount() -> None:
    (ask,) = understand("I have a $26,500 net capital loss. Can I deduct all $26,500 this year?").asks
    assert ask.whole


def test_a_correction_continues_the_chain_and_asks_its_own_question() -> None:
    before = Previous(["I had a $15,000 net capital loss in 2024. How much carries to 2025?"], [["how_much"]],
                      ["How much carries to 2025?"], 2024)
    reading = understand("actually I never claimed it. can I just carry all $15,000 into 2025 instead?", before)
    assert reading.followup and reading.asks[0].kinds[0] == "yesno"


def test_a_what_if_waiting_until_a_date_moves_the_event_and_a_figure_referred_back_is_the_same_money() -> None:
    before = Previous(["I'm 44 and will take $25,000 from my Roth in November 2026. How much of the 25k is taxed?"],
                      [["taxable"]], ["How much of the 25k is taxed?"], 2026)
    assert understand("and if I wait until February 2027 to take it?", before).case.tax_year == 2027
    first = understand(before.messages[0]).case
    assert [(a.role, a.echo) for a in first.amounts] == [("distribution", False), ("distribution", True)]
