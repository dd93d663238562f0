"""`find_contradictions(sentence, tax_year)`: ids of rule facts an affirmative sentence contradicts (for the guard).

Precision over recall: a sentence is flagged only when it affirms a claim the facts deny, in its own clause, with no
negation ("cannot offset", "is not deductible", "no longer") before the claim's verb. The guard strips flagged
sentences from model output, so a false positive costs a correct sentence; a miss is caught by the rule answer itself.
"""
from __future__ import annotations

import re

from app.rules import facts as F

_RET = r"(?:ira|iras|roth|401\s*\(?k\)?|401k|403\s*\(?b\)?|403b|retirement(?:\s+(?:account|plan)s?)?|sep|pension)"
_NEG = re.compile(
    r"\b(?:not|no|never|cannot|can't|can’t|cant|won't|isn't|aren't|don't|doesn't|didn't|wasn't|weren't|nor|neither|"
    r"unable|without|none|nothing|myth|false|wrong|incorrect|mistaken\w*)\b", re.IGNORECASE)
# for "X is deductible" claims these also deny ("the deduction is disallowed / suspended")
_NEG_DEDUCT = re.compile(rf"{_NEG.pattern}|\b(?:disallow\w*|suspend\w*|prohibit\w*|eliminat\w*|repeal\w*)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d$,])(19[89]\d|20[0-4]\d)(?!\d|,\d)")


def _clauses(sentence: str) -> list[str]:
    # split on clause boundaries so "X is not deductible, but Y is" judges Y alone
    return [c for c in re.split(r"[;:]|,\s*(?:but|however|although|though|while|whereas)\b|\bbut\b|\bhowever\b",
                                sentence, flags=re.IGNORECASE) if c.strip()]


# "without limit", "without a doubt" strengthen a claim rather than deny it, so they do not count as negation.
_INTENSIFIER = re.compile(r"\bwithout\s+(?:any\s+|a\s+)?(?:limit\w*|cap\b|caps\b|restriction\w*|doubt|question)", re.IGNORECASE)


def _affirms(clause: str, claim: re.Pattern[str], neg: re.Pattern[str] = _NEG) -> bool:
    return bool(claim.search(clause)) and not neg.search(_INTENSIFIER.sub(" ", clause))


def _rx(p: str) -> re.Pattern[str]:
    return re.compile(p, re.IGNORECASE)


