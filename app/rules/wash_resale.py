"""A wash sale whose replacement shares are sold later in the story: the loss disallowed at the first sale sits in
their basis and comes back in that later sale, with the old shares' holding period (IRC 1091(d), 1223(3); Pub 550
(2025) pages 86-87). So "is the loss gone?" is answered no, and the user's figures are checked against the worked
ones ("my only loss is $200" when the later sale realized $2,200).

The numbers are `wash_calc.resale` (read by `wash_story`); the wash sale itself is answered in topics/wash.py.
"""
from __future__ import annotations

import re
from decimal import Decimal

from app.rules.finding import money, yes_no
from app.rules.propositions import claims, plain_question
from app.rules.wash_story import Story, fmt_date
from app.types import Verdict
from app.understand.asks import Ask
from app.understand.case import Case

_I = re.IGNORECASE
# the user's fear that the wash sale took the loss for good ("is the $2,000 just gone?", "lost forever?")
_GONE = re.compile(r"\b(?:gone|lost|forever|for\s+good|wiped(?:\s+out)?|forfeit\w*|disappear\w*|vanish\w*|never\s+"
                   r"(?:get|see|use|recover))\b", _I)
_NOT_GONE = re.compile(r"\b(?:not|never|isn'?t|wasn'?t)\s+(?:\w+\s+)?(?:gone|lost)\b", _I)
_TERMS = {"long": "long-term", "short": "short-term"}


def net(story: Story) -> Decimal:
    """The loss sale's allowed part and the later sale's result together (negative: a net loss)."""
    r, later = story.result, story.resold
    return later.result - (r.allowed if r is not None else Decimal(0))


def _same_year(story: Story) -> bool:
    return bool(story.sale and story.sale.when and story.resale and story.resale.when
                and story.sale.when.year == story.resale.when.year)


def _result_words(value: Decimal, term: str | None) -> str:
    kind = "loss" if value < 0 else "gain"
    return f"{money(abs(value))} {_TERMS.get(term or '', '')} {kind}".replace("  ", " ")


def words(story: Story) -> tuple[str, list[tuple[str, str]]]:
    """The explanation and the worked rows of the later sale."""
    r, later, sale = story.resold, story.resale, story.sale
    if r is None or later is None or sale is None or sale.when is None or later.when is None or not story.lots:
        return "", []
    bought = story.lots[0][1]
    year = later.when.year
    held = {"long": "long-term, because their holding period includes that of the shares you sold",
            "short": "short-term: even with the holding period of the shares you sold added, they were held a year "
                     "or less"}.get(r.term or "", "short- or long-term by the holding period, which includes that of "
                                                 "the shares you sold")
    text = (f"The wash sale postponed the loss; it did not take it away. The {money(r.disallowed)} disallowed on your "
            f"{fmt_date(sale.when)} sale was added to the basis of the shares bought "
            f"{fmt_date(bought) if bought else 'back'} ({money(r.cost)} + {money(r.disallowed)} = {money(r.basis)}), "
            f"so selling them on {fmt_date(later.when)} for {money(r.proceeds)} gave a "
            f"{_result_words(r.result, None)} for {year}, {held}.")
    worked = f"{money(r.proceeds)} - {money(r.basis)} = {money(r.result)} ({_result_words(r.result, r.term)})"
    rows = [(f"{fmt_date(later.when)} sale: proceeds - basis", worked)]
    allowed = story.result.allowed if story.result is not None else Decimal(0)
    if _same_year(story):
        total = net(story)
        if allowed:
            text += (f" With the {money(allowed)} still allowed on the {fmt_date(sale.when)} sale, these trades give a "
                     f"{_result_words(total, None)} for {year}.")
            rows.append((f"These trades together for {year}", f"-{money(allowed)} + {money(r.result)} = {money(total)}"))
        else:
            rows.append((f"These trades together for {year}", f"{_result_words(total, r.term)}"))
    text += (f" Check that the Form 1099-B for the {fmt_date(later.when)} sale shows a basis of {money(r.basis)}: the "
             f"broker adds the disallowed loss when both trades were in the same account; if it shows only "
             f"{money(r.cost)}, adjust it on Form 8949.")
    return text, rows


def _figures(case: Case, ask: Ask) -> list[Decimal]:
    """The amounts the user puts forward as results: in the question, or in someone else's claim."""
    said = set(claims(case))
    return [a.value for a in case.amounts if (a.ask and a.sentence == ask.sentence) or (
        a.claim and case.sentence(a.sentence).text in said)]


def answer(ask: Ask, case: Case, story: Story) -> tuple[Verdict | None, str] | None:
    """The verdict and sentence of an ask about a wash sale whose replacement was sold later; None for the asks the
    wash sale answers itself (reporting, which year, an imagined purchase)."""
    r, later = story.resold, story.resale
    if r is None or later is None or later.when is None or story.sale is None or story.sale.when is None:
        return None
    total = net(story) if _same_year(story) else r.result
    known = {story.loss, r.disallowed, r.cost, r.basis, r.proceeds, abs(r.result), abs(total), later.amount,
             story.result.allowed if story.result else None}
    figures = _figures(case, ask)
    wrong = [v for v in figures if v not in known]
    said = " ".join([ask.text, *claims(case)])
    gone = bool(_GONE.search(said)) and not _NOT_GONE.search(said)
    line = (f"The {money(r.disallowed)} was not lost: it went into the basis of the replacement shares and came back "
            f"when you sold them on {fmt_date(later.when)}, so your {later.when.year} result from these trades is a "
            f"{_result_words(total, r.term)}" + (f", not {', '.join(money(v) for v in wrong)}" if wrong else "") + ".")
    prop = plain_question(ask)
    if ask.is_("how_much"):
        return None, line
    if prop == "basis":
        return "yes", line
    if prop == "deduct":
        return yes_no(ask, total < 0), line
    if gone or wrong:
        return "no", line
    if prop == "washed":
        return "yes", f"Yes, the first sale was a wash sale, but it only postponed the loss. {line}"
    if ask.is_("confirm"):
        return "yes", line
    return None, line
