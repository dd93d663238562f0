"""Rollovers: the 60-day rule, the 20% withheld from a plan payout, money parked or lost outside the IRA in between,
surrender charges, and after-tax plan money rolled into a traditional IRA.

Law (Pub 590-A (2025) pp. 22-27, 45; IRC 402(c), 408(d)(3), 3405(c)): a distribution redeposited in an IRA or plan by the
60th day is not taxed; what is not redeposited is a taxable distribution (plus 10% under 59 1/2 unless an exception
applies) in the year paid. The amount distributed is what is taxed, not what is left; a plan withholds 20% of an
eligible rollover distribution paid to you, which must be made up from other money to roll over the full amount
(withholding is credited on the return). A conversion by 60-day rollover is a conversion of what reaches the Roth;
an investment loss outside the IRA is a capital loss only if the money was invested in a taxable account and sold.
After-tax plan money rolled into a traditional IRA becomes IRA basis: no Form 8606 for the rollover year; it is
filed for the year of the first distribution or conversion, then the pro-rata rule applies.
"""
from __future__ import annotations

import re
from decimal import Decimal

from app.rules.finding import Finding, money, yes_no
from app.rules.penalty import early_tax
from app.rules.rollover_once import (
    BACK,
    DISTRIBUTION_RULES,
    TOOK,
    earlier_rollover,
    rollover_events,
    second_rollover,
)
from app.understand import text as T
from app.understand.asks import Ask
from app.understand.case import Case

_SIXTY = re.compile(r"\b60[\s-]*days?\b|\bsixty\s+days\b|\b60-day\b|\bwithin\s+\d+\s+days\b|\broll\w*\s+(?:it\s+)?over\b|"
                    r"\bredeposit\w*|\bdeposit\w*\b[^.?!]{0,50}\b(?:ira|roth|plan)\b|\b(?:put|paid|pay|returned?)\s+"
                    r"(?:it|the\s+money|\$?[\d,.]+k?)\s+back\b|\bborrow\w*\b[^.?!]{0,40}\b(?:ira|401|roth)",
                    re.IGNORECASE)
_LATER = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(day|week|month)s?\s+"
                    r"(?:later|after)", re.IGNORECASE)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
          "eleven": 11, "twelve": 12}


def _days_later(case: Case) -> int | None:
    """How many days after the distribution the money went back: "3 months later", or the dates told ("took it out
    in March, put it back in July"). Months without days count only when at least 3 apart (always past 60 days)."""
    back_told = " ".join(x.text for x in case.sentences if BACK.search(x.text))
    m = _LATER.search(back_told)  # "put it back 3 months later", not "the deal fell through two days later"
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else _WORDS[m.group(1).lower()]
        return n * {"day": 1, "week": 7, "month": 30}[m.group(2).lower()]
    took, returned = _event_date(case, TOOK), _event_date(case, BACK, last=True)
    if took is None or returned is None:
        return None
    year = took.year or case.tax_year
    start, end = took.as_date(year), returned.as_date(returned.year or year)
    if end < start and returned.year is None:
        end = end.replace(year=end.year + 1)
    if took.day is None or returned.day is None:
        months = (end.year - start.year) * 12 + end.month - start.month
        return months * 30 if months >= 3 else None
    return (end - start).days




def _event_date(case: Case, verb: re.Pattern[str], last: bool = False) -> T.DateMention | None:
    """The date told with an event ("on February 10 I took $50,000 out", "deposited it back on May 5"): the date
    closest to the event's verb in the first (or, for the put-back, the last) sentence that has both."""
    for s in (reversed(case.sentences) if last else case.sentences):
        if s.index in case.ask_sentences:
            continue
        m = verb.search(s.text)
        found = T.dates(s.text)
        if m and found:
            # the verb's own clause first ("sold it on May 2 and deposited it back on May 5")
            cuts = [0] + [c.end() for c in re.finditer(r",\s|;|\s(?:and|then|but)\s", s.text)] + [len(s.text)]
            lo = max(c for c in cuts if c <= m.start())
            hi = min(c for c in cuts if c > m.start())
            own = [d for d in found if lo <= d.start < hi]
            return min(own or found, key=lambda d: abs(d.start - m.start()))
    return None


# the money lost value outside the IRA: the inside-the-account loss answers would speak of a loss that is not there
_LOSS_RULES = ("ira-loss-*", "plan-loss-*", "roth-loss-*")
_SURRENDER = re.compile(r"surrender\s+charge|surrender\s+fee|back[\s-]*end\s+load", re.IGNORECASE)
_DIFFERENCE = re.compile(r"difference\s+between|what\s+i\s+put\s+in|less\s+than\s+(?:what\s+)?i\s+(?:put|paid)", re.IGNORECASE)
_OUTSIDE = re.compile(r"\b(?:brokerage|taxable|regular|normal|robinhood|schwab|fidelity|e\*?trade|webull)\s+account|"
                      r"\bparked|\binvested\s+it|\bin\s+the\s+meantime|\b(?:day[\s-]*trade|trade|bought|buy)\w*\b[^.?!]{0,60}"
                      r"\bwith\s+(?:it|the\s+money)|\bused\s+it\s+to\s+(?:buy|trade|invest)", re.IGNORECASE)
