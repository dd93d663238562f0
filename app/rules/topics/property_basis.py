"""The loss on property whose basis is not what the seller paid: a gift, an inheritance, and section 1244 stock.

Base rules: a gift's basis for a loss is the lesser of the donor's adjusted basis and the fair market value on the day
of the gift, and with that value as basis the holding period starts the day after the gift (IRC 1015; Pub 550 (2025)
pp. 60, 82); inherited property's basis is its fair market value at the date of death and any gain or loss is
long-term (IRC 1014; Pub 550 (2025) pp. 61, 82). Exception for original-issue stock of a small business corporation:
up to $50,000 a year ($100,000 on a joint return) of the loss is ordinary, on Form 4797, the rest capital (IRC 1244;
Pub 550 (2025) p. 80). The capital part of each joins the netting and the $3,000 limit (app/rules/capital_work.py).
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from app.rules import capital_calc as calc
from app.rules import capital_case as cc
from app.rules import capital_kinds as ck
from app.rules.capital_work import Worked, main_sentence, rows, work
from app.rules.finding import Finding, Missing, money, yes_no
from app.understand import text as T
from app.understand.asks import Ask
from app.understand.case import Amount, Case

_AT_DEATH = re.compile(r"\bdate\s+(?:of\s+(?:his|her|their)?\s*death|(?:he|she|they)\s+died)|\bwhen\s+(?:he|she|they|"
                       r"\w+)\s+(?:died|passed)|\bat\s+(?:his|her|their)\s+death|\bdied\b|\bpassed\b|\binherit\w*|\bthen\b",
                       re.IGNORECASE)
_AT_GIFT = re.compile(r"\bgift|\bgave\b|\bgiven\b|\bwhen\s+(?:he|she|they)\s+(?:gave|transfer)", re.IGNORECASE)
_ORIGINAL = re.compile(r"\b(?:directly|straight)\s+from\s+the\s+company\b|\bnewly\s+issued\b|\boriginal[\s-]+issue\b|"
                       r"\bissued\s+(?:to\s+me|directly)\b|\bfounder\b|\bwhen\s+it\s+raised\b|\b(?:seed|first|funding)\s+"
                       r"round\b|\binvested\b|\bput\s+\$?[\d,]+k?\s+(?:\w+\s+)?into\b", re.IGNORECASE)
_SECONDHAND = re.compile(r"\bfrom\s+(?:one\s+of\s+)?(?:the\s+|a\s+|an\s+|another\s+|my\s+|his\s+|her\s+)?(?:co-?founders?|"
                         r"founders?|shareholders?|investors?|owners?|friend|employee|partner)\b(?!'s)|\bon\s+the\s+"
                         r"(?:market|exchange)\b|\bsecondary\s+market\b|\binherited\b|\bgift|\b(?:for|bought|purchased)\s+(?:his|her|their)\s+"
                         r"(?:shares|stock)\b", re.IGNORECASE)
_INVESTED = re.compile(r"\b(?:invested|put|bought|purchased|paid|spent)\b", re.IGNORECASE)
_WORTHLESS = re.compile(r"\bworthless|\bwent\s+(?:bust|under|bankrupt)|\bshut\s+down|\bdissolv\w*|\bfolded\b",
                        re.IGNORECASE)
FACTS_GIFT = ("gift-basis", "capital-loss-limit", "capital-netting")
FACTS_INHERITED = ("inherited-basis", "capital-loss-limit", "capital-netting")
FACTS_1244 = ("section-1244", "worthless-security", "worthless-year", "capital-loss-limit", "capital-loss-carryover")


def _facts(case: Case, *roles: str, near: re.Pattern[str] | None = None, taxable_only: bool = False) -> list[Amount]:
    found = [a for a in case.amounts if a.role in roles and not a.ask and not (taxable_only and a.account not in
                                                                               (None, "taxable"))]
    if near is not None:
        close = [a for a in found if near.search(case.sentence(a.sentence).text)]
        found = close or found
    return found


def _sale_price(case: Case) -> tuple[Decimal | None, bool]:
    """What it sold for; (value, True) when the sale is only planned ("if I sell everything") at today's value."""
    sold = _facts(case, "proceeds")
    if sold:
        return sold[-1].value, False
    now = [a for a in _facts(case, "value", taxable_only=True) if re.search(
        r"\bnow\b|\bdown\s+to\b|\btoday\b|\bcurrently\b", case.sentence(a.sentence).text, re.IGNORECASE)]
    return (now[-1].value, True) if now else (None, False)


