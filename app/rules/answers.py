"""Compose the rule Answer for one intent: verdict first, the year, the conditions, citations, the article conflict.

Every number and year comes from `facts`; every computed amount comes from `calculators`.
"""
from __future__ import annotations

import re
from decimal import Decimal

from app.rules import calculators as calc
from app.rules import facts as F
from app.rules.slots import Slots
from app.types import Answer, Citation
from app.understand.accounts import ACCOUNT_LABELS, IRA_KINDS, PLAN_KINDS, RETIREMENT_KINDS

_OPENERS = {"yes": "Yes.", "no": "No.", "depends": "It depends.", "out_of_scope": "Out of scope."}


def _money(x: Decimal | int) -> str:
    d = Decimal(x)
    return f"${d:,.0f}" if d == d.to_integral_value() else f"${d:,.2f}"


def _cites(*fact_ids: str) -> list[Citation]:
    seen: set[str] = set()
    out: list[Citation] = []
    for fid in fact_ids:
        for c in F.FACTS[fid].citations():
            key = f"{c.doc_id}|{c.page}|{c.section}"
            if key not in seen:
                seen.add(key)
                out.append(c)
    return out


def _conflict(claim_id: str) -> str:
    return F.ARTICLE_CLAIMS[claim_id].conflict_line()


def _year_phrase(year: int, assumed: bool) -> str:
    return f"Assuming tax year {year}" if assumed else f"For tax year {year}"


def _make(verdict: str, body: str, year: int, assumed: bool, rule_id: str, fact_ids: tuple[str, ...],
          conflict: str | None = None) -> Answer:
    text = f"{_OPENERS[verdict]} {body}"
    if assumed:
        text += f" (I assumed tax year {year}; tell me if you mean another year.)"
    return Answer(text=text, verdict=verdict, source="rule", tax_year=year, rule_id=rule_id,  # type: ignore[arg-type]
                  citations=_cites(*fact_ids), article_conflict=conflict, year_assumed=assumed)


def _family(account: str | None) -> str:
    if account == "roth_ira":
        return "roth-loss"
    if account in PLAN_KINDS:
        return "plan-loss"
    return "ira-loss"


def _label(account: str | None) -> str:
    return ACCOUNT_LABELS.get(account or "", "retirement account") if account in RETIREMENT_KINDS else \
        "retirement account"


_NO_TAX_EFFECT = ("Market losses while the money stays in the account have no tax effect: they do not offset capital "
                  "gains, create no capital loss carryover, and never go on Schedule D or Form 8949.")


def _suspended_reason(year: int) -> str:
    if year >= F.FIRST_YEAR_PERMANENT:
        return ("the only route was a miscellaneous itemized deduction, and P.L. 119-21 sec. 70110 (enacted July 4, "
                "2025) made the disallowance of those deductions permanent from 2026 (IRC 67(h)).")
    return ("the only route was a miscellaneous itemized deduction subject to the 2%-of-AGI floor, and those are "
            f"suspended for 2018 through 2025 (IRC 67(g), TCJA); P.L. 119-21 made that permanent from "
            f"{F.FIRST_YEAR_PERMANENT}.")


def retirement_loss(s: Slots, year: int, assumed: bool) -> Answer:
    fam = _family(s.account)
    fact = F.by_year(fam, year)
    label = _label(s.account)
    if year > F.LAST_YEAR_MISC_DEDUCTION:
        body = (f"{_year_phrase(year, assumed)}, a loss in your {label} is not deductible: {_suspended_reason(year)} "
                f"{_NO_TAX_EFFECT}")
        return _make("no", body, year, assumed, fact.id, (fact.id, "market-loss-inside-account"))
    return _pre2018(s, year, assumed, fam, fact.id, label)


