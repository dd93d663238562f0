"""Worthless and abandoned securities (IRC 165(g); Pub 550 (2025) pages 54-55), by the year they became worthless.

The base rule: a security that became completely worthless is treated as sold on December 31 of that year (which
decides short- or long-term) and gives a capital loss on Form 8949 for that year, whatever year the broker removes
it. A missed year is claimed by amending that year's return (Form 1040-X) within 7 years of its due date (IRC
6511(d)(1)); after that it is too late, and the loss never moves to a later year. The exceptions: no deduction for a
partial drop while the security still trades or the company still exists (sell it, or abandon it: an abandoned
security is treated as worthless), and none inside an IRA or other retirement account.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from app.rules import calculators as calc
from app.rules import facts as F
from app.rules import worthless_calc as WC
from app.rules.bad_debt import bad_debts
from app.rules.finding import Finding, money, yes_no
from app.rules.propositions import amount_verdict, plain_question
from app.rules.topics.common import is_worthless_story, label
from app.rules.trade_events import gains_told, trades
from app.understand import text as T
from app.understand.accounts import RETIREMENT_KINDS
from app.understand.asks import Ask
from app.understand.case import Case

_I = re.IGNORECASE
_EVENT = re.compile(r"worthless(?!\s+(?:security|securities)\s+removal)|bankrupt\w*|liquidat\w*|chapter\s+(?:7|11)|"
                    r"dissolv\w*|cancel+ed|cancel+ation|went\s+(?:to\s+)?zero|wiped\s+out|folded|went\s+under|"
                    r"defunct|out\s+of\s+business|delisted|became\s+worthless|went\s+bust", _I)
_REMOVAL = re.compile(r"\bremov\w*|\bcleared\b|\bwrote\s+(?:\w+\s+)?off|\bwritten\s+off|\btook\s+(?:them|it)\s+(?:off|out)|"
                      r"\bstatement\b|\b1099", _I)
_MORE_STORY = re.compile(r"\babandon\w*|\bcancel+ed\s+(?:all\s+)?(?:the\s+)?(?:old\s+)?(?:common\s+)?(?:stock|shares)|"
                         r"\bfolded\b|\bwent\s+under\b|\bdefunct\b|\bout\s+of\s+business\b|\bdead\s+shares\b", _I)
_PARTIAL = re.compile(r"\bstill\s+(?:trad\w*|quoted|listed|worth|has\s+(?:a\s+|some\s+)?(?:value|quote|price)|around|"
                      r"technically|exists?|operat\w*|shows?\s+a\s+quote)|\bquoted\s+at\b|\bno\s+volume|\bzero\s+volume|"
                      r"\bnobody\s+trades|\bnever\s+fill|\bwon'?t\s+(?:buy|fill)|\bnearly\s+worthless|\balmost\s+"
                      r"worthless|\b(?:dropped|down|fell)\s+\d+\s*%|\bfraction\s+of\s+a\s+cent", _I)
_COMPLETE = re.compile(r"\b(?:completely|totally|wholly|entirely)\s+worthless|\bgot\s+nothing|\bnothing\s+(?:paid|left)|"
                       r"\bcancel+ed\b|\bliquidat\w*|\bwiped\s+out", _I)
_SHARES = re.compile(r"\b(?:stocks?|shares?|securit\w+|bonds?)\b", _I)
_ABANDON = re.compile(r"\babandon\w*", _I)
_BOUGHT = re.compile(r"\b(?:bought|purchased|acquired|paid|got\s+(?:them|it|in)|cost\s+(?:me|us))\b", _I)
# "can I write off both?", "all of it", "the whole thing": the retirement account's shares are part of what is asked
_BOTH = re.compile(r"\bboth\b|\ball\b|\beverything\b|\bwhole\b|\btotal\b|\beach\b|\biras?\b|\broth\b|"
                   r"\b401\s*\(?k|\bretirement\b", _I)
_TERM_ASK = re.compile(r"short[\s-]*term|long[\s-]*term|short\s+or\s+long|less\s+than\s+a\s+year|under\s+a\s+year|"
                       r"holding\s+period", _I)
_OTHER_COST = re.compile(r"\bfees?\b|\bcharges?\b|\bbill\w*|\bpremiums?\b|\bexpenses?\b|\binterest\b|\bcommissions?\b",
                         _I)
_SECURITY = re.compile(r"\bstocks?\b|\bshares?\b|\bsecurit\w+|\bloss\b|\bworthless\b|\bbonds?\b", _I)
_SECTION_1244 = re.compile(r"\b1244\b|\b(?:straight|directly)\s+from\s+the\s+company|\bstart-?up\b|\bfounder\b|"
                           r"\bsmall\s+business\s+(?:stock|corporation)|\boriginal\s+(?:issue|investor|shareholder)", _I)
_CUTS = re.compile(r"[,;]\s+|\s+-+\s+|\s+(?:and|but|so)\s+(?=(?:the|my|i|it|its|stockholders|shareholders|they|he|she)\b)",
                   _I)


def _year_kinds(text: str) -> list[tuple[int, str | None]]:
    """Each year with what it dates: the company's end ("event"), the purchase ("bought") or the broker's removal
    ("removal"), by the nearest of those words before it (else after it) in its clause."""
    out = []
    for y, pos in T.years(text):
        if not 1950 <= y <= 2035:
            continue
        words = [(m.start(), kind) for kind, rx in (("event", _EVENT), ("bought", _BOUGHT), ("removal", _REMOVAL))
                 for m in rx.finditer(text)]
        cut = max([m.end() for m in _CUTS.finditer(text[:pos])], default=0)
        before = [(p, k) for p, k in words if cut <= p < pos]
        after = [(p, k) for p, k in words if p > pos and not _CUTS.search(text[pos:p])]
        kind = max(before)[1] if before else (min(after)[1] if after else None)
        out.append((y, kind))
    return out


def worthless_year(case: Case) -> int | None:
    """The year the security became worthless, never the year a broker removed the position or it was bought; a
    follow-up's year wins ("what if it had been liquidated in 2016?")."""
    found = [(s.turn, y) for s in case.sentences for y, kind in _year_kinds(s.text) if kind == "event"]
    return max(found)[1] if found else None


