"""The sentences that explain a wash sale story: the window and the purchases inside and outside it, what triggered
the rule, the disallowed amount on the user's numbers (worked rows), where that amount goes (basis, lost, unsettled),
how to report it, the capital loss limit on what stays allowed, and the substantially-identical test.

Conclusions (which ask gets which verdict) are in app/rules/topics/wash.py; the numbers come from wash_calc and
calculators.
"""
from __future__ import annotations

from decimal import Decimal

from app.rules import calculators as calc
from app.rules import facts as F
from app.rules import wash_calc as W
from app.rules.finding import money
from app.rules.topics.common import label
from app.rules.trade_events import gains_told
from app.rules.wash_story import Story, fmt_date
from app.understand.accounts import RETIREMENT_KINDS
from app.understand.case import Case

_DAYS = F.WASH_SALE_WINDOW_DAYS


def shares(n: Decimal | None) -> str:
    if n is None:
        return "the"
    return f"{n.normalize():f}" if n != n.to_integral_value() else f"{int(n):,}"


def window_text(story: Story) -> str:
    sale = story.sale
    if sale is None or sale.when is None or sale.month_only:
        return (f"The window is {2 * _DAYS + 1} days: {_DAYS} days before the sale, the sale day and {_DAYS} days "
                "after, across the year end, so a January purchase can disallow a December loss.")
    start, end = W.window(sale.when)
    return (f"The wash sale window runs from {_DAYS} days before to {_DAYS} days after your {fmt_date(sale.when)} "
            f"sale: {fmt_date(start)} through {fmt_date(end)}" + (", across the year end" if start.year != end.year
                                                                   else "") + ".")


def lots_text(story: Story) -> str:
    dated = [(p, d) for p, d, _ in story.lots]
    parts = []
    for p, d in dated:
        what = (f"{shares(p.shares)} call contracts (options to buy)" if p.shares else "calls (options to buy)") \
            if p.option else f"{shares(p.shares)} shares" if p.shares else "shares"
        how = " through a reinvested dividend" if p.dividend else " by automatic purchase" if p.recurring else ""
        who = " by your spouse" if p.spouse else ""
        where = f" in your {label(p.account)}" if p.account and p.account != "taxable" else ""
        when = f"on {fmt_date(d)}" if d else ("" if p.gap is not None else
                                              "(you did not say when: it counts if inside the window)")
        side = ""
        gap = (d - story.sale.when).days if d and story.sale and story.sale.when else p.gap
        if gap is not None:
            side = f" ({abs(gap)} days {'before' if gap < 0 else 'after'} the sale)" if gap else " (the sale day)"
        parts.append(f"{what} bought {when}{side}{how}{who}{where}")
    return "The purchases that count: " + "; ".join(parts) + "." if parts else ""


def outside_text(story: Story) -> str:
    sale = story.sale
    if sale is None or sale.when is None:
        return ""
    parts = []
    for p in story.outside:
        when = p.when if p.when and p.year_given else None
        if when is None and p.gap is not None:
            parts.append(f"your purchase {abs(p.gap)} days {'before' if p.gap < 0 else 'after'} the sale")
        elif when is not None and not p.month_only:
            gap = (when - sale.when).days
            parts.append(f"your {fmt_date(when)} purchase ({abs(gap)} days {'before' if gap < 0 else 'after'} the sale)")
    return ("Outside it, so not a replacement: " + "; ".join(parts) + ".") if parts else ""


def triggers(story: Story) -> str:
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


def amounts(story: Story, year: int) -> tuple[str, list[tuple[str, str]]]:
    r = story.result
    if r is None:
        return "", []
    rows: list[tuple[str, str]] = []
    matched = r.matched_shares
    if r.per_share is not None and matched is not None and r.partial:
        text = (f"You bought fewer shares in the window ({shares(matched)}) than you sold ({shares(r.shares_sold)}), "
                f"so only the loss on the {shares(matched)} matching shares is disallowed (matched in the order "
                f"bought): {shares(matched)} x {money(r.per_share)} = {money(r.disallowed)}. The loss on the other "
                f"{shares(r.shares_sold - matched)} shares, {money(r.allowed)}, stays deductible for {year}.")
        rows += [("Loss per share sold", f"{money(r.loss)} / {shares(r.shares_sold)} = {money(r.per_share)}"),
                 ("Shares matched with purchases in the window", shares(matched)),
                 (f"Disallowed ({shares(matched)} x {money(r.per_share)})", money(r.disallowed)),
                 (f"Deductible for {year}", f"{money(r.loss)} - {money(r.disallowed)} = {money(r.allowed)}")]
    else:
        text = f"The whole {money(r.loss)} loss is disallowed for {year}."
        if any(m.lot.shares is None for m in r.matched):
            text += (" You did not say how many shares were bought: if fewer than you sold, only the loss on the "
                     "matching number of shares is disallowed (matched in the order bought) and the rest stays "
                     "deductible.")
        rows.append((f"Disallowed for {year}", money(r.disallowed)))
    for m in r.matched:
        if m.new_basis is not None:
            per = m.new_basis / m.shares if m.shares else None
            rows.append((f"New basis of the shares bought {m.lot.label}",
                         f"{money(m.lot.cost)} + {money(m.disallowed)} = {money(m.new_basis)}"
                         + (f" ({money(per)} a share)" if per is not None else "")))
    return text, rows


def treatment_text(story: Story) -> str:
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


def report_text(story: Story) -> str:
    r = story.result
    amount = f"{money(r.disallowed)} (the loss not allowed)" if r else "the loss not allowed"
    same = bool(story.lots) and all((p.account or "taxable") == (story.sale.account or "taxable") and not p.spouse
                                     and not p.broker for p, _, _ in story.lots) if story.sale else False
    sale = story.sale
    year = f"your {sale.when.year} return's " if sale is not None and sale.when is not None else ""
    return (f"Report the sale on {year}Form 8949 (the year of the sale; Part I or II by holding period), complete "
            f"all columns, enter code W in "
            f"column (f) and {amount} as a positive number in column (g)."
            + ("" if same else " Your broker will not flag a purchase in another account, so make that adjustment "
               "yourself."))


def limit_text(case: Case, allowed: Decimal, year: int) -> tuple[str, list[tuple[str, str]]]:
    gains = gains_told(case)
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


def identity_text(kind: str) -> str:
    if kind == "different":
        return ("What you bought is not substantially identical to what you sold, so this is not a wash sale and the "
                "loss counts. Whether securities are substantially identical depends on all the facts and "
                "circumstances of the securities themselves, not on who sponsors them: stock of one company is "
                "ordinarily not substantially identical to another company's, and a fund on a different index holds "
                "different securities. There is no IRS ruling on funds, so a fund on the same index (or the same fund "
                "back) is where the risk lies.")
    if kind == "share_class":
        return ("Two classes of one company's stock (class A and class C, say) may be substantially identical: the test "
                "is all the facts and circumstances (voting rights, convertibility, how closely the prices move), and "
                "the IRS has not ruled on it; treat it as a likely wash sale unless the classes really differ.")
    return ("Two funds from different companies that track the same index may or may not be substantially identical: "
            "the test is all the facts and circumstances, and the IRS has never ruled on funds tracking the same "
            "index. It is a gray area; funds on different indexes are the safer swap.")