def _check(case: Case, story: cc.Story, ask: Ask, right: set[Decimal]) -> bool | None:
    """A figure the ask states ("is my gain $24,000?", "so my loss is $11,000, right?"): True when it is right."""
    said = [a.value for a in story.claimed if a.sentence == ask.sentence and a.role in ("gain", "loss", None)]
    if not said:
        return None
    return all(v in right for v in said)


def _answers(case: Case, story: cc.Story, asks: list[Ask], loss: Decimal, gain: Decimal, lead: str,
             w: Worked | None) -> dict[int, tuple]:
    figures = (w.figures() if w else set()) | {loss, gain}
    tail = f" {main_sentence(w)}" if w and loss else ""
    out: dict[int, tuple] = {}
    for ask in asks:
        if ask.is_("capability", "advice", "penalty", "deadline"):
            continue
        right = _check(case, story, ask, figures)
        if right is not None:
            out[ask.index] = ("yes" if right else "no", lead + tail)
        elif ask.is_("taxable"):
            out[ask.index] = (yes_no(ask, gain > 0), lead)
        elif ask.is_("deduct", "how_much", "yesno", "explain", "what_if", "confirm") or ask.implicit:
            out[ask.index] = (None if ask.kind in ("explain", "what_if", "yesno") else yes_no(ask, loss > 0), lead + tail)
    return out


# ---- a gift --------------------------------------------------------------------------------------------------------
def _gift_dates(case: Case) -> tuple[date | None, date | None]:
    gift = sale = None
    for s in case.sentences:
        for d in T.dates(s.text):
            if d.year and _AT_GIFT.search(s.text) and gift is None:
                gift = d.as_date(d.year)
            elif d.year and re.search(r"\bsold\b", s.text, re.IGNORECASE):
                sale = d.as_date(d.year)
    return gift, sale


def gift(case: Case, asks: list[Ask]) -> list[Finding]:
    if not ck.gift_story(case) or ck.inherited_story(case):
        return []
    story = cc.read(case)
    donor, fmv = _facts(case, "cost", "basis"), _facts(case, "value", near=_AT_GIFT)
    price, _ = _sale_price(case)
    if not donor or price is None:
        return []
    if not fmv:
        missing = Missing("What were the shares worth on the day of the gift?",
                          [(f"If they were worth at least the donor's {money(donor[0].value)} basis, your basis is "
                           "that basis and the donor's holding period counts as yours."),
                           "If they were worth less, that lower value is your basis for figuring a loss."], [])
        answers = {a.index: ("depends", "It depends on the value on the day of the gift.") for a in asks}
        return [Finding("gift-basis", answers, "", FACTS_GIFT, missing=missing, weight=70)]
    g = calc.gift_sale(donor[0].value, fmv[0].value, price)
    given, sold = _gift_dates(case)
    term = "lt"
    holding = ""
    if g.loss and g.fmv_rule:
        start = given + timedelta(days=1) if given else None
        if start and sold:
            term = "lt" if sold > start.replace(year=start.year + 1) else "st"
        holding = (f" Because your basis is the value on the day of the gift, your holding period starts the day after "
                   f"the gift{' (' + start.strftime('%B %-d, %Y') + ')' if start else ''}, so the loss is "
                   f"{'long' if term == 'lt' else 'short'}-term" + ("" if start and sold else " if you sold more than "
                                                                    "a year after that") + ".")
    loss, gain = g.loss, g.gain
    item = cc.Item("loss" if loss else "gain", loss or gain, term, None, "self", "securities", "gift", False)
    w = work(story, story.capital + [item]) if loss or gain else None
    if g.fmv_rule and not loss and not gain:
        lead = (f"There is neither gain nor loss: the shares were worth {money(g.fmv_at_gift)} on the day of the gift, "
                f"less than the donor's {money(g.donor_basis)} basis, so a loss is figured from {money(g.fmv_at_gift)} "
                f"and a gain from {money(g.donor_basis)}; your {money(price)} sale price lies between the two, so there "
                "is no gain and no deductible loss.")
    elif g.fmv_rule and loss:
        lead = (f"Because the shares were worth less on the day of the gift ({money(g.fmv_at_gift)}) than the donor's "
                f"basis ({money(g.donor_basis)}), your basis for figuring a loss is their fair market value on the date "
                f"of the gift: {money(g.fmv_at_gift)} - {money(price)} = a {money(loss)} loss. The "
                f"{money(g.donor_basis - g.fmv_at_gift)} drop while the donor held them isn't deductible by either of "
                f"you.{holding}")
    else:
        result = f"a {money(gain)} gain" if gain else f"a {money(loss)} loss"
        lead = (f"Your basis is the donor's {money(g.donor_basis)} basis (the value on the day of the gift was not "
                f"lower), and the donor's holding period counts as yours: {money(price)} - {money(g.donor_basis)} = "
                f"{result}.")
    return [Finding("gift-basis", _answers(case, story, asks, loss, gain, lead, w), "", FACTS_GIFT,
                    rows(w) if w else [], weight=70)]


