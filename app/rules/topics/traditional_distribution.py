"""Is a distribution from a traditional, SEP or SIMPLE IRA (or a pre-tax employer plan) taxable, and how much?

Law (IRC 72, 408(d)(1); Pub 590-B (2025) pp. 15-19, 22; Form 8606): only basis comes back tax-free: nondeductible
contributions and after-tax plan money. Deducted contributions, pre-tax deferrals, employer money and earnings give
none. All traditional, SEP and SIMPLE IRAs are one pool: the nontaxable share is basis / (their Dec 31 value + the
year's distributions + conversions), capped at 1.000; unused basis carries forward (Form 8606 line 14). An inherited
IRA keeps its own basis. A plan's after-tax money is its basis (1099-R box 5). The 10% additional tax
(app/rules/penalty.py) applies only to the taxable part. Form 1040 line 4a: the total; line 4b: the taxable part.
"""
from __future__ import annotations

import re
from decimal import Decimal

from app.rules.finding import Finding, Missing, money, yes_no
from app.rules.penalty import early_tax
from app.rules.pool import PLANS, Pool, pro_rata, read_pool
from app.rules.topics.common import no_basis_said
from app.understand.asks import Ask
from app.understand.case import Case

_SPOUSE_WORDS = re.compile(r"\b(?:his|her|hers|spouse'?s?|husband'?s?|wife'?s?|joint(?:ly)?)\b", re.IGNORECASE)


_TAX_TOLD = re.compile(r"\b(?:made|treated|reported|counted)\s+(?:\$?[\d,.]+k?\s+)?(?:of\s+(?:it|the\s+\$?[\d,.]+k?)\s+)?"
                       r"(?:as\s+)?taxable|\bbasis\s+(?:comes?|came)\s+out\s+first|\bpro[\s-]*rata\b", re.IGNORECASE)


def _taxable_verdict(ask: Ask, taxable: Decimal, total: Decimal) -> str:
    text = ask.text.lower()
    if ask.inverted and re.search(r"\bany\b|\bsome\b|\bpart\b", text):
        return "yes" if taxable < total else "no"
    if ask.inverted:
        return "yes" if taxable == 0 else "no"
    if ask.whole or re.search(r"\bfully\b|\ball\b|\bentire", text):
        return "yes" if taxable >= total else "no"
    return yes_no(ask, taxable > 0)