def _pre2018(s: Slots, year: int, assumed: bool, fam: str, rule_id: str, label: str) -> Answer:
    floor = F.MISC_DEDUCTION_FLOOR_PCT
    if fam == "roth-loss":
        group = "all your Roth IRAs"
        basis_def = "your basis (regular contributions plus conversions, less earlier tax-free withdrawals)"
    elif fam == "plan-loss":
        group = "your whole plan account"
        basis_def = ("your remaining after-tax (or designated Roth) basis; pre-tax deferrals and employer money give no "
                     "basis")
    else:
        group = "all your traditional, SEP and SIMPLE IRAs"
        basis_def = "your unrecovered basis (nondeductible contributions tracked on Form 8606)"
    conditions = (f"{_year_phrase(year, assumed)}, a loss in your {label} was deductible only if {group} had been fully "
                  f"distributed and the total distributions were less than {basis_def}. The loss was then a "
                  f"miscellaneous itemized deduction on Schedule A, allowed only above {floor}% of AGI and not for "
                  f"AMT; never a capital loss on Schedule D or Form 8949.")
    facts_used = (rule_id,)
    spouse = ""
    if s.spouse_separate:
        spouse = ("The all-IRAs test applies to each spouse separately: one spouse's open IRA does not stop the other "
                  "spouse, who closed all of their own, from taking the loss. ")
    if fam in ("ira-loss", "plan-loss") and s.contributions_kind == "deducted":
        what = "deducted (pre-tax) contributions and employer money" if fam == "plan-loss" else "deducted contributions"
        return _make("no", f"The loss is not deductible: {what} give no basis, and with no basis there is no loss "
                     f"however far the value fell. {conditions}", year, assumed, rule_id, facts_used)
    if s.all_closed is False:
        return _make("no", f"The loss is not deductible while any of those accounts is still open: the loss was "
                     f"recognized only once all of them were fully distributed. {conditions}", year, assumed, rule_id,
                     facts_used)
    opener = bool(s.spouse_separate and s.asks == "spouse_blocks")  # asked "does my IRA stop her?": the answer is no
    a = s.amounts
    basis = a.get("basis")
    if fam == "roth-loss" and "contributions" in a:
        basis = str(calc.roth_basis(a["contributions"], a.get("conversions", 0), a.get("withdrawals", 0)))
    elif basis is None and fam == "ira-loss" and s.contributions_kind == "nondeductible" and "contributions" in a:
        basis = a["contributions"]
    dist = a.get("distributions")
    if basis is not None and dist is not None and "agi" in a:
        r = calc.pre2018_ira_loss(basis, dist, a["agi"])
        calc_text = (f"With basis {_money(r.basis)} and distributions {_money(r.distributions)}, the loss is "
                     f"{_money(r.loss)}; {floor}% of AGI {_money(Decimal(a['agi']))} is {_money(r.floor)}, so the "
                     f"deductible amount is {_money(r.deduction)} (assuming no other miscellaneous deductions share "
                     f"the floor).")
        if r.deduction > 0 and s.all_closed:
            return _verdict("yes", opener, f"{spouse}{calc_text} {conditions}", year, assumed, rule_id, facts_used)
        if r.deduction == 0:
            return _make("no", f"{calc_text} {conditions}", year, assumed, rule_id, facts_used)
        return _make("depends", f"{calc_text} {conditions}", year, assumed, rule_id, facts_used)
    if basis is not None and dist is not None:  # no AGI: the loss is known, the floor is not
        r = calc.pre2018_ira_loss(basis, dist, 0)
        if r.loss == 0:
            return _make("no", f"Distributions of {_money(r.distributions)} recovered your whole basis of "
                         f"{_money(r.basis)}, so there is no loss. {conditions}", year, assumed, rule_id, facts_used)
        if s.all_closed:
            return _verdict("yes", opener, f"{spouse}Basis {_money(r.basis)} less distributions "
                            f"{_money(r.distributions)} is a {_money(r.loss)} loss, deductible as a miscellaneous "
                            f"itemized deduction to the extent it exceeds {floor}% of your AGI (with your other "
                            f"miscellaneous deductions), if you itemize. {conditions}", year, assumed, rule_id,
                            facts_used)
    elif s.all_closed and s.below_basis:
        return _verdict("yes", opener, f"{spouse}With every account of the kind closed for less than your basis, the "
                        f"shortfall is deductible as a miscellaneous itemized deduction to the extent it exceeds "
                        f"{floor}% of your AGI, if you itemize. {conditions}", year, assumed, rule_id, facts_used)
    return _verdict("depends", opener, f"{spouse}{conditions}", year, assumed, rule_id, facts_used)


