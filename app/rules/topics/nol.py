"""Net operating losses (IRC 172), by the year the NOL arose, with the deduction worked out on the user's numbers.

The base rule (NOLs of 2021 and later): no carryback, carried forward indefinitely, and deducted in a later year only
up to 80% of that year's taxable income figured without the NOL deduction. The exceptions by year: NOLs of 2018-2020
(CARES Act) went back 5 years and were not limited to 80% in tax years before 2021; NOLs before 2018 went back 2 years
and forward 20, with no 80% limit; a farming loss still goes back 2 years unless the carryback is waived. What never
enters an NOL: a drop inside an IRA, 401(k) or SEP (not a deduction at all); capital losses beyond capital gains.
"""
from __future__ import annotations

import re

from app.rules import facts as F
from app.rules import nol_calc as N
from app.rules import nol_story as S
from app.rules.finding import Finding, money, yes_no
from app.rules.propositions import amount_verdict, claims, lead_in_of
from app.rules.topics.common import article_claim, retirement_kinds
from app.understand import text as T
from app.understand.asks import Ask
from app.understand.case import Case

_I = re.IGNORECASE
_NOL = re.compile(r"\bnols?\b|net\s+operating\s+loss|\bcares\s+act\b|form\s*1045|form\s*172\b|pub(?:lication)?\s*536", _I)
_BACK = re.compile(r"\bcarr(?:y|ied|ying)\s+(?:\w+\s+){0,3}?back\b|\bcarry-?backs?\b|\bhow\s+far\s+back\b|"
                   r"\b(?:prior|previous|earlier)\s+years?\b|\brefunds?\b", _I)
_FARM = re.compile(r"\bfarm\w*|schedule\s*f\b|\bcrops?\b|\bcattle\b|\branch\w*|\bcorn\b|\bsoybeans?\b|\bdairy\b|"
                   r"\blivestock\b|\bagricultur\w*|\borchard\b", _I)
_WAIVE = re.compile(r"\bwaiv\w*|\bskip\w*\s+(?:the\s+)?(?:\w+-year\s+)?carry-?back|\belect\w*\s+(?:not|out|to\s+(?:skip|"
                    r"forgo|waive))|\bforgo\w*", _I)
_FULL = re.compile(r"\bwipe\w*\s+out|\bzero\w*(?:\s+out)?\b|\ball\s+of\s+(?:it|my|our)|\b100\s*%|\boffset\s+all|"
                   r"\beliminat\w*|\bentire\b|\bwhole\b|\bfull\b", _I)
_ADD_DROP = re.compile(r"\b(?:add\w*|includ\w*|count\w*|join\w*|part\s+of|into|toward)\b", _I)


def _is_nol_story(case: Case) -> bool:
    said = case.text(claims=True)
    return bool(_NOL.search(said)) or (bool(_BACK.search(said)) and bool(S.BUSINESS.search(said)) and not re.search(
        r"capital\s+loss", said, _I))


_CARRIED_BACK = re.compile(r"\bcarr\w*\s+(?:\w+\s+){0,4}?back\b|\bcarryback\b", _I)


def _cares_told(case: Case, arose: int) -> str:
    """Someone's carryback from another year ("my buddy carried his 2020 loss back 5 years"): the CARES Act's, and
    only for NOLs that arose in 2018-2020."""
    if not F.NOL_FIRST_YEAR_TCJA <= arose or arose <= F.NOL_LAST_CARES_YEAR:
        return ""
    told = [y for s in case.sentences if _CARRIED_BACK.search(s.text) for y, _ in T.years(s.text)
            if F.NOL_FIRST_YEAR_TCJA <= y <= F.NOL_LAST_CARES_YEAR]
    if not told:
        return ""
    return (f" The {F.NOL_CARES_CARRYBACK_YEARS}-year carryback of a {told[0]} loss was the CARES Act's, available "
            f"only for NOLs that arose in {F.NOL_FIRST_YEAR_TCJA}, 2019 and {F.NOL_LAST_CARES_YEAR}; a {arose} NOL "
            "does not get it.")


