"""Losses inside retirement accounts (IRA, Roth IRA, SEP, SIMPLE, 401(k), 403(b)), by tax year.

The base rule (IRC 67(b), 408(d)(1), Notice 89-25, through 2017): a loss was recognized only when every account of the
group had been fully distributed for less than the unrecovered basis, and then only as a miscellaneous itemized
deduction above 2% of AGI. The exception that ends it: from 2018 those deductions are suspended (IRC 67(g)), and from
2026 disallowed for good (P.L. 119-21, IRC 67(h)). Whatever the year, a drop while the money stays in the account is
no business loss, no capital loss and no part of an NOL: the account's investments are not the owner's.
"""
from __future__ import annotations

import re
from decimal import Decimal

from app.rules import calculators as calc
from app.rules import facts as F
from app.rules.finding import Finding, Missing, money, yes_no
from app.rules.pool import read_pool
from app.rules.topics.common import (
    article_claim,
    claim_text,
    group,
    is_wash_story,
    is_worthless_story,
    label,
    names_account,
    no_basis_said,
    retirement_kinds,
    subject_accounts,
)
from app.understand.accounts import RETIREMENT_KINDS
from app.understand.asks import Ask
from app.understand.case import Case

_LOSS_WORDS = re.compile(r"\blos[st]\b|\bloss(?:es)?\b|\bdrop\w*|\bdown\b|\bfell\b|\bdeclin\w*|\bshortfall|\bless\s+than|"
                         r"\bdifference\s+(?:between|of)\b|\bharvest|\bnol\b|\bnet\s+operating|\bunder\s*water|\bgone\b|\btank\w*|"
                         r"\bcrash\w*|\b(?:only\s+)?worth\s+(?:only|less)|\bonly\s+worth|\bshrank|\bsank", re.IGNORECASE)
_FRAUD = re.compile(r"\bponzi|\bfraud\w*|\bscam\w*|\bstolen\b|\btheft\b|\bembezzl\w*|\bswindl\w*", re.IGNORECASE)
_NOT_MINE = re.compile(r"\bfees?\b|\bpremiums?\b|\bk-1\b|\bcondo\b|\bproperty\b", re.IGNORECASE)
_CLOSED_ALL = re.compile(
    r"\b(?:cash\w*|clos\w*|empt\w*)\s+(?:it|them|everything|all)(?:\s+(?:all\s+)?out)?\b|\b(?:clos\w*|cash\w*\s+(?:\w+\s+)?out|empt\w+|liquidat\w*)\s+(?:out\s+)?(?:all|both|every\w*|the\s+whole|my\s+(?:one\s+and\s+)?"
    r"only|his\s+only|her\s+only|it|them)\b|\b(?:one\s+and\s+)?only\s+(?:traditional\s+|roth\s+)?(?:ira|roth)\b[^.?!]{0,60}"
    r"\b(?:clos|cash|empt)|\bclos\w*\s+(?:\w+\s+){0,3}(?:ira|roth|account)s?\b|\bfull(?:y)?\s+distribut\w*|"
    r"\btotal\s+distribution|\bclose\s+out\s+(?:my|the|his|her)\b", re.IGNORECASE)
_STILL_OPEN = re.compile(r"\bstill\s+(?:have|has|open|hold|own)\b[^.?!]{0,40}\b(?:ira|roth|account)|\bkept\s+(?:one|the|my)\b|"
                         r"\bhaven'?t\s+closed|\bnot\s+closed|\b(?:didn'?t|did\s+not|never)\s+touch|\buntouched\b|"
                         r"\bnot\s+touching\b|\bleft\s+(?:it|that\s+one|the\s+other)\s+alone", re.IGNORECASE)
_SPOUSE_OPEN = re.compile(r"\b(?:husband|wife|spouse|partner)\b[^.?!]{0,40}\b(?:still|has|open)\b|\b(?:his|hers?)\s+is\s+"
                          r"still\s+open", re.IGNORECASE)