def _verdict(verdict: str, opener: bool, body: str, year: int, assumed: bool, rule_id: str,
             fact_ids: tuple[str, ...]) -> Answer:
    """A verdict that answers the question as asked: "does my open IRA stop her?" is answered "No." even though her
    loss is deductible."""
    if opener:
        return _make("no", body, year, assumed, rule_id, fact_ids)
    return _make(verdict, body, year, assumed, rule_id, fact_ids)


def loss_offset_gains(s: Slots, year: int, assumed: bool) -> Answer:
    body = (f"A loss inside your {_label(s.account)} cannot offset capital gains, in {year} or any year: losses inside "
            f"the account are not your capital losses, and gains outside it are not reduced by them. "
            f"{_NO_TAX_EFFECT}")
    if year <= F.LAST_YEAR_MISC_DEDUCTION:
        body += (f" For {year} the only deduction was a miscellaneous itemized deduction on Schedule A (above "
                 f"{F.MISC_DEDUCTION_FLOOR_PCT}% of AGI), once all IRAs of the kind were fully distributed for less "
                 "than basis.")
    else:
        body += f" For {year} a retirement-account loss is not deductible at all: {_suspended_reason(year)}"
    return _make("no", body, year, assumed, "article-ltcg-offset", ("market-loss-inside-account",
                                                                    F.by_year(_family(s.account), year).id),
                 _conflict("article-ltcg-offset"))


def loss_against_nol(s: Slots, year: int, assumed: bool) -> Answer:
    body = (f"A loss in your {_label(s.account)} cannot be deducted against a net operating loss, in {year} or any "
            f"year: an NOL (IRC 172) comes from business deductions exceeding income, nonbusiness deductions count only "
            f"up to nonbusiness income, and Form 1045 is not a way to claim a retirement-account loss. The loss is not "
            f"reported on Form 1045, Schedule C or Schedule E either: it is not a business or rental loss.")
    return _make("no", body, year, assumed, "article-nol-offset", ("market-loss-inside-account", "nol-post-2017"),
                 _conflict("article-nol-offset"))


def report_retirement_loss(s: Slots, year: int, assumed: bool) -> Answer:
    label = _label(s.account)
    fact = F.by_year(_family(s.account), year)
    never = (f"A loss in your {label} is not reported on Schedule D or Form 8949 (it is not a capital loss) nor on "
             f"Form 1045, Schedule C or Schedule E (it is not a business or rental loss).")
    if year > F.LAST_YEAR_MISC_DEDUCTION:
        body = f"{never} {_year_phrase(year, assumed)} it is not deductible at all: {_suspended_reason(year)}"
        return _make("no", body, year, assumed, fact.id, (fact.id, "market-loss-inside-account"),
                     _conflict("article-reporting"))
    body = (f"{never} {_year_phrase(year, assumed)}, a qualifying loss (all accounts of the kind fully distributed for "
            f"less than basis) went on Schedule A as a miscellaneous itemized deduction subject to the "
            f"{F.MISC_DEDUCTION_FLOOR_PCT}%-of-AGI floor.")
    return _make("depends", body, year, assumed, fact.id, (fact.id, "market-loss-inside-account"),
                 _conflict("article-reporting"))


