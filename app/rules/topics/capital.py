"""Capital losses in a taxable account: netting, the $3,000 limit, the carryover by character and year by year.

The base rule (IRC 1211(b), 1212(b); Pub 550 (2025) pp. 101-102): short-term and long-term gains and losses net
separately, then combine; capital gain distributions are long-term; a net loss is deductible up to $3,000 ($1,500
married filing separately) and the rest carries forward, keeping its character, short-term losses used first. What
turns it: taxable income at or below zero before the loss uses none of it (the worksheet), yet the allowable deduction
counts whether claimed or not, so a loss cannot be saved for a later year; a carryover absorbs next year's gains
without limit. A figure the user states is checked against the worked one ("so I write off $8,000, right?" -> No), and
a notice or ruling this project does not know is not confirmed.

Stories about a spouse's or a decedent's carryover are app/rules/topics/capital_people.py; basis (gift, inheritance,
section 1244) is property_basis.py, personal-use property personal_use.py; what the user asserts is checked in
app/rules/capital_claims.py and the sentences are written in app/rules/capital_work.py.
"""
from __future__ import annotations

import re
from decimal import Decimal

from app.rules import capital_case as cc
from app.rules import capital_kinds as ck
from app.rules.bad_debt import bad_debts
from app.rules.capital_claims import (
    claimed_in,
    misconceptions,
    stated_wrong,
    unknown_cites,
    unverified_sentence,
    wrong_figures,
)
from app.rules.capital_work import (
    Worked,
    character_sentence,
    defer_sentence,
    main_sentence,
    rows,
    taxable_sentence,
    work,
)
from app.rules.finding import Finding, money, yes_no
from app.rules.topics.common import is_conversion_story, is_worthless_story
from app.understand import text as T
from app.understand.accounts import RETIREMENT_KINDS
from app.understand.asks import Ask
from app.understand.case import Case

FACTS = ("capital-netting", "capital-loss-limit", "capital-loss-carryover", "capital-loss-worksheet")
_BAD_DEBT_FACTS = ("nonbusiness-bad-debt",)

_DEFER = re.compile(
    r"\b(?:leave|keep)\s+(?:\w+\s+){0,3}off\b|\bskip\w*\s+(?:claiming|reporting|deducting|it|the)\b|\bsave\s+(?:\w+\s+){0,3}"
    r"(?:for|until|till)\b|\bhold\s+off\b|\bwait\s+(?:\w+\s+){0,3}(?:to|until|till)\s+(?:claim|deduct|use|take)|"
    r"\bpostpone|\bdefer\w*|\bchoose\s+(?:which|what|the)\s+year|\bpick\s+(?:which|what|the)\s+year|\bnot\s+claim\s+it\s+"
    r"(?:this|now)|\binstead\b.*\b(?:deduct|use|claim)\b|\b(?:deduct|use|claim)\b.*\binstead\b|"
    r"\bcarry\s+(?:the\s+)?(?:whole|entire|full|all)\b|\bnever\s+(?:used|claimed|took|deducted)\b", re.IGNORECASE)
_LATER = re.compile(r"\bnext\s+year|\blater\b|\binstead\b|\b(?:19|20)\d\d\s+return|\b(?:in|into)\s+(?:19|20)\d\d\b",
                    re.IGNORECASE)
_EACH = re.compile(r"\beach\b|\bper\s+(?:person|spouse)\b|\bboth\s+(?:of\s+us\s+)?(?:get|take|deduct)|\bbetween\s+us\b",
                   re.IGNORECASE)
_BACK = re.compile(r"\bcarr(?:y|ied)\s+[^.?!]{0,60}?\bback\b|\bprior\s+years?\b|\bearlier\s+years?\b", re.IGNORECASE)
_EXPIRE = re.compile(r"\bexpire|\btime\s+limit|\bhow\s+long\s+can\b|\bforever\b", re.IGNORECASE)
_ABOUT_CARRY = re.compile(r"\bcarr|\bleft\b|\brest\b|\bremain|\bleftover|\bgoing\s+into\b|\bsobra|\blose\s+it\b",
                          re.IGNORECASE)
