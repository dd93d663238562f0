"""Situations around an IRA that are not market losses: using IRA property personally (a prohibited transaction),
a partnership or business inside the IRA (UBTI, the K-1 belongs to the IRA), custodian fees paid from outside, and
money taken out and then stolen (a taxable distribution, and possibly a theft loss).

Law: IRC 408(e)(2), 4975 and Pub 590-B (2025) pp. 22-23 (a prohibited transaction ends the IRA on Jan 1 of that year,
all of it treated as distributed at fair market value); IRC 408(e)(1), 511, Pub 590-B p. 24 (the IRA is the taxpayer
for unrelated business income; Form 990-T at $1,000 of gross UBI); Pub 17 (2025) p. 102 (trustee fees: miscellaneous
itemized, not deductible 2018+); IRC 165(c)(2), 165(e), CCA 202511015 and Pub 17 p. 104 (a theft of money already
distributed may be a theft loss from a transaction entered into for profit, Form 4684 Section B).
"""
from __future__ import annotations

import re

from app.rules import facts as F
from app.rules.finding import Finding, money, yes_no
from app.understand.asks import Ask
from app.understand.case import Case

_PERSONAL_USE = re.compile(
    r"\b(?:i|we|my\s+(?:kids|children|son|daughter|wife|husband|spouse|parents?|mom|dad|family)|our\s+(?:kids|family))\b"
    r"[^.?!]{0,40}\b(?:stayed|stay|lived|live|used|use|vacation\w*|borrow\w*|rent\w*\s+it\s+from)\b|\bborrow\w*\s+from\s+"
    r"(?:my|the)\s+ira|\bpledg\w*\b[^.?!]{0,30}\bira|\bsold\s+(?:\w+\s+){0,3}to\s+(?:my|the)\s+ira", re.IGNORECASE)
_IRA_PROPERTY = re.compile(r"\b(?:self[\s-]*directed|ira)\b[^.?!]{0,60}\b(?:bought|owns?|holds?|purchased)\b[^.?!]{0,40}"
                           r"\b(?:condo|house|home|property|real\s+estate|land|cabin|rental|apartment)", re.IGNORECASE)
_K1 = re.compile(r"\bk-?1\b|\bmlp\b|master\s+limited|partnership\s+units?", re.IGNORECASE)
_FEE = re.compile(r"\b(?:custodian|custodial|trustee|administrative|annual|account|maintenance|management|advisory)?\s*"
                  r"fees?\b", re.IGNORECASE)
_THEFT = re.compile(r"\bscam\w*|\bstolen\b|\bstole\b|\bfraud\w*|\btheft\b|\bimpostor|\bposing\s+as|\bphish\w*|"
                    r"\bsafe\s+account", re.IGNORECASE)
_WITHDRAWN = re.compile(r"\bwithdr[ae]w\w*|\btook\s+(?:\S+\s+){0,3}out|\bdistribut\w*|\bcash\w*\s+(?:\w+\s+)?out|1099-?r",
                        re.IGNORECASE)


def prohibited_use(case: Case, asks: list[Ask]) -> list[Finding]:
    if not (_IRA_PROPERTY.search(case.text()) and _PERSONAL_USE.search(case.text())):
        return []
    year = case.tax_year
    targets = [a for a in asks if a.is_("deduct", "yesno", "taxable", "confirm", "what_if", "how_much")] or asks
    text = (f"Letting yourself or a disqualified person (your spouse, parents and grandparents, children and "
            f"grandchildren and their spouses, fiduciaries) use property the IRA owns is a prohibited transaction. The "
            f"account then stops being an IRA as of January 1 of that year ({year}) and is treated as if all its assets "
            f"were distributed to you at their fair market value on that date: that value is taxable income (less any "
            f"basis), plus the 10% additional tax if you are under 59 1/2. A decline in the value of property the IRA "
            f"holds is never a deductible loss for you. See a tax professional about the prohibited transaction "
            f"promptly.")
    return [Finding("prohibited-transaction", {a.index: (yes_no(a, False) if a.is_("deduct") else None, text)
                                               for a in targets}, "", ("prohibited-transaction",
                                                                       "market-loss-inside-account"), weight=80)]


