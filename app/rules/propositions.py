"""What a yes/no question is about, read from its words, so a topic answers it in its own polarity: "Can I still
deduct it?" asks whether the loss is allowed, "Is my whole loss gone?" whether the rule took it, "Do I add it to the
basis?" whether it moves into the new shares. Also: what a repeated claim asserts, and the authority numbers a user
cites that Writeoff does not know (they are never confirmed).
"""
from __future__ import annotations

import re

from app.rules import facts as F
from app.understand.asks import Ask
from app.understand.case import Case

_I = re.IGNORECASE
DEDUCT = re.compile(
    r"\bdeduct\w*|\bwrite[\s-]*(?:\S+\s+){0,3}?off\b|\bwritten\s+off|\bwrite-?off|\bclaim\w*\b|\btake\s+(?:the|that|my|a|"
    r"this)?\s*(?:\$[\d,.]+k?\s+)?(?:loss|deduction)|\b(?:loss|it)\s+(?:(?:is|was|should\s+be|still)\s+)*(?:count|counts|ok|okay|safe|fine|good|"
    r"allowed|valid|usable|survives?)\b|\bsafe\b|\bis\s+my\s+loss\s+ok|\bfine\s+to\b|\buse\s+(?:the|that|my|it|this)\b|"
    r"\bsurviv\w*|\bkeep\s+(?:the|my)\s+loss|\boffset\w*|\bcount\s+against", _I)
WASHED = re.compile(r"\bwash|\btrigger\w*|\bwipe\w*\s+out|\bgone\b|\blost\b|\bdisallow\w*|\bkill\w*|\bruin\w*|\bproblem|"
                    r"\bidentical|\bcounts?\b|\bappl(?:y|ies)\b|\bmess\w*\s+up|\bvoid\w*|\bforfeit\w*|\bblow\w*", _I)
BASIS = re.compile(r"\bbasis\b|\badd(?:ed)?\s+(?:the\s+)?(?:disallowed\s+)?(?:loss\s+)?(?:back\s+)?to\s+(?:the|my)", _I)
AVOID = re.compile(r"\b(?:avoid\w*|escape|get\s+around|sidestep\w*|dodge|bypass\w*|work\s*around|loophole|"
                   r"get\s+out\s+of)\b", _I)
_NEGATION = re.compile(r"\b(?:not?|never|only|avoid\w*|clean\s+slate|doesn'?t|don'?t|didn'?t|shouldn'?t|isn'?t|aren'?t|"
                       r"won'?t|can'?t)\b|n't\b", _I)


def plain_question(ask: Ask) -> str:
    """deduct | washed | avoid | basis | amount | report | explain | other: the plain question behind the ask's
    verdict ("can I avoid the rule by ...?" asks whether the rule does not apply)."""
    text = ask.text
    if ask.is_("how_much"):
        return "amount"
    if ask.is_("report") and not ask.is_("deduct"):
        return "report"
    if AVOID.search(text):
        return "avoid"
    if BASIS.search(text) and not DEDUCT.search(text):
        return "basis"
    if DEDUCT.search(text):
        return "deduct"
    if WASHED.search(text):
        return "washed"
    if ask.is_("explain"):
        return "explain"
    if ask.is_("deduct"):
        return "deduct"
    return "other"


def claim_asserts(text: str, pattern: re.Pattern[str]) -> bool | None:
    """True when the claim says the thing the pattern names, False when it denies it, None when it says neither."""
    m = pattern.search(text)
    if not m:
        return None
    return not _NEGATION.search(text[max(0, m.start() - 60):m.end() + 10])


def claims(case: Case) -> list[str]:
    return [s.text for s in case.sentences if s.index in case.claim_sentences]


def alternative_pair(asks: list[Ask], ask: Ask, case: Case) -> bool:
    """The first half of "Any wash sale problem, or is my loss ok?": both halves ask one thing; the second speaks."""
    nxt = [a for a in asks if a.index == ask.index + 1 and a.sentence == ask.sentence]
    if not nxt:
        return False
    text = case.sentence(ask.sentence).text
    i, j = text.find(ask.text), text.find(nxt[0].text)
    return 0 <= i < j and bool(re.search(r"\bor\s*$", text[i + len(ask.text):j], _I))


_LEAD_IN = re.compile(r"^\W*(?:when|if|since|because|after|once|while|given\s+that)\b", _I)


def lead_in_of(asks: list[Ask], ask: Ask) -> Ask | None:
    """"When the wash sale is triggered by my IRA buying the shares, does the loss increase the basis?" is one
    question that the ask reader splits in two: the lead-in clause takes the answer of the question it leads into."""
    nxt = [a for a in asks if a.index == ask.index + 1 and a.sentence == ask.sentence]
    if nxt and _LEAD_IN.match(ask.text) and not ask.text.rstrip().endswith("?"):
        return nxt[0]
    return None


ASKS_AMOUNT_ALLOWED = re.compile(r"\b(?:deduct\w*|use|claim|write\s+off|offset|take)\b", _I)
ASKS_LEFT_OVER = re.compile(r"\bcarr(?:y|ies|ied)\b|\bleft\b|\brest\b|\bremain\w*|\bnext\s+year\b", _I)


def amount_verdict(ask: Ask) -> bool:
    """A how-much ask that also asks whether anything is allowed ("how much can I deduct?") gets a yes or no;
    "what carries over?" gets none."""
    return ask.is_("how_much") and bool(ASKS_AMOUNT_ALLOWED.search(ask.text)) and not ASKS_LEFT_OVER.search(ask.text)


# ---- authority numbers Writeoff cannot confirm --------------------------------------------------------------------
# Treasury regulations under IRC 1091 that exist (26 CFR 1.1091-1 losses from wash sales, 1.1091-2 basis); any other
# "1.1091-N" is not a regulation. Move to app/rules/facts when the facts owner adds the known-authority list.
KNOWN_REGULATIONS = {"1.1091-1", "1.1091-2", "1.165-1", "1.165-4", "1.165-5", "1.1212-1", "1.172-1", "1.408-4"}
_CITE = re.compile(r"\b(?P<kind>(?:treas(?:ury)?\.?\s+)?reg(?:ulation)?s?\.?|rev(?:enue)?\.?\s*rul(?:ing)?\.?|"
                   r"rev(?:enue)?\.?\s*proc(?:edure)?\.?|notice)\s*(?:section\s+|sec\.?\s*)?§*\s*(?P<num>\d[\d.]*-\d+[a-z]?)\b",
                   _I)


def _known_numbers() -> set[str]:
    found: set[str] = set(KNOWN_REGULATIONS)
    for a in F.AUTHORITIES.values():
        for m in re.finditer(r"\d[\d.]*-\d+[a-z]?", f"{a.doc_id} {a.title}"):
            found.add(m.group(0))
    return found


def unverified_cites(case: Case) -> list[str]:
    """The regulations, rulings, procedures and notices the user cites that Writeoff does not know, as written."""
    known = _known_numbers()
    out = []
    for m in _CITE.finditer(case.text(claims=True)):
        if m.group("num") not in known:
            kind = m.group("kind").lower()
            name = ("Reg." if kind.startswith(("reg", "treas")) else "Rev. Rul." if "rul" in kind else
                    "Rev. Proc." if "proc" in kind else "Notice")
            out.append(f"{name} {'§' if name == 'Reg.' else ''}{m.group('num')}")
    return list(dict.fromkeys(out))