_REDUCES = re.compile(r"\bcome\s+off|\breduc\w*|\bused?\s+up|\bburn\w*|\beat\w*\s+(?:up\s+)?(?:into\s+)?|\bsubtract",
                      re.IGNORECASE)
_USE = re.compile(r"\b(?:use|claim|deduct|take|apply|write\s+off)\b", re.IGNORECASE)
_LOSE_IT = re.compile(r"\blose\s+it\b|\blost\b|\bexpire|\bdisappear|\bgone\b|\bwasted?\b", re.IGNORECASE)
_CHARACTER = re.compile(r"short[\s-]*term|long[\s-]*term|\bst\b|\blt\b", re.IGNORECASE)
def capital_losses(case: Case, asks: list[Ask]) -> list[Finding]:
    worthless = is_worthless_story(case) and not bad_debts(case)  # a friend's bankruptcy makes a bad debt, not a security
    if (ck.replacement_purchase(case) or is_conversion_story(case) or worthless or ck.people_story(case)
            or ck.basis_story(case)):
        return []  # their own topics
    story = cc.read(case)
    if story.of("personal", "business") or not story.capital:
        return []  # personal-use property is personal_use.py's; a rental or business asset is not this topic
    # married filing separately: each return nets only its own sales; the spouse's gains and losses stay on theirs
    theirs = [i for i in story.capital if i.owner == "spouse"] if case.filing_status == "mfs" else []
    w = work(story, [i for i in story.capital if i not in theirs]) if theirs else work(story)
    if w is None:
        return []
    separate = _separate_sentence(theirs)
    answers: dict[int, tuple] = {}
    for ask in asks:
        if separate and (_SPOUSE_ASK.search(ask.text) or _NETTING.search(ask.text)) and ask.is_("deduct", "yesno", "confirm"):
            answers[ask.index] = ("no", separate)
            continue
        said = answer(case, story, w, ask)
        if said is not None:
            answers[ask.index] = (said[0], f"{said[1]} {_one_character(w)}".strip()) if _WHICH_TERM.search(
                ask.text) else said
    if not answers:
        return []
    facts = (_BAD_DEBT_FACTS if story.of("debt") else ()) + FACTS + (
        ("unverified-authority",) if unknown_cites(case) else ())
    detail = " ".join([*explain(case, story, w), separate]).strip()
    return [Finding("capital-loss-limit", answers, detail, facts, rows(w), weight=55)]


_WHICH_TERM = re.compile(r"\bst\s+or\s+lt\b|\blt\s+or\s+st\b|\bshort[\s-]*term\s+or\s+long|\blong[\s-]*term\s+or\s+short|"
                         r"\bwhich\s+(?:kind|type|character)|\bcharacter\b", re.IGNORECASE)


def _one_character(w: Worked) -> str:
    """ "ST or LT?": a carryover of one character says the other is nothing."""
    r = w.last
    if not r.carryover or (r.carry_short_term and r.carry_long_term):
        return ""
    kept, none = ("short", "long") if r.carry_short_term else ("long", "short")
    return f"All of it is {kept}-term; nothing carries as {none}-term."


_NETTING = re.compile(r"\b(?:cancel\w*|offset\w*|net\s+(?:out|them|against)|against|soak\w*|wipe\w*)\b", re.IGNORECASE)
_SPOUSE_ASK = re.compile(r"\b(?:his|her|spouse'?s?|husband'?s?|wife'?s?)\b", re.IGNORECASE)


def _separate_sentence(theirs: list) -> str:
    if not theirs:
        return ""
    told = " and ".join(f"{money(i.value)} of {'gains' if i.kind == 'gain' else 'losses'}" for i in theirs)
    return (f"On separate returns each spouse reports only their own sales: your spouse's {told} go on their own "
            "return and cannot offset yours (your own net loss is limited to $1,500 married filing separately); on a "
            "joint return the two would be netted together.")