def roth_conversion_loss(s: Slots, year: int, assumed: bool) -> Answer:
    body = ("A Roth conversion is taxed on the value converted on the conversion date; a later drop in value is not "
            "deductible. ")
    if year >= F.FIRST_YEAR_NO_RECHARACTERIZE_CONVERSION:
        body += (f"For a conversion made in {year}, it cannot be recharacterized (undone) either: that ended for "
                 f"conversions made in {F.FIRST_YEAR_NO_RECHARACTERIZE_CONVERSION} or later.")
        ids: tuple[str, ...] = ("roth-conversion-loss", "recharacterize-conversion-2018-on")
    else:
        body += (f"For a conversion made in {year}, the remedy was to recharacterize (undo) it, which removed the tax "
                 f"on the value later lost; 2017 conversions could be recharacterized until "
                 f"{F.RECHARACTERIZE_2017_CONVERSION_DEADLINE}.")
        ids = ("roth-conversion-loss", "recharacterize-conversion-through-2017")
    if assumed:
        body = f"{_year_phrase(year, assumed)}: {body}"
    return _make("no", body, year, assumed, "roth-conversion-loss", ids, _conflict("article-roth-conversion-loss"))


def recharacterization(s: Slots, year: int, assumed: bool) -> Answer:
    if s.recharacterize == "contribution":
        body = ("A regular contribution (not a conversion) can still be recharacterized, traditional to Roth or Roth "
                "to traditional, by the due date of your return including extensions, moving the net income "
                "attributable to it (negative if it lost value) to the second IRA. Conversions made in 2018 or later "
                "cannot.")
        return _make("yes", body, year, assumed, "recharacterize-contribution", ("recharacterize-contribution",))
    if year >= F.FIRST_YEAR_NO_RECHARACTERIZE_CONVERSION:
        body = (f"A Roth conversion (or plan rollover to a Roth IRA) made in {year} cannot be recharacterized: that "
                f"ended for conversions made in {F.FIRST_YEAR_NO_RECHARACTERIZE_CONVERSION} or later (TCJA sec. 13611). "
                "You owe tax on the value converted even if it has since dropped. Regular contributions can still be "
                "recharacterized by the due date of the return including extensions.")
        return _make("no", body, year, assumed, "recharacterize-conversion-2018-on",
                     ("recharacterize-conversion-2018-on", "recharacterize-contribution"))
    deadline = (F.RECHARACTERIZE_2017_CONVERSION_DEADLINE if year == 2017
                else f"the due date (including extensions) of your {year} return")
    body = (f"A conversion made in {year} could be recharacterized (undone) until {deadline}; that was the way to "
            f"avoid tax on value lost after converting. That deadline has passed, and conversions made in "
            f"{F.FIRST_YEAR_NO_RECHARACTERIZE_CONVERSION} or later cannot be recharacterized at all.")
    return _make("yes", body, year, assumed, "recharacterize-conversion-through-2017",
                 ("recharacterize-conversion-through-2017", "recharacterize-conversion-2018-on"))


_ASKS_DEDUCT = re.compile(r"deduct|write[\s-]*off|claim|keep\s+(?:the|my)\s+loss|use\s+the\s+loss|still\s+take|"
                          r"(?:loss|it)\s+(?:still\s+)?count|\ballowed\b|\bstill\s+(?:get|use)", re.IGNORECASE)


def _retirement_buyer(s: Slots) -> str | None:
    """Where the replacement was bought, when it was a retirement account (else None: a taxable or spouse's buy)."""
    if s.purchase_account in RETIREMENT_KINDS:
        return s.purchase_account
    if s.purchase_account is None and s.account in RETIREMENT_KINDS:
        return s.account
    return None


