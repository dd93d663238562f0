"""What the user asserts about a capital loss, checked against the worked numbers: stated figures ("so I write off $8,000
and carry $2,500, right?"), common misconceptions (a long-term loss cannot touch short-term gains, capital gain
distributions are taxed on their own, the whole loss goes this year), and notices or rulings this project does not know
(never confirmed: the rule is given with its authority instead).
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from app.rules import capital_case as cc
from app.rules import capital_kinds as ck
from app.rules import facts as F
from app.rules.capital_work import Worked
from app.rules.finding import money
from app.understand.asks import Ask
from app.understand.case import Case

_CROSS_CLAIM = re.compile(r"\bonly\b|\bcan'?t\b|\bcannot\b|\bcan\s+not\b|\bseparate\w*\b|\bdon'?t\b|\bdoesn'?t\b|\bwon'?t\b|"
                          r"\bnot\b", re.IGNORECASE)
_ONLY_SAME = re.compile(r"(?:long|short)[\s-]*term\s+loss\w*\s+(?:can\s+)?only\s+(?:offset|count\s+against|be\s+used\s+"
                        r"against|reduce|cancel)\s+(?:\w+\s+)?(?:long|short)[\s-]*term", re.IGNORECASE)
_ON_ITS_OWN = re.compile(r"\bon\s+(?:its|their)\s+own\b|\bseparately\b|\bby\s+itself\b|\btaxed\s+at\b", re.IGNORECASE)
CITE = re.compile(r"\b(?:irs\s+)?(notice|rev(?:enue)?\.?\s*rul(?:ing)?\.?|rev(?:enue)?\.?\s*proc(?:edure)?\.?|"
                  r"(?:treas(?:ury)?\.?\s*)?reg(?:ulation)?s?\.?(?:\s+(?:section|sec\.|§))?|plr|private\s+letter\s+ruling|"
                  r"announcement)\s+(\d{2,4}-\d{1,4}|\d\.\d+(?:-\d+)*(?:\([a-z0-9]+\))*)", re.IGNORECASE)


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


def stated_wrong(case: Case, story: cc.Story, w: Worked, ask: Ask) -> list[Decimal]:
    """A yes/no question that states figures ("is my carryover $2,000 short-term and $3,000 long-term?"): the ones
    the computation does not give, each checked against the character named next to it."""
    r = w.last
    wrong = wrong_figures(case, story, w, ask)
    if wrong or r.net >= 0:
        return wrong
    for a in (x for x in case.amounts if x.sentence == ask.sentence and x.ask):
        head, _, tail = ck.clause_parts(case, a)
        term = re.match(r"\s*(?:of\s+)?(short|long)[\s-]*term\b", tail, re.IGNORECASE) or re.search(
            r"\b(short|long)[\s-]*term\s*$", head, re.IGNORECASE)
        part = (r.carry_short_term if term.group(1).lower() == "short" else r.carry_long_term) if term else None
        if part is not None and a.value != part:
            wrong.append(a.value)
    return wrong
