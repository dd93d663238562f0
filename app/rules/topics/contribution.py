"""Contributions made by mistake or over a limit: a Roth contribution above the income limit, fixing it by
recharacterizing or withdrawing it by the deadline (judged against the user's stated date), the 6% excise tax on an
excess left in, and whether a contribution recharacterized to a traditional IRA is deductible.

Law (Pub 590-A (2025) pp. 14-16, 29-31, 35, 42-44; IRC 219(g), 408A(c)(3), 4973; Reg. 301.9100-2(b)): the Roth limit
phases out by modified AGI and filing status; an excess contribution owes 6% a year unless it is withdrawn with its
net income attributable (which can be negative) or recharacterized by the due date of the return including
extensions (then it is treated as never made; positive earnings are taxable); a timely filer has 6 more months. A
traditional IRA deduction phases out by modified AGI only when you (or your spouse) are covered by a workplace plan;
what is not deductible is a nondeductible contribution, basis reported on Form 8606. A loss on the money moved is
never deductible; it only reduces what moves.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from app.rules import facts as F
from app.rules.finding import Finding, Missing, money, yes_no
from app.understand.asks import Ask
from app.understand.case import Case

_CONTRIB = re.compile(r"\bcontribut\w*|\bput\s+\$?[\d,.]+k?\s+(?:in|into)\b|\bput\s+(?:in|into)\b", re.IGNORECASE)
_NOT_ALLOWED = re.compile(r"\b(?:wasn'?t|was\s+not|not|weren'?t|isn'?t)\s+(?:allowed|eligible|permitted)|\bover\s+the\s+"
                          r"(?:(?:roth|income|ira|magi|agi|contribution)\s+){0,2}limits?\b|\btoo\s+high\s+(?:for|to)\b|\bexcess\s+contribution|\btoo\s+much\s+income|\bineligible", re.IGNORECASE)
_REMOVED = re.compile(r"\bremov\w*|\bwithdr[ae]w\w*|\bsending\s+me\s+back|\breturn\w*\s+(?:the\s+)?(?:excess|"
                      r"contribution)|\bnet\s+income\s+attributable|\bcorrective", re.IGNORECASE)
_COVERED_YES = re.compile(r"\bcovered\s+by\s+(?:a|my|an)\s+(?:\w+\s+)?(?:plan|401|403)|\b(?:i\s+have|i\s+had|my)\s+(?:a\s+)?"
                          r"(?:401|403|workplace\s+plan|pension)", re.IGNORECASE)
_COVERED_NO = re.compile(r"\bnot\s+covered|\bno\s+(?:401|403|workplace\s+plan|retirement\s+plan)\s+at\s+work|"
                         r"\bno\s+plan\s+at\s+work", re.IGNORECASE)


def _roth_limit(year: int, status: str | None) -> tuple[int, int] | None:
    table = F.ROTH_PHASEOUT.get(year)
    return table.get(status or "single") if table else None


def _due_dates(year: int) -> tuple[date, date]:
    """The due date of the year's return and the extended one (weekend rules aside)."""
    return date(year + 1, 4, 15), date(year + 1, 10, 15)


