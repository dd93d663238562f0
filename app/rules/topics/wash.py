"""Wash sales (IRC 1091; Pub 550 (2025) pages 86-88): a loss sale and a purchase of the same or a substantially
identical security within 30 days before or after it.

The base rule: the loss on the shares matched with shares bought in the 61-day window is disallowed and added to the
replacement's basis (its holding period too), so it is postponed. Its reach: purchases in any account or at any broker,
by a spouse, through a reinvested dividend or an automatic plan, and a contract or option to buy. The exceptions that
change the outcome: fewer shares bought than sold (only the matching shares' loss), a purchase in an IRA or Roth IRA
(the loss is lost for good, Rev. Rul. 2008-5), a purchase in a 401(k) (not settled), a different security (not
substantially identical), and a sale inside an IRA (no loss to disallow).
"""
from __future__ import annotations

import re
from decimal import Decimal

from app.rules import calculators as calc
from app.rules import facts as F
from app.rules import wash_calc as W
from app.rules.finding import Finding, money, yes_no
from app.rules.propositions import (
    WASHED,
    alternative_pair,
    claim_asserts,
    claims,
    plain_question,
    unverified_cites,
)
from app.rules.topics.common import is_wash_story, label
from app.rules.trade_events import identity, trades
from app.rules.wash_story import Story, fmt_date, read_story
from app.understand.accounts import RETIREMENT_KINDS
from app.understand.asks import Ask
from app.understand.case import Case

_FACTS = ("wash-sale", "wash-sale-window", "wash-sale-triggers", "wash-sale-basis", "wash-sale-reporting")
_DAYS = F.WASH_SALE_WINDOW_DAYS


def _shares(n: Decimal | None) -> str:
    if n is None:
        return "the"
    return f"{n.normalize():f}" if n != n.to_integral_value() else f"{int(n):,}"


def _window_text(story: Story) -> str:
    sale = story.sale
    if sale is None or sale.when is None:
        return (f"The window is 61 days: {_DAYS} days before the sale, the sale day and {_DAYS} days after, across "
                "the year end.")
    start, end = W.window(sale.when)
    return (f"The wash sale window runs from {_DAYS} days before to {_DAYS} days after your {fmt_date(sale.when)} "
            f"sale: {fmt_date(start)} through {fmt_date(end)}" + (", across the year end" if start.year != end.year
                                                                   else "") + ".")


def _lots_text(story: Story) -> str:
    dated = [(p, d) for p, d, _ in story.lots]
    parts = []
    for p, d in dated:
        what = (f"{_shares(p.shares)} call contracts (options to buy)" if p.shares else "calls (options to buy)") \
            if p.option else f"{_shares(p.shares)} shares" if p.shares else "shares"
        how = " through a reinvested dividend" if p.dividend else " by automatic purchase" if p.recurring else ""
        who = " by your spouse" if p.spouse else ""
        where = f" in your {label(p.account)}" if p.account and p.account != "taxable" else ""
        when = f"on {fmt_date(d)}" if d else "(you did not say when: it counts if inside the window)"
        side = ""
        if d and story.sale and story.sale.when:
            gap = (d - story.sale.when).days
            side = f" ({abs(gap)} days {'before' if gap < 0 else 'after'} the sale)" if gap else " (the sale day)"
        parts.append(f"{what} bought {when}{side}{how}{who}{where}")
    return "The purchases that count: " + "; ".join(parts) + "." if parts else ""