def _bought(case: Case) -> tuple[date | None, int | None, bool]:
    """(date bought, year bought, whether the month and day are known)."""
    for t in trades(case):
        if t.kind == "purchase" and t.when is not None and (t.year_given or not t.month_only):
            return t.when, t.when.year, not t.month_only
    for s in case.sentences:
        years = [y for y, kind in _year_kinds(s.text) if kind == "bought"]
        if years:
            return None, years[0], False
    return None, None, False


def _cost(case: Case, taxable_only: bool = False) -> Decimal | None:
    if taxable_only:  # shares held in a taxable account and in a retirement account: only the taxable ones count
        found = [a for role in ("cost", "basis", "loss") for a in case.amounts_of(role)
                 if a.account in (None, "taxable")]
        return found[-1].value if found else None
    return (case.latest("cost") or case.latest("basis") or case.latest("loss") or
            next((a.value for a in reversed(case.asked_amounts())), None))


def _held_in_retirement(case: Case) -> tuple[str, Decimal | None] | None:
    """The same security also held in an IRA or plan beside a taxable account: (account kind, what those shares
    cost), or None."""
    if not case.has_account("taxable"):
        return None
    kinds = [a.kind for a in case.accounts if a.kind in RETIREMENT_KINDS]
    if not kinds:
        return None
    there = [a for role in ("cost", "basis", "loss", "value") for a in case.amounts_of(role)
             if a.account in RETIREMENT_KINDS]
    return (there[-1].account if there else kinds[0]), (there[-1].value if there else None)


def _retirement_line(split: tuple[str, Decimal | None]) -> str:
    kind, cost = split
    what = f"The {money(cost)} of shares" if cost else "The shares"
    return (f"{what} in your {label(kind)} give no deduction: losses inside the account are not deductible and have no "
            "tax effect.")