# ---- an inheritance ------------------------------------------------------------------------------------------------
def inherited(case: Case, asks: list[Ask]) -> list[Finding]:
    if not ck.inherited_story(case):
        return []
    story = cc.read(case)
    at_death = [a for a in _facts(case, "value", near=_AT_DEATH, taxable_only=True)
                if not a.has("year_end") and not re.search(r"\bnow\b|\bdown\s+to\b", case.sentence(a.sentence).text[
                    max(0, a.pos - 20):a.pos], re.IGNORECASE)]
    price, planned = _sale_price(case)
    if not at_death or price is None:
        return []
    fmv = at_death[0].value
    result = calc.sale_result(fmv, price)
    loss, gain = max(Decimal(0), -result), max(Decimal(0), result)
    who = ck.death_of(case)
    _, pos = ck.decedent_words(case, who[0] if who else "other")
    subject = {"his": "he", "her": "she"}.get(pos, "they")
    item = cc.Item("loss" if loss else "gain", loss or gain, "lt", None, "self", "securities", "inherited", False)
    w = work(story, story.capital + [item]) if loss or gain else None
    sold = f"selling for {money(price)}" if planned else f"your {money(price)} sale"
    what = f"a {money(loss)} capital loss" if loss else (f"a {money(gain)} capital gain" if gain else "no gain or loss")
    real = case.says(r"\b(?:house|home|property|land|condo|cabin|farm)\b")
    lead = (f"Inherited {'property takes' if real else 'stocks and funds take'} a basis equal to "
            f"{'its' if real else 'their'} fair market value on the date of death "
            f"({money(fmv)}, when {subject} died), not what {subject} paid, so {sold} gives {what}, treated as "
            "long-term however long you held it.")
    if planned:
        lead += " The loss counts only when you actually sell."
    if loss:
        lead += " It offsets capital gains plus up to $3,000 a year of other income, with the rest carried forward."
    return [Finding("inherited-basis", _answers(case, story, asks, loss, gain, lead, w), "", FACTS_INHERITED,
                    rows(w) if w else [], weight=45)]


# ---- section 1244 stock ---------------------------------------------------------------------------------------------
def _invested(case: Case) -> tuple[Decimal | None, Amount | None]:
    for a in case.amounts:
        if a.ask or a.claim:
            continue
        before = case.sentence(a.sentence).text[max(0, a.pos - 40):a.pos]
        if a.role in ("contribution", "cost", "basis") or (a.role is None and _INVESTED.search(before)):
            return a.value, a
    return None, None


