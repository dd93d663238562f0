"""Capital losses in a taxable account: netting, the $3,000 limit, the carryover by character and year by year.

The base rule (IRC 1211(b), 1212(b); Pub 550 (2025) pp. 101-102): short-term and long-term gains and losses net
separately, then combine; capital gain distributions are long-term; a net loss is deductible up to $3,000 ($1,500
married filing separately) and the rest carries forward, keeping its character, short-term losses used first. What
turns it: taxable income at or below zero before the loss uses none of it (the worksheet), yet the allowable deduction
counts whether claimed or not, so a loss cannot be saved for a later year; a carryover absorbs next year's gains
without limit. A figure the user states is checked against the worked one ("so I deduct $10,000, correct?" -> No), and
a notice or ruling this project does not know is not confirmed.

Stories about a spouse's or a decedent's carryover are app/rules/topics/capital_people.py; basis (gift, inheritance,
section 1244) and personal-use property are app/rules/topics/property_basis.py.
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from app.rules import capital_case as cc
from app.rules import capital_kinds as ck
from app.rules import facts as F
from app.rules.capital_work import Worked, carry_words, net_words, rows, work
from app.rules.finding import Finding, money, yes_no
from app.rules.topics.common import is_conversion_story, is_worthless_story
from app.understand import text as T
from app.understand.accounts import RETIREMENT_KINDS
from app.understand.asks import Ask
from app.understand.case import Case

FACTS = ("capital-netting", "capital-loss-limit", "capital-loss-carryover", "capital-loss-worksheet")

_DEFER = re.compile(
    r"\b(?:leave|keep)\s+(?:\w+\s+){0,3}off\b|\bskip\w*\s+(?:claiming|reporting|deducting|it|the)\b|\bsave\s+(?:\w+\s+){0,3}"
    r"(?:for|until|till)\b|\bhold\s+off\b|\bwait\s+(?:\w+\s+){0,3}(?:to|until|till)\s+(?:claim|deduct|use|take)|"
    r"\bpostpone|\bdefer\w*|\bchoose\s+(?:which|what|the)\s+year|\bpick\s+(?:which|what|the)\s+year|\bnot\s+claim\s+it\s+"
    r"(?:this|now)|\binstead\b.*\b(?:deduct|use|claim)\b|\b(?:deduct|use|claim)\b.*\binstead\b", re.IGNORECASE)
_LATER = re.compile(r"\bnext\s+year|\blater\b|\binstead\b|\b(?:19|20)\d\d\s+return|\bin\s+(?:19|20)\d\d\b", re.IGNORECASE)
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
_CROSS_CLAIM = re.compile(r"\bonly\b|\bcan'?t\b|\bcannot\b|\bcan\s+not\b|\bseparate\w*\b|\bdon'?t\b|\bdoesn'?t\b|\bwon'?t\b|"
                          r"\bnot\b", re.IGNORECASE)
_ONLY_SAME = re.compile(r"(?:long|short)[\s-]*term\s+loss\w*\s+(?:can\s+)?only\s+(?:offset|count\s+against|be\s+used\s+"
                        r"against|reduce|cancel)\s+(?:\w+\s+)?(?:long|short)[\s-]*term", re.IGNORECASE)
_ON_ITS_OWN = re.compile(r"\bon\s+(?:its|their)\s+own\b|\bseparately\b|\bby\s+itself\b|\btaxed\s+at\b", re.IGNORECASE)
CITE = re.compile(r"\b(?:irs\s+)?(notice|rev(?:enue)?\.?\s*rul(?:ing)?\.?|rev(?:enue)?\.?\s*proc(?:edure)?\.?|"
                  r"(?:treas(?:ury)?\.?\s*)?reg(?:ulation)?s?\.?(?:\s+(?:section|sec\.|§))?|plr|private\s+letter\s+ruling|"
                  r"announcement)\s+(\d{2,4}-\d{1,4}|\d\.\d+(?:-\d+)*(?:\([a-z0-9]+\))*)", re.IGNORECASE)


def capital_losses(case: Case, asks: list[Ask]) -> list[Finding]:
    if (ck.replacement_purchase(case) or is_conversion_story(case) or is_worthless_story(case) or ck.people_story(case)
            or ck.basis_story(case)):
        return []  # their own topics
    story = cc.read(case)
    if story.of("personal", "business") or not story.capital:
        return []  # personal-use property is property_basis.py's; a rental or business asset is not this topic
    w = work(story)
    if w is None:
        return []
    answers: dict[int, tuple] = {}
    for ask in asks:
        said = answer(case, story, w, ask)
        if said is not None:
            answers[ask.index] = said
    if not answers:
        return []
    facts = FACTS + (("unverified-authority",) if unknown_cites(case) else ())
    return [Finding("capital-loss-limit", answers, " ".join(explain(case, story, w)), facts, rows(w), weight=55)]


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
    if ask.is_("yesno", "confirm") and misconceptions(case, story, w):
        return "no", main_sentence(w)
    if ask.is_("yesno") and any(a.sentence == ask.sentence for a in story.claimed) and not _REDUCES.search(text):
        wrong = wrong_figures(case, story, w, ask)  # "is the carryover $1,000 long-term?" states a figure to check
        if not wrong and r.net < 0:
            for a in (x for x in case.amounts if x.sentence == ask.sentence and x.ask):
                head, _, tail = ck.clause_parts(case, a)
                term = re.match(r"\s*(?:of\s+)?(short|long)[\s-]*term\b", tail, re.IGNORECASE) or re.search(
                    r"\b(short|long)[\s-]*term\s*$", head, re.IGNORECASE)
                part = (r.carry_short_term if term.group(1).lower() == "short" else r.carry_long_term) if term else None
                if part is not None and a.value != part:
                    wrong.append(a.value)
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
        allowed = r.deduction > 0 and not ((ask.whole or asked) and asked > r.deduction)
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


def main_sentence(w: Worked, *, carry_first: bool = False) -> str:
    r, y = w.last, w.year
    unknown = w.unknown_term
    history = ""
    if len(w.years) > 1:
        history = " ".join(f"{x.year}: deduct {money(x.deduction)}, carry {carry_words(x, unknown)}." for x in w.years[:-1])
        history += " "
    if r.net == 0 and not (r.st_gains or r.lt_gains or r.losses_in):
        return f"{history}Nothing is left for {y}: no loss to deduct and nothing carries to {y + 1}."
    if r.net >= 0:
        tail = f"so there is no capital loss to deduct for {y} and nothing carries to {y + 1}"
        return f"{history}For {y} your gains and losses net to {net_words(r, unknown)}, {tail}."
    if r.used < r.deduction:
        used = "none of the loss as used" if r.used == 0 else f"only {money(r.used)} as used"
        return (f"{history}For {y} the {money(r.deduction)} deduction still shows on your return, but your taxable "
                f"income before it was {'zero or less' if r.used == 0 else 'only ' + money(r.used)}, so the Capital Loss "
                f"Carryover Worksheet counts {used}: {carry_words(r, unknown)} carries to {y + 1}.")
    carry = (f"{carry_words(r, unknown)} carries to {y + 1}" if r.carryover else f"there is no carryover left for {y + 1}")
    deduct = (f"you deduct your whole {money(r.net_loss)} net capital loss" if r.deduction == r.net_loss else
              f"you deduct {money(r.deduction)} of your {money(r.net_loss)} net capital loss")
    if carry_first and r.carryover:
        return f"{history}{carry[0].upper()}{carry[1:]}: for {y} {deduct} against other income."
    return f"{history}For {y} {deduct} against other income, and {carry}."


def taxable_sentence(w: Worked) -> str:
    r, y = w.last, w.year
    if r.taxable_gain > 0:
        return (f"For {y}, {money(r.taxable_gain)} of net capital gain is taxed after netting ({net_words(r, w.unknown_term)}); "
                f"nothing carries to {y + 1}.")
    return f"After netting, none of your gains is taxed for {y}. {main_sentence(w)}"


def character_sentence(w: Worked) -> str:
    r = w.last
    if w.unknown_term:
        return ("It keeps the character of the losses it came from: short-term for shares held a year or less, "
                f"long-term for more. {main_sentence(w)}")
    if not r.carryover:
        return f"Nothing carries to {w.year + 1}, so there is no character to keep."
    lines = " and ".join(x for x, v in (("line 6 (short-term)", r.carry_short_term), ("line 14 (long-term)",
                                                                                      r.carry_long_term)) if v)
    return f"It keeps its character: {carry_words(r, False)} carries to {w.year + 1}, entering Schedule D {lines}."


def defer_sentence(w: Worked) -> str:
    r = w.first
    return (f"You can't pick the year. For {r.year} the allowable deduction is {money(r.deduction)} (the lesser of "
            f"{money(r.limit)} or your {money(r.net_loss)} net loss), and the carryover worksheet subtracts it whether or "
            f"not you claim it, so only {carry_words(r, w.unknown_term)} can carry to {(r.year or 0) + 1}. Leaving the "
            f"loss off your {r.year} return would simply waste that {money(r.deduction)}; claim it for {r.year}.")


def explain(case: Case, story: cc.Story, w: Worked) -> list[str]:
    """The explanations this story needs: netting, the character rule, misconceptions, unverified authorities."""
    r = w.last
    out = misconceptions(case, story, w)
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


def misconceptions(case: Case, story: cc.Story, w: Worked) -> list[str]:
    r = w.last
    said = cc.claim_text(case)
    out = []
    crossed = (r.net_short_term > 0 > r.net_long_term) or (r.net_long_term > 0 > r.net_short_term)
    if crossed and (re.search(r"short", said, re.IGNORECASE) and re.search(r"long", said, re.IGNORECASE)
                    and _CROSS_CLAIM.search(said) or _ONLY_SAME.search(said)):
        loss, gain = (("long", "short") if r.net_long_term < 0 else ("short", "long"))
        out.append(f"That is not how netting works: short-term and long-term results are netted separately and then "
                   f"combined (Schedule D line 16), so your net {loss}-term loss offsets your net {gain}-term gain.")
    if any(i.distribution for i in story.capital) and _ON_ITS_OWN.search(said) and r.lt_losses + r.lt_carry_in:
        out.append("Capital gain distributions (box 2a) are not taxed on their own: they are long-term capital gains "
                   "on Schedule D, netted against your losses first.")
    if re.search(r"\bonly\s+\$?3,?000\b", said) and (r.st_carry_in or r.lt_carry_in) and (r.st_gains or r.lt_gains):
        out.append(f"The {money(r.limit)} limit does not cap how much carryover absorbs gains.")
    if re.search(r"\b(?:whole|entire|all\s+(?:of\s+)?(?:the|my|it))\b[^.?!]{0,30}\b(?:loss|write|deduct)|\b(?:write\s+off|deduct)\s+"
                 r"(?:the\s+)?(?:whole|entire|all)\b", said, re.IGNORECASE) and r.net_loss > r.deduction:
        out.append(f"Not the whole loss in one year: a net capital loss is deductible against other income only up to "
                   f"{money(r.limit)} a year; the rest carries forward.")
    return out


def claimed_in(story: cc.Story, ask: Ask) -> list[Decimal]:
    """Figures this ask states, and those said as claims or beliefs elsewhere in the message."""
    return [a.value for a in story.claimed if a.sentence == ask.sentence or not a.ask]


def wrong_figures(case: Case, story: cc.Story, w: Worked, ask: Ask) -> list[Decimal]:
    """Figures the user asserts (in this ask or in a claim) that the computation does not give."""
    figures = w.figures()
    carries = {x.carryover for x in w.years} | {x.carry_short_term for x in w.years} | \
        {x.carry_long_term for x in w.years} | {i.value for i in story.items if i.kind == "carryover"}
    items = {i.value for i in story.items}
    limit = w.last.limit
    wrong = []
    for a in sorted(story.claimed, key=lambda x: (x.sentence, x.pos)):
        if a.ask and a.sentence != ask.sentence:
            continue
        if a.role == "rule_number" or (a.role is None and a.value in (3000, 1500, 10000) and _limit_word(case, a)):
            ok = a.value == limit or a.value in figures
        elif a.role == "carryover":
            ok = a.value in carries
        elif a.role in ("loss", "gain"):
            ok = a.value in figures or a.value in items
        else:
            ok = a.value in figures or a.value in items
        if not ok and a.value not in wrong:
            wrong.append(a.value)
    return wrong


def _limit_word(case: Case, a) -> bool:  # type: ignore[no-untyped-def]
    return bool(re.search(r"limit|deduct|write-?off|a\s+year", case.sentence(a.sentence).text, re.IGNORECASE))


@cache
def _known_cites() -> frozenset[str]:
    return frozenset(_norm(m.group(1), m.group(2)) for a in F.AUTHORITIES.values()
                     for m in CITE.finditer(f"{a.doc_id} {a.title}"))


def unknown_cites(case: Case) -> list[str]:
    """Notices, rulings and regulations the user cites that this project's authorities do not include."""
    known = _known_cites()
    found = []
    for m in CITE.finditer(case.text(claims=True)):
        if _norm(m.group(1), m.group(2)) not in known:
            found.append(f"{_label(m.group(1))} {m.group(2)}")
    return list(dict.fromkeys(found))


def _norm(kind: str, number: str) -> str:
    return f"{_label(kind)} {number}".lower()


def _label(kind: str) -> str:
    k = kind.lower()
    if k.startswith("notice"):
        return "Notice"
    if "rul" in k:
        return "Rev. Rul."
    if "proc" in k:
        return "Rev. Proc."
    if k.startswith(("plr", "private")):
        return "PLR"
    if k.startswith("announcement"):
        return "Announcement"
    return "Reg."


def unverified_sentence(cite: str, limit: Decimal) -> str:
    return (f"I can't verify {cite}: it is not among the authorities I know, so I won't rely on what it is said to say. "
            "Check it on IRS.gov (notices and rulings are published in the Internal Revenue Bulletin, IRS.gov/irb). "
            f"Publication 550 for 2025, written after P.L. 119-21 (July 4, 2025), still limits the net capital loss "
            f"deduction to {money(F.CAPITAL_LOSS_LIMIT)} ({money(F.CAPITAL_LOSS_LIMIT_MFS)} married filing separately) "
            "under IRC 1211(b) (Pub 550 (2025) p. 101).")


RULES = [capital_losses]