_BELOW_BASIS = re.compile(r"\b(?:less|lower)\s+than\s+(?:(?:my|her|his|our|the|what)\s+)?(?:\w+\s+){0,2}(?:basis|"
                         r"contribut\w*|put\s+in|paid\s+in)|\bbelow\s+(?:my|her|his|our|the)\s+(?:\w+\s+)?basis", re.IGNORECASE)
_RECHARACTERIZE = re.compile(r"recharacteri\w*|\bundo\b|\bunwind|\breverse\b", re.IGNORECASE)
_ITEMIZED = re.compile(r"\bwe\s+itemized|\bi\s+itemized|\b(?:he|she)\s+itemized|\bitemized\s+(?:that|in|on)", re.IGNORECASE)
_STANDARD = re.compile(r"\bstandard\s+deduction\b", re.IGNORECASE)
_EFFECT = re.compile(r"\blower\w*|\breduc\w*|\bsave\w*|\bhelp\w*|\bbenefit", re.IGNORECASE)


_SET_AGAINST = re.compile(r"\b(?:against|offset\w*|wipe\w*\s+out|cancel\w*\s+out)\b", re.IGNORECASE)


def _loss_ask(case: Case, ask: Ask) -> bool:
    if not ask.is_("deduct", "confirm", "explain", "yesno", "how_much"):
        return False
    if _NOT_MINE.search(ask.text) or (ask.is_("taxable", "penalty") and (not ask.is_("deduct") or ask.kind in (
            "taxable", "penalty")) and not _LOSS_WORDS.search(ask.text)):
        return False
    kinds = subject_accounts(case, ask)
    if not kinds & RETIREMENT_KINDS and _SET_AGAINST.search(ask.text):  # "can I use that against my 9k gain?"
        kinds = kinds | {a.account for a in case.amounts if a.role == "loss" and a.account in RETIREMENT_KINDS}
    if not kinds & RETIREMENT_KINDS:
        return False
    if kinds & {"taxable"} and names_account(case, ask) and not re.search(
            r"\b(?:ira|roth|401|403|sep|simple|retirement|either|both)\b", ask.text, re.IGNORECASE) and not \
            _SET_AGAINST.search(ask.text):
        # "can I use that against the gain in my brokerage?": the drop of the story set against the taxable gain
        return False
    if ask.kinds == ["report"] or (ask.is_("how_much") and not re.search(r"deduct|write|claim|loss", ask.text, re.IGNORECASE)):
        return False
    story = case.text(asks=True, claims=True)
    explains_story = ask.is_("explain") and bool(re.search(r"\bpossible\b|\bhow\s+come\b|^\W*why\b", ask.text,
                                                             re.IGNORECASE))  # "how was that even possible?"
    return bool(_LOSS_WORDS.search(ask.text)) or ((ask.is_("deduct", "confirm", "how_much") or explains_story) and (bool(
        _LOSS_WORDS.search(story)) or _below_basis_in_numbers(case)))


def _below_basis_in_numbers(case: Case) -> bool:
    """The numbers tell a shortfall even when no word does: $14,000 received on $20,000 of basis."""
    pool = read_pool(case)
    if pool is not None and pool.basis and pool.distributed is not None:
        return pool.distributed < pool.basis
    contributed = case.total("contribution")
    received = case.latest("distribution") or case.latest("value")
    return bool(contributed and received is not None and received < contributed)


def _basis(case: Case, kind: str) -> tuple[Decimal | None, list[tuple[str, str]]]:
    """Unrecovered basis and how it was figured: Roth = contributions + conversions - earlier withdrawals; traditional
    = nondeductible contributions (Form 8606); a plan = after-tax money."""
    fam = group(kind)
    rows: list[tuple[str, str]] = []
    if fam == "roth":
        contrib = case.total("contribution", accounts=["roth_ira"]) or case.total("contribution", accounts=[None])
        conv = case.total("conversion") or Decimal(0)
        taken = sum((a.value for a in case.amounts_of("distribution") if a.year and a.year < case.tax_year),
                    Decimal(0))
        if contrib is None and not conv:
            return None, rows
        basis = calc.roth_basis(contrib or 0, conv, taken)
        rows.append(("Basis: contributions + conversions - earlier tax-free withdrawals",
                     f"{money(contrib or 0)} + {money(conv)} - {money(taken)} = {money(basis)}"))
        return basis, rows
    pool = read_pool(case)
    if pool is not None and pool.basis is not None and pool.rows:  # basis carried from earlier years' payouts
        rows += pool.rows + [("Basis at the start of the year", money(pool.basis))]
        return pool.basis, rows
    owner = pool.owner if pool is not None else "self"  # whose IRAs closed: the other spouse's basis stays out
    nonded = [a for a in case.amounts_of("basis", "contribution") if (a.has("nondeductible") or a.role == "basis")
              and case.owner_of(a) == owner]
    if nonded:
        basis = max(a.value for a in nonded if a.role == "basis") if any(a.role == "basis" for a in nonded) else \
            sum((a.value for a in nonded), Decimal(0))
        rows.append(("Basis (nondeductible / after-tax money)", money(basis)))
        return basis, rows
    return None, rows


