"""The wash sale facts of a story: the loss sale, the purchases of the same security inside its 61-day window (in the
order bought, each with where it was bought), those outside it, and whether what was bought is the same security.

Read from the trades (app/rules/trade_events.py); the arithmetic is app/rules/wash_calc.py. A follow-up changes the
last purchase ("what if that buy had been in my taxable account instead?"); a purchase told only in a question is
the story when nothing else is told ("is it a wash sale if I sell X and buy Y?").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from app.rules import facts as F
from app.rules import wash_calc as W
from app.rules.holding import tacked_term
from app.rules.securities import identity
from app.rules.trade_events import Trade, trades
from app.understand.accounts import IRA_KINDS, PLAN_KINDS
from app.understand.case import Case


@dataclass
class Story:
    sale: Trade | None
    loss: Decimal | None
    lots: list[tuple[Trade, date | None, str]] = field(default_factory=list)  # (purchase, date, treatment)
    outside: list[Trade] = field(default_factory=list)  # purchases of the same security outside the window
    unknown_timing: bool = False
    ident: str = "same"  # of the purchase that decides: same | same_index | share_class | different
    result: W.WashResult | None = None
    trades: list[Trade] = field(default_factory=list)  # every trade told, questions included
    resale: Trade | None = None  # a later sale of the replacement shares
    resold: W.Resale | None = None  # its result, the disallowed loss in the basis

    @property
    def washed(self) -> bool:
        return bool(self.result and self.result.matched) or (self.loss is None and bool(self.lots))


# A listed equity option contract covers 100 shares (the exchanges' standard contract, not a tax rule): calls on as
# many shares as were sold replace all of them.
SHARES_PER_CONTRACT = 100


def _covered(p: Trade) -> Decimal | None:
    if p.shares is None:
        return None
    return p.shares * SHARES_PER_CONTRACT if p.option else p.shares


def fmt_date(d: date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


def _per_share(case: Case, a) -> bool:
    return bool(re.match(r"\s*\$?\s?[\d,.]+\s*(?:k\s*)?(?:a|per|/|each)\s*share", case.sentence(a.sentence).text[a.pos:]
                         , re.IGNORECASE))


def _total_in_parens(case: Case, a) -> bool:
    """"losing $15 a share ($1,200)": the total in parentheses after a per-share loss is the loss."""
    before = case.sentence(a.sentence).text[max(0, a.pos - 40):a.pos]
    return a.role is None and bool(re.search(r"\blos(?:s|ing|t)\b[^()]*\(\s*$", before, re.IGNORECASE))


def _original(sale: Trade, buys: list[Trade]) -> Trade | None:
    """The purchase of the shares the loss sale sold: the last one of the same security well before the sale."""
    before = [b for b in buys if b.when is not None and sale.when is not None and identity(sale, b) == "same" and (
        (sale.when - b.when).days > F.WASH_SALE_WINDOW_DAYS or (b.month_only and b.when.year < sale.when.year))]
    return before[-1] if before else None


def _computed_loss(sale: Trade | None, buys: list[Trade]) -> Decimal | None:
    """What the shares cost less what the sale brought in, when the story gives both ("bought them for $5,000 ...
    sold them for $3,000")."""
    orig = _original(sale, buys) if sale is not None and sale.amount is not None else None
    if orig is None or orig.amount is None:
        return None
    cost = orig.amount
    if orig.shares and sale.shares and sale.shares < orig.shares:
        cost = cost * sale.shares / orig.shares
    return cost - sale.amount if cost > sale.amount else None


def _resold(sales: list[Trade], buys: list[Trade]) -> tuple[Trade, Trade] | None:
    """(loss sale, later sale): the last sale sells the shares bought back inside an earlier sale's window, and no
    other purchase falls inside its own window ("sold in March, bought back, sold those in August")."""
    last = sales[-1]
    if last.when is None or last.month_only:
        return None
    for first in reversed(sales[:-1]):
        if first.when is None or first.month_only or first.when >= last.when:
            continue
        inside = [b for b in buys if b.when is not None and not b.month_only and first.when <= b.when < last.when
                  and W.in_window((b.when - first.when).days) and identity(first, b) == "same"]
        others = [b for b in buys if b.when is not None and b not in inside and W.in_window((b.when - last.when).days)]
        if inside and not others and identity(last, inside[0]) == "same":
            return first, last
    return None


def _loss(case: Case, sale: Trade | None, computed: Decimal | None = None) -> Decimal | None:
    losses = [a for a in case.amounts if (a.role == "loss" or _total_in_parens(case, a)) and not a.claim
              and not _per_share(case, a)]
    facts = [a for a in losses if not a.ask]
    near = [a for a in facts if sale is not None and a.sentence == sale.sentence]
    box_1g = [a for a in case.amounts if re.match(r"\s*\$?\s?[\d,.]+k?\s+(?:in|on)\s+box\s*1g", case.sentence(
        a.sentence).text[a.pos:], re.IGNORECASE)]  # the 1099-B's "wash sale loss disallowed"
    pick = near or facts or box_1g
    if not pick and computed is not None:
        return computed
    pick = pick or [a for a in losses if a.ask] or [a for a in case.asked_amounts() if a.role in (None, "value")]
    if pick:
        return pick[-1].value
    per = [a for a in case.amounts if a.role in ("loss", "price") and _per_share(case, a) and not a.claim and (
        a.role == "loss" or re.search(r"(?:a|per|/|each)\s*share\s+loss|loss\s+of\s+(?:\w+\s+)?$", case.sentence(
            a.sentence).text[max(0, a.pos - 25):a.pos + 30], re.IGNORECASE))]
    if per and sale is not None and sale.shares:
        return per[-1].value * sale.shares  # "1,000 shares at a $5 per share loss"
    return None


def _day_of(p: Trade, sale: Trade) -> tuple[date | None, int | None]:
    """The purchase's date and its distance from the sale in days (None: not told)."""
    if p.when is not None and sale.when is not None and sale.month_only:
        # "sold in December, bought back in January": only months far apart settle it
        months = (p.when.year - sale.when.year) * 12 + p.when.month - sale.when.month
        return None, (999 if abs(months) > 2 else None)
    if p.when is not None and sale.when is not None:
        when = p.when
        if not p.year_given and (sale.when - when).days > 300:
            when = when.replace(year=when.year + 1)  # "sold December 28 ... bought back January 5"
        if p.month_only:
            start, end = W.window(sale.when)
            last = (when.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            if last < start or when > end:
                return when, 999  # the whole month lies outside the window
            return when, None
        return when, (when - sale.when).days
    if p.gap is not None:
        return (sale.when + timedelta(days=p.gap) if sale.when else None), p.gap
    return None, None


def _treatment(p: Trade, sale: Trade) -> str:
    where = p.account if p.account not in (None, "taxable") else None
    if where in PLAN_KINDS:
        return W.UNSETTLED
    if where in IRA_KINDS or where == "retirement":
        return W.LOST
    return W.DEFERRED


def _override(story: list[Trade], case: Case) -> list[Trade]:
    """A follow-up changes the last purchase ("what if that buy had been in my taxable account?", "and if I'd waited
    40 days?"); a new account named with "instead" moves it."""
    latest = case.latest_turn
    if latest == 0:
        return story
    told = [t for t in story if t.turn == latest and t.kind == "purchase"]
    earlier = [t for t in story if t.turn < latest]
    buys = [i for i, t in enumerate(earlier) if t.kind == "purchase" and (t.when or t.gap is not None or t.recurring)]
    if not buys:
        return earlier + told
    i = buys[-1]
    base = earlier[i]
    if told:
        new = told[-1]
        kw = {k: getattr(new, k) for k in ("account", "when", "gap", "month_only", "year_given", "shares", "price")
              if getattr(new, k) is not None
              and (k != "when" or new.when is not None)}
        if new.when is None and new.gap is not None:
            kw["when"] = None
        earlier[i] = replace(base, spouse=new.spouse, option=new.option or base.option, turn=latest, **kw)
        return earlier
    moved = [a.kind for a in case.accounts if case.sentence(a.sentence).turn == latest]
    if moved:
        earlier[i] = replace(base, account=moved[0], spouse=bool(re.search(r"\b(?:wife|husband|spouse)", case.text(
            turn=latest), re.IGNORECASE)) or base.spouse)
    return earlier


def read_story(case: Case) -> Story:
    every = trades(case)
    told = [t for t in every if not t.asked or case.sentence(t.sentence).turn == case.latest_turn > 0]
    told = _override(told, case)
    facts_only = [t for t in told if not t.asked] or [t for t in every if t.asked]  # a hypothetical question
    sales = [t for t in facts_only if t.kind == "sale" and (t.when or t.shares or t.gap is not None)] or \
        [t for t in facts_only if t.kind == "sale"]
    sale = sales[-1] if sales else None
    if sale is None:  # "does the rule apply if I buy it back in my IRA?": a sale the question takes for granted
        buys = [t for t in facts_only if t.kind == "purchase"]
        if not buys:
            return Story(None, _loss(case, None))
        sale = Trade("sale", buys[0].sentence, buys[0].turn, -1)
    buys = [t for t in facts_only if t.kind == "purchase" and t is not sale and not t.other]
    informed = [t for t in buys if t.when or t.gap is not None or t.recurring or t.shares or t.account]
    buys = informed or buys
    chain = _resold(sales, buys) if len(sales) > 1 else None
    if chain:
        sale = chain[0]
    story = Story(sale, _loss(case, sale, _computed_loss(sale, buys)), trades=every, resale=chain[1] if chain else None)
    earliest = min((b.order for b in buys), default=-1)
    lots: list[tuple[Trade, date | None, str]] = []
    for b in buys:
        ident = identity(sale, b)
        if ident != "same":
            story.ident = ident
            continue
        if b.recurring and b.monthly_day and sale.when and b.when is None:
            for d in W.monthly_dates(b.monthly_day, sale.when):
                lots.append((b, d, _treatment(b, sale)))
            continue
        when, days = _day_of(b, sale)
        if days is None and not (b.recurring and b.when is None):
            story.unknown_timing = True
            when = None
        before = days is not None and days < 0 or (when is not None and sale.when is not None and when < sale.when)
        own_lot = before and b.order == earliest and not b.more and not b.spouse and _treatment(b, sale) == W.DEFERRED \
            and b.account in (None, sale.account) and len(buys) == 1
        if own_lot:
            continue  # the shares sold were bought then
        if days is not None and not W.in_window(days):
            story.outside.append(b)
            continue
        lots.append((b, when, _treatment(b, sale)))
    lots.sort(key=lambda x: (x[1] or date.max, x[0].order))
    story.lots = lots
    if story.loss is not None and lots:
        story.result = W.match(story.loss, sale.shares, [
            W.Lot(fmt_date(d) if d else "the purchase", _covered(b), t,
                  None if b.option else b.amount if b.amount is not None else b.price * b.shares
                  if b.price and b.shares else None)
            for b, d, t in lots])
    if story.resale is not None and story.result is not None and story.resale.amount is not None:
        first = story.result.matched[0] if story.result.matched else None
        bought = lots[0][0] if lots else None
        if first is not None and bought is not None and bought.when is not None:
            orig = _original(sale, buys)
            term = tacked_term(orig.when if orig else None, bool(orig and orig.month_only), sale.when, bought.when,
                               story.resale.when)
            story.resold = W.resale(first, story.resale.amount, story.resale.shares, term)
    return story