def answer(case: Case, story: cc.Story, w: Worked, ask: Ask) -> tuple | None:
    """One ask's verdict and sentence on the worked numbers."""
    r = w.last
    text = ask.text
    if ask.is_("capability", "advice", "penalty", "deadline"):
        return None
    named = {m.kind for m in case.accounts if m.sentence == ask.sentence}
    if named & RETIREMENT_KINDS and "taxable" not in named:
        return None  # a question about an IRA or plan: the retirement topic answers it
    if re.search(r"\blimit\b|\bmax(?:imum)?\b|\bcap\b", text, re.IGNORECASE) and ask.is_("yesno", "how_much"):
        status = " (married filing separately)" if w.filing == "mfs" else ""
        return "yes", f"Your limit is {money(r.limit)} a year{status}. {main_sentence(w)}"
    if _DEFER.search(text) and _LATER.search(text) and w.first.net < 0:
        return "no", defer_sentence(w)
    if cc.asserting(ask):
        wrong = wrong_figures(case, story, w, ask)
        checked = bool(wrong) or bool(claimed_in(story, ask))
        verdict = "no" if wrong or misconceptions(case, story, w) else ("yes" if checked else None)
        lead = main_sentence(w)
        if wrong:
            lead += f" ({' and '.join(money(v) for v in wrong)} {'is' if len(wrong) == 1 else 'are'} not right.)"
        return verdict, lead
    if story.of("debt") and _CHARACTER.search(text) and ask.is_("yesno", "confirm"):
        short = bool(re.search(r"short[\s-]*term|\bst\b", text, re.IGNORECASE))
        return yes_no(ask, short), f"{_bad_debt_sentence(story)} {main_sentence(w)}"
    if ask.is_("yesno", "confirm") and misconceptions(case, story, w):
        return "no", main_sentence(w)
    if ask.is_("yesno") and any(a.sentence == ask.sentence for a in story.claimed) and not _REDUCES.search(text):
        wrong = stated_wrong(case, story, w, ask)  # "is the carryover $1,000 long-term?" states a figure to check
        return ("no" if wrong else "yes"), main_sentence(w, carry_first=bool(_ABOUT_CARRY.search(text)))
    if ask.is_("yesno") and _REDUCES.search(text) and _asked(case, ask):
        return yes_no(ask, r.used >= max(_asked(case, ask))), main_sentence(w)
    if ask.is_("deduct") and _EACH.search(text) and w.filing != "mfs":
        return "no", (f"The {money(r.limit)} limit is per return, not per person, so a joint return gets one "
                      f"{money(r.limit)} limit for both spouses' losses together. {main_sentence(w)}")
    earlier = [y for y, _ in T.years(text) if y < (w.first.year or 0)]
    if (_BACK.search(text) and re.search(r"\bback\b|prior|earlier", text, re.IGNORECASE)) or (
            earlier and re.search(r"\breturn\b|\brefund\b|\bamend", text, re.IGNORECASE)):
        return "no", ("Individuals cannot carry a capital loss back to an earlier year; it only carries forward "
                      f"(IRC 1212(b)). {main_sentence(w)}")
    if _EXPIRE.search(text):
        return "no", (f"It does not expire: it carries forward year after year until used up (it ends only at death). "
                      f"{main_sentence(w)}")
    if ask.is_("taxable"):
        gain = r.taxable_gain
        whole = ask.whole and gain > 0 and any(v > gain for v in _asked(case, ask))
        return yes_no(ask, gain > 0 and not whole), taxable_sentence(w)
    if ask.is_("how_much"):
        term = re.search(r"\b(short|long)[\s-]*term\b", text, re.IGNORECASE)
        if term and _ABOUT_CARRY.search(text) and not w.unknown_term and r.net < 0:
            part = r.carry_short_term if term.group(1).lower() == "short" else r.carry_long_term
            said = (f"{money(part)} of it is {term.group(1).lower()}-term." if part else
                    f"None of it is {term.group(1).lower()}-term.")
            return yes_no(ask, part > 0), f"{said} {main_sentence(w, carry_first=True)}"
        if _ABOUT_CARRY.search(text) and not re.search(r"\bdeduct", text, re.IGNORECASE):
            verdict = ("no" if r.carryover > 0 else "yes") if _LOSE_IT.search(text) else yes_no(ask, r.carryover > 0)
            return verdict, main_sentence(w, carry_first=True)
        return yes_no(ask, r.deduction > 0), main_sentence(w)
    if ask.is_("deduct"):
        asked = max(_asked(case, ask), default=Decimal(0))
        # "can I deduct the $15k?" naming the loss itself asks whether it is deductible (partly: yes); "can I deduct
        # $3,000?" naming another figure asks whether that much comes off this year
        the_loss = any(i.kind == "loss" and i.value == asked for i in story.items)
        if ask.whole and not asked:  # "can I deduct my whole $4,200 loss?": the figure is the loss, told as a fact
            asked = r.net_loss
        allowed = r.deduction > 0 and not ((ask.whole or (asked and not the_loss)) and asked > r.deduction)
        return yes_no(ask, allowed), main_sentence(w)
    if ask.is_("report"):
        return None, ("Each sale goes on Form 8949 and Schedule D; a short-term carryover enters Schedule D line 6 and a "
                      f"long-term one line 14. {main_sentence(w)}")
    if ask.is_("yesno") and _ABOUT_CARRY.search(text) and not _CHARACTER.search(text):
        return yes_no(ask, r.carryover > 0), main_sentence(w, carry_first=True)
    if ask.is_("yesno") and _USE.search(text):
        return yes_no(ask, r.deduction > 0), main_sentence(w)
    if ask.is_("yesno") and _CHARACTER.search(text):
        verdict = "yes" if re.search(r"\b(?:stay|keep|remain)", text, re.IGNORECASE) else None
        return verdict, character_sentence(w)
    if ask.is_("explain", "what_if", "yesno") or ask.implicit:
        return (yes_no(ask, r.deduction > 0) if ask.implicit else None), main_sentence(w)
    return None