def _received(case: Case) -> Decimal | None:
    pool = read_pool(case)
    if pool is not None and pool.distributed is not None:
        return pool.distributed
    got = case.latest("distribution")
    if got is None and case.says(_CLOSED_ALL, asks=True):
        got = case.latest("value") or next((a.value for a in reversed(case.amounts) if a.ask and a.role in
                                            ("value", None)), None)
    return got


def _no_deduction_reason(year: int) -> str:
    if year >= F.FIRST_YEAR_PERMANENT:
        return ("the only route was ever a miscellaneous itemized deduction, and P.L. 119-21 sec. 70110 (enacted July 4, "
                "2025) made the disallowance of those deductions permanent (IRC 67(h)).")
    return ("the only route was ever a miscellaneous itemized deduction subject to the 2%-of-AGI floor, and those are "
            "suspended for 2018 through 2025 (IRC 67(g), Tax Cuts and Jobs Act); P.L. 119-21 made that permanent from "
            f"{F.FIRST_YEAR_PERMANENT} (IRC 67(h)).")


def _claims(case: Case, kind: str) -> list[str]:
    """Answers to what the user was told: a business loss, a capital loss, an NOL, a conversion loss."""
    said = claim_text(case) + " " + case.text()
    out = []
    if re.search(r"schedule\s*c\b|\bbusiness\b|self[\s-]*employ", said, re.IGNORECASE):
        out.append(f"It is not a business expense or a business loss on Schedule C either: a {label(kind)} is an "
                   "account you own, and the ups and downs of its investments belong to the account, not to your "
                   "business.")
    if re.search(r"\bnol\b|net\s+operating", said, re.IGNORECASE):
        out.append("It can never create or join a net operating loss: an NOL (IRC 172) comes from business deductions "
                   "exceeding income, nonbusiness items count only up to nonbusiness income, and a drop inside a "
                   "retirement account is not a deduction at all, so there is nothing to carry forward.")
    if re.search(r"capital\s+(?:loss|gain)|\$?3,?000|harvest|offset|schedule\s*d|8949|wipe\s+out|zero\s+out|cancel\w*\s+out|"
                 r"against\s+(?:the|my|his|her|our)\s+(?:\w+\s+)?gains?", said, re.IGNORECASE):
        gain = next((a.value for a in case.amounts if a.role == "gain" and not a.ask), None)
        gain_words = f"the {money(gain)} gain in your taxable account or any other" if gain else "gains in a taxable " \
                                                                                              "(brokerage) account"
        out.append(f"It is not a capital loss: sales inside an IRA or Roth IRA are not your capital gains or losses, so "
                   f"they cannot offset {gain_words}, are not reported on Schedule D or Form 8949 and never give the "
                   "$3,000-a-year deduction; only losses realized in a taxable account can. (And selling at a loss in "
                   "the taxable account while buying the same investment in the IRA within 30 days makes it a wash "
                   "sale whose loss is lost for good, Rev. Rul. 2008-5.)")
    return out


_AMT = re.compile(r"\bamt\b|alternative\s+minimum", re.IGNORECASE)