def distribution(case: Case, asks: list[Ask]) -> list[Finding]:
    targets = [a for a in asks if a.is_("taxable", "penalty", "report") or (
        a.is_("how_much") and re.search(r"tax|income|owe|basis|8606|nontaxable", a.subject, re.IGNORECASE)) or (
        a.is_("confirm", "yesno", "deduct", "what_if") and re.search(r"tax|8606|basis|penalt|10%|gone|help", a.subject,
                                                                    re.IGNORECASE)) or (a.kinds == ["what_if"])]
    # nothing asked about the payout's tax, but the story argues about it ("I always thought the basis comes out
    # first", "my preparer made $6,000 taxable"): the worked split is still part of the answer
    told = not targets and bool(case.says(_TAX_TOLD, claims=True))
    if not targets and not told:
        return []
    pool = read_pool(case)
    if pool is None or pool.distributed is None and not pool.converted:
        return []
    if told and not pool.basis:
        return []
    dist = pool.distributed or Decimal(0)
    rows: list[tuple[str, str]] = []
    facts: tuple[str, ...] = ("ira-basis", "ira-pro-rata", "form-8606-required", "ira-distribution-lines")
    missing = None
    plan = pool.kind in PLANS
    if pool.unsure:
        basis = None
    else:
        basis = pool.basis if pool.basis is not None else (Decimal(0) if no_basis_said(case) or pool.basis is None
                                                           else None)
    if basis is None:
        return [_unsure(case, targets, pool, dist)]
    if plan:
        nontax = min(basis, dist)
        ratio = Decimal(1) if dist == 0 else nontax / dist
        left = basis - nontax
        nontax_conv = Decimal(0)
        rows += [("After-tax money (basis, Form 1099-R box 5)", money(basis)), ("Distributed", money(dist))]
    elif basis == 0:  # no basis: nothing to prorate, the worksheet would only show zeros
        ratio, nontax, nontax_conv, left = Decimal(0), Decimal(0), Decimal(0), Decimal(0)
        rows.append(("Basis (nondeductible contributions)", money(basis)))
    else:
        ratio, nontax, nontax_conv, left = pro_rata(basis, pool.year_end, dist, pool.converted)
        rows += [("Basis (Form 8606 line 2)", money(basis)),
                 ("Value of all traditional, SEP and SIMPLE IRAs on Dec 31 (line 6)", money(pool.year_end)),
                 ("Distributions (line 7)", money(dist))]
        if pool.converted:
            rows.append(("Converted to a Roth IRA (line 8)", money(pool.converted)))
        rows.append(("Nontaxable share (line 10, capped at 1.000)", f"{ratio:.3f}".rstrip("0").rstrip(".")
                     if ratio < 1 else "1.000"))
    taxable = dist - nontax
    conv_taxable = pool.converted - nontax_conv
    if dist:
        rows += [("Nontaxable (return of basis)", money(nontax)), ("Taxable", money(taxable))]
    if pool.converted:
        rows += [("Nontaxable part of the conversion", money(nontax_conv)), ("Taxable part of the conversion",
                                                                               money(conv_taxable))]
    if left:
        rows.append(("Basis carried forward (Form 8606 line 14)", money(left)))
    where = "your traditional, SEP and SIMPLE IRAs" if not plan else "the plan"
    if basis == 0:
        summary = (f"With no basis (deducted contributions, pre-tax money and earnings were never taxed), the whole "
                   f"{money(dist)} is taxable ordinary income.")
    elif ratio >= 1 and dist:
        summary = (f"Your {money(basis)} of basis is at least what came out, so the whole {money(dist)} is a nontaxable "
                   "return of basis (the Form 8606 ratio is capped at 1.000): none of it is taxable"
                   + (f", and {money(left)} of basis is left" if left else "") + ".")
    elif dist:
        summary = (f"{money(nontax)} of the {money(dist)} is a tax-free return of basis and {money(taxable)} is taxable "
                   + ("" if plan else f"(basis {money(basis)} spread pro rata over {where}: {ratio:.1%} of each dollar)")
                   + ".")
    else:
        summary = ""
    if pool.converted:
        summary = summary.strip() + (f" Of the {money(pool.converted)} converted, {money(nontax_conv)} is nontaxable and "
                    f"{money(conv_taxable)} is taxable.")
        if basis and pool.year_end > 0 and not plan:
            summary += (f" The pro-rata ratio uses your basis over the value of all your traditional, SEP and SIMPLE "
                        f"IRAs on December 31 ({money(pool.year_end)}) plus what was converted or taken out, not the "
                        "value on the day you converted, so money rolled or contributed later in the year counts.")
    detail = ("All of your traditional, SEP and SIMPLE IRAs count as one pool on Form 8606: you cannot take the basis out "
              "first or pick an account, each distribution and conversion is partly tax-free until the basis is used "
              "up, and basis left over carries forward on line 14.") if not plan and basis else ""
    if pool.unfiled:
        detail += (" Because Form 8606 was never filed, those contributions are treated as deductible and the payout as "
                   "fully taxable unless you can show with satisfactory evidence (old returns with no IRA deduction, "
                   "Forms 5498, statements) that they were nondeductible; then file the missing Forms 8606 (a $50 "
                   "penalty per form can apply unless you show reasonable cause).")
        facts += ("form-8606-missing",)
    if case.inherited:
        detail += (" An inherited IRA keeps its own basis: you file a separate Form 8606 for it and cannot combine it "
                   "with the basis in your own traditional IRAs (only a surviving spouse who treats it as their own can).")
        facts += ("inherited-ira-basis",)
    if case.says(r"taxable\s+amount\s+not\s+determined|box\s*2a"):
        detail += (" Box 2a of the 1099-R does not decide it: the payer does not know your basis, so use Form 8606 "
                   "instead of box 2a.")
    penalty = early_tax(case, taxable, pool.kind)
    answers: dict[int, tuple] = {}
    for t in targets:
        if t.is_("penalty"):
            stated = re.search(r"(\d{1,2})\s*%", t.text)
            if t.is_("confirm") and stated and penalty.applies and not t.inverted:
                verdict = "yes" if Decimal(stated.group(1)) == penalty.rate else "no"  # "the penalty is 10% right?"
            else:
                verdict = None if penalty.applies is None else ("no" if t.whole and penalty.applies and
                                                                 penalty.base < dist else yes_no(t, bool(penalty.applies)))
            answers[t.index] = (verdict, penalty.reason)
        elif t.is_("report"):
            answers[t.index] = (None, _lines(dist, taxable, plan, pool, basis))
        elif pool.others_basis and pool.owner != "inherited" and _SPOUSE_WORDS.search(t.text):
            answers[t.index] = ("no", (f"IRA basis belongs to the spouse who made the nondeductible contributions. "
                                      f"Each spouse files a separate Form 8606, even on a joint return, so the "
                                      f"{money(pool.others_basis)} stays with your spouse's own IRAs and does not make "
                                      f"any of your distribution tax-free. {summary}").strip())
            facts += ("ira-basis-per-spouse",)
        elif t.is_("deduct") and t.kind == "deduct":
            if left and re.search(r"gone|lost|left|line\s+14|8606|basis", t.text + " " + case.text(), re.IGNORECASE):
                answers[t.index] = ("no", (f"No: the {money(left)} is not deductible, but it is not gone either: it stays "
                                          "as basis on Form 8606 line 14 and carries forward to reduce the tax on a "
                                          "future traditional IRA distribution or conversion."))
        elif case.inherited and re.search(r"\b(?:lump|combin\w*|merg\w*|add\w*|together|pool)\b", t.text, re.IGNORECASE):
            answers[t.index] = ("no", ("No: an inherited IRA's basis stays with that IRA. You file a separate Form 8606 "
                                      "for it and cannot combine it with the basis in your own traditional IRAs (only a "
                                      "surviving spouse who treats the IRA as their own can)."))
        elif case.inherited and re.search(r"\bhelp", t.text, re.IGNORECASE) and basis:
            answers[t.index] = ("yes", (f"Yes: the {money(basis)} of basis stays with the inherited IRA, so part of what "
                                       f"you take out is tax-free. {summary}"))
        elif t.kinds == ["what_if"] or (t.is_("how_much") and not t.is_("taxable")):
            answers[t.index] = (None, summary.strip())
        else:
            answers[t.index] = (_taxable_verdict(t, taxable + conv_taxable, dist + pool.converted), summary)
    if any(t.is_("penalty") for t in targets) or penalty.applies:
        rows += penalty.rows
        facts += penalty.facts
    if penalty.applies is not False and not any(t.is_("penalty") for t in targets):
        detail += " " + penalty.reason  # not asked, but it is part of what the payout costs
    if not any(t.is_("report") for t in targets) and dist:
        detail += " " + _lines(dist, taxable, plan, pool, basis)
    if summary and not any(t.is_("taxable", "how_much", "confirm", "yesno", "what_if") for t in targets):
        detail = summary + " " + detail  # the arithmetic is the answer's backbone even when only the form was asked
    return [Finding("ira-distribution" if not plan else "plan-distribution", answers, detail.strip(), facts, rows,
                    missing=missing, weight=55)]


