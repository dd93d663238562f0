"""Is a Roth IRA (or Roth 401(k)) withdrawal taxable, and does the 10% additional tax apply?

Law (IRC 408A(d); Pub 590-B (2025) pp. 33-37): a qualified distribution (5 years from the first Roth contribution AND
59 1/2, disability, death or a first home) is tax-free. Otherwise the ordering rules decide what comes out: regular
contributions first, then conversions oldest first (the once-taxable part first), then earnings; only earnings are
income. The 10% applies to earnings and to a conversion's taxable part withdrawn within THAT conversion's own 5-year
period (from Jan 1 of the conversion year) before 59 1/2, unless an exception applies. Form 8606 Part III; Form 5329.
A designated Roth account (Roth 401(k)/403(b)) is not an IRA: a nonqualified distribution is pro rata between
contributions and earnings (IRC 72(e)(8)), capped at what came out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from app.rules import facts as F
from app.rules import penalty as P
from app.rules.finding import Finding, money, yes_no
from app.understand.asks import Ask
from app.understand.case import Case

_OUT = re.compile(r"\b(?:cash\w*(?:\s+\w+)?\s+out|clos(?:e|ed|ing)\b|withdr[ae]w\w*|(?:took|take|taking|pull\w*)\s+"
                  r"(?:\S+\s+){0,4}?(?:out|from)\b|empt\w*|distribut\w*|got\s+back|get\s+back|getting\s+back|want\s+out|"
                  r"(?:want|need|get|getting)\s+(?:\S+\s+){1,2}?out\b|"
                  r"sending\s+me\s+back)", re.IGNORECASE)
# the first year for which anything went into a Roth IRA starts the qualified-distribution clock ("opened it in 2015")
_OPENED = re.compile(r"\b(?:opened|started|set\s+up|first\s+(?:contributed|funded))\b[^.?!]{0,40}?\b((?:19|20)\d\d)\b",
                     re.IGNORECASE)
_TIMING = re.compile(r"\bdifference\b|\bmatter\b|\bwait\b|\bbetter\b|\bshould\s+i\s+(?:wait|take)", re.IGNORECASE)
_CONV_TAXED = re.compile(r"fully\s+taxable\s+conversion|paid\s+tax\s+on|all\s+(?:deductible|pre[\s-]*tax)|already\s+paid\s+"
                         r"tax", re.IGNORECASE)


@dataclass
class RothStory:
    contributions: Decimal = Decimal(0)
    earlier: Decimal = Decimal(0)  # tax-free withdrawals in earlier years
    conversions: list[tuple[int | None, Decimal]] = field(default_factory=list)
    distributed: Decimal | None = None
    value: Decimal | None = None
    first_year: int | None = None


def _without_parts(values: list[Decimal]) -> Decimal:
    """"$8,000 total (4k in 2022, 4k in 2023)": a total told with its parts counts once."""
    for v in values:
        rest = list(values)
        rest.remove(v)
        if rest and v == sum(rest, Decimal(0)):
            return v
    return sum(values, Decimal(0))


# "the deposit was designated as my 2021 contribution", "a contribution for tax year 2021": the 5 years start then
_CONTRIBUTION_FOR = re.compile(r"\b((?:19|20)\d\d)\s+(?:roth\s+)?contribution|\bcontribution\s+for\s+(?:tax\s+year\s+)?"
                               r"((?:19|20)\d\d)\b", re.IGNORECASE)


def _story(case: Case) -> RothStory:
    st = RothStory()
    roth = {"roth_ira", None}
    year = case.tax_year
    contribs = [a for a in case.amounts if a.role == "contribution" and a.account in roth | {"401k", "403b"} and not a.ask
                and not a.claim]
    st.contributions = _without_parts([a.value for a in contribs])
    years = [a.year for a in contribs if a.year] + [a.year for a in case.amounts if a.role == "conversion" and a.year]
    st.first_year = min(years) if years else None
    for a in case.amounts:
        if a.claim:
            continue
        if a.role == "conversion" and (not a.ask or not st.conversions):
            if not any(v == a.value for _, v in st.conversions):
                st.conversions.append((a.year, a.value))
        elif a.role == "distribution" and a.year is not None and a.year < year and not a.ask and not a.echo:
            st.earlier += a.value
    st.conversions.sort(key=lambda c: c[0] or 0)
    opened = [int(m.group(1)) for m in _OPENED.finditer(case.text(asks=True, claims=False))] + [
        int(m.group(1) or m.group(2)) for m in _CONTRIBUTION_FOR.finditer(case.text(asks=True, claims=False))]
    st.first_year = min([y for y in [st.first_year, *opened] if y], default=None)
    outs = [a for a in case.amounts if a.role in ("distribution", "value", None) and a.account in roth
            and (a.year in (None, year)) and _OUT.search(case.sentences[a.sentence].text)]
    if not outs:  # a what-if that moves the withdrawal to another year keeps the amount it was about
        outs = [a for a in case.amounts if a.role in ("distribution", "value", None) and a.account in roth and
                a.turn < case.latest_turn and _OUT.search(case.sentences[a.sentence].text)]
        st.earlier -= sum((a.value for a in outs if a.role == "distribution" and a.year is not None and a.year < year),
                          Decimal(0))
    if outs:
        st.distributed = outs[-1].value
    values = [a for a in case.amounts if a.role == "value" and a.account in roth]
    if values:
        st.value = values[-1].value
    if st.distributed is None and case.says(r"\bclos\w*|\bcash\w*\s+(?:\w+\s+)?out|\bwant\s+out|\b(?:take|took|taking|pull\w*|"
                                            r"withdraw\w*)\s+(?:it|them|everything|all\s+of\s+it)\s+(?:all\s+)?(?:out)?|\bempty\w*",
                                            asks=True):
        st.distributed = st.value
    return st


def roth_distribution(case: Case, asks: list[Ask]) -> list[Finding]:
    if not case.has_account("roth_ira") and not case.designated_roth:
        return []
    targets = [a for a in asks if a.is_("taxable", "penalty") or (a.is_("what_if", "confirm", "yesno", "report") and
                                                                  re.search(r"tax|penalt|10%|owe|8606|5329|out", a.subject,
                                                                            re.IGNORECASE)) or a.kinds == ["what_if"]]
    if not targets:
        return []
    roth_ira_told = any(m.kind == "roth_ira" and m.sentence not in case.claim_sentences for m in case.accounts)
    if case.designated_roth and not roth_ira_told:  # a claim about "Roth money" names no Roth IRA of the user's
        return _designated(case, targets)
    st = _story(case)
    year = case.tax_year
    under = P.under_age(case)
    qualified_from = st.first_year + F.ROTH_FIVE_YEARS if st.first_year else None
    if st.distributed is not None and under is False and qualified_from is not None and year >= qualified_from:
        return [_qualified(case, targets, st.distributed, st.first_year)]  # past 59 1/2 and 5 years: amounts need not be told
    if st.distributed is None or not (st.contributions or st.conversions):
        return []
    d = st.distributed
    clock = ""
    if under is False and qualified_from is not None:
        clock = (f" Your 5-year period for qualified distributions began January 1, {st.first_year} (the first year "
                 f"anything went into a Roth IRA for) and ends December 31, {qualified_from - 1}: from January 1, "
                 f"{qualified_from}, past 59 1/2, a withdrawal is a qualified distribution and all of it, earnings "
                 "included, is tax-free.")
    rows: list[tuple[str, str]] = []
    home = Decimal(0)
    if qualified_from is not None and year >= qualified_from and P.first_home(case):
        # a first home after the 5 years: up to $10,000 (lifetime) is a qualified distribution, tax-free first
        home = min(Decimal(F.FIRST_HOME_LIMIT), d)
        rows.append(("Qualified first-home distribution (5 years met, lifetime limit)", money(home)))
        clock = (f" The first {money(home)} used for a first home is a qualified distribution (your 5-year period "
                 f"began January 1, {st.first_year} and is over; the first-home amount is limited to "
                 f"{money(F.FIRST_HOME_LIMIT)} in a lifetime), so it is tax-free and penalty-free; the ordering rules "
                 f"apply to the other {money(d - home)}, and the 10% exception for a first home is used up by that "
                 "qualified part.")
    left = d - home
    contrib_left = max(Decimal(0), st.contributions - st.earlier)
    from_contrib = min(left, contrib_left)
    left -= from_contrib
    if st.earlier:
        rows.append(("Regular contributions not yet withdrawn", (f"{money(st.contributions)} - {money(st.earlier)} "
                                                                f"taken out earlier = {money(contrib_left)}")))
    rows.append(("1) From regular contributions (tax-free)", money(from_contrib)))
    penalty_base = Decimal(0)
    conv_lines = []
    for conv_year, amount in st.conversions:
        if left <= 0:
            break
        part = min(left, amount)
        left -= part
        within = conv_year is not None and year < conv_year + P.ROTH_YEARS
        rows.append((f"2) From the {conv_year or ''} conversion (already taxed)".replace("  ", " "), money(part)))
        if within and under is not False:
            penalty_base += part
            conv_lines.append(f"the {money(part)} from the {conv_year} conversion comes out within that conversion's "
                              f"5-year period (January 1, {conv_year} through December 31, {conv_year + 4})")
        elif conv_year is not None:
            conv_lines.append(f"the {conv_year} conversion's 5-year period ended December 31, {conv_year + 4}, so "
                              f"its {money(part)} carries no 10% from January 1, {conv_year + 5}")
    earnings = left
    if earnings:
        rows.append(("3) Earnings (taxable unless qualified)", money(earnings)))
    taxable = earnings
    summary = (f"Roth withdrawals come out in a fixed order: regular contributions first, then conversions (oldest "
               f"first), then earnings. Of the {money(d - home)}, {money(from_contrib)} is your own contributions"
               + (f" and {money(d - home - from_contrib - earnings)} is already-taxed conversion money"
                  if d - home - from_contrib - earnings else "") + (f" and {money(earnings)} is earnings, which is taxable" if earnings else
                                       ", so none of it is taxable") + ".") + clock
    if under is not False:
        penalty_base += earnings
    amount = P.cents(penalty_base * P.RATE / 100)
    if penalty_base and under:
        pen = (f"You are under 59 1/2, so the 10% additional tax applies to {money(penalty_base)}: {money(amount)}, "
               "unless an exception applies (Form 5329)" + (": " + "; ".join(conv_lines) if conv_lines else "") + ".")
        rows.append((f"10% additional tax on {money(penalty_base)}", money(amount)))
    elif penalty_base and under is None:
        pen = (f"If you are under 59 1/2, the 10% additional tax applies to {money(penalty_base)} ({money(amount)}) "
               "unless an exception applies; at 59 1/2 or older it does not.")
    else:
        pen = ("No 10% additional tax: it applies only to earnings and to conversion money withdrawn within that "
               "conversion's 5-year period before 59 1/2" + (f" ({'; '.join(conv_lines)})" if conv_lines else "")
               + ", and " + ("you are past 59 1/2" if under is False else "this withdrawal has neither") + ".")
    answers: dict[int, tuple] = {}
    for t in targets:
        if t.is_("confirm"):
            claims_none = bool(re.search(r"\b(?:shouldn'?t|no|not|isn'?t|won'?t|wouldn'?t|free)\b", t.text, re.IGNORECASE))
            owed = bool(taxable) or bool(penalty_base and under)
            answers[t.index] = ("yes" if claims_none != owed else "no", f"{summary} {pen}")
        elif t.is_("penalty") and not t.is_("taxable"):
            answers[t.index] = (yes_no(t, bool(penalty_base and under)) if under is not None else "depends", pen)
        elif t.is_("taxable") and t.is_("penalty") and not t.is_("confirm"):
            both = bool(taxable) or bool(penalty_base and under)
            answers[t.index] = (yes_no(t, both), f"{summary} {pen}")
        elif t.is_("taxable"):
            answers[t.index] = (yes_no(t, taxable > 0), summary + (f" {pen}" if re.search(
                r"\banything\b|penalt|10%|cost", t.text, re.IGNORECASE) else ""))
        elif clock and _TIMING.search(t.text):  # "does it matter if I wait until next year?"
            answers[t.index] = ("yes" if earnings else "no", f"{summary} {pen}")
        else:
            answers[t.index] = (None, f"{summary} {pen}")
    detail = ("Report the withdrawal on Form 8606 Part III" + (" and the 10% on Form 5329" if penalty_base else "")
              + f"; on Form 1040 line 4a show {money(d)} and on line 4b {money(taxable)}.")
    return [Finding("roth-ordering", answers, detail, ("roth-ordering", "roth-conversion-five-year", "roth-reporting",
                                                       "early-distribution-tax"), rows, weight=58)]


def _qualified(case: Case, targets: list[Ask], d: Decimal, first_year: int) -> Finding:
    """Past 59 1/2 and 5 years from the first year contributed for: nothing is taxed, nothing is penalized."""
    text = (f"This is a qualified distribution: you are past 59 1/2 and your 5-year period, which began January 1, "
            f"{first_year} (the first year anything went into a Roth IRA for), is over, so all {money(d)}, earnings "
            "included, is tax-free and owes no 10% additional tax.")
    answers: dict[int, tuple] = {}
    for t in targets:
        if t.is_("confirm"):
            claims_none = bool(re.search(r"\b(?:shouldn'?t|no|not|isn'?t|won'?t|wouldn'?t|free)\b", t.text, re.IGNORECASE))
            answers[t.index] = ("yes" if claims_none else "no", text)
        elif t.is_("taxable", "penalty"):
            answers[t.index] = (yes_no(t, False), text)
        else:
            answers[t.index] = (None, text)
    detail = f"Report it on Form 8606 Part III only if required; on Form 1040 line 4a show {money(d)} and on line 4b $0."
    return Finding("roth-qualified", answers, detail, ("roth-qualified", "roth-reporting"), weight=58)


def _designated(case: Case, targets: list[Ask]) -> list[Finding]:
    """A Roth 401(k)/403(b) withdrawal before it is qualified: pro rata between contributions and earnings
    (IRC 72(e)(8)) over the account's value, not contributions first as in a Roth IRA."""
    plans = {"401k", "403b", "457b", "plan", None}
    facts_only = [a for a in case.amounts if not a.ask and not a.claim and a.account in plans]
    basis = sum((a.value for a in facts_only if a.role == "contribution"), Decimal(0))
    earnings = sum((a.value for a in facts_only if a.role == "earnings"), Decimal(0))
    values = [a.value for a in facts_only if a.role == "value"]
    value = values[-1] if values else (basis + earnings if earnings else None)
    taken = [a.value for a in facts_only if a.role == "distribution"]
    out = taken[-1] if taken else value
    if not basis or out is None:
        return []
    value = value if value and value >= out else out
    ratio = min(Decimal(1), basis / value)
    nontax = P.cents(out * ratio)
    taxable = out - nontax
    pen = P.early_tax(case, taxable, "401k", what="the taxable earnings") if taxable else None
    text = ("A Roth 401(k) or 403(b) is not a Roth IRA, and the Roth IRA ordering rules (contributions first) do not "
            "apply to it: a nonqualified distribution is split pro rata between your contributions (basis, Form "
            "1099-R box 5) and earnings, in the proportion they make up the account. ")
    if taxable == 0:
        text += (f"Your {money(basis)} of contributions covers the {money(out)} that comes out, so all of it is a "
                 "nontaxable return of basis: no income tax and no 10% additional tax.")
    else:
        text += (f"Contributions are {money(basis)} of the {money(value)} account ({ratio:.1%}), so of the "
                 f"{money(out)}, {money(nontax)} is a tax-free return of contributions and {money(taxable)} is taxable "
                 f"earnings. {pen.reason if pen else ''}").strip()
    text += (" Rolled into a Roth IRA first (a direct rollover is not taxed), the contributions become Roth IRA "
             "contributions and the Roth IRA's ordering rules then apply.")
    owes = bool(taxable) or bool(pen and pen.applies)
    answers: dict[int, tuple] = {}
    for t in targets:
        if t.is_("confirm"):
            claims_none = t.inverted or bool(re.search(r"\bfree\b|\bno\s+tax|\bnot\s+taxable", t.text, re.IGNORECASE))
            answers[t.index] = ("yes" if claims_none != owes else "no", text)
        elif t.is_("penalty") and not t.is_("taxable"):
            answers[t.index] = (yes_no(t, bool(pen and pen.applies)) if not pen or pen.applies is not None
                                else "depends", text)
        else:
            answers[t.index] = (yes_no(t, taxable > 0), text)
    rows = [("Roth contributions (basis)", money(basis)), ("Account value", money(value)),
            ("Distribution", money(out)), (f"Tax-free share ({money(basis)} / {money(value)})", f"{ratio:.4f}"),
            ("Tax-free return of contributions", money(nontax)), ("Taxable earnings", money(taxable))]
    rows += pen.rows if pen else []
    return [Finding("designated-roth", answers, "", ("designated-roth", "early-distribution-tax"), rows, weight=58)]


RULES = [roth_distribution]