def _rules_text(sched: N.Schedule, farming: bool) -> str:
    a = sched.arose
    if a < F.FIRST_2_YEAR_NOL_YEAR:
        return (f"An NOL that arose in {a} (before 1998) could be carried back {F.NOL_PRE_1998_CARRYBACK_YEARS} years "
                f"unless the carryback was waived, then forward {sched.forward} years (through {sched.last_year}), "
                f"with no {F.NOL_TAXABLE_INCOME_LIMIT_PCT}% limit.")
    if a < F.NOL_FIRST_YEAR_TCJA:
        back = (f"{F.NOL_PRE_TCJA_FARMING_CARRYBACK_YEARS} for farming losses" if farming else
                f"{F.NOL_PRE_TCJA_CASUALTY_CARRYBACK_YEARS} for the casualty or theft part of an individual's loss")
        return (f"An NOL that arose in {a} (before 2018) could be carried back {F.NOL_PRE_TCJA_CARRYBACK_YEARS} "
                f"years ({back}) unless the carryback was waived, then forward {sched.forward} years (through "
                f"{sched.last_year}), with no {F.NOL_TAXABLE_INCOME_LIMIT_PCT}% limit.")
    pct, cares, farm = F.NOL_TAXABLE_INCOME_LIMIT_PCT, F.NOL_CARES_CARRYBACK_YEARS, F.NOL_FARMING_CARRYBACK_YEARS
    if a <= F.NOL_LAST_CARES_YEAR:
        return (f"An NOL that arose in {a} falls under the CARES Act: it could be carried back {cares} years (to "
                f"{a - cares} first) unless waived, and carries forward indefinitely; it was not limited to {pct}% of "
                f"taxable income in tax years before 2021, but the {pct}% limit applies when it is deducted in 2021 or "
                "later.")
    if farming:
        return (f"NOLs that arose after 2017 generally cannot be carried back, but the farming part of your {a} NOL can "
                f"be carried back {farm} years, to {a - farm} first and then {a - 1}, unless you waive that carryback; "
                f"what is not used carries forward indefinitely, and in years after 2020 the NOL deduction is limited "
                f"to {pct}% of taxable income figured without the NOL deduction.")
    return (f"An NOL that arose in {a} cannot be carried back (only farming losses can, {farm} years); it carries "
            f"forward indefinitely, and in each later year the NOL deduction is limited to {pct}% of taxable income "
            "figured without the NOL deduction.")


_RETIREMENT = re.compile(r"\b(?:iras?|roth|401\s*\(?k\)?|403\s*\(?b\)?|sep|simple|tsp|retirement|pension)\b", _I)
_CAPITAL = re.compile(r"capital\s+loss|stock\s+(?:market\s+)?loss", _I)


_EXPIRE = re.compile(r"\bexpir\w*|\bhow\s+long\b|\bforever\b|\bhow\s+many\s+years\b|\bforward\b", _I)
_NO_BACK_CLAIM = re.compile(r"(?:nobody|no\s+one|can'?t|cannot|not|no\s+longer|anymore|never|no)\b[^.?!]{0,60}"
                            r"carr\w*\s+(?:\w+\s+){0,3}?back|carr\w*\s+(?:\w+\s+){0,3}?back[^.?!]{0,30}\b(?:anymore|no\s+"
                            r"longer)", _I)


def _drop_line(case: Case, kind: str | None) -> str:
    business = S.business_loss(case)
    where = {"sep_ira": "SEP-IRA", "401k": "401(k)", "roth_ira": "Roth IRA"}.get(kind or "", "IRA or other "
                                                                                    "retirement account")
    own = (f" Your NOL is figured from your business loss ({money(business[0].value)}) and your other income and "
           f"deductions, without the drop in your {where}.") if business else ""
    forms = (" Form 1045, Schedule C and Schedule E are not a way to claim it either: it is not a business or rental "
             "loss.") if re.search(r"1045|schedule\s*[ce]\b", case.text(claims=True), _I) else ""
    return ("A drop inside a retirement account is not deductible at all, so it never creates or joins an NOL "
            f"(nonbusiness items count only up to nonbusiness income, IRC 172(d)).{own}{forms}")