def market_loss(case: Case, asks: list[Ask]) -> list[Finding]:
    if is_wash_story(case) or is_worthless_story(case) or _RECHARACTERIZE.search(case.text(asks=True)):
        return []  # the wash-sale, worthless-security and conversion topics own those stories
    targets = [a for a in asks if _loss_ask(case, a)]
    if not targets:
        return []
    if case.tax_year <= F.LAST_YEAR_MISC_DEDUCTION:  # "did it count for AMT?" is this rule's question too
        targets += [a for a in asks if a not in targets and _AMT.search(a.text)]
    kinds = retirement_kinds(case, targets[0]) or retirement_kinds(case)
    if not kinds:
        return []
    kind = kinds[0]
    year = case.tax_year
    if year <= F.LAST_YEAR_MISC_DEDUCTION:
        return [_through_2017(case, targets, kind)]
    return [_from_2018(case, targets, kind)]


_TAXABLE_WORDS = re.compile(r"\bbrokerage|\btaxable|\bregular\s+(?:account|investment)|\bcoinbase|\brobinhood",
                            re.IGNORECASE)


_MY_RETURN = re.compile(r"\b(?:my|our)\s+(?:own\s+)?(?:separate\s+)?(?:return|taxes|schedule\s+a)\b|\bi\s+(?:claim|deduct|take)",
                        re.IGNORECASE)


def _spouses_own(case: Case, targets: list[Ask]) -> str:
    """The loss is in the spouse's account and the user asks to claim it: an IRA is one person's, basis included."""
    owners = {m.owner for m in case.accounts if m.kind in RETIREMENT_KINDS}
    if owners != {"spouse"} or not any(_MY_RETURN.search(t.text) for t in targets):
        return ""
    return ("An IRA belongs to one person: your spouse's account, its basis and its Form 8606 are your spouse's own, "
            "so nothing from it can go on your return (on separate returns each spouse reports only their own "
            "accounts), whoever itemizes.")


def _gain_stays(case: Case) -> str:
    """The user's own gain the drop was meant to offset: named back, with what can offset it."""
    gain = next((a.value for a in reversed(case.amounts) if a.role == "gain" and not a.claim and (
        a.account not in RETIREMENT_KINDS or _TAXABLE_WORDS.search(case.sentences[a.sentence].text[a.pos:]))), None)
    if gain is None:
        return ""
    return (f"Your {money(gain)} gain in the taxable account stays taxable: only capital losses realized in a taxable "
            "account (or a capital loss carryover) can offset it.")


def _family_fact(kind: str, year: int) -> str:
    prefix = {"roth": "roth-loss", "plan": "plan-loss"}.get(group(kind), "ira-loss")
    return F.by_year(prefix, year).id