def _lines(dist: Decimal, taxable: Decimal, plan: bool, pool: Pool, basis: Decimal) -> str:
    line = "5a and 5b" if plan else "4a and 4b"
    a, b = line.split(" and ")
    text = f"Report {money(dist)} on Form 1040 line {a} and {money(taxable)} on line {b}."
    if not plan and basis:
        text += (" Figure the nontaxable part on Form 8606 Part I (your basis on line 2, the Dec 31 value on line 6, the "
                 "distributions on line 7; the ratio on line 10 is capped at 1.000) and attach it.")
    return text


def _unsure(case: Case, targets: list[Ask], pool: Pool, dist: Decimal) -> Finding:
    """Whether the contributions were deducted decides everything: answer both branches, ask that one fact."""
    penalty = early_tax(case, dist, pool.kind)
    branches = [f"If you deducted them (the usual case), you have no basis: the whole {money(dist)} is taxable ordinary "
                f"income" + (f", plus the 10% additional tax of {money(penalty.amount)}" if penalty.applies else "")
                + ".",
                ("If they were nondeductible (your old returns show no IRA deduction, Forms 8606 or 5498 show them), that "
                "basis comes back tax-free, and the 10% never applies to it; unreported ones need satisfactory "
                "evidence and the missing Forms 8606.")]
    missing = Missing("Did you take an IRA deduction for those contributions on your returns?", branches,
                      ["I deducted those contributions", "They were nondeductible contributions (Form 8606)",
                       "I don't know whether I deducted them"])
    less = (" Getting back less than you put in does not by itself make anything tax-free, and the shortfall is not a "
            "deductible loss.") if case.says(r"\bless\s+than|\blost|\bdown\b|\bdropped", asks=True) else ""
    answers = {t.index: ("depends", "It depends on whether those contributions were deducted: only nondeductible "
                                    "contributions are basis." + less) for t in targets}
    return Finding("ira-distribution", answers, "", ("ira-basis", "form-8606-missing", "early-distribution-tax"),
                   missing=missing, weight=55)


_COMBINE = re.compile(r"\b(?:lump|combin\w*|merg\w*|add\w*|together|pool|one\s+form|same\s+form)\b", re.IGNORECASE)


def _combine_ask(case: Case, ask: Ask) -> bool:
    return bool(case.says(r"\binherit\w*", asks=True) and _COMBINE.search(ask.text))


def inherited_basis(case: Case, asks: list[Ask]) -> list[Finding]:
    """An inherited IRA's basis stays with it: a separate Form 8606, never added to the heir's own basis."""
    targets = [a for a in asks if _combine_ask(case, a)]
    if not targets:
        return []
    text = ("No: an inherited IRA's basis stays with that IRA. You file a separate Form 8606 for it and cannot combine "
            "it with the basis in your own traditional IRAs; only a surviving spouse who elects to treat the IRA as "
            "their own can.")
    return [Finding("inherited-ira-basis", {a.index: ("no", text) for a in targets}, "",
                    ("inherited-ira-basis", "ira-pro-rata"), weight=60)]


RULES = [distribution, inherited_basis]