def _numbers(case: Case, sched: N.Schedule, used: int) -> tuple[N.Use | None, list[tuple[str, str]]]:
    amount, earlier = S.nol_amount(case)
    ti = S.taxable_income_amounts(case)
    if amount is None or not ti:
        return None, []
    dated = {y: a.value for a in ti if (y := S.clause_year(case, a)) is not None and y > sched.arose}
    if len(dated) >= 2:  # taxable income told for several years after the loss: the NOL used in each, in order
        u = N.use_over(amount - earlier, list(dated.items()), arose=sched.arose)
        return u, [row for step in (*u.before, u) for row in _year_rows(step)]
    u = N.use(amount - earlier, ti[-1].value, arose=sched.arose, tax_year=used)
    r = u.result
    pct = F.NOL_TAXABLE_INCOME_LIMIT_PCT
    rows = [("NOL left after earlier years", f"{money(amount)} - {money(earlier)} = {money(amount - earlier)}")] \
        if earlier else []
    label = "before the NOL deduction" if ti[-1].role != "income" else "(your income, taken as taxable income)"
    rows += [(f"Taxable income for {used} {label}", money(r.taxable_income)),
            ("Limit", f"{pct}% x {money(r.taxable_income)} = {money(r.limit)}" if r.limited else
             f"all of it ({money(r.limit)}): no {pct}% limit for {used}" if not u.expired else "expired"),
            (f"NOL deduction for {used}", f"the smaller of {money(r.nol)} and {money(r.limit)} = {money(r.deduction)}"),
            (f"Taxable income for {used} after it", money(u.income_after)),
            (f"NOL carried forward to {used + 1}", f"{money(r.nol)} - {money(r.deduction)} = {money(r.carryforward)}")]
    return u, rows


def _year_rows(u: N.Use) -> list[tuple[str, str]]:
    r, y, pct = u.result, u.tax_year, F.NOL_TAXABLE_INCOME_LIMIT_PCT
    limit = f"{pct}% x {money(r.taxable_income)} = {money(r.limit)}" if r.limited else f"no {pct}% limit"
    return [(f"{y}: NOL deduction (taxable income {money(r.taxable_income)}; {limit})",
             f"the smaller of {money(r.nol)} and {money(r.limit)} = {money(r.deduction)}"),
            (f"NOL left after {y}", money(r.carryforward))]


def _chain_line(u: N.Use) -> str:
    steps = []
    for step in (*u.before, u):
        r = step.result
        why = (f"{F.NOL_TAXABLE_INCOME_LIMIT_PCT}% of {money(r.taxable_income)}" if r.deduction == r.limit and r.limited
               else "all that was left" if r.deduction == r.nol else f"all of {money(r.taxable_income)}")
        steps.append(f"{step.tax_year}: {money(r.deduction)} ({why})")
    rest = (f"{money(u.result.carryforward)} is left for {u.tax_year + 1}" if u.result.carryforward else
            f"nothing is left for {u.tax_year + 1}: the NOL is used up")
    return f"The NOL used each year: {'; '.join(steps)}; {rest}."


def _use_line(u: N.Use | None, ask: Ask) -> str:
    if u is None:
        return ""
    if u.before:
        return _chain_line(u)
    r, y = u.result, u.tax_year
    if u.expired:
        return f"The NOL expired before {y}: nothing is deducted."
    if re.search(r"\bcarr\w*|\bleft\b|\brest\b|\bremain\w*|\bnext\s+year|\b" + str(y + 1), ask.text, _I):
        return f"{money(r.carryforward)} carries forward to {y + 1} (and later years)."
    pct = F.NOL_TAXABLE_INCOME_LIMIT_PCT
    if r.deduction < r.limit:
        limit = (f"all of it, under the {pct}% limit of {money(r.limit)}" if r.limited else
                 f"all of it: no {pct}% limit applies")
    else:
        limit = f"limited to {pct}% of {money(r.taxable_income)}" if r.limited else "up to all of your taxable income"
    rest = f"{money(r.carryforward)} carries forward to {y + 1}" if r.carryforward else "nothing is left to carry forward"
    return (f"For {y} the NOL deduction is {money(r.deduction)} ({limit}), leaving {money(u.income_after)} of taxable "
            f"income; {rest}.")


_RIGHT = re.compile(r"\b(?:right|correct|true|accurate|ok(?:ay)?|wrong)\b", _I)


def _limit_claim_line(sched: N.Schedule, used: int, limited: bool, u: N.Use | None, a: Ask) -> str:
    """A limit someone put on the NOL deduction, checked against the year the NOL arose and the year it is used."""
    pct = F.NOL_TAXABLE_INCOME_LIMIT_PCT
    if limited:
        why = (f"Your NOL arose in {sched.arose} (after 2017), so in {used} its deduction is limited to {pct}% of "
               "taxable income figured without the NOL deduction.")
    elif sched.last_year is not None and used > sched.last_year:
        why = f"An NOL that arose in {sched.arose} could be carried forward only through {sched.last_year}."
    else:
        when = (f"arose in {sched.arose}, before 2018" if sched.arose < F.NOL_FIRST_YEAR_TCJA else
                f"is deducted in {used}, before 2021")
        why = (f"The {pct}% limit applies only to NOLs arising in tax years beginning after 2017, and only when "
               f"deducted in 2021 or later; your NOL {when}, so it can offset up to all of your {used} taxable income.")
    use = _use_line(u, a)
    return f"{why} {use}".strip()