def _from_2018(case: Case, targets: list[Ask], kind: str) -> Finding:
    year = case.tax_year
    where = label(kind)
    basis, rows = _basis(case, kind)
    received = _received(case)
    shortfall = ""
    if basis is not None and received is not None and case.says(_CLOSED_ALL, asks=True):
        short = basis - received
        rows.append(("Received when closed", money(received)))
        if short > 0:
            rows.append(("Shortfall below basis", money(short)))
            shortfall = (f"Closing the account for {money(received)}, less than your {money(basis)} basis, leaves a "
                         f"{money(short)} shortfall below basis; through 2017 that could be a miscellaneous itemized "
                         f"deduction once every {_group_words(kind)} was closed, but not for {year}. The "
                         f"{money(received)} itself is all a nontaxable return of basis: no income tax and no 10% on "
                         "it. ")
        else:
            shortfall = (f"You get back {money(received)}, more than your {money(basis)} basis, so there is no loss at "
                         "all. ")
    base = (f"For tax year {year}, a loss in your {where} is not deductible: {_no_deduction_reason(year)}")
    explain = any(t.is_("explain") for t in targets)
    answers = {}
    for t in targets:
        if t.is_("explain"):
            answers[t.index] = (None, _explain_pre2018(kind) + " " + base)
        else:
            answers[t.index] = (yes_no(t, False), base)
    roth_money = group(kind) == "roth" or case.designated_roth
    why = ("What went into the Roth was already taxed and is your basis, but a drop only means less comes out; it is "
           "not a loss you can claim." if roth_money else
           "Money that came from deducted (pre-tax) contributions, employer money and earnings was never taxed, so it "
           "is not basis: the drop only means less will be taxed when you withdraw it.")
    fraud = (" That holds for fraud and theft too: money lost to a Ponzi scheme, a scam or a theft while it was inside "
             "the IRA is the IRA's loss, not a theft or casualty loss of yours; only money already paid out to you and "
             "then stolen can be." if case.says(_FRAUD) else "")
    detail = " ".join([shortfall.strip(), *_claims(case, kind), _gain_stays(case), _spouses_own(case, targets), why,
                       ("A loss inside the account is the account's, not yours: while the money stays in, it has no "
                        "tax effect (no deduction, no offset of capital gains, no capital loss carryover, nothing on "
                        "Schedule D or Form 8949)." + fraud)]).strip()
    if explain:
        detail = "Today: " + detail
    facts = (_family_fact(kind, year), "market-loss-inside-account")
    if re.search(r"capital\s+loss|harvest|offset|schedule\s*d|8949|wipe\s+out|against\s+(?:the|my)\s+gain",
                 claim_text(case) + case.text(), re.IGNORECASE):
        facts += ("capital-loss-limit", "wash-sale-ira")
    if re.search(r"\bnol\b|net\s+operating", claim_text(case) + case.text(), re.IGNORECASE):
        facts += ("nol-post-2017", "nol-nonbusiness")
    claim = article_claim(case)
    if claim == "article-reporting":
        return Finding(facts[0], answers, detail, facts, rows, conflict=F.ARTICLE_CLAIMS[claim].conflict_line(),
                       weight=40)
    if claim is not None:  # the user repeats one of the source article's false exceptions
        return Finding(claim, answers, detail, facts, rows, conflict=F.ARTICLE_CLAIMS[claim].conflict_line(),
                       weight=40)
    return Finding(facts[0], answers, detail, facts, rows, weight=40)


_CONDITION_ASK = re.compile(r"\b(?:stop|block|prevent|disqualif\w*|ruin|count|matter|affect|keep)\w*\b|\bhave\s+to\s+"
                            r"close|\bneed\s+to\s+close|\bmust\s+(?:i\s+)?close|\btoo\b", re.IGNORECASE)


def _scope_of_test(case: Case, kind: str) -> str:
    """Who and what the all-accounts test covered: each spouse separately; Roth IRAs apart from the others."""
    text = case.text(claims=False)
    out = ""
    if re.search(r"\b(?:wife|husband|spouse|partner)\b", text, re.IGNORECASE) and re.search(
            r"\b(?:my\s+own|her\s+own|his\s+own|hers|his\s+is|her\s+(?:traditional|ira|roth)|his\s+(?:traditional|ira|"
            r"roth|big|rollover))", text, re.IGNORECASE):
        out += ("The all-IRAs test was applied to each spouse separately: one spouse's open IRA did not matter to the "
                "other, only that all of that person's own accounts of the group were distributed. ")
    other = [a.kind for a in case.accounts if a.kind != kind and a.kind in RETIREMENT_KINDS]
    if group(kind) == "roth" and any(group(k) != "roth" for k in other):
        out += ("Roth IRAs formed their own group: only all of your Roth IRAs had to be distributed; a traditional "
                "IRA you kept did not count. ")
    elif group(kind) == "traditional" and "roth_ira" in other:
        out += ("Roth IRAs were a separate group: only all of your traditional, SEP and SIMPLE IRAs had to be "
                "distributed; a Roth IRA you kept did not count. ")
    return out


def _group_words(kind: str) -> str:
    return {"roth": "Roth IRA", "plan": "plan account"}.get(group(kind), "traditional, SEP and SIMPLE IRA")