def wash_sale_ira(s: Slots, year: int, assumed: bool, question: str) -> Answer:
    days = F.WASH_SALE_WINDOW_DAYS
    if s.sale_account in RETIREMENT_KINDS:
        body = ("Sales inside an IRA or other retirement account produce no deductible loss, so there is no loss for "
                "the wash sale rule to disallow; trades inside the account have no tax effect.")
        return _make("no", body, year, assumed, "wash-sale-inside-ira", ("wash-sale-inside-ira",))
    where = _retirement_buyer(s)
    window = f"within {days} days before or after the sale"
    if where in PLAN_KINDS:
        body = (f"Not settled. Selling at a loss in a taxable account and buying substantially identical stock "
                f"{window} in your {ACCOUNT_LABELS[where]} is not addressed by IRS guidance: Rev. Rul. 2008-5 covers "
                "IRAs and Roth IRAs only, so whether it is a wash sale is unclear. If it is one, the loss is lost for "
                "good; a cautious approach avoids the purchase, or ask a tax professional.")
        return _make("depends", body, year, assumed, "wash-sale-401k", ("wash-sale-401k",))
    if where is None:  # bought back in a taxable account, yours or your spouse's: the ordinary wash sale rule
        who = "your spouse buys" if s.spouse_purchase else "you buy"
        rule = (f"when you sell stock or securities at a loss and {who} substantially identical ones {window}, the "
                "wash sale rule (IRC 1091) applies; a purchase by your spouse counts as yours. The loss is disallowed for now and "
                "added to the basis of the new shares (their holding period includes the old shares'), so you get "
                "it back when you sell them. Report the sale on Form 8949 with code W.")
        if s.asks == "basis_added":
            return _make("yes", f"The disallowed loss is added to the basis of the replacement shares: {rule}", year,
                         assumed, "wash-sale", ("wash-sale",))
        if _ASKS_DEDUCT.search(question) and not re.search(r"\bwash\b", question, re.IGNORECASE):
            return _make("no", f"Not this year: {rule}", year, assumed, "wash-sale", ("wash-sale",))
        return _make("yes", f"It is a wash sale: {rule}", year, assumed, "wash-sale", ("wash-sale",))
    label = ACCOUNT_LABELS.get(where, "IRA") if where in IRA_KINDS else "IRA or Roth IRA"
    whose = "your spouse's" if s.spouse_purchase else "your"
    rule = (f"selling stock at a loss in a taxable account and buying substantially identical stock {window} in "
            f"{whose} {label} is a wash sale: the loss is disallowed and, unlike a normal wash sale, it is NOT added to "
            "the basis of the new shares, so it is lost for good (Rev. Rul. 2008-5). The rule also applies to a "
            "purchase in your spouse's IRA; report the sale on Form 8949 with code W.")
    if s.asks == "basis_added":
        return _make("no", f"The disallowed loss is not added to the basis of the shares in the IRA: {rule}", year,
                     assumed, "wash-sale-ira", ("wash-sale-ira",))
    if _ASKS_DEDUCT.search(question):
        return _make("no", f"You cannot deduct that loss: {rule}", year, assumed, "wash-sale-ira", ("wash-sale-ira",))
    return _make("yes", f"It is a wash sale: {rule}", year, assumed, "wash-sale-ira", ("wash-sale-ira",))


_CARRYBACK = re.compile(r"carr(?:y|ied)\b[^.?!]{0,30}?\bback\b|prior\s+year|previous\s+year|earlier\s+year|last\s+year'?s\s+return",
                        re.IGNORECASE)