def reduced_limit(year: int, status: str | None, magi: Decimal, age: int | None) -> Decimal | None:
    """The year's Roth contribution limit at this modified AGI (Pub 590-A Worksheet 2-2; compensation assumed
    at least the limit): full below the range, 0 at its top, cut in proportion inside it."""
    phase = _roth_limit(year, status)
    full = F.IRA_CONTRIBUTION_LIMIT.get(year)
    if phase is None or full is None:
        return None
    cap = Decimal(full + (F.IRA_CATCH_UP.get(year, 0) if age is not None and age >= F.IRA_CATCH_UP_AGE else 0))
    low, high = phase
    if magi <= low:
        return cap
    if magi >= high:
        return Decimal(0)
    ratio = min(Decimal(1), ((magi - low) / Decimal(high - low)).quantize(Decimal("0.001")))
    step = F.ROTH_REDUCED_ROUND_TO
    left = -(-(cap - cap * ratio) // step) * step  # rounded up to the next $10
    return max(Decimal(F.ROTH_REDUCED_MINIMUM), left)


_RECHARACTERIZE = re.compile(r"\brecharacteri\w*|\bswitch\w*\s+(?:it\s+)?(?:to|into)|\bmove\s+it\s+to\s+(?:a\s+)?traditional",
                             re.IGNORECASE)


_AS_TRADITIONAL = ("Recharacterized, it counts as a traditional IRA contribution for the same year: deductible only within "
                   "the traditional IRA deduction rules (with a workplace plan, the deduction phases out by modified "
                   "AGI), otherwise nondeductible basis on Form 8606.")


def excess_roth(case: Case, asks: list[Ask]) -> list[Finding]:
    year = case.tax_year
    # a Roth contribution: a traditional IRA's (a backdoor's nondeductible one) is not limited by income
    contributed = next((a.value for a in case.amounts if a.role == "contribution" and a.account in ("roth_ira", None)
                        and not a.has("nondeductible")), None)
    status = case.filing_status
    magi = case.latest("income")
    allowed = reduced_limit(year, status, magi, case.age) if magi is not None else None
    partly = allowed is not None and contributed is not None and 0 < allowed < contributed
    if not (case.has_account("roth_ira") and _CONTRIB.search(case.text(asks=True)) and
            (_NOT_ALLOWED.search(case.text(asks=True, claims=True)) or _over_limit(case) or partly)):
        return []
    limit = _roth_limit(year, status)
    due, extended = _due_dates(year)
    now = case.now or date.today()
    value = next((a.value for a in reversed(case.amounts) if a.role in ("value", "distribution") and not a.ask), None)
    rows: list[tuple[str, str]] = []
    why = ""
    if limit and magi is not None:
        low, high = limit
        why = (f"For {year} a {_status_words(status)} filer with modified AGI of {money(high)} or more can't contribute to "
               f"a Roth IRA (the limit phases out from {money(low)})" + (f"; at about {money(magi)} you are over it"
                                                                       if magi >= high else "") + ".")
        rows.append((f"Roth IRA limit for {year} ({_status_words(status)})", f"phase-out {money(low)} to {money(high)}"))
    each = " each" if case.says(r"\bwe\s+each\b|\beach\s+(?:of\s+us|put|contributed)") else ""
    excess = contributed - allowed if partly else contributed
    if partly:
        low, high = limit
        why = (f"For {year} the Roth limit for a {_status_words(status)} filer is reduced between {money(low)} and "
               f"{money(high)} of modified AGI; at {money(magi)} you could contribute {money(allowed)}{each} (Worksheet "
               f"2-2: the limit cut by the share of the range you are into, rounded up to the next $10), so "
               f"{money(excess)}{each} of the {money(contributed)} is too much.")
        rows.append((f"Reduced Roth limit at {money(magi)}", money(allowed)))
        rows.append(("Excess contribution" + each, money(excess)))
        contributed = excess
    amount = f"the {money(contributed)}{each}" if contributed else "the contribution"
    moved = ""
    if contributed and value is not None and value != contributed:
        nia = value - contributed
        rows += [("Contribution", money(contributed)), ("Net income attributable", money(nia)),
                 ("Amount that moves (contribution + net income)", money(value))]
        moved = (f" Either way the contribution moves with its net income attributable, here {money(nia)}, so about "
                 f"{money(value)} moves; a negative net income just reduces what comes back.")
    in_time = now <= extended
    fix = (_fix_in_time(year, amount, due, extended) if in_time else
           _fix_too_late(year, amount, contributed, extended, now)) + (moved if in_time else "")
    fix = f"{why} So {amount} is an excess contribution. {fix}".strip()
    returned = bool(_REMOVED.search(case.text()))
    answers: dict[int, tuple] = {}
    for a in asks:
        if a.is_("deadline"):
            answers[a.index] = (yes_no(a, in_time), ("It's not too late. " if in_time else "The deadline has passed. ")
                                + fix)
        elif a.is_("taxable") and returned:
            answers[a.index] = ("no" if not a.inverted else "yes", (
                f"A contribution withdrawn with its net income attributable by the due date of your {year} return, "
                "including extensions, is treated as if it was never made: the money coming back is a return of your "
                "contribution, not taxable, with no 6% excise tax and no 10% additional tax. Had the net income been "
                f"positive, that earnings part would be taxable for {year}. {why}").strip())
        elif a.is_("deduct") and re.search(r"\blos[st]\b|\bloss|\bdrop|\bdeclin|\bdown\b|\bfell\b", a.text,
                                           re.IGNORECASE):
            answers[a.index] = ("no", ("The drop on the money you contributed is not deductible; it only reduces what "
                                      "moves or comes back."))
        elif a.is_("how_much") and why:
            answers[a.index] = (None, why)
        elif a.is_("explain", "what_if") and re.search(r"\bleave\b|\bnothing\b|\bdon'?t\b|\bignore", a.text,
                                                        re.IGNORECASE):
            answers[a.index] = (None, _cost(year, contributed))
        elif a.is_("penalty") or (a.is_("taxable") and not in_time):
            owes = not in_time and not returned
            answers[a.index] = (yes_no(a, owes), _cost(year, contributed) if owes else fix)
        elif a.is_("remedy", "explain", "how_much", "report") or (a.is_("what_if") and _RECHARACTERIZE.search(a.text)):
            answers[a.index] = (None, fix)
        elif a.is_("deduct") and _RECHARACTERIZE.search(case.text(asks=True)):
            answers[a.index] = ("depends", _AS_TRADITIONAL)
        elif a.is_("yesno", "confirm") and (partly or _NOT_ALLOWED.search(a.text + " " + case.text())):
            answers[a.index] = ("yes" if partly or (limit and magi is not None and magi >= limit[1]) else "depends", fix)
    if not answers:
        return []
    return [Finding("excess-contribution", answers, fix if not any(a.is_("deadline") for a in asks) else "",
                    ("excess-contribution", "roth-income-limit", "recharacterize-contribution-deadline"), rows,
                    weight=75, year=year)]


def _fix_in_time(year: int, amount: str, due: date, extended: date) -> str:
    return (f"You can fix it by the due date of your {year} return: April 15, {due.year} ({extended:%B} 15, "
            f"{extended.year} with an extension; and if you file on time without one you still have until October 15, "
            f"{extended.year} to correct it and then amend) by recharacterizing it to a traditional IRA or withdrawing "
            f"it with its net income, which avoids the {F.EXCESS_CONTRIBUTION_TAX_PCT}% excise tax charged each year an "
            "excess stays in. Recharacterized, it is treated as a traditional IRA contribution made on the original "
            "date: deductible only within the traditional IRA deduction rules, otherwise a nondeductible contribution "
            "(basis) reported on Form 8606.")


def _fix_too_late(year: int, amount: str, contributed, extended: date, now: date) -> str:
    """Past the due date with extensions: the year's 6% is owed; what is left is stopping it for later years."""
    pct = F.EXCESS_CONTRIBUTION_TAX_PCT
    tax = f" (about {money(contributed * pct / 100)})" if contributed else ""
    return (f"The time to undo it without tax (the due date of your {year} return including extensions, October 15, "
            f"{extended.year}) has passed, so recharacterizing it or withdrawing it as if never made is no longer "
            f"possible. You owe the {pct}% excise tax on {amount} for {year}{tax}, on Form 5329 (with an amended "
            f"{year} return if you already filed), and {pct}% again for each later year it is still in the account at "
            f"year end. To stop it: withdraw the excess by December 31, {now.year} (from a Roth IRA it comes out of your "
            f"contributions first, so it is not taxed), or leave it in and let it count toward your {now.year} limit if "
            f"you are eligible to contribute for {now.year} and contribute less that year: an excess carried over is "
            "reduced by that year's withdrawals and by its unused contribution limit.")


def _cost(year: int, contributed) -> str:
    pct = F.EXCESS_CONTRIBUTION_TAX_PCT
    tax = f"{money(contributed * pct / 100)} ({pct}% of {money(contributed)})" if contributed else f"{pct}% of it"
    return (f"The cost is the {pct}% excise tax on the excess: {tax} for {year}, and the same again for each later year "
            "it is still in the account at year end. There is no income tax or 10% additional tax on taking your own "
            "Roth contribution back out.")


def _over_limit(case: Case) -> bool:
    limit = _roth_limit(case.tax_year, case.filing_status)
    magi = case.latest("income")
    return bool(limit and magi is not None and magi >= limit[1] and case.says(r"\broth\b"))


def _status_words(status: str | None) -> str:
    return {"mfj": "married filing jointly", "mfs": "married filing separately", "hoh": "head of household"}.get(
        status or "", "single")


def deduct_as_traditional(case: Case, asks: list[Ask]) -> list[Finding]:
    """Is a (recharacterized) traditional IRA contribution deductible? It turns on a workplace plan and income."""
    targets = [a for a in asks if a.is_("deduct") and re.search(r"traditional", a.text, re.IGNORECASE) and
               _CONTRIB.search(a.text + " " + case.text()) and not re.search(r"\bloss|lost|drop", a.text, re.IGNORECASE)]
    if not targets:
        return []
    year = case.tax_year
    status = case.filing_status or "single"
    table = F.TRADITIONAL_DEDUCTION_PHASEOUT_COVERED.get(year, {})
    low_high = table.get(status)
    magi = case.latest("income")
    contributed = next((a.value for a in case.amounts if a.role == "contribution"), None)
    amount = money(contributed) if contributed else "the contribution"
    covered = True if _COVERED_YES.search(case.text()) else (False if _COVERED_NO.search(case.text()) else None)
    if low_high is None:
        return []
    low, high = low_high
    if_covered = (f"If you were covered by a retirement plan at work (such as a 401(k)) in {year}, the deduction "
                  f"phases out between {money(low)} and {money(high)} of modified AGI for a {_status_words(status)} "
                  "filer" + (f"; at about {money(magi)} you get no deduction" if magi and magi >= high else "") +
                  f", and {amount} becomes a nondeductible contribution reported on Form 8606, giving you basis.")
    if_not = (f"If you weren't covered by any plan at work (and, if married, neither was your spouse), you can deduct "
              f"the full {amount} whatever your income.")
    if covered is True:
        verdict, text = yes_no(targets[0], bool(magi is not None and magi < low)), if_covered
    elif covered is False:
        verdict, text = "yes", if_not
    else:
        verdict, text = "depends", (f"It depends on whether you were covered by a retirement plan at work in {year}. "
                                    f"{if_covered} {if_not}")
    missing = None if covered is not None else Missing(
        f"Were you covered by a retirement plan at work (a 401(k), 403(b), pension) in {year}?", [],
        ["I was covered by a 401(k) or other plan at work", "I had no plan at work"])
    answers = {a.index: (verdict, text) for a in targets}
    return [Finding("traditional-deduction-limit", answers, "Any drop in value before the money moved is not "
                    "separately deductible.", ("traditional-deduction-limit", "ira-basis", "form-8606-required"),
                    missing=missing, weight=75)]


RULES = [excess_roth, deduct_as_traditional]
