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
from app.rules import wash_resale as R
from app.rules import wash_words as T
from app.rules.finding import Finding, money, yes_no
from app.rules.propositions import (
    WASHED,
    alternative_pair,
    amount_verdict,
    claim_asserts,
    claims,
    lead_in_of,
    plain_question,
    unverified_cites,
)
from app.rules.securities import identity
from app.rules.topics.common import is_wash_story
from app.rules.trade_events import gains_told
from app.rules.wash_story import Story, read_story
from app.understand.accounts import RETIREMENT_KINDS
from app.understand.asks import Ask
from app.understand.case import Case

_FACTS = ("wash-sale", "wash-sale-window", "wash-sale-triggers", "wash-sale-basis", "wash-sale-reporting")
_DAYS = F.WASH_SALE_WINDOW_DAYS


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
    if story.ident == "share_class":
        return None, "whether two classes of one company's stock are substantially identical turns on the facts"
    if story.ident == "same_index":
        return None, "whether two funds tracking the same index are substantially identical has never been ruled on"
    if story.outside:
        return False, (f"no purchase of the same security fell within {_DAYS} days before or after the sale "
                       f"(the {2 * _DAYS + 1}-day window)")
    return True, (f"a purchase of substantially identical stock within {_DAYS} days before or after a loss sale "
                  "(by you or your spouse, in any account) makes it a wash sale")


def _verdict(ask: Ask, asks: list[Ask], case: Case, story: Story, washed: bool | None,
             year: int) -> tuple[object, str]:
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
    if prop == "avoid":  # "can I avoid the rule by buying in my Roth?": yes only when it is no wash sale
        if washed is None:
            return "depends", ""
        return ("no" if washed else "yes"), (f"That does not avoid it: {reason}." if washed else
                                             f"It is not a wash sale: {reason}.")
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
                                          f"for {year}; {money(r.disallowed)} is disallowed.")
        return yes_no(ask, False), f"Not for {year}: it is a wash sale."
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
    if re.search(r"\bdisallow\w*|\blos[et]\b|\bgone\b|\bwash(?:ed)?\b", ask.text, re.IGNORECASE):
        return (f"{money(r.disallowed)} of the {money(r.loss)} loss is disallowed for {year}; {money(r.allowed)} stays "
                f"allowed{used}.")
    return (f"{money(r.allowed)} of the {money(r.loss)} loss is allowed for {year} ({money(r.disallowed)} is "
            f"disallowed){used}.")


_WHICH_YEAR = re.compile(r"\b(?:which|what)\s+(?:tax\s+)?(?:year|return)|\b(?:19|20)\d\d\s+or\s+(?:19|20)\d\d\b",
                         re.IGNORECASE)


def _year_line(story: Story, year: int) -> str:
    return (f"The wash sale is reported for the year of the loss sale ({year}), on that year's Form 8949, even when "
            "the replacement is bought in the next year; the disallowed loss then sits in the new shares' basis "
            "until you sell them.")


def _general_line(case: Case, story: Story, verdict: object) -> str:
    """A question about the rule itself ("does it apply across brokerages?", "if my spouse buys it?")."""
    where = {t for _, _, t in story.lots}
    if W.LOST in where:
        return (f"A purchase of substantially identical stock in your IRA or Roth IRA within {_DAYS} days before or "
                "after the loss sale is a wash sale, and the disallowed loss is not added to the basis of the IRA shares.")
    return (f"The rule applies to a purchase of substantially identical stock or securities within {_DAYS} days "
            "before or after the loss sale by you or your spouse, in any account at any broker, including a contract or option "
            "to buy and a reinvested dividend; the disallowed loss is added to the new shares' basis.")


def _hypothetical(ask: Ask, case: Case, story: Story) -> str:
    """A purchase the question only imagines ("would it have been safer to buy X instead?")."""
    buys = [t for t in story.trades if t.asked and t.sentence == ask.sentence and t.kind == "purchase"]
    if not buys or story.sale is None:
        return ""
    kind = identity(story.sale, buys[0])
    if kind == "same":
        return "Buying the same security (or an option on it) within the window would have been a wash sale."
    if kind in ("same_index", "share_class"):
        return T.identity_text(kind)
    return ("A fund on a different index is generally not treated as substantially identical, but there is no "
            "bright-line IRS rule for funds; what you actually bought already avoided the rule, and a fund that holds "
            "mostly the same companies as the one you sold sits closer to the line, so it would not have been safer.")


_SECURITY = re.compile(r"\b(?:stocks?|shares?|funds?|etfs?|index|securit\w+|calls?|options?|bonds?|[A-Z]{2,5})\b")
_LOSS = re.compile(r"\blos(?:s|ses|ing|t|e)\b|\bbox\s*1g\b|\bdown\s+\$|\bat\s+a\s+loss", re.IGNORECASE)


_TRADE_WORDS = re.compile(r"\b(?:sold|sell\w*|harvest\w*|dumped|bought|buy\w*|purchas\w*|reinvest\w*)\b", re.IGNORECASE)
_WASH_WORDS = re.compile(r"wash[\s-]*sale|wash\s+rule|substantially\s+identical|box\s*1g", re.IGNORECASE)