def _triggers(story: Story) -> str:
    out = []
    buys = [p for p, _, _ in story.lots]
    if any(p.option for p in buys):
        out.append("Acquiring a contract or option to buy substantially identical stock (a call) within the window is "
                   "a wash sale just like buying the shares (Pub 550, Wash Sales, item 3), even though options are "
                   "not stock.")
    if any(p.dividend for p in buys):
        out.append("A reinvested dividend is a purchase of shares, so it counts.")
    if any(p.spouse for p in buys):
        out.append("A purchase by your spouse counts as yours, even in your spouse's own account and with separate "
                   "money.")
    if any(p.broker or (p.account or "taxable") != (story.sale.account or "taxable") or p.spouse for p in buys) or any(
            p.account in RETIREMENT_KINDS for p in buys):
        out.append("The rule looks at what you (or your spouse) acquire in any account at any broker; Form 1099-B box "
                   "1g shows only wash sales inside the same account (same CUSIP), and a wash sale loss is not "
                   "deductible even when the 1099-B does not show it.")
    return " ".join(out)


def _amounts(story: Story, year: int) -> tuple[str, list[tuple[str, str]]]:
    r = story.result
    if r is None:
        return "", []
    rows: list[tuple[str, str]] = []
    matched = r.matched_shares
    if r.per_share is not None and matched is not None and r.partial:
        text = (f"You bought fewer shares in the window ({_shares(matched)}) than you sold ({_shares(r.shares_sold)}), "
                f"so only the loss on the {_shares(matched)} matching shares is disallowed (matched in the order "
                f"bought): {_shares(matched)} x {money(r.per_share)} = {money(r.disallowed)}. The loss on the other "
                f"{_shares(r.shares_sold - matched)} shares, {money(r.allowed)}, stays deductible for {year}.")
        rows += [("Loss per share sold", f"{money(r.loss)} / {_shares(r.shares_sold)} = {money(r.per_share)}"),
                 ("Shares matched with purchases in the window", _shares(matched)),
                 (f"Disallowed ({_shares(matched)} x {money(r.per_share)})", money(r.disallowed)),
                 (f"Deductible for {year}", f"{money(r.loss)} - {money(r.disallowed)} = {money(r.allowed)}")]
    else:
        text = f"The whole {money(r.loss)} loss is disallowed for {year}."
        rows.append((f"Disallowed for {year}", money(r.disallowed)))
    for m in r.matched:
        if m.new_basis is not None:
            per = m.new_basis / m.shares if m.shares else None
            rows.append((f"New basis of the shares bought {m.lot.label}",
                         f"{money(m.lot.cost)} + {money(m.disallowed)} = {money(m.new_basis)}"
                         + (f" ({money(per)} a share)" if per is not None else "")))
    return text, rows


def _treatment_text(story: Story) -> str:
    r = story.result
    kinds = {t for _, _, t in story.lots}
    out = []
    deferred = r.disallowed_as(W.DEFERRED) if r else None
    lost = r.disallowed_as(W.LOST) if r else None
    if W.DEFERRED in kinds:
        amount = f"The disallowed {money(deferred)}" if deferred else "The disallowed loss"
        out.append(f"{amount} is not lost: it is added to the basis of the replacement shares, and their holding period "
                   "includes that of the shares sold, so the loss is postponed and you get it back later, when you "
                   "sell them.")
    if W.LOST in kinds:
        where = next(label(p.account) for p, _, t in story.lots if t == W.LOST)
        amount = f"the disallowed {money(lost)}" if lost else "the disallowed loss"
        out.append(f"Because the replacement was bought in your {where}, {amount} is not added to any basis: it is "
                   "lost for good (Rev. Rul. 2008-5; Pub 550, Wash Sales, item 4).")
    if W.UNSETTLED in kinds:
        where = next(label(p.account) for p, _, t in story.lots if t == W.UNSETTLED)
        out.append(f"Whether a purchase in your {where} triggers the rule is not settled: IRS guidance (Rev. Rul. "
                   "2008-5) covers IRAs and Roth IRAs only. If it does, the loss is lost for good as with an IRA; a "
                   "cautious approach avoids that purchase or asks a tax professional.")
    return " ".join(out)