def _today(case: Case) -> date:
    return case.now or date.today()


def _inside_retirement(case: Case) -> str | None:
    kinds = [a.kind for a in case.accounts if a.kind in RETIREMENT_KINDS]
    return kinds[0] if kinds and not case.has_account("taxable") else None


def _day(d: date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


def _term_words(term: str | None) -> str:
    return {"long": "long-term", "short": "short-term"}.get(term or "", "short- or long-term by the holding period")


def worthless(case: Case, asks: list[Ask]) -> list[Finding]:
    # claims=True: "I never claimed it" is the user's own story, though the shared reader takes it for a claim
    if not (is_worthless_story(case) or case.says(_MORE_STORY, claims=True) or case.says(_EVENT, claims=True)):
        return []
    if bad_debts(case) and not any(_SHARES.search(s.text) and _EVENT.search(s.text) for s in case.sentences):
        return []  # a loan the borrower's bankruptcy wiped out is a bad debt (the capital topic), not a security
    targets = [a for a in asks if not a.is_("capability", "advice", "penalty", "taxable") and not (
        _OTHER_COST.search(a.text) and not _SECURITY.search(a.text))]  # "can I deduct the custodian's fee?"
    if not targets:
        return []
    inside = _inside_retirement(case)
    if inside:
        text = (f"A security that becomes worthless inside your {label(inside)} gives no deduction: losses inside the "
                "account have no tax effect (no capital loss, nothing on Form 8949).")
        answers = {a.index: (yes_no(a, False) if plain_question(a) in ("deduct", "other") else None, text)
                   for a in targets}
        return [Finding("worthless-in-ira", answers, "", ("worthless-in-ira", "market-loss-inside-account"),
                        weight=70)]
    year = worthless_year(case)
    asked = None if case.year_assumed else case.tax_year
    w = year or case.tax_year
    bought, bought_year, day_known = _bought(case)
    term = WC.holding_term(w, bought, bought_year, day_known)
    split = _held_in_retirement(case)
    cost = _cost(case, taxable_only=split is not None)
    partial = bool(case.says(_PARTIAL, claims=True)) and not case.says(_COMPLETE, claims=False)
    abandon = case.says(_ABANDON, claims=True)
    today = _today(case)
    open_ = WC.claim_open(w, today)
    late_year = asked is not None and asked > w and not (case.latest_turn > 0 and asked == w)
    parts, rows = [], []
    base = ("A security is deducted for the year it became completely worthless: it is treated as sold on the last "
            "day of that tax year (December 31), not when the broker removes it or you notice" +
            (f". Yours became worthless in {w}, so it is treated as sold on December 31, {w}" if year else ""))
    if (bought is not None or bought_year is not None) and (bought_year or w) <= w:
        held = f"from {bought:%B} {bought.day}, {bought.year}" if bought and day_known else f"since {bought_year}"
        base += f"; held {held} to that day, the loss is {_term_words(term)}"
    parts.append(base + ".")
    due, end, n = _day(WC.return_due(w)), _day(WC.claim_deadline(w)), F.WORTHLESS_REFUND_WINDOW_YEARS
    claim = (f"Claim it by amending your {w} return on Form 1040-X: for a worthless security you have {n} years from "
             f"that return's due date ({due}), that is until {end} (the next business day if that falls on a weekend or "
             "holiday), or 2 years from when you paid the tax if later.") \
        if open_ else (
        f"A missed year is claimed on Form 1040-X within {n} years from that year's return due date: for {w} that "
        f"window ran from {due} and ended on {end}, so it is too late now (unless you paid the {w} tax within the last "
        "2 years), and the loss cannot be moved to a later year instead.")
    if late_year or case.says(r"\bamend|\bmissed|\bnever\s+claimed|\bforgot|\btoo\s+late|\bstill\b", claims=True):
        parts.append(claim)
    if partial:
        parts.insert(0, "There is no deduction for a partial drop in value while the stock still has a quote or the "
                        "company still exists: it must be completely worthless.")
        parts = parts[:1]
    if abandon or partial:
        parts.append("To realize the loss you can sell it (even for a token amount) or abandon it: permanently "
                     "surrender and relinquish all rights in the shares and receive nothing for them (ask your broker "
                     "for its procedure). Abandoned securities are treated as worthless securities, so as sold on the "
                     "last day of the tax year; whether a transaction is an abandonment depends on all the facts and "
                     "circumstances." + (f" That gives a {money(cost)} {_term_words(term)} capital loss on Form 8949 "
                                         f"for {case.tax_year}." if cost else ""))
    limit = None
    whole = [a for a in targets if a.whole or any(x.value >= (cost or 0) > 0 for x in case.asked_amounts()
                                                   if x.sentence == a.sentence)]
    small_business = case.says(_SECTION_1244, claims=True)
    if cost and (any(a.is_("how_much") for a in targets) or whole or split) and not (
            partial or late_year or (small_business and not split)):
        gains = gains_told(case)
        long_ = term == "long"
        limit = calc.capital_loss(lt_losses=cost if long_ else 0, st_losses=0 if long_ else cost,
                                  lt_gains=gains if long_ else 0, st_gains=0 if long_ else gains,
                                  filing_status=case.filing_status)
        carry = limit.carryover_short_term + limit.carryover_long_term
        rows.append((f"{_term_words(term).capitalize() if term else 'Capital'} capital loss (cost, $0 proceeds)"
                     .replace("Capital capital", "Capital"), money(cost)))
        if gains:
            rows.append(("Net of your capital gains", f"{money(cost)} - {money(gains)} = {money(-limit.net)}"))
        rows.append((f"Deducted against other income in {w}", money(limit.deduction)))
        if carry:
            rows.append((f"Carryover to {w + 1}", money(carry)))
    answers: dict[int, tuple] = {}
    for a in targets:
        if split and not (partial or late_year) and a.is_("deduct", "how_much", "yesno", "confirm"):
            answers[a.index] = _split_answer(a, split, w, term, cost, limit)
            continue
        if small_business and not (a.is_("report", "deadline") or _TERM_ASK.search(a.text)):
            continue  # stock bought from a small company may give an ordinary loss (IRC 1244): that rule answers
        answers[a.index] = _answer(a, case, w, asked, term, partial, abandon, open_, late_year, cost, limit,
                                   a in whole)
    facts = ("worthless-security", "worthless-year") + (("abandoned-security",) if abandon or partial else ()) + \
        (("capital-loss-limit",) if limit else ()) + (("refund-claim-window",) if late_year or not open_ else ())
    if split:
        facts += ("worthless-in-ira", "market-loss-inside-account")
    # split: the retirement account's part decides "both?", whatever the taxable part's character turns out to be
    return [Finding("worthless-security", answers, " ".join(parts), facts, rows, weight=75 if split else 70)]


def _split_answer(a: Ask, split: tuple[str, Decimal | None], w: int, term: str | None, cost: Decimal | None,
                  limit: calc.CapitalLossResult | None) -> tuple:
    """Shares of the worthless company in a taxable account and in a retirement account: only the taxable ones give a
    capital loss; "can I write off both?" is a no."""
    ira = _retirement_line(split)
    if cost is None:
        return (yes_no(a, False) if _BOTH.search(a.text) else None), (
            f"Only the shares in your taxable account give a capital loss for {w}, treated as sold on December 31, "
            f"{w}. {ira}")
    taxable = (f"Only the shares in your taxable account count: their {money(cost)} cost is a "
               f"{_term_words(term)} capital loss for {w}, treated as sold on December 31, {w}, on Form 8949")
    if limit is not None:
        carry = limit.carryover_short_term + limit.carryover_long_term
        gains = cost + limit.net
        taxable += (f"; after your {money(gains)} of capital gains that is a {money(-limit.net)} net loss" if gains > 0
                    else "") + f": deduct {money(limit.deduction)} against other income for {w}" + (
            f" and carry {money(carry)} to {w + 1}" if carry else "")
    verdict = yes_no(a, False) if _BOTH.search(a.text) else (
        yes_no(a, True) if not a.is_("how_much") or amount_verdict(a) else None)
    return verdict, f"{taxable}. {ira}"


def _answer(a: Ask, case: Case, w: int, asked: int | None, term: str | None, partial: bool, abandon: bool,
            open_: bool, late_year: bool, cost: Decimal | None, limit: calc.CapitalLossResult | None,
            whole: bool) -> tuple:
    prop = plain_question(a)
    if re.search(r"\b(?:which|what)\s+(?:tax\s+)?year|\bwhen\b", a.text, _I) and not a.is_("deadline"):
        return None, (f"The loss belongs to {w}, the year it became worthless; it is treated as sold on December 31, "
                      f"{w}, the last day of that tax year.")
    if a.is_("deadline"):
        end, n = _day(WC.claim_deadline(w)), F.WORTHLESS_REFUND_WINDOW_YEARS
        what = f" for the {money(cost)} {_term_words(term)} capital loss" if cost else ""
        return yes_no(a, open_), (f"You can still amend {w}{what} until {end} ({n} years from the {w} return's due "
                                  f"date, {_day(WC.return_due(w))})." if open_ else
                                  f"It is too late: the {n}-year window for {w} ended on {end}.")
    if _TERM_ASK.search(a.text):
        said = "short" if re.search(r"short", a.text, _I) and not re.search(r"short\s+or\s+long", a.text, _I) else \
            "long" if re.search(r"long", a.text, _I) and not re.search(r"short\s+or\s+long", a.text, _I) else None
        line = (f"It is {_term_words(term)}: the holding period runs to December 31, {w}, the day it is treated as "
                "sold." if term else f"It depends on how long you held it up to December 31, {w}: more than a year is "
                "long-term.")
        verdict = ("yes" if said == term else "no") if said and term and a.is_("confirm") else None
        return verdict, line
    if a.is_("report"):
        verdict = yes_no(a, not partial and not (late_year and not open_)) if a.is_("deduct") else None
        part = {"long": "Part II", "short": "Part I"}.get(term or "", "Part I or II (by holding period)")
        return verdict, (f"Report it on Form 8949, {part}, in the box for transactions not reported on Form 1099-B, with "
                      f"$0 proceeds and December 31, {w} as the date sold" + (f", cost {money(cost)}" if cost else "")
                      + "; the total goes to Schedule D.")
    if a.is_("how_much") and limit is not None:
        carry = limit.carryover_short_term + limit.carryover_long_term
        first = (f"The {money(cost)} loss first offsets your {money(cost + limit.net)} of capital gains; then y"
                 if cost + limit.net > 0 else "Y")
        return (yes_no(a, limit.deduction > 0) if amount_verdict(a) else None), (
            f"{first}ou deduct {money(limit.deduction)} against other income for {w}" +
                      (f" and carry {money(carry)} to {w + 1}." if carry else "."))
    if _ABANDON.search(a.text) and prop != "deduct":
        return "yes", "Abandoning the shares is a way to take the loss: abandoned securities are treated as worthless."
    if partial:
        return yes_no(a, False), "Not by calling it worthless while it still has a quoted value."
    if late_year:
        return yes_no(a, False), (f"Not on your {asked} return: the loss belongs to {w}, the year it became "
                                  "worthless" + (", and you can still amend that year." if open_ else
                                                 ", and it is too late to amend that year."))
    if not open_ and case.latest_turn > 0:
        return yes_no(a, False), f"No longer: the 7-year window for {w} has closed."
    if whole and limit is not None and limit.deduction < (cost or 0):
        carry = limit.carryover_short_term + limit.carryover_long_term
        return yes_no(a, False), (f"Not all in {w}: it is a capital loss, so after any capital gains only "
                                  f"{money(limit.deduction)} a year is deducted against other income; "
                                  f"{money(carry)} carries over to {w + 1}.")
    return yes_no(a, True), (f"As a capital loss for {w}, treated as sold on December 31, {w}"
                             + (f" ({_term_words(term)})" if term else "") + ", reported on Form 8949.")


RULES = [worthless]