def small_business(case: Case, asks: list[Ask]) -> list[Finding]:
    if not ck.small_business_story(case) or ck.gift_story(case) or ck.inherited_story(case):
        return []
    story = cc.read(case)
    paid, where = _invested(case)
    losses = [a for a in case.amounts if a.role == "loss" and not a.ask and not a.claim]
    price, _ = _sale_price(case)
    worthless = case.says(_WORTHLESS)
    loss = losses[-1].value if losses else (paid - (price or Decimal(0)) if paid and (price or worthless) else None)
    if not loss or loss <= 0:
        return []
    year = story.target
    bought = [y for y, _ in T.years(case.sentence(where.sentence).text)] if where else []
    term = "lt" if bought and bought[0] <= year - 2 else ("st" if bought and bought[0] == year else None)
    when = f" (treated as sold on December 31, {year})" if worthless else ""
    # qualifies: True (bought from the company), False (bought from another holder), None (not said)
    qualifies = False if case.says(_SECONDHAND) else (True if case.says(_ORIGINAL) else None)
    split = calc.section_1244(loss, case.filing_status)
    capital = [cc.Item("loss", split.capital, term, year, "self", "securities", "1244")] if split.capital else []
    w = work(story, story.capital + capital) if capital or story.capital else None
    used = w.last.deduction if w else Decimal(0)
    total = split.ordinary + used
    if split.capital:
        rest = (f"the other {money(split.capital)} is a capital loss on Form 8949{when}: {money(used)} of it offsets "
                f"other income in {year} and {money(w.last.carryover) if w else '$0'} carries forward")
        qualified = (f"If the shares qualify as section 1244 stock, up to {money(split.limit)} a year "
                     f"({'joint return' if case.filing_status == 'mfj' else 'single or separate return'}) is an "
                     f"ordinary loss, reported on Form 4797 line 10, which offsets your salary and other income; {rest}. "
                     f"That is {money(total)} deductible for {year}.")
    else:
        qualified = (f"If the shares qualify as section 1244 stock, the whole {money(loss)} is an ordinary loss (the "
                     f"limit is {money(split.limit)} a year{' on a joint return' if case.filing_status == 'mfj' else ''})"
                     f", reported on Form 4797 line 10, so it offsets salary and other income in full for {year}.")
    w_cap = work(story, story.capital + [cc.Item("loss", loss, term, year, "self", "securities", "1244")])
    assert w_cap is not None
    otherwise = (f"If they don't qualify, the whole {money(loss)} is a capital loss{when}: it offsets capital gains "
                 f"plus {money(w_cap.last.limit)} a year of other income, the rest carried forward.")
    conditions = ("Section 1244 needs stock you bought yourself, for money or property, directly from a domestic "
                  "corporation whose paid-in capital was $1,000,000 or less when issued, and that earned most of its "
                  "receipts from an operating business (not investments); a buyer from another shareholder does not "
                  "qualify.")
    if qualifies is False:
        lead = (f"No ordinary loss: the shares were bought from another holder, not issued to you by the company, so "
                f"section 1244 does not apply. The whole {money(loss)} is a capital loss{when}. {main_sentence(w_cap)}")
        total, worked = w_cap.last.deduction, rows(w_cap)
    else:
        lead = qualified
        worked = [("Loss on the stock", money(loss)), (f"Ordinary loss, section 1244 (limit {money(split.limit)})",
                                                       money(split.ordinary)),
                  ("Capital loss (the rest)", money(split.capital))] + (rows(w) if w and capital else [])
    missing = None if qualifies is not None else Missing(
        "Did you buy the shares directly from the company when it issued them, for money or property?",
        [qualified, otherwise], ["Yes, directly from the company", "No, from another shareholder"])
    answers: dict[int, tuple] = {}
    for ask in asks:
        if ask.is_("capability", "advice", "penalty", "deadline"):
            continue
        about_1244 = bool(re.search(r"\b1244\b|\bordinary\b", ask.text, re.IGNORECASE))
        if about_1244 and ask.is_("yesno", "deduct", "confirm"):
            answers[ask.index] = ({True: "yes", False: "no", None: "depends"}[qualifies], lead)
        elif ask.is_("deduct"):
            whole = ask.whole or any(a.value >= loss for a in story.claimed if a.sentence == ask.sentence)
            answers[ask.index] = (yes_no(ask, total >= loss if whole else total > 0), lead)
        elif ask.is_("how_much", "yesno", "explain", "what_if", "confirm", "report") or ask.implicit:
            verdict = yes_no(ask, total > 0) if ask.is_("how_much") or ask.implicit else None
            short = len(ask.text.split()) <= 3 and answers  # "If not", "how much?" after the full answer above
            answers[ask.index] = (verdict, f"{money(total)} for {year}" + (
                f" if it qualifies: {money(split.ordinary)} ordinary{' + ' + money(used) + ' capital' if used else ''}."
                if qualifies is not False else ".") if short else lead)
    detail = conditions if qualifies is not True else f"{conditions} {otherwise}"
    return [Finding("section-1244", answers, detail, FACTS_1244, worked, missing=missing, weight=70)]


RULES = [gift, inherited, small_business]