def _explain_pre2018(kind: str) -> str:
    fam = group(kind)
    if fam == "plan":
        what = ("if the entire plan account was distributed and the total received was less than the remaining "
                "after-tax (or designated Roth) basis, the shortfall could be taken; pre-tax deferrals and employer "
                "money never counted toward basis")
    elif fam == "roth":
        what = ("if all Roth IRAs were fully distributed for less than the basis (contributions plus conversions, less "
                "earlier tax-free withdrawals), the shortfall could be taken")
    else:
        what = ("if all traditional, SEP and SIMPLE IRAs were fully distributed for less than the nondeductible basis "
                "(Form 8606), the shortfall could be taken")
    return (f"Before 2018 there was a narrow case: {what}, as a miscellaneous itemized deduction on Schedule A, only "
            f"if you itemized, only above the {F.MISC_DEDUCTION_FLOOR_PCT}%-of-AGI floor, and not for the AMT.")


def _through_2017(case: Case, targets: list[Ask], kind: str) -> Finding:
    year = case.tax_year
    floor_pct = F.MISC_DEDUCTION_FLOOR_PCT
    fam = group(kind)
    fact = _family_fact(kind, year)
    conditions = (f"For tax year {year} a loss in your {label(kind)} was deductible only once every {_group_words(kind)} "
                  f"you owned had been fully distributed and the total received was less than your unrecovered basis; "
                  f"it was then a miscellaneous itemized deduction on Schedule A, allowed only above {floor_pct}% of AGI "
                  "and only if you itemized, not allowed for the alternative minimum tax (AMT), and never a capital "
                  "loss on Schedule D or Form 8949.")
    scope = _scope_of_test(case, kind)
    claim = article_claim(case)
    if claim in ("article-ltcg-offset", "article-nol-offset"):
        said = " ".join(_claims(case, kind))
        answers = {t.index: (yes_no(t, False), f"Not even before 2018: {said}") for t in targets}
        return Finding(claim, answers, conditions, (fact, "market-loss-inside-account"),
                       conflict=F.ARTICLE_CLAIMS[claim].conflict_line(), weight=60)
    basis, rows = _basis(case, kind)
    received = _received(case)
    pool = read_pool(case)
    # a later message that closes the rest ("in 2017 she closed it") outdates an earlier "didn't touch it"
    told = case.text(claims=False, turn=case.latest_turn) if case.says(_CLOSED_ALL, asks=True) and case.latest_turn \
        else case.text(claims=False)
    still_open = (bool(_STILL_OPEN.search(told)) and not _SPOUSE_OPEN.search(told)
                  ) or bool(pool is not None and pool.year_end > 0 and fam != "roth")  # money left on Dec 31
    closed = bool(case.says(_CLOSED_ALL, asks=True)) and not still_open
    itemized = True if _ITEMIZED.search(case.text()) else (False if _STANDARD.search(case.text(claims=False)) else None)
    answers: dict[int, tuple] = {}
    scoped = [t for t in targets if _CONDITION_ASK.search(t.text)]
    if scoped and scope:  # "does my IRA stop her?", "do I have to close the traditional one too?": no
        for t in scoped:
            answers[t.index] = ("no", scope)
        targets = [t for t in targets if t not in scoped]
        if not targets:
            return Finding(fact, answers, conditions, (fact,), rows, weight=60)
    if fam != "roth" and basis is None and no_basis_said(case):
        for t in targets:
            answers[t.index] = (yes_no(t, False), ("Deducted (pre-tax) contributions give no basis, and with no basis "
                                                  "there is no loss however far the value fell."))
        return Finding(fact, answers, conditions, (fact,), rows, weight=60)
    if still_open and (not scope or (pool is not None and pool.year_end > 0)):
        left = (f" (the {money(pool.year_end)} still in the accounts on December 31, {year}, shows one was open)"
                if pool is not None and pool.year_end > 0 else "")
        for t in targets:
            answers[t.index] = (yes_no(t, False), (f"Not while any {_group_words(kind)} was still open{left}: the loss "
                                                  "was recognized only once all of them were fully distributed, and "
                                                  "the basis left carries forward on Form 8606 until then."))
        return Finding(fact, answers, conditions, (fact,), rows, weight=60)
    if not closed and not _BELOW_BASIS.search(case.text(claims=False)):
        need = [f"whether every {_group_words(kind)} had been closed by the end of {year}"]
        if basis is None:
            need.append("your basis (" + ("contributions plus conversions, less earlier tax-free withdrawals"
                                          if fam == "roth" else "nondeductible contributions on Form 8606") + ")")
        if received is None:
            need.append("the total you received")
        if case.latest("income") is None and any(t.is_("how_much") for t in targets):
            need.append(f"your {year} AGI")
        missing = Missing("To work it out I need " + "; ".join(need) + ".",
                          [(f"If they were all closed for less than your basis, the shortfall was a miscellaneous "
                           f"itemized deduction above the {floor_pct}% floor."),
                           "If any was still open, there was no deduction yet."],
                          ["I closed all of them for less than my basis", "I still have one IRA open"])
        for t in targets:
            answers[t.index] = ("depends", (f"For {year} it depends on whether every {_group_words(kind)} had been "
                                           "fully distributed for less than your basis."))
        return Finding(fact, answers, conditions, (fact,), rows, missing=missing, weight=60)
    if (basis is None or received is None) and _BELOW_BASIS.search(case.text(claims=False)):
        for t in targets:
            answers[t.index] = (yes_no(t, True), ("You closed them all for less than your basis, so the shortfall was "
                                                  f"deductible, as a miscellaneous itemized deduction above {floor_pct}% "
                                                  "of AGI."))
        return Finding(fact, answers, conditions, (fact,), rows, weight=60)
    if basis is None or received is None:
        missing = Missing(
            "What was your basis (nondeductible contributions, or Roth contributions plus conversions) and what did "
            "you receive in total?", [], [])
        for t in targets:
            answers[t.index] = ("depends", ("It depends on your basis and what you received when the accounts were "
                                           "closed."))
        return Finding(fact, answers, conditions, (fact,), rows, missing=missing, weight=60)
    other = case.total("fee") or Decimal(0)
    agi = case.latest("income")
    loss = max(Decimal(0), basis - received)
    rows.append(("Received in total", money(received)))
    rows.append(("Loss (basis - received)", money(loss)))
    if loss == 0:
        for t in targets:
            answers[t.index] = (yes_no(t, False), (f"You received {money(received)}, at least your {money(basis)} basis, "
                                                  "so there was no loss."))
        return Finding(fact, answers, conditions, (fact,), rows, weight=60)
    text = f"{scope}Your unrecovered basis of {money(basis)} less the {money(received)} received is a {money(loss)} loss."
    if agi is not None:
        r = calc.pre2018_ira_loss(basis, received, agi)
        total = loss + other
        deduction = max(Decimal(0), total - r.floor)
        if other:
            rows.append(("Other miscellaneous itemized deductions (e.g. the preparer fee)", money(other)))
            rows.append(("Total miscellaneous deductions", money(total)))
        rows.append((f"{floor_pct}% of AGI {money(agi)}", money(r.floor)))
        rows.append(("Deductible on Schedule A", money(deduction)))
        text += (f" Added to any other miscellaneous deductions ({money(total)} in all), reduced by {floor_pct}% of AGI "
                 f"({money(r.floor)}), {money(deduction)} was deductible on Schedule A"
                 + (" (assuming no other miscellaneous deductions shared the floor)" if not other else "") + ".")
        allowed = deduction > 0
    else:
        text += f" Only the part of your miscellaneous deductions above {floor_pct}% of AGI counted."
        allowed = True
    if itemized is None:
        text += (" It lowered your tax only if you itemized, that is if your itemized deductions were more than your "
                 "standard deduction; with the standard deduction it did not help at all.")
    elif itemized is False:
        text += " You took the standard deduction, so it did not lower your tax."
    for t in targets:
        if _AMT.search(t.text) and not t.is_("deduct"):
            answers[t.index] = ("no", ("It did not count for the alternative minimum tax (AMT): miscellaneous itemized "
                                      "deductions were not allowed for AMT."))
            continue
        if itemized is False:
            verdict = yes_no(t, False)
        elif itemized is None and _EFFECT.search(t.text):
            verdict = "depends"
        else:
            verdict = yes_no(t, allowed)
        answers[t.index] = (verdict, text)
    return Finding(fact, answers, conditions, (fact,), rows, weight=60)


RULES = [market_loss]