_DEDUCTIBLE = r"(?:deduct\w*|writ(?:e|ten|ing)[\s-]*off|claim\w*|tax[\s-]*deductible|take\s+(?:a|the)\s+(?:tax\s+)?loss)"
CLAIMS: list[tuple[str, re.Pattern[str]]] = [
    ("article-ltcg-offset", _rx(
        rf"{_RET}\b[^.]*\blos(?:s|ses|t)\b[^.]*\b(?:offset|reduce|against|net(?:ted)?|cancel|up\s+to\s+the\s+amount)"
        rf"[^.]*\b(?:capital\s+gains?|long[\s-]*term\s+gains?|gains?)\b|"
        rf"\b(?:offset|reduce)\b[^.]*\bcapital\s+gains?\b[^.]*\bwith\b[^.]*{_RET}\b[^.]*\blos")),
    ("article-nol-offset", _rx(
        rf"{_RET}\b[^.]*\blos(?:s|ses|t)\b[^.]*\b(?:against|toward|into|part\s+of|add\w*\s+to|with|on)\b[^.]*"
        rf"(?:net\s+operating\s+loss|\bnols?\b|form\s*1045)|(?:form\s*1045|\bnols?\b|net\s+operating\s+loss)[^.]*"
        rf"\b{_DEDUCTIBLE}\b[^.]*{_RET}\b[^.]*\blos")),
    ("article-roth-conversion-loss", _rx(
        rf"\blos(?:s|ses)\b[^.]*\b(?:on|from|during|after|in)\b[^.]*\b(?:roth\s+)?conver\w*\b[^.]*\b(?:are|is|be|may\s+be|"
        rf"can\s+be)\s+(?:\w+\s+)?{_DEDUCTIBLE}|\b{_DEDUCTIBLE}\b[^.]*\blos(?:s|ses)\b[^.]*\b(?:on|from|during|"
        rf"after)\b[^.]*\bconver\w*")),
    ("article-reporting", _rx(
        rf"\b(?:report|enter|list|put|claim|file)\w*\b[^.]*{_RET}\b[^.]*\blos(?:s|ses)\b[^.]*\b(?:on|using|with|via)\b"
        rf"[^.]*(?:schedule\s*d\b|form\s*8949|\b8949\b|form\s*1045|schedule\s*[ce]\b)|"
        rf"{_RET}\b[^.]*\blos(?:s|ses)\b[^.]*\b(?:go(?:es)?|belong\w*|reported|are\s+reported|is\s+reported)\b[^.]*"
        rf"(?:schedule\s*d\b|form\s*8949|\b8949\b|form\s*1045|schedule\s*[ce]\b)")),
    ("recharacterize-conversion-2018-on", _rx(
        r"\b(?:can|may|could|still|allowed\s+to|able\s+to)\b[^.]*\b(?:re-?characteri[sz]\w*|undo|reverse)\b[^.]*"
        r"\bconver\w*|\bconver\w*\b[^.]*\b(?:can|may|could)\s+(?:still\s+)?be\s+(?:re-?characteri[sz]\w*|undone|"
        r"reversed)")),
    ("wash-sale-ira", _rx(
        rf"(?:wash[\s-]*sale|disallowed\s+loss)\b[^.]*{_RET}\b[^.]*\b(?:add\w*|increase\w*)\b[^.]*\bbasis|"
        rf"{_RET}\b[^.]*\bbasis\b[^.]*\b(?:is|gets|will\s+be)\s+(?:increased|adjusted\s+upward)")),
    ("capital-loss-carryover", _rx(
        r"\bcarr(?:y|ied)\s*-?\s*back\b[^.]*\bcapital\s+loss|\bcapital\s+loss\w*\b[^.]*\b(?:can|may)\s+be\s+carried\s+"
        r"back|\bcapital\s+loss\s+carryover\w*\b[^.]*\bexpire")),
]
_RET_DEDUCT = _rx(
    rf"{_RET}\b[^.]*\blos(?:s|ses|t)\b[^.]*\b(?:are|is|were|was|be|remain\w*)\s+(?:\w+\s+)?{_DEDUCTIBLE}|"
    rf"\b(?:can|may|could|able\s+to|allowed\s+to)\s+(?:\w+\s+)?{_DEDUCTIBLE}\b[^.]*{_RET}\b[^.]*\blos|"
    rf"\blos(?:s|ses)\b[^.]*\b(?:in|on|from|inside)\b[^.]*{_RET}\b[^.]*\b(?:are|is|were|was|be)\s+(?:\w+\s+)?"
    rf"{_DEDUCTIBLE}|"
    rf"\b(?:can|may|could|able\s+to|allowed\s+to)\s+(?:\w+\s+)?{_DEDUCTIBLE}\b[^.]*\blos(?:s|ses)\b[^.]*"
    rf"\b(?:in|on|from|inside)\b[^.]*{_RET}\b")
_LIMIT = _rx(r"\b(?:capital\s+loss\w*[^.]*\b(?:limit\w*|up\s+to|maximum|cap\w*)\b[^.]*|deduct\s+up\s+to\s+)"
             r"\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?!\s*(?:\(|\d))")


_PRE2018 = re.compile(r"\b(?:through|until|up\s+to|in|for)\s+(?:tax\s+year\s+)?(?:19[89]\d|200\d|201[0-7])\b|"
                      r"\b(?:before|prior\s+to)\s+2018|pre-?2018", re.IGNORECASE)


def find_contradictions(sentence: str, tax_year: int | None = None) -> list[str]:
    """Fact ids `sentence` contradicts for `tax_year` (a year named in the sentence wins)."""
    found: list[str] = []
    years = [int(y) for y in _YEAR.findall(sentence)]
    for clause in _clauses(sentence or ""):
        for fact_id, rx in CLAIMS:
            if fact_id == "recharacterize-conversion-2018-on":
                first = years[0] if years else tax_year  # the conversion year is named first
                if first is not None and first < F.FIRST_YEAR_NO_RECHARACTERIZE_CONVERSION:
                    continue
            if fact_id not in found and _affirms(clause, rx):
                found.append(fact_id)
        if _affirms(clause, _RET_DEDUCT, _NEG_DEDUCT):
            year = max(years) if years else tax_year
            if year is None or year > F.LAST_YEAR_MISC_DEDUCTION:
                family = "roth-loss" if re.search(r"\broth\b", clause, re.IGNORECASE) else (
                    "plan-loss" if re.search(r"401|403|pension|plan\b", clause, re.IGNORECASE) else "ira-loss")
                fid = F.by_year(family, year if year is not None else F.LAST_YEAR_MISC_DEDUCTION + 1).id
                if fid not in found and not _PRE2018.search(clause):
                    found.append(fid)
        m = _LIMIT.search(clause)
        if m and not _NEG.search(clause):
            amount = int(m.group(1).replace(",", ""))
            if amount not in (F.CAPITAL_LOSS_LIMIT, F.CAPITAL_LOSS_LIMIT_MFS) and "capital-loss-limit" not in found:
                found.append("capital-loss-limit")
    return found