def _report_text(story: Story) -> str:
    r = story.result
    amount = f"{money(r.disallowed)} (the loss not allowed)" if r else "the loss not allowed"
    same = bool(story.lots) and all((p.account or "taxable") == (story.sale.account or "taxable") and not p.spouse
                                     and not p.broker for p, _, _ in story.lots) if story.sale else False
    return (f"Report the sale on Form 8949 (Part I or II by holding period), complete all columns, enter code W in "
            f"column (f) and {amount} as a positive number in column (g)."
            + ("" if same else " Your broker will not flag a purchase in another account, so make that adjustment "
               "yourself."))


def _limit_text(case: Case, allowed: Decimal, year: int) -> tuple[str, list[tuple[str, str]]]:
    gains = case.total("gain") or Decimal(0)
    r = calc.capital_loss(st_losses=allowed, st_gains=gains, filing_status=case.filing_status)
    if r.deduction <= 0:
        return "", []
    carry = r.carryover_short_term + r.carryover_long_term
    text = (f"With {'your ' + money(gains) + ' of gains' if gains else 'no other capital gains or losses'}, "
            f"{year} deducts {money(r.deduction)} of the {money(allowed)} allowed loss against other income (the "
            f"{money(r.limit)} limit{' for married filing separately' if case.filing_status == 'mfs' else ''})"
            + (f", and {money(carry)} carries over to {year + 1}" if carry else " and nothing carries over") + ".")
    rows = [(f"Deducted against other income in {year}", money(r.deduction))]
    if carry:
        rows.append((f"Capital loss carryover to {year + 1}", money(carry)))
    return text, rows


def _identity_text(kind: str) -> str:
    if kind == "different":
        return ("What you bought is not substantially identical to what you sold, so this is not a wash sale and the "
                "loss counts. Whether securities are substantially identical depends on all the facts and "
                "circumstances of the securities themselves, not on who sponsors them: stock of one company is "
                "ordinarily not substantially identical to another company's, and a fund on a different index holds "
                "different securities. There is no IRS ruling on funds, so a fund on the same index (or the same fund "
                "back) is where the risk lies.")
    return ("Two funds from different companies that track the same index may or may not be substantially identical: "
            "the test is all the facts and circumstances, and the IRS has never ruled on funds tracking the same "
            "index. It is a gray area; funds on different indexes are the safer swap.")


def _conclusion(story: Story) -> tuple[bool | None, str]:
    """(washed, short reason): is any of the loss disallowed (None: not settled)."""
    kinds = {t for _, _, t in story.lots}
    if story.lots:
        if kinds == {W.UNSETTLED}:
            return None, "whether that purchase triggers the wash sale rule is not settled"
        if story.unknown_timing:
            return True, (f"buying the same security within {_DAYS} days before or after a loss sale (by you or your "
                          "spouse, in any account) makes it a wash sale, so it is one if your purchase fell in that "
                          "window")
        return True, f"buying the same security within {_DAYS} days before or after a loss sale makes it a wash sale"
    if story.ident == "different":
        return False, "what you bought is not substantially identical to what you sold"
    if story.ident == "same_index":
        return None, "whether two funds tracking the same index are substantially identical has never been ruled on"
    if story.outside:
        return False, (f"no purchase of the same security fell within {_DAYS} days before or after the sale (the 61-day "
                       "window)")
    return True, ("a purchase of substantially identical stock within 30 days before or after a loss sale (by you or "
                  "your spouse, in any account) makes it a wash sale")