_ROLL_AFTER_TAX = re.compile(r"\broll(?:ing|ed|s)?\s+(?:\S+\s+){0,5}?(?:in)?to\s+(?:a|an|my|the)?\s*(?:traditional\s+|rollover\s+)?"
                             r"ira\b", re.IGNORECASE)


def sixty_day(case: Case, asks: list[Ask]) -> list[Finding]:
    if not (_SIXTY.search(case.text(asks=True)) or BACK.search(case.text(asks=True))):
        return []
    events = rollover_events(case)
    earlier = earlier_rollover(case)
    if len(events) == 1 and earlier is not None and 0 < (events[0][0] - earlier).days < 365:
        events = [(earlier, None), events[0]]  # "I did a 60-day rollover earlier this year (check of Feb 10)..."
    if len(events) >= 2 and (events[1][0] - events[0][0]).days < 365:
        return [second_rollover(case, asks, events)]
    gross = case.latest("distribution") or next((a.value for a in case.amounts if re.search(
        r"borrow|took|withdr", case.sentences[a.sentence].text, re.IGNORECASE) and not a.ask), None)
    late = _days_later(case)
    if gross is not None and late is not None and late > 60:
        return [_too_late(case, asks, gross, late)]
    deposited = next((a.value for a in reversed(case.amounts) if a.role in ("contribution", "distribution", "proceeds")
                      and (re.search(r"deposit|roll|put\s+(?:it\s+)?in", case.sentences[a.sentence].text, re.IGNORECASE)
                           or BACK.search(case.sentences[a.sentence].text)) and a.value != gross), None)
    kind = next((a.account for a in case.amounts if a.role == "distribution" and a.account), None)
    rows: list[tuple[str, str]] = []
    year = case.tax_year
    if gross is not None and deposited is not None and deposited < gross:
        kept = gross - deposited
        pen = early_tax(case, kept, kind, what="the part not rolled over")
        rows += [("Distributed (taxed in the year paid)", money(gross)), ("Redeposited within 60 days", money(deposited)),
                 ("Not rolled over: a taxable distribution", money(kept))] + pen.rows
        to_roth = case.says(r"\broth\b")
        text = (f"The whole {money(gross)} that came out counts for {year}: "
                + (f"the {money(deposited)} that reached the Roth within 60 days is a conversion (taxable, but no 10% on "
                   "it), " if to_roth else f"the {money(deposited)} redeposited within 60 days is a tax-free rollover, ")
                + f"and the {money(kept)} not put back is an ordinary taxable distribution. {pen.reason} The amount "
                "distributed is what is taxed, not what was left after the money lost value outside the IRA.")
        if case.says(r"withh[eo]ld"):
            text += (" Tax withheld counts as part of the distribution: it was paid to the IRS for you (a credit on "
                     "your return), so unless you made it up from other money within the 60 days, that withheld part "
                     "was not rolled over.")
        outside = _outside_loss(case, gross)
        answers = {}
        for a in asks:
            if a.is_("deduct") and re.search(r"withh[eo]ld", a.text, re.IGNORECASE):
                answers[a.index] = ("no", ("Tax withheld is not a deduction: it is a payment of your federal income "
                                          "tax, credited on your return (Form 1099-R box 4), and it still counts as "
                                          "part of the taxable distribution."))
            elif a.is_("deduct"):
                named = [x.value for x in case.amounts if x.ask and x.sentence == a.sentence]
                if outside or not named or kept in named:  # a question about another drop is the loss rules'
                    as_ira_loss = bool(re.search(r"\bas\s+an?\s+(?:ira|retirement)\s+loss", a.text, re.IGNORECASE))
                    answers[a.index] = ("yes" if outside and not as_ira_loss else "no",
                                        (f"Not as an IRA loss. {outside}" if as_ira_loss and outside else outside)
                                        or f"The {money(kept)} is not an IRA loss.")
            elif a.is_("penalty") and not a.is_("taxable"):
                answers[a.index] = (yes_no(a, bool(pen.applies)) if pen.applies is not None else "depends", pen.reason)
            elif a.is_("taxable", "yesno", "confirm", "how_much", "what_if", "remedy"):
                # "Can I just report it as $17,000?": a figure other than what came out is answered No
                short = any(x.ask and x.sentence == a.sentence and x.value < gross for x in case.amounts)
                answers[a.index] = ("no" if re.search(r"\bonly\b", a.text, re.IGNORECASE) or (
                    short and re.search(r"\bjust\b|\breport\b", a.text, re.IGNORECASE)) else None, text)
        facts = ("rollover-60-day", "money-lost-outside-ira", "early-distribution-tax")
        if outside:
            facts += ("capital-loss-limit",)
        told = " ".join(line for _, line in answers.values())
        detail = " ".join(part for part in (text, outside) if part and part not in told)
        return [Finding("rollover-60-day", answers, detail, facts, rows, weight=75,
                        supersedes=DISTRIBUTION_RULES + (_LOSS_RULES if outside else ()))]
    if gross is not None and deposited is None and late is not None and late <= 60:
        return [_in_time(case, asks, gross, late)]
    # the plan paid the money to the participant: what rolling it over within 60 days changes
    if gross is None:
        return []
    withheld = case.says(r"withh[eo]ld|20\s*%")
    kept_tax = early_tax(case, gross, kind, what="any part you don't roll over")
    text = (f"Yes: if you deposit the full {money(gross)} gross distribution in a traditional IRA (or another plan) "
            "within 60 days of receiving it, none of it is taxable now."
            + (" Because 20% was withheld, you must make up the withheld amount from other money to roll over the full "
               f"{money(gross)}; the withholding then comes back as a credit (tax payment) on your return."
               if withheld else "")
            + f" Any part you don't roll over is taxable for {year}, and {kept_tax.reason}")
    answers = {a.index: ("yes" if a.is_("what_if", "yesno") else None, text) for a in asks
               if a.is_("what_if", "yesno") and _SIXTY.search(a.subject)}
    if not answers:
        return []
    return [Finding("rollover-60-day", answers, "", ("rollover-60-day", "rollover-withholding",
                                                     "early-distribution-tax"), weight=70)]