def _asked(case: Case, ask: Ask) -> list[Decimal]:
    """Amounts the ask names ("can I deduct $3,000?", "the whole $10,000")."""
    return [a.value for a in case.amounts if a.sentence == ask.sentence and a.ask]


def explain(case: Case, story: cc.Story, w: Worked) -> list[str]:
    """The explanations this story needs: netting, the character rule, misconceptions, unverified authorities."""
    r = w.last
    out = misconceptions(case, story, w)
    if story.of("debt"):
        out.insert(0, _bad_debt_sentence(story))
    if any(i.distribution for i in story.capital) and not any("distribution" in s for s in out):
        out.append("Capital gain distributions (Form 1099-DIV box 2a) are long-term capital gains on Schedule D, "
                   "netted with your other gains and losses.")
    if r.net_short_term < 0 and r.carry_long_term and not w.unknown_term:
        out.append(f"Short-term losses are used first toward the {money(r.limit)}, so the deduction comes out of the "
                   "short-term loss before the long-term.")
    if r.st_carry_in and r.st_gains or r.lt_carry_in and r.lt_gains:
        out.append(f"A carryover first offsets the year's capital gains without any limit; the {money(r.limit)} cap "
                   "applies only to a net loss used against other income.")
    separate = re.compile(r"\bseparate\s+(?:(?:19|20)\d\d\s+)?(?:tax\s+)?returns?\b", re.IGNORECASE)
    if w.filing == "mfj" and any(separate.search(s.text) for s in case.sentences):
        out.append(f"Carryovers from separate returns are combined on a joint return, under one {money(r.limit)} "
                   "limit (Pub 550 (2025) p. 102).")
    if w.gap_years:
        said = ", ".join(str(y) for y in w.gap_years)
        out.append(f"With no sales in {said}, the carryover still used up {money(r.limit)} in each of those years "
                   "(assuming your taxable income each year was at least that).")
    if w.ti_zero:
        out.append("The Capital Loss Carryover Worksheet (Pub 550, Worksheet 4-1) adds the deduction back to taxable "
                   "income: when taxable income figured without the loss is zero or less, none of the loss is used up "
                   "and the carryover is not reduced.")
    for cite in unknown_cites(case):
        out.append(unverified_sentence(cite, r.limit))
    return out


def _bad_debt_sentence(story: cc.Story) -> str:
    debts = story.of("debt")
    year = next((i.year for i in debts if i.year), None) or story.target
    return (f"The {' and '.join(money(i.value) for i in debts)} you lent and cannot collect is a nonbusiness bad debt: "
            f"deductible only for the year it became worthless ({year}), and always as a short-term capital loss, "
            "however long ago the loan was made (IRC 166(d); Pub 550 (2025) p. 83). Report it on Form 8949 Part I "
            "with a statement describing the debt.")


RULES = [capital_losses]