def capital_loss_limit(s: Slots, year: int, assumed: bool, question: str) -> Answer:
    limit = F.capital_loss_limit(s.filing_status)
    yp = _year_phrase(year, assumed)
    base = (f"Capital losses first offset capital gains without limit; a net capital loss is deductible against other "
            f"income up to {_money(F.CAPITAL_LOSS_LIMIT)} a year ({_money(F.CAPITAL_LOSS_LIMIT_MFS)} if married filing "
            "separately). The rest carries forward indefinitely, keeping its short- or long-term character; "
            "individuals cannot carry capital losses back.")
    ids = ("capital-loss-limit", "capital-loss-carryover")
    if s.asks == "per_spouse" and s.filing_status != "mfs":
        return _make("no", f"{yp}: the {_money(F.CAPITAL_LOSS_LIMIT)} limit is per return, not per person: on a joint "
                     f"return it is one {_money(F.CAPITAL_LOSS_LIMIT)} limit for both spouses' losses combined (married "
                     f"filing separately, each spouse gets {_money(F.CAPITAL_LOSS_LIMIT_MFS)}). {base}", year, assumed,
                     "capital-loss-limit", ids)
    if s.asks == "expire":
        return _make("no", f"{yp}: an individual's capital loss carryover does not expire; it carries forward "
                     f"indefinitely until used up (it ends only at death). {base}", year, assumed,
                     "capital-loss-carryover", ids)
    a = s.amounts
    loss_keys = {"st_losses", "lt_losses", "losses", "st_carryover", "lt_carryover", "carryover"}
    if loss_keys & set(a):
        unknown = any(k in a for k in ("losses", "gains", "carryover"))
        r = calc.capital_loss(
            st_gains=Decimal(a.get("st_gains", 0)) + Decimal(a.get("gains", 0)),
            st_losses=Decimal(a.get("st_losses", 0)) + Decimal(a.get("losses", 0)),
            lt_gains=a.get("lt_gains", 0), lt_losses=a.get("lt_losses", 0),
            st_carryover=Decimal(a.get("st_carryover", 0)) + Decimal(a.get("carryover", 0)),
            lt_carryover=a.get("lt_carryover", 0), filing_status=s.filing_status)
        if r.net >= 0:
            calc_text = f"Your gains and losses net to a gain of {_money(r.net)}, so there is no loss to deduct."
        else:
            calc_text = (f"Net short-term {_money(r.net_short_term)}, net long-term {_money(r.net_long_term)}: a net "
                         f"loss of {_money(-r.net)}; you deduct {_money(r.deduction)} (limit {_money(r.limit)}) and "
                         f"carry over {_money(r.carryover_short_term)} short-term and {_money(r.carryover_long_term)} "
                         "long-term.")
        if unknown:
            calc_text += " (Amounts you did not label short- or long-term were treated as short-term.)"
        verdict = "yes" if r.deduction > 0 else "no"
        return _make(verdict, f"{yp}: {calc_text} {base}", year, assumed, "capital-loss-limit", ids)
    if _CARRYBACK.search(question) and re.search(r"back", question, re.IGNORECASE):
        return _make("no", f"{yp}: individuals cannot carry a capital loss back to an earlier year. {base}", year,
                     assumed, "capital-loss-carryover", ids)
    return _make("yes", f"{yp}, up to {_money(limit)} of net capital loss against other income. {base}", year, assumed,
                 "capital-loss-limit", ids)


_PARTIAL = re.compile(r"still\s+trad|still\s+(?:listed|worth)|partial|\b\d{1,2}\s*%|almost\s+worthless|nearly|mostly|"
                      r"penny", re.IGNORECASE)


def worthless_security(s: Slots, year: int, assumed: bool, question: str) -> Answer:
    yp = _year_phrase(year, assumed)
    if s.account in RETIREMENT_KINDS:
        body = (f"{yp}, a security that becomes worthless inside your {_label(s.account)} gives no deduction: losses "
                f"inside the account have no tax effect. {_suspended_reason(year) if year > 2017 else ''}").strip()
        return _make("no", body, year, assumed, "worthless-in-ira", ("worthless-in-ira", "market-loss-inside-account"))
    if _PARTIAL.search(question) and not re.search(r"worthless\s+(?:now|completely)|completely\s+worthless", question,
                                                   re.IGNORECASE):
        body = ("There is no deduction for a partial loss of value while the security still trades; only a completely "
                "worthless security (or one you sell) gives a capital loss.")
        return _make("no", f"{yp}: {body}", year, assumed, "worthless-security", ("worthless-security",))
    body = (f"{yp}, a security that became completely worthless during the year is treated as sold on the last day of "
            f"the tax year (December 31), so the loss is a capital loss (short- or long-term by the holding period through that "
            f"day), reported on Form 8949 and Schedule D and subject to the capital loss limit. If you missed the year, "
            f"you can claim a refund within {F.WORTHLESS_REFUND_WINDOW_YEARS} years of that year's return due date. No "
            "deduction is allowed for a partial loss of value while it still trades.")
    return _make("yes", body, year, assumed, "worthless-security", ("worthless-security", "capital-loss-limit"))