def _wash_story(case: Case, story: Story) -> bool:
    """Named as a wash sale, or a loss sale of securities with a purchase of the same security by the seller (or the
    seller's spouse) inside its window, told or implied."""
    if case.says(_WASH_WORDS, claims=True):
        return True
    if story.resold is not None:  # cost and proceeds told: a loss sale, bought back and sold again
        return True
    if story.sale is None or not (story.lots or story.outside) or not case.says(_LOSS, claims=True):
        return False
    securities = any(_SECURITY.search(t.clause) for t in [story.sale] + [p for p, _, _ in story.lots] + story.outside)
    known = [p for p, d, _ in story.lots if d is not None] or story.outside
    return securities and (bool(known) or is_wash_story(case))


# IRC 1091 covers "stock or securities"; whether it reaches digital assets is not in the law this project checks
# (../shared/docs/tax-law.md), so crypto stories are left to the IRS passages.
_CRYPTO = re.compile(r"\b(?:bitcoin|btc|crypto\w*|ethereum|eth|digital\s+assets?|nfts?|dogecoin|solana|stablecoins?|"
                     r"altcoins?|tokens?)\b", re.IGNORECASE)


def wash_sale(case: Case, asks: list[Ask]) -> list[Finding]:
    said = case.text(claims=True)
    if _CRYPTO.search(said) or not (_TRADE_WORDS.search(said) or _WASH_WORDS.search(said)):
        return []  # nothing sold or bought: not this topic (and the trade reader is not run)
    targets = [a for a in asks if not a.is_("capability", "advice")]
    if not targets:
        return []
    story = read_story(case)
    if not _wash_story(case, story):
        return []
    if story.resold is None:  # tax owed ("will it cost me?") turns on replacement shares sold later
        targets = [a for a in targets if not a.is_("penalty", "taxable")]
        if not targets:
            return []
    year = story.sale.when.year if story.sale and story.sale.when and story.sale.year_given else case.tax_year
    if story.sale is not None and story.sale.account in RETIREMENT_KINDS:
        text = ("Sales inside an IRA or other retirement account produce no deductible loss, so there is nothing for "
                "the wash sale rule to disallow; trades inside the account have no tax effect.")
        answers = {a.index: ((yes_no(a, False) if plain_question(a) == "deduct" else "no"), text) for a in targets}
        return [Finding("wash-sale-inside-ira", answers, "", ("wash-sale-inside-ira",), weight=70)]
    washed, reason = _conclusion(story)
    text, rows = T.amounts(story, year)
    detail = [T.window_text(story), T.lots_text(story), T.outside_text(story), T.triggers(story) if story.lots else ""]
    if washed is False or story.ident != "same":
        detail.append(T.identity_text(story.ident) if story.ident != "same" else "")
    later, more = R.words(story)  # the replacement sold later: the postponed loss comes back
    detail += [text, later or T.treatment_text(story)]
    rows += more
    limit_text, limit = "", None
    allowed = story.result.allowed if story.result is not None else story.loss if washed is False else None
    if later and R.net(story) < 0:
        allowed = -R.net(story)
    if allowed and any(a.is_("how_much") for a in targets):
        limit = calc.capital_loss(st_losses=allowed, st_gains=gains_told(case), filing_status=case.filing_status)
        if limit.deduction < allowed or gains_told(case) or any(_REST.search(a.text) for a in targets):
            limit_text, more = T.limit_text(case, allowed, year)
            rows += more
    detail.append(limit_text)
    fake = unverified_cites(case)
    lead = (f"I can't verify {', '.join(fake)}: I can't confirm that it exists or what it is said to say, so I don't "
            "rely on it; the rule I can cite is IRC 1091 and Pub 550 (2025). ") if fake else ""
    answers = {}
    for a in targets:
        verdict, line = _verdict(lead_in_of(asks, a) or a, asks, case, story, washed, year)
        if a.is_("report"):
            line = T.report_text(story)
        elif a.is_("what_if") and not a.inherited and any(not t.asked and t.kind == "purchase" for t in story.trades):
            line = _hypothetical(a, case, story) or line  # another purchase imagined next to the one made
        elif _WHICH_YEAR.search(a.text):
            verdict, line = None, _year_line(story, year)
        elif later and (resold := R.answer(a, case, story)) is not None:
            verdict, line = resold
        elif (story.sale is None or story.sale.order == -1) and verdict in ("yes", "no") and not story.loss:
            line = _general_line(case, story, verdict)
        elif a.is_("how_much") and story.result is not None:
            line = _how_much_line(a, story, limit, year)
            verdict = yes_no(a, story.result.allowed > 0) if amount_verdict(a) else None
        elif not line:
            line = reason[0].upper() + reason[1:] + "."
        answers[a.index] = (verdict, line)
    first = targets[0].index
    answers[first] = (answers[first][0], lead + answers[first][1])
    if story.lots:
        detail.append(T.report_text(story) if not any(a.is_("report") for a in targets) else "")
    facts = _FACTS + (("wash-sale-partial",) if story.result and story.result.partial else ()) + \
        (("wash-sale-ira",) if any(t == W.LOST for _, _, t in story.lots) else ()) + \
        (("wash-sale-401k",) if any(t == W.UNSETTLED for _, _, t in story.lots) else ()) + \
        (("substantially-identical",) if story.ident != "same" or washed is False else ()) + \
        (("unverified-authority",) if fake else ()) + (("capital-loss-limit",) if limit_text else ())
    treatments = {t for _, _, t in story.lots}
    rule = "wash-sale-ira" if W.LOST in treatments else "wash-sale-401k" if treatments == {W.UNSETTLED} else "wash-sale"
    return [Finding(rule, answers, " ".join(d for d in detail if d), facts, rows, weight=70)]


RULES = [wash_sale]
