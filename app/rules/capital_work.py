"""The capital-loss computation of a story, year by year, and the words and worked rows that show it.

A story's items (app/rules/capital_case.py) are put in the years they happened; a carryover enters the first year of
the computation after the return it came from; years in between with no sale still use up $3,000 each (said as an
assumption). The arithmetic is app/rules/capital_calc.py; this module only arranges it and writes it out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from app.rules import capital_calc as calc
from app.rules.capital_case import Item, Story
from app.rules.finding import money
from app.understand.case import Case

ZERO = Decimal(0)
_NEXT_YEAR = re.compile(r"\bnext\s+year\b|\bthe\s+year\s+after\b|\bfollowing\s+year\b", re.IGNORECASE)
_TI_ZERO = re.compile(
    r"taxable\s+income\s+(?:is|was|of|would\s+be|will\s+be|comes\s+to|came\s+to)?\s*(?:only\s+)?(?:zero|0|\$0|nothing|"
    r"negative|below\s+zero|less\s+than\s+zero)\b|\bno\s+taxable\s+income|(?:under|below|less\s+than)\s+(?:my|the|our)\s+"
    r"standard\s+deduction|standard\s+deduction\s+(?:wipes?|wiped|covers?|covered|eats?|ate|cancels?|cancel+ed)|"
    r"(?:wiped\s+out|covered|cancel+ed\s+out)\s+by\s+(?:my|the|our)\s+standard\s+deduction|deductions?\s+(?:are\s+|were\s+)?"
    r"(?:more|bigger|larger|greater)\s+than\s+(?:my|our)\s+income", re.IGNORECASE)


@dataclass
class Worked:
    years: list[calc.CapitalYear]
    filing: str | None
    unknown_term: bool  # some amounts had no holding period: their character is not said
    gap_years: list[int] = field(default_factory=list)  # years with no sale that still used the deduction
    ti_zero: bool = False  # taxable income before the loss was zero or less (the worksheet uses none)

    @property
    def last(self) -> calc.CapitalYear:
        return self.years[-1]

    @property
    def first(self) -> calc.CapitalYear:
        return self.years[0]

    @property
    def year(self) -> int:
        return self.last.year or 0

    def figures(self) -> set[Decimal]:
        """Every figure the computation produced: a claimed figure among them is right."""
        out: set[Decimal] = set()
        for r in self.years:
            out |= {r.deduction, r.used, r.carryover, r.carry_short_term, r.carry_long_term, r.net_loss,
                    r.taxable_gain, abs(r.net_short_term), abs(r.net_long_term), r.loss_used}
        return out


def taxable_income_before(case: Case, deduction_year: int) -> tuple[Decimal | None, bool]:
    """Taxable income figured without the capital loss deduction, when the story says it: a figure "before the loss",
    or zero or less ("the standard deduction wiped it out"). (None, False) when not said."""
    said = [a for a in case.amounts if a.role == "taxable_income" or a.role in ("loss", "income", "value") and
            re.search(r"taxable\s+income\b[^$.;!?]{0,50}$", case.sentence(a.sentence).text[max(0, a.pos - 60):a.pos],
                      re.IGNORECASE)]
    for a in reversed(said):
        before = re.search(r"\bbefore\b", case.sentence(a.sentence).text[a.pos:a.pos + 80], re.IGNORECASE) or \
            re.search(r"\bbefore\b[^.]{0,40}$", case.sentence(a.sentence).text[:a.pos], re.IGNORECASE)
        if before:
            return a.value, a.value <= 0
        if a.value <= 0:
            return ZERO, True
    if case.says(_TI_ZERO):
        return ZERO, True
    # income and the standard deduction both told ("income was about $16,000 ... the standard deduction ($14,600)"):
    # taxable income before the loss is their difference (Form 1040 line 15 without the capital loss)
    income = [a for a in case.amounts if a.role == "income" and not a.ask and a.year in (None, deduction_year)]
    standard = [a for a in case.amounts if not a.ask and a.role in (None, "deduction", "expense") and re.search(
        r"standard\s+deduction[^$.;!?]{0,15}$", case.sentence(a.sentence).text[max(0, a.pos - 40):a.pos], re.IGNORECASE)]
    if income and standard:
        before = income[-1].value - standard[-1].value
        return max(before, ZERO), before <= 0
    return None, False


def item_year(story: Story, item: Item) -> int:
    if item.year is not None:
        return item.year
    a = item.amount
    if a is not None and a.turn > 0 and _NEXT_YEAR.search(" ".join(
            s.text for s in story.case.sentences if s.turn == a.turn)):
        earlier = [i.year for i in story.items if i.year and i.amount and i.amount.turn < a.turn and i.kind != "carryover"]
        return (max(earlier) if earlier else story.case.tax_year) + 1
    return story.target


def work(story: Story, items: list[Item] | None = None, *, filing: str | None = None,
         through: int | None = None) -> Worked | None:
    """The computation on these items (default: the story's capital items), from the first year with a sale or the
    carryover's entry to the year asked about (`through`)."""
    items = story.capital if items is None else items
    if not items:
        return None
    case = story.case
    filing = filing if filing is not None else case.filing_status
    sales = [i for i in items if i.kind != "carryover"]
    years_of = {id(i): item_year(story, i) for i in sales}
    last = max([through or story.target] + list(years_of.values()))
    carries = [i for i in items if i.kind == "carryover"]
    # a carryover enters the year after the return it came from ("from 2022", "our 2024 return")
    entries = [c.year + 1 for c in carries if c.year is not None]
    last = max([last] + entries)  # "our 2024 return shows a carryover": the question is about the year it enters
    first = min(list(years_of.values()) + entries + [last])
    unknown = any(i.term is None for i in items)
    activity = []
    ti, ti_zero = taxable_income_before(case, last)
    gaps = []
    for y in range(first, last + 1):
        here = [i for i in sales if years_of[id(i)] == y]
        if not here and y != last:
            gaps.append(y)
        activity.append(calc.YearActivity(
            y, _sum(here, "gain", "st"), _sum(here, "loss", "st"), _sum(here, "gain", "lt"), _sum(here, "loss", "lt"),
            ti if y == last else None))
    results = calc.carry_forward(activity, st_carryover=_sum(carries, "carryover", "st"),
                                 lt_carryover=_sum(carries, "carryover", "lt"), filing_status=filing)
    return Worked(results, filing, unknown, gaps, ti_zero)


def _sum(items: list[Item], kind: str, term: str) -> Decimal:
    """Amounts of one kind and character; an amount whose holding period was not said is counted as short-term
    (its character is then not stated in the answer)."""
    return sum((i.value for i in items if i.kind == kind and (i.term or "st") == term), ZERO)


# ---- words --------------------------------------------------------------------------------------------------------
def carry_words(r: calc.CapitalYear, unknown: bool) -> str:
    """"$6,700 ($2,500 short-term and $4,200 long-term)"."""
    if r.carryover == 0:
        return "nothing"
    if unknown:
        return money(r.carryover)
    if r.carry_short_term and r.carry_long_term:
        return (f"{money(r.carryover)} ({money(r.carry_short_term)} short-term and {money(r.carry_long_term)} "
                "long-term)")
    return f"{money(r.carryover)} ({'short' if r.carry_short_term else 'long'}-term)"


def net_words(r: calc.CapitalYear, unknown: bool) -> str:
    if r.net < 0:
        return f"a {money(r.net_loss)} net capital loss"
    if r.net == 0:
        return "no net gain or loss"
    if unknown or (r.net_long_term <= 0 < r.net_short_term) or r.net_short_term > 0 and r.net_long_term > 0:
        return f"a {money(r.net)} net capital gain"
    return f"a {money(r.net)} net long-term capital gain"


def _part(gains: Decimal, losses: Decimal, carry: Decimal, net: Decimal) -> str:
    terms = [money(gains)] if gains else []
    if losses:
        terms.append(f"- {money(losses)}" if terms else f"-{money(losses)}")
    if carry:
        terms.append(f"- {money(carry)} carryover" if terms else f"-{money(carry)} carryover")
    return f"{' '.join(terms) or '$0'} = {money(net)}"


def rows(w: Worked) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for r in w.years[:-1]:
        out.append((f"{r.year}: {net_words(r, w.unknown_term)}", (f"deduct {money(r.deduction)}, carry "
                                                                   f"{carry_words(r, w.unknown_term)} to {(r.year or 0) + 1}")))
    r = w.last
    if w.unknown_term and not (r.lt_gains or r.lt_losses or r.lt_carry_in):
        label = "gains - losses - carryover" if r.st_carry_in else "gains - losses"
        out.append((f"{r.year}: {label}", _part(r.st_gains, r.st_losses, r.st_carry_in, r.net)))
    else:
        if r.st_gains or r.st_losses or r.st_carry_in:
            out.append((f"{r.year} short-term (Schedule D line 7)", _part(r.st_gains, r.st_losses, r.st_carry_in,
                                                                         r.net_short_term)))
        if r.lt_gains or r.lt_losses or r.lt_carry_in:
            out.append((f"{r.year} long-term (line 15)", _part(r.lt_gains, r.lt_losses, r.lt_carry_in,
                                                              r.net_long_term)))
    if r.net < 0:
        out.append(("Net capital loss (line 16)", money(r.net_loss)))
        out.append((f"Deduction for {r.year}: the lesser of {money(r.limit)} or the net loss", money(r.deduction)))
        if r.used != r.deduction:
            out.append((("Used up (Capital Loss Carryover Worksheet line 4: taxable income before the loss is "
                        f"{'zero or less' if r.used == 0 else 'only ' + money(r.used)})"), money(r.used)))
        out.append((f"Carryover to {(r.year or 0) + 1}", carry_words(r, w.unknown_term)))
    else:
        out.append(("Net capital gain (line 16), taxed" if r.net > 0 else "Net (line 16)", money(r.net)))
        out.append((f"Carryover to {(r.year or 0) + 1}", "nothing"))
    return out


def main_sentence(w: Worked, *, carry_first: bool = False) -> str:
    r, y = w.last, w.year
    unknown = w.unknown_term
    history = ""
    if len(w.years) > 1:
        history = " ".join(f"{x.year}: deduct {money(x.deduction)}, carry {carry_words(x, unknown)}." for x in w.years[:-1])
        history += " "
    if r.net == 0 and not (r.st_gains or r.lt_gains or r.losses_in):
        return f"{history}Nothing is left for {y}: no loss to deduct and nothing carries to {y + 1}."
    if r.net >= 0:
        tail = f"so there is no capital loss to deduct for {y} and nothing carries to {y + 1}"
        return f"{history}For {y} your gains and losses net to {net_words(r, unknown)}, {tail}."
    if r.used < r.deduction:
        used = "none of the loss as used" if r.used == 0 else f"only {money(r.used)} as used"
        return (f"{history}For {y} the {money(r.deduction)} deduction still shows on your return, but your taxable "
                f"income before it was {'zero or less' if r.used == 0 else 'only ' + money(r.used)}, so the Capital Loss "
                f"Carryover Worksheet counts {used}: {carry_words(r, unknown)} carries to {y + 1}.")
    carry = (f"{carry_words(r, unknown)} carries to {y + 1}" if r.carryover else f"there is no carryover left for {y + 1}")
    deduct = (f"you deduct your whole {money(r.net_loss)} net capital loss" if r.deduction == r.net_loss else
              f"you deduct {money(r.deduction)} of your {money(r.net_loss)} net capital loss")
    if carry_first and r.carryover:
        return f"{history}{carry[0].upper()}{carry[1:]}: for {y} {deduct} against other income."
    return f"{history}For {y} {deduct} against other income, and {carry}."


def taxable_sentence(w: Worked) -> str:
    r, y = w.last, w.year
    if r.taxable_gain > 0:
        return (f"For {y}, {money(r.taxable_gain)} of net capital gain is taxed after netting ({net_words(r, w.unknown_term)}); "
                f"nothing carries to {y + 1}.")
    return f"After netting, none of your gains is taxed for {y}. {main_sentence(w)}"


def character_sentence(w: Worked) -> str:
    r = w.last
    if w.unknown_term:
        return ("It keeps the character of the losses it came from: short-term for shares held a year or less, "
                f"long-term for more. {main_sentence(w)}")
    if not r.carryover:
        return f"Nothing carries to {w.year + 1}, so there is no character to keep."
    lines = " and ".join(x for x, v in (("line 6 (short-term)", r.carry_short_term), ("line 14 (long-term)",
                                                                                      r.carry_long_term)) if v)
    return f"It keeps its character: {carry_words(r, False)} carries to {w.year + 1}, entering Schedule D {lines}."


def defer_sentence(w: Worked) -> str:
    r = w.first
    return (f"You can't pick the year. For {r.year} the allowable deduction is {money(r.deduction)} (the lesser of "
            f"{money(r.limit)} or your {money(r.net_loss)} net loss), and the carryover worksheet subtracts it whether or "
            f"not you claim it, so only {carry_words(r, w.unknown_term)} can carry to {(r.year or 0) + 1}. Leaving the "
            f"loss off your {r.year} return would simply waste that {money(r.deduction)}; claim it for {r.year}.")
