"""Roth conversions that lost value, and undoing (recharacterizing) a conversion, by the year it was made.

Law: a conversion is taxed on the fair market value converted (less basis) on the conversion date (IRC 408A(d)(3);
Pub 590-A (2025) p. 29); a later drop is not deductible (no capital loss; the pre-2018 close-out route aside).
Conversions made through 2017 could be recharacterized until the extended due date of that year's return (2017
conversions: October 15, 2018); conversions made in 2018 or later never (TCJA sec. 13611, IRC 408A(d)(6)(B)(iii);
Pub 590-B (2025) p. 7). A deadline is judged against the date the user gives as "now", else today's date.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from app.rules import facts as F
from app.rules.finding import Finding, money, yes_no
from app.understand import text as T
from app.understand.asks import Ask
from app.understand.case import Case, year_roles

_CONVERT = re.compile(r"\bconver(?:t|ted|ting|sion|sions)\b|\bbackdoor", re.IGNORECASE)
_UNDO = re.compile(r"recharacteri\w*|\bundo\w*\b|\bunwind|\breverse\b|\bun-?convert|switch\w*\s+(?:it\s+)?back",
                   re.IGNORECASE)
_CONTRIBUTION_ONLY = re.compile(r"\bcontribution\b", re.IGNORECASE)
_CLAIMED_ON_RETURN = re.compile(r"\b(?:put|claimed|took|deducted|reported|listed)\b[^.?!]{0,60}\b(?:schedule\s*d|8949|"
                                r"(?:on|in)\s+my\s+(?:\d{4}\s+)?return)", re.IGNORECASE)
_ROLLOVER_STORY = re.compile(r"60[\s-]*day|within\s+60\s+days|\bdeposit\w*\b[^.?!]{0,40}\b(?:roth|ira)\b", re.IGNORECASE)


def conversion_year(case: Case) -> int:
    """The year the conversion was made (the event that decides recharacterization), else the tax year."""
    found = [a.year for a in case.amounts if a.role == "conversion" and a.year]
    if found:
        return min(found)
    for s in case.sentences:
        if _CONVERT.search(s.text):
            years = [y for y, role in year_roles(s, False, s.index in case.ask_sentences) if role != "background"]
            if years:
                return min(years)
    return case.tax_year


def _recharacterized_on(case: Case) -> date | None:
    """The date the story says the recharacterization was done ("on September 20, 2018 I recharacterized it")."""
    for s in case.sentences:
        m = re.search(r"recharacteri[sz]\w*", s.text, re.IGNORECASE)
        if not m or s.index in case.ask_sentences:
            continue
        near = [d for d in T.dates(s.text) if d.year and d.day and abs(d.start - m.start()) < 60]
        if near:
            d = min(near, key=lambda d: abs(d.start - m.start()))
            return date(d.year, d.month, d.day)
    return None


def _bare_check(ask: Ask) -> bool:
    """"Was that right?": a check of what the story says was done, with nothing of its own."""
    return ask.kinds == ["confirm"] and len(re.findall(r"\w+", ask.text)) <= 5


def _deadline(year: int) -> date:
    """Recharacterizing a pre-2018 conversion: by October 15 of the next year (the extended due date)."""
    return date(year + 1, 10, 15)


def conversion(case: Case, asks: list[Ask]) -> list[Finding]:
    if not case.says(_CONVERT, asks=True) or _ROLLOVER_STORY.search(case.text()):
        return []
    undo = [a for a in asks if _UNDO.search(a.subject) and not (_CONTRIBUTION_ONLY.search(a.subject) and not
                                                             _CONVERT.search(a.subject))]
    loss = [a for a in asks if (a not in undo or a.is_("deduct")) and (a.is_("deduct") or (a.is_(
        "confirm", "yesno", "explain", "taxable") and re.search(r"loss|deduct|drop|gone|lost|write|claim|"
                                                                r"tax\s+back|refund|get\s+(?:it|the\s+\w+)\s+back",
                                                                a.text, re.IGNORECASE)) or (
        _bare_check(a) and _CLAIMED_ON_RETURN.search(case.text())))]
    if loss:  # "what do I do?" about the loss taken on the return: the remedy is the loss rule's
        loss += [a for a in asks if a.is_("remedy") and a not in loss]
    if not undo and not loss:
        return []
    if undo and any(_CONTRIBUTION_ONLY.search(a.subject) and not _CONVERT.search(case.text()) for a in undo):
        return []
    year = conversion_year(case)
    converted = case.latest("conversion")
    findings = []
    if undo:
        findings.append(_recharacterize(case, undo, year))
    if loss:
        findings.append(_loss(case, loss, year, converted))
    return findings


def _recharacterize(case: Case, asks: list[Ask], year: int) -> Finding:
    if year >= F.FIRST_YEAR_NO_RECHARACTERIZE_CONVERSION:
        text = (f"A Roth conversion made in {year} cannot be recharacterized (undone): recharacterizing conversions "
                f"ended for conversions made in tax years beginning after December 31, 2017 (TCJA sec. 13611, "
                f"IRC 408A(d)(6)(B)(iii)), even one made on the first business day of 2018. Whatever older paperwork "
                "says about October 15 was the old rule. You owe tax on the full value converted (less any basis), even "
                "though it has since dropped. (Regular contributions, not conversions, can still be recharacterized by "
                "the due date of the return including extensions.)")
        answers = {a.index: (yes_no(a, False), text) for a in asks}
        return Finding("recharacterize-conversion-2018-on", answers, "", ("recharacterize-conversion-2018-on",
                                                                          "conversion-taxable",
                                                                          "recharacterize-contribution"),
                       weight=70, year=year)
    deadline = _deadline(year)
    now = case.now
    asks_now = any(a.is_("deadline") or re.search(r"\bstill\b|\bnow\b", a.text, re.IGNORECASE) for a in asks)
    if now is None and asks_now:
        now = date.today()
    done = _recharacterized_on(case)
    if done is not None:  # "on September 20, 2018 I recharacterized": judged against the deadline, not today
        now, asks_now = done, True
    passed = now is not None and now > deadline
    when = f"{deadline:%B} {deadline.day}, {deadline.year}"
    text = (f"A conversion made in {year} could be recharacterized (undone) until {when}, the extended due date of the "
            f"{year} return; that was the way to avoid tax on value lost after converting.")
    if done is not None:
        text += (f" Your recharacterization on {done:%B} {done.day}, {done.year} was " +
                 (f"too late, after {when}: the conversion stays taxable for {year}." if passed else
                  f"in time, so it was valid: the conversion is treated as never made, and its income stays off your "
                  f"{year} return."))
    elif passed:
        text += (f" That deadline passed ({when}), so it is too late: the conversion stays taxable on your {year} "
                 f"return, and the drop in value is not deductible.")
    text += (f" Conversions made in {F.FIRST_YEAR_NO_RECHARACTERIZE_CONVERSION} or later cannot be recharacterized at "
             "all.")
    answers = {}
    for a in asks:
        if a.is_("deadline") or (a.inverted and asks_now):
            answers[a.index] = (yes_no(a, not passed), text)
        elif a.is_("confirm"):
            answers[a.index] = ("yes", text)
        else:
            answers[a.index] = (yes_no(a, not passed if asks_now else True), text)
    return Finding("recharacterize-conversion-through-2017", answers, "",
                   ("recharacterize-conversion-through-2017", "recharacterize-conversion-2018-on"), weight=70, year=year)


def _loss(case: Case, asks: list[Ask], year: int, converted: Decimal | None) -> Finding:
    tax_year = case.tax_year
    amount = f" ({money(converted)})" if converted else ""
    text = (f"A Roth conversion is taxed on the value converted{amount} on the conversion date, less any basis; a later "
            "drop in the Roth's value is not deductible: it is not a capital loss, and the full conversion stays "
            "taxable.")
    if year >= F.FIRST_YEAR_NO_RECHARACTERIZE_CONVERSION:
        text += f" A conversion made in {year} cannot be recharacterized (undone) either."
        facts: tuple[str, ...] = ("roth-conversion-loss", "recharacterize-conversion-2018-on", "conversion-taxable")
    else:
        text += (f" For a conversion made in {year}, the remedy was to recharacterize (undo) it by "
                 f"{_deadline(year):%B} 15, {year + 1}, which removed the tax on the value later lost.")
        facts = ("roth-conversion-loss", "recharacterize-conversion-through-2017", "conversion-taxable")
    if tax_year >= F.FIRST_YEAR_PERMANENT:
        text += (" Closing the accounts later for less than your basis does not help either: P.L. 119-21 (enacted July "
                 "4, 2025) made the disallowance of miscellaneous itemized deductions permanent (IRC 67(h)).")
        facts += (F.by_year("roth-loss", tax_year).id,)
    elif tax_year > F.LAST_YEAR_MISC_DEDUCTION:
        facts += (F.by_year("roth-loss", tax_year).id,)
    detail = _in_kind(case)
    instead = ""
    if _CLAIMED_ON_RETURN.search(case.text()):
        instead = (f"Take the loss off: file an amended return (Form 1040-X) for {year} that removes it and keeps the "
                   "conversion income, and pay the extra tax with interest; if the loss also created a capital loss "
                   "carryover, correct the later returns that used it (amend them, and leave it off future ones).")
        facts += ("refund-claim-window",)
    answers = {a.index: (None, instead or text) if a.is_("remedy") else (yes_no(a, False), text) for a in asks}
    return Finding("roth-conversion-loss", answers, detail, facts, instead=instead,
                   conflict=F.ARTICLE_CLAIMS["article-roth-conversion-loss"].conflict_line(), weight=68)


def _in_kind(case: Case) -> str:
    """Converting shares that fell inside the IRA: no loss is recognized; their value is what is taxed."""
    cost = [a for a in case.amounts if a.role == "cost" and a.account not in ("taxable",)]
    value = [a for a in case.amounts if a.role == "value" and not a.ask]
    if not cost or not value or not case.says(r"\bshares?\b|\bstocks?\b|\blosers\b|\bpositions?\b", asks=True):
        return ""
    v = value[-1].value
    return (f"There are no capital gains or losses inside an IRA, and what the IRA paid for a stock is not your basis: "
            f"converting those shares in kind makes their fair market value on the conversion date ({money(v)}) the "
            "amount converted, taxable unless you have nondeductible basis; the drop does not offset the conversion "
            "income or any other income. Converting depressed shares only means you pay tax on the lower value.")


RULES = [conversion]