def partnership_in_ira(case: Case, asks: list[Ask]) -> list[Finding]:
    if not (_K1.search(case.text()) and case.retirement):
        return []
    loss = case.latest("loss")
    amount = f"the {money(loss)} loss" if loss else "the loss"
    text = (f"The K-1 belongs to the IRA, not to you: the IRA is the partner, so the partnership's income or loss "
            f"does not go on your Form 1040 and {amount} cannot offset your wages. The IRA itself is the taxpayer for "
            f"unrelated business income: if it has $1,000 or more of gross unrelated business income, the IRA (usually "
            f"through the custodian) files Form 990-T, and losses count only inside that computation. You are taxed "
            f"only when you take distributions.")
    targets = [a for a in asks if not a.is_("capability", "advice")] or asks
    return [Finding("ira-ubti", {a.index: ("no" if a.is_("deduct", "yesno", "confirm", "report") else None, text)
                                 for a in targets}, "", ("ira-ubti", "market-loss-inside-account"), weight=80)]


def custodian_fee(case: Case, asks: list[Ask]) -> list[Finding]:
    fee_story = bool(re.search(r"\b(?:custodian|custodial|trustee|administrative|annual|account|maintenance)\s+fees?\b|"
                               r"\bfees?\b[^.?!]{0,40}\b(?:ira|custodian|trustee)", case.text(asks=False), re.IGNORECASE))
    targets = [a for a in asks if a.is_("deduct", "yesno", "confirm") and (_FEE.search(a.text) or (
        fee_story and not re.search(r"\blos[st]\b|\bloss|\bdrop|\bstock", a.text, re.IGNORECASE)))]
    if not targets or not case.retirement:
        return []
    year = case.tax_year
    fee = case.latest("fee")
    what = f"the {money(fee)} fee" if fee else "the fee"
    if year <= F.LAST_YEAR_MISC_DEDUCTION:
        text = (f"For {year}, IRA trustee or custodian fees you paid separately from outside the IRA were a "
                f"miscellaneous itemized deduction, deductible on Schedule A only above the 2%-of-AGI floor.")
        allowed = True
    else:
        text = (f"No: {what} is an IRA trustee or custodian fee you pay from outside the account, which is a "
                f"miscellaneous itemized deduction; those can no longer be deducted for {year} (suspended for 2018 "
                f"through 2025 by the TCJA, IRC 67(g), and made permanent by P.L. 119-21, IRC 67(h)). Paying it from "
                f"outside still keeps the IRA from shrinking, but there is no deduction.")
        allowed = False
    return [Finding("ira-fees", {a.index: (yes_no(a, allowed), text) for a in targets}, "",
                    ("ira-fees", F.by_year("misc-itemized", year).id), weight=80)]


def stolen_after_distribution(case: Case, asks: list[Ask]) -> list[Finding]:
    if not (_THEFT.search(case.text()) and case.retirement and _WITHDRAWN.search(case.text())):
        return []
    amount = case.latest("distribution")
    what = money(amount) if amount else "the amount"
    text = (f"Yes, the {what} is still a taxable IRA distribution: it came out of the IRA and was paid to the owner, so "
            "it is reported on Form 1040 lines 4a and 4b (less any nondeductible basis on Form 8606), with the 10% "
            "additional tax only if under 59 1/2 and no exception applies; after 60 days it cannot be rolled back. It "
            "is not an IRA loss, but there may be a separate theft-loss deduction: IRS Chief Counsel Advice CCA "
            "202511015 (March 2025; not binding) treated scams where the victim moved funds to protect or invest them "
            "(impostor 'safe account', phishing, investment scams) as theft losses from a transaction entered into for "
            "profit (IRC 165(c)(2)), which the 2018-2025 limit on personal casualty and theft losses does not bar. It "
            "is claimed on Form 4684 Section B and then Schedule A line 16 as an itemized deduction, for the year the "
            "theft is discovered when there is no reasonable prospect of recovery, limited to the basis in the stolen "
            "money (the amount included in income). Report the crime (police, FBI IC3), keep the records, and have a "
            "professional prepare the return.")
    answers = {}
    for a in asks:
        if a.is_("taxable", "report"):
            answers[a.index] = ("yes" if not a.inverted else "no", text)
        elif a.is_("deduct", "yesno", "confirm"):
            answers[a.index] = ("no" if re.search(r"\bira\s+loss|\bira\b", a.text, re.IGNORECASE) else "depends", text)
    if not answers:
        return []
    return [Finding("theft-after-distribution", answers, "", ("theft-after-distribution", "ira-distribution-lines"),
                    weight=80)]


RULES = [prohibited_use, partnership_in_ira, custodian_fee, stolen_after_distribution]