def _verdict(ask: Ask, asks: list[Ask], case: Case, story: Story, washed: bool | None) -> tuple[object, str]:
    r = story.result
    reason = _conclusion(story)[1]
    full_named = ask.whole or any(a.value >= (story.loss or Decimal(10**12)) for a in case.amounts
                                  if a.ask and a.sentence == ask.sentence)
    prop = plain_question(ask)
    if alternative_pair(asks, ask, case):
        return None, ""
    if ask.is_("confirm") and prop in ("other", "explain"):
        said = [claim_asserts(c, WASHED) for c in claims(case)]
        said = [s for s in said if s is not None]
        if said and washed is not None:
            right = said[-1] == washed
            return ("yes" if right else "no"), (f"That is right: {reason}." if right else
                                                f"That is not right: {reason}.")
        prop = "washed"
    if prop == "washed":
        if washed is None:
            return "depends", ""
        if washed and r is not None and r.partial and full_named:
            return "no", (f"Not the whole loss: only {money(r.disallowed)} of the {money(r.loss)} is disallowed; "
                          f"{money(r.allowed)} stays deductible.")
        return ("yes" if washed else "no"), (f"It is a wash sale: {reason}." if washed else
                                             f"It is not a wash sale: {reason}.")
    if prop == "basis":
        kinds = {t for _, _, t in story.lots} or {W.DEFERRED}
        if W.UNSETTLED in kinds and len(kinds) == 1:
            return "depends", ""
        added = W.DEFERRED in kinds
        return ("yes" if added else "no"), ("The disallowed loss is added to the basis of the new shares." if added
                                            else "The disallowed loss is not added to the basis of the new shares.")
    if prop == "deduct":
        if washed is None:
            return "depends", ""
        if not washed:
            return yes_no(ask, True), f"The loss counts: {_conclusion(story)[1]}."
        if r is not None and r.partial:
            allowed = not full_named
            return yes_no(ask, allowed), (f"Only part of it: {money(r.allowed)} of the {money(r.loss)} is deductible "
                                          f"for {case.tax_year}; {money(r.disallowed)} is disallowed.")
        return yes_no(ask, False), f"Not for {case.tax_year}: it is a wash sale."
    return None, ""


_REST = re.compile(r"\brest\b|\bleft\b|\bcarr(?:y|ies|ied)\b|\bremaining\b|\bnext\s+year\b|\bwhat\s+happens\b|"
                   r"\bremainder\b", re.IGNORECASE)


def _how_much_line(ask: Ask, story: Story, limit: calc.CapitalLossResult | None, year: int) -> str:
    r = story.result
    carry = limit.carryover_short_term + limit.carryover_long_term if limit is not None else Decimal(0)
    used = (f"; of it, {money(limit.deduction)} is deducted against other income this year" +
            (f" and {money(carry)} carries over to {year + 1}" if carry else "")) if limit is not None and (
                carry or limit.deduction < r.allowed) else ""
    if _REST.search(ask.text):
        kept = (f"the {money(r.disallowed_as(W.DEFERRED))} disallowed is added to the basis of the replacement shares "
                "and comes back when they are sold") if r.disallowed_as(W.DEFERRED) else ""
        gone = f"the {money(r.disallowed_as(W.LOST))} disallowed in the IRA is lost" if r.disallowed_as(W.LOST) else ""
        parts = [p for p in ((f"{money(carry)} of the allowed loss carries over to {year + 1}" if carry else ""), kept,
                             gone) if p]
        said = "; ".join(parts)
        return said[0].upper() + said[1:] + "." if parts else f"Nothing is left over for {year + 1}."
    return (f"{money(r.allowed)} of the {money(r.loss)} loss is allowed for {year} ({money(r.disallowed)} is "
            f"disallowed){used}.")


def _hypothetical(ask: Ask, case: Case, story: Story) -> str:
    """A purchase the question only imagines ("would it have been safer to buy X instead?")."""
    buys = [t for t in trades(case) if t.asked and t.sentence == ask.sentence and t.kind == "purchase"]
    if not buys or story.sale is None:
        return ""
    kind = identity(story.sale, buys[0])
    if kind == "same":
        return "Buying the same security (or an option on it) within the window would have been a wash sale."
    if kind == "same_index":
        return _identity_text("same_index")
    return ("A fund on a different index is generally not treated as substantially identical, but there is no "
            "bright-line IRS rule for funds; what you actually bought already avoided the rule, and a fund that holds "
            "mostly the same companies as the one you sold sits closer to the line, so it would not have been safer.")