def _in_time(case: Case, asks: list[Ask], gross: Decimal, days: int) -> Finding:
    """All of it put back within 60 days (dates told): a tax-free rollover, this year's one IRA-to-IRA rollover."""
    text = (f"Putting the {money(gross)} back {days} days later is within the 60 days, so it is a tax-free rollover: "
            f"none of it is taxable and there is no 10% additional tax. Report it on Form 1040 line 4a ({money(gross)}) "
            "with $0 on line 4b and the word \"Rollover\". It is your one IRA-to-IRA 60-day rollover for the next 12 "
            "months (across all your IRAs).")
    answers = {a.index: (yes_no(a, False) if a.is_("taxable", "penalty") else None, text)
               for a in asks if not a.is_("capability", "advice", "deduct")}
    return Finding("rollover-60-day", answers, "", ("rollover-60-day", "rollover-once-a-year"), weight=75,
                   supersedes=DISTRIBUTION_RULES)


def _too_late(case: Case, asks: list[Ask], gross: Decimal, late: int) -> Finding:
    """Money put back after more than 60 days: no rollover; the whole distribution is taxable (+10%)."""
    kind = next((a.account for a in case.amounts if a.account), None)
    pen = early_tax(case, gross, kind, what="the distribution")
    text = (f"Putting the money back about {late} days later is too late for a rollover: a distribution is tax-free "
            f"only if it is redeposited within 60 days. So the {money(gross)} is a taxable distribution for "
            f"{case.tax_year} (less any nondeductible basis). {pen.reason} An IRA has no loan feature; what you put "
            "back counts as a regular contribution for the year (an excess one owes 6% a year until removed).")
    reason = case.says(_WAIVER_REASON)
    if reason or any(a.is_("remedy") for a in asks):
        text += ((" Because of what kept you from it, you may not be stuck:" if reason else " The one way out:")
                 + " a waiver of the 60-day rule, automatic when the bank's own error caused the delay, by "
                 "self-certifying in writing to the IRA custodian that a listed reason (such as a serious illness, a "
                 "death in the family or the institution's error) kept you from redepositing in time and that you "
                 "deposited as soon as you could (Rev. Proc. 2020-46), or by a private letter ruling. If it holds, the "
                 "part you put back is a valid rollover and only the rest is taxable.")
    outside = _outside_loss(case, gross)
    answers = {}
    for a in asks:
        if a.is_("capability", "advice"):
            continue
        if a.is_("deduct") and outside:
            answers[a.index] = ("yes", outside)
        else:
            answers[a.index] = ("yes" if a.is_("taxable", "penalty", "yesno") and not a.inverted else None, text)
    return Finding("rollover-60-day", answers, "", ("rollover-60-day", "early-distribution-tax",
                                                     "excess-contribution") + (("capital-loss-limit",) if outside else ()),
                   pen.rows, weight=75, supersedes=DISTRIBUTION_RULES + (_LOSS_RULES if outside else ()))