def nol_basics(s: Slots, year: int, assumed: bool, question: str) -> Answer:
    pct, cares, farm = (F.NOL_TAXABLE_INCOME_LIMIT_PCT, F.NOL_CARES_CARRYBACK_YEARS, F.NOL_FARMING_CARRYBACK_YEARS)
    rule = (f"NOLs arising after 2017 carry forward indefinitely; for tax years after 2020 the NOL deduction is "
            f"limited to {pct}% of taxable income; there is no carryback except {farm}-year farming losses, but the "
            f"CARES Act allowed a {cares}-year carryback for NOLs arising in 2018, 2019 and 2020. Capital losses count "
            "in the NOL only up to capital gains, and nonbusiness deductions only up to nonbusiness income. Pub 536 is "
            "discontinued; see the Instructions for Form 172.")
    ids = ("nol-post-2017",)
    arose = s.origin_year or year  # "a carryforward from 2019" arose in 2019 and is used in `year`
    if arose < F.NOL_FIRST_YEAR_TCJA:
        body = (f"For an NOL arising in {arose} (before 2018) older carryback/carryforward rules applied that these "
                f"rules do not cover; ask a tax professional. For later years: {rule}")
        return _make("depends", body, year, assumed, "nol-post-2017", ids)
    a = s.amounts
    nol = a.get("nol") or a.get("carryover")
    income = a.get("taxable_income") or a.get("agi")
    if nol is not None and income is not None:
        r = calc.nol_deduction(nol, income, arose_year=arose, tax_year=year)
        limit = (f"{pct}% of taxable income ({pct}% of {_money(r.taxable_income)} = {_money(r.limit)})" if r.limited
                 else f"taxable income ({_money(r.limit)}; the {pct}% limit applies only to tax years after 2020)")
        body = (f"{_year_phrase(year, assumed)}, an NOL of {_money(r.nol)} that arose in {arose} is deductible up to "
                f"{limit}: you deduct {_money(r.deduction)} and carry {_money(r.carryforward)} forward. {rule}")
        return _make("yes" if r.deduction > 0 else "no", body, year, assumed, "nol-post-2017", ids)
    if s.asks == "carryback" or re.search(r"carr(?:y|ied)\b[^.?!]{0,25}?\bback\b|carryback", question, re.IGNORECASE):
        if arose <= F.NOL_LAST_CARES_YEAR:
            return _make("yes", f"An NOL arising in {arose} could be carried back {cares} years under the CARES Act "
                         f"(a {cares}-year carryback). {rule}", year,
                         assumed, "nol-post-2017", ids)
        return _make("no", f"An NOL arising in {arose} cannot be carried back (except {farm}-year farming losses); "
                     f"carry it forward instead. {rule}", year, assumed, "nol-post-2017", ids)
    if s.asks == "expire":
        return _make("no", f"{_year_phrase(year, assumed)}: an NOL arising after 2017 does not expire; {rule}", year,
                     assumed, "nol-post-2017", ids)
    return _make("depends", f"{_year_phrase(year, assumed)}: {rule}", year, assumed, "nol-post-2017", ids)


def misc_itemized(s: Slots, year: int, assumed: bool) -> Answer:
    """The 2%-floor deductions themselves, by year (the same law that decides retirement-account losses)."""
    f = F.by_year("misc-itemized", year)
    yp = _year_phrase(year, assumed)
    if year <= F.LAST_YEAR_MISC_DEDUCTION:
        body = (f"{yp}, miscellaneous itemized deductions were allowed on Schedule A, but only the part of their total "
                f"above {F.MISC_DEDUCTION_FLOOR_PCT}% of AGI (IRC 67(a)-(b)); they were suspended from 2018.")
        return _make("yes", body, year, assumed, f.id, (f.id,))
    pct = F.MISC_DEDUCTION_FLOOR_PCT
    if year >= F.FIRST_YEAR_PERMANENT:
        why = ("P.L. 119-21 sec. 70110 (enacted July 4, 2025) made their disallowance permanent from "
               f"{F.FIRST_YEAR_PERMANENT} (IRC 67(h)).")
    else:
        why = (f"they are suspended for 2018 through 2025 (IRC 67(g), TCJA), and P.L. 119-21 made that permanent from "
               f"{F.FIRST_YEAR_PERMANENT}.")
    body = (f"{yp}, miscellaneous itemized deductions subject to the {pct}% floor are not allowed (they were last "
            f"allowed for {F.LAST_YEAR_MISC_DEDUCTION}): {why} Itemized deductions that were never subject to the "
            f"{pct}% floor are not affected (Pub 17 ch. 12).")
    return _make("no", body, year, assumed, f.id, (f.id,))