def _span_line(sched: N.Schedule) -> str:
    fwd = "indefinitely" if sched.forward is None else f"{sched.forward} years (through {sched.last_year})"
    back = (f"back {sched.carryback} years (to {sched.back_years[0]} first)" if sched.carryback else
            "not back at all")
    return f"It goes {back}, then forward {fwd}."


def _answer(a: Ask, case: Case, sched: N.Schedule, used: int, u: N.Use | None, farming: bool) -> tuple:
    text = a.text
    pct = F.NOL_TAXABLE_INCOME_LIMIT_PCT
    limited = sched.limited_after_2020 and used > F.NOL_LAST_CARES_YEAR
    full_ok = (not limited) and (u is None or u.result.deduction >= u.result.taxable_income) and not (u and u.expired)
    if u is not None and u.before and a.is_("yesno", "confirm") and re.search(r"\bleft\b|\bremain\w*|\bcarr\w*", text, _I):
        return yes_no(a, u.result.carryforward > 0), _chain_line(u)  # "is any left for 2024?" after a chain of years
    if re.search(r"pub(?:lication)?\s*536", text, _I):
        return None, ("Pub 536 is discontinued; its successor is the Instructions for Form 172, which has the NOL "
                      "worksheets.")
    if _CAPITAL.search(text) or S.capital_only(case):
        return yes_no(a, False), (
            "Capital losses are not an NOL: in figuring an NOL, capital losses count only up to capital gains (and "
            "nonbusiness deductions only up to nonbusiness income), so they cannot create or increase one. A net "
            f"capital loss is deducted up to {money(F.CAPITAL_LOSS_LIMIT)} a year ({money(F.CAPITAL_LOSS_LIMIT_MFS)} "
            "married filing separately) and the rest carries forward as a capital loss carryover.")
    said = " ".join(claims(case)) + " " + text
    if a.is_("confirm") and _NO_BACK_CLAIM.search(said):
        right = sched.carryback == 0
        return ("yes" if right else "no"), ("That is right for this loss." if right else
                                            f"Not for {'farming ' if farming else ''}losses like yours: this one can "
                                            f"be carried back {sched.carryback} years.")
    limit_said = S.limit_claims(case)
    if limit_said and (a.is_("confirm") or (a.is_("yesno") and _RIGHT.search(text))):
        return yes_no(a, limited), _limit_claim_line(sched, used, limited, u, a)
    if _FULL.search(text) or (a.is_("confirm") and re.search(r"\bzero\b|100\s*%", said, _I)):
        if full_ok:
            return yes_no(a, True), f"Yes for {used}: with no {pct}% limit that year the NOL can offset all of it."
        why = (f"in {used} the NOL deduction cannot exceed {pct}% of taxable income figured without it, so at least "
               f"{100 - pct}% stays taxable" if limited else "the NOL is smaller than your taxable income")
        return yes_no(a, False), f"Not all of it: {why}. " + (_use_line(u, a) if u else "What is not used carries "
                                                               f"forward to {used + 1} and later years.")
    if a.is_("how_much") and _BACK.search(text) and _EXPIRE.search(text):
        return None, _span_line(sched)
    if _BACK.search(text):
        back = sched.back_years
        line = (f"It can be carried back {sched.carryback} years: to {back[0]} first, then "
                f"{', '.join(str(y) for y in back[1:])}." if back else
                f"An NOL that arose in {sched.arose} cannot be carried back; carry it forward instead.")
        return (None if a.is_("how_much") else yes_no(a, bool(back))), line
    if a.is_("how_much") and _EXPIRE.search(text):
        return None, _span_line(sched)
    if a.is_("how_much", "deduct"):
        line = _use_line(u, a)
        if line:
            allowed = yes_no(a, u.result.deduction > 0)
            return (allowed if amount_verdict(a) or not a.is_("how_much") else None), line
    if not a.implicit and a.is_("deduct", "deadline", "yesno", "confirm", "how_much") and _NOL.search(text) and re.search(
            r"\b(?:use[ds]?|using|deduct\w*|offset\w*|apply|claim|expire\w*|good|valid)\b", text, _I):
        usable = sched.last_year is None or used <= sched.last_year
        if re.search(r"\bexpire", text, _I):
            usable = not usable  # "does it expire?" asks the opposite
        until = ("indefinitely" if sched.last_year is None else f"through {sched.last_year}")
        limit = (f"up to {pct}% of taxable income" if limited else "with no 80% limit")
        line = (f"An NOL that arose in {sched.arose} carries forward {until}, so in {used} it can still be deducted, "
                f"{limit}." if sched.last_year is None or used <= sched.last_year else
                f"An NOL that arose in {sched.arose} could be carried forward only through {sched.last_year}: it "
                f"expired before {used}.")
        return (None if a.is_("how_much") else yes_no(a, usable)), line
    return None, ""