_WAIVER_REASON = re.compile(r"\bhospital\w*|\bheart\s+attack|\bsurgery|\bcancer|\bstroke|\bserious(?:ly)?\s+ill|\billness|"
                            r"\bpassed\s+away|\bdied\b|\bdeath\b|\bbank(?:'s)?\s+(?:error|mistake)|\bcustodian(?:'s)?\s+"
                            r"(?:error|mistake)|\bpostal\s+error|\blost\s+in\s+the\s+mail|\bdisaster|\bhouse\s+fire|"
                            r"\bincarcerat\w*", re.IGNORECASE)


def _outside_loss(case: Case, gross: Decimal) -> str:
    """The money lost value outside the IRA (invested in a taxable account meanwhile): a capital loss there."""
    if not _OUTSIDE.search(case.text()):
        return ""
    back = next((a.value for a in reversed(case.amounts) if not a.ask and not a.claim and a.value < gross and re.search(
        r"deposit|roll|put\s+(?:it\s+)?(?:back|in)|back\s+into|sold", case.sentences[a.sentence].text, re.IGNORECASE)), None)
    lost = f"the {money(gross - back)} " if back is not None else "the "
    return (f"{lost.capitalize()}drop happened outside the IRA, in your taxable account: you bought an investment there with "
            "the money and sold it for less, so it is a capital loss (short-term if held a year or less) on Form 8949 "
            "and Schedule D, offsetting capital gains plus up to $3,000 of other income ($1,500 married filing "
            "separately), the rest carried forward. It does not reduce the taxable distribution.")


def plan_cash_out(case: Case, asks: list[Ask]) -> list[Finding]:
    """Surrender charges and 'what I put in vs what I got' on a pre-tax plan payout: no basis, nothing to deduct."""
    targets = [a for a in asks if a.is_("deduct") and (_SURRENDER.search(a.text) or _DIFFERENCE.search(a.text))]
    if not targets:
        return []
    gross = case.latest("distribution")
    text = ("No. Your deferrals were pre-tax, so you have no basis in the account: the surrender charge only reduced the "
            "distribution, and the shortfall between what went in and what came out is money that was never taxed. You "
            f"are taxed on the gross distribution{f' ({money(gross)}, box 1 of the Form 1099-R)' if gross else ''}, "
            "before any withholding, not on what you put in; a loss on closing the account was at most a miscellaneous "
            "itemized deduction, and those are not allowed for 2018 and later.")
    rows = [("Taxable gross distribution", money(gross))] if gross else []
    withheld = case.says(r"withh[eo]ld|20\s*%")
    detail = ("The plan withheld 20% of the payout as a tax payment; it is credited on your return." if withheld else "")
    return [Finding("plan-cash-out", {a.index: ("no", text) for a in targets}, detail,
                    ("ira-basis", "rollover-withholding", "plan-loss-2018-2025"), rows, weight=75)]


def after_tax_rollover(case: Case, asks: list[Ask]) -> list[Finding]:
    """After-tax plan money rolled into a traditional IRA: it stays basis; Form 8606 waits for the first withdrawal."""
    story = case.text(asks=True)
    if not (re.search(r"after[\s-]*tax", story, re.IGNORECASE) and _ROLL_AFTER_TAX.search(
            case.text(asks=True, turn=case.latest_turn))):
        return []  # the rollover being weighed now, not one the story mentions in passing
    targets = [a for a in asks if a.is_("taxable", "report") or re.search(r"8606|tax[\s-]*free", a.text, re.IGNORECASE)]
    if not targets:
        return []
    basis = next((a.value for a in reversed(case.amounts) if a.has("nondeductible") or a.role == "basis"), None)
    what = f"the {money(basis)} of after-tax money" if basis else "the after-tax money"
    answers = {}
    for a in targets:
        if a.is_("report") or re.search(r"8606", a.text):
            answers[a.index] = ("no", ("You generally don't file Form 8606 for the rollover year: you file it for the year "
                                      "you first take a distribution (or do a conversion) from your traditional IRAs."))
        else:
            answers[a.index] = ("yes", (f"Yes, {what} you roll into a traditional IRA becomes basis in your IRAs and the "
                                       "rollover itself is not taxed."))
    detail = ("From then on each withdrawal or conversion is partly tax-free under the pro-rata rule across all your "
              "traditional, SEP and SIMPLE IRAs, rather than the after-tax money coming out first; the market decline "
              "is still not deductible.")
    return [Finding("after-tax-rollover", answers, detail, ("after-tax-plan-money", "form-8606-required",
                                                             "ira-pro-rata"), weight=70)]


RULES = [sixty_day, plan_cash_out, after_tax_rollover]