_SECURITY = re.compile(r"\b(?:stocks?|shares?|funds?|etfs?|index|securit\w+|calls?|options?|bonds?|[A-Z]{2,5})\b")
_LOSS = re.compile(r"\blos(?:s|ses|ing|t|e)\b|\bbox\s*1g\b|\bdown\s+\$|\bat\s+a\s+loss", re.IGNORECASE)


def _wash_story(case: Case) -> bool:
    """The shared test, or a loss sale and a purchase of securities the trade reader finds ("losing $15 a share")."""
    if is_wash_story(case):
        return True
    told = trades(case)
    return any(t.kind == "sale" for t in told) and any(t.kind == "purchase" for t in told) and bool(
        _SECURITY.search(case.text(claims=True))) and case.says(_LOSS, claims=True)


def wash_sale(case: Case, asks: list[Ask]) -> list[Finding]:
    if not _wash_story(case):
        return []
    targets = [a for a in asks if not a.is_("capability", "advice", "penalty", "taxable")]
    if not targets:
        return []
    story = read_story(case)
    year = case.tax_year
    if story.sale is not None and story.sale.account in RETIREMENT_KINDS:
        text = ("Sales inside an IRA or other retirement account produce no deductible loss, so there is nothing for "
                "the wash sale rule to disallow; trades inside the account have no tax effect.")
        answers = {a.index: ((yes_no(a, False) if plain_question(a) == "deduct" else "no"), text) for a in targets}
        return [Finding("wash-sale-inside-ira", answers, "", ("wash-sale-inside-ira",), weight=70)]
    washed, reason = _conclusion(story)
    text, rows = _amounts(story, year)
    detail = [_window_text(story), _lots_text(story), _triggers(story) if story.lots else ""]
    if washed is False or story.ident != "same":
        detail.append(_identity_text(story.ident) if story.ident != "same" else "")
    detail += [text, _treatment_text(story)]
    limit_text, limit = "", None
    allowed = story.result.allowed if story.result is not None else story.loss if washed is False else None
    if allowed and any(a.is_("how_much") for a in targets):
        limit = calc.capital_loss(st_losses=allowed, st_gains=case.total("gain") or 0, filing_status=case.filing_status)
        if limit.deduction < allowed or case.total("gain") or any(_REST.search(a.text) for a in targets):
            limit_text, more = _limit_text(case, allowed, year)
            rows += more
    detail.append(limit_text)
    fake = unverified_cites(case)
    lead = (f"I can't verify {', '.join(fake)}: I can't confirm that it exists or what it is said to say, so I don't "
            "rely on it; the rule I can cite is IRC 1091 and Pub 550 (2025). ") if fake else ""
    answers = {}
    for a in targets:
        verdict, line = _verdict(a, asks, case, story, washed)
        if a.is_("report"):
            line = _report_text(story)
        elif a.is_("what_if") and not a.inherited:
            line = _hypothetical(a, case, story) or line
        elif a.is_("how_much") and story.result is not None:
            line = _how_much_line(a, story, limit, year)
        elif not line:
            line = reason[0].upper() + reason[1:] + "."
        answers[a.index] = (verdict, line)
    first = targets[0].index
    answers[first] = (answers[first][0], lead + answers[first][1])
    if story.lots:
        detail.append(_report_text(story) if not any(a.is_("report") for a in targets) else "")
    facts = _FACTS + (("wash-sale-partial",) if story.result and story.result.partial else ()) + \
        (("wash-sale-ira",) if any(t == W.LOST for _, _, t in story.lots) else ()) + \
        (("wash-sale-401k",) if any(t == W.UNSETTLED for _, _, t in story.lots) else ()) + \
        (("substantially-identical",) if story.ident != "same" or washed is False else ()) + \
        (("unverified-authority",) if fake else ()) + (("capital-loss-limit",) if limit_text else ())
    rule = "wash-sale-ira" if any(t == W.LOST for _, _, t in story.lots) else "wash-sale"
    return [Finding(rule, answers, " ".join(d for d in detail if d), facts, rows, weight=70)]


RULES = [wash_sale]