def nol(case: Case, asks: list[Ask]) -> list[Finding]:
    if not _is_nol_story(case):
        return []
    targets = [a for a in asks if not a.is_("capability", "advice", "penalty")]
    if not targets:
        return []
    said = case.text(claims=True)
    farming = bool(_FARM.search(said))
    arose, used = S.years(case)
    if case.year_assumed and arose != case.tax_year and any(str(arose) in a.text for a in targets):
        # "Could my 2019 NOL be carried back?": the shared reader takes "a 2019 NOL" for a label and assumes the
        # default year; the single-intent answer keeps 2019 as the year of the answer, so it answers until the
        # reader is fixed
        return []
    sched = N.schedule(arose, farming=farming, waived=bool(_WAIVE.search(said)))
    u, rows = _numbers(case, sched, used)
    cares_told = _cares_told(case, arose)
    kinds = retirement_kinds(case)
    dropped = bool(kinds) and bool(case.amounts_of("loss", facts_only=False, accounts=set(kinds)) or case.says(
        S.DROP, claims=True))
    business = S.business_loss(case)
    answers: dict[int, tuple] = {}
    drop: dict[int, tuple] = {}
    for a in targets:
        # the drop is what is asked about when the ask names the account, adds it to the NOL, or is the only loss told
        about_tax = a.is_("taxable", "how_much", "report", "penalty") and not a.is_("deduct")  # "how much is taxable?"
        if dropped and not about_tax and (_RETIREMENT.search(a.text) or _ADD_DROP.search(a.text) or not business):
            drop[a.index] = (yes_no(a, False), _drop_line(case, kinds[0]))
            continue
        verdict, line = _answer(lead_in_of(asks, a) or a, case, sched, used, u, farming)
        if line:
            answers[a.index] = (verdict, line)
    found = []
    # nol-post-2017 also for older NOLs: the rules they are contrasted with, and IRC 172 itself
    facts = (("nol-post-2017",) if arose >= F.NOL_FIRST_YEAR_TCJA else ("nol-pre-2018", "nol-post-2017")) + \
        ("nol-claim", "nol-nonbusiness") + \
        (("nol-farming",) if farming else ()) + (("nol-waiver",) if _WAIVE.search(said) else ())
    if answers and S.capital_only(case):  # an investment loss asked about as an NOL: the capital loss rules answer
        found.append(Finding("nol-nonbusiness", answers, "", ("nol-nonbusiness", "nol-post-2017", "capital-loss-limit",
                                                              "capital-loss-carryover"), weight=70))
    elif answers:
        detail = _rules_text(sched, farming) + cares_told
        if _WAIVE.search(said):
            detail += (f" To waive the carryback, attach an election statement to your {arose} return filed by its due "
                       "date (including extensions); the election is irrevocable, and the whole NOL then carries "
                       "forward.")
        if sched.carryback:
            detail += (" Form 172 figures the NOL and its carryback; a carryback refund is claimed on Form 1045 within a "
                       "year after the loss year ends, or on Form 1040-X for each carryback year.")
        found.append(Finding("nol-post-2017" if arose >= F.NOL_FIRST_YEAR_TCJA else "nol-pre-2018", answers, detail,
                             facts, rows, weight=70))
    if drop:  # the retirement-loss rule answers these too; this adds what an NOL is made of, after it
        claim = article_claim(case)
        conflict = F.ARTICLE_CLAIMS[claim].conflict_line() if claim == "article-nol-offset" else None
        found.append(Finding("nol-nonbusiness", drop, "", ("nol-nonbusiness", "nol-post-2017",
                                                           "market-loss-inside-account"), conflict=conflict, weight=30))
    return found


RULES = [nol]