def unrealized_loss(s: Slots, year: int, assumed: bool) -> Answer:
    limit = F.capital_loss_limit(s.filing_status)
    body = (f"{_year_phrase(year, assumed)}: not while you still hold them. A drop in value of stocks, funds, bonds or "
            "crypto you still own is not a deductible loss: gain or loss is figured when you sell, trade or otherwise "
            "dispose of the investment (Pub 550 ch. 4; IRC 1001(a)), or when a security becomes completely worthless "
            "during the year, which is treated as a sale on the last day of that year. Once you sell, the loss is a "
            f"capital loss: it offsets capital gains without limit and up to {_money(limit)} a year of other income "
            f"({_money(F.CAPITAL_LOSS_LIMIT_MFS)} if married filing separately), and the rest carries forward. If you "
            f"buy the same or substantially identical investment within {F.WASH_SALE_WINDOW_DAYS} days before or after "
            "the sale, the wash sale rule defers the loss.")
    return _make("no", body, year, assumed, "unrealized-loss",
                 ("unrealized-loss", "worthless-security", "capital-loss-limit", "wash-sale"))


def personal_use_loss(s: Slots, year: int, assumed: bool) -> Answer:
    body = (f"{_year_phrase(year, assumed)}: a loss from selling property you held for personal use, such as your "
            "car, your home, furniture or jewelry, is not deductible; it is not a capital loss, so it offsets no gains "
            f"and does not count toward the {_money(F.CAPITAL_LOSS_LIMIT)} limit. A gain on selling personal-use "
            "property, though, is a taxable capital gain (Pub 550). Individuals deduct losses only from a trade or "
            "business, a transaction entered into for profit, or a casualty or theft (IRC 165(c)); property you used "
            "for business or rented out, and casualty or theft losses, follow other rules.")
    return _make("no", body, year, assumed, "personal-use-loss", ("personal-use-loss",))


_COVERS = ("Writeoff answers federal tax questions about deducting losses: IRA, Roth IRA and 401(k) losses, Roth "
           f"conversions and recharacterization, capital losses and the {_money(F.CAPITAL_LOSS_LIMIT)} limit, wash sales, worthless securities "
           "and net operating losses, for the tax year you ask about, with IRS citations.")

_OOS_TEXT = {
    "state": "state tax treatment varies by state and these rules cover only federal law; check your state's tax "
             "agency or a tax professional.",
    "foreign": "foreign retirement accounts (such as a Canadian RRSP) follow their own rules and treaties that these "
               "rules do not cover; please ask a cross-border tax professional.",
    "advice": "I can't give investment advice (what to buy, sell or hold); a licensed financial adviser can.",
    "future": "I can't predict future legislation; I can only state the law as enacted.",
    "prepare": "I can't prepare, file or compute a specific person's return (your tax, refund or balance due). "
               "For that use tax software, IRS Free File (free guided software if your income qualifies), a VITA "
               "site (free help from IRS-certified volunteers), or a tax professional (CPA or enrolled agent). "
               + _COVERS,
    "offtopic": "that is not a tax question I can help with. " + _COVERS,
}


def out_of_scope(kind: str, year: int, assumed: bool, inner: Answer | None) -> Answer:
    text = f"Out of scope: {_OOS_TEXT[kind]}"
    if inner is not None and kind != "foreign":
        text += f" The federal rule: {inner.text}"
        return Answer(text=text, verdict="out_of_scope", source="rule", tax_year=year, rule_id=f"out-of-scope-{kind}",
                      citations=list(inner.citations), article_conflict=inner.article_conflict, year_assumed=assumed)
    return Answer(text=text, verdict="out_of_scope", source="rule", tax_year=year, rule_id=f"out-of-scope-{kind}",
                  citations=[], year_assumed=assumed)
