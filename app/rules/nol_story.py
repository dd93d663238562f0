"""The NOL facts of a story: the year the NOL arose and the year it is used, the NOL (less what earlier years
already used), the taxable income it offsets, a business loss, a retirement account's drop, an investment-only loss.

The shared reader's roles are used where they are right; where they are not ("In 2023 my taxable income before the
NOL was $40,000" is read as an NOL; "a 2024 NOL" as a label), the clause around the amount or the year decides.
"""
from __future__ import annotations

import re
from decimal import Decimal

from app.understand import text as T
from app.understand.case import Amount, Case

_I = re.IGNORECASE
BUSINESS = re.compile(r"\bbusiness\b|schedule\s*[cf]\b|\bfarm\w*|sole\s+prop\w*|self[\s-]*employ\w*|\bllc\b|"
                      r"\bs[\s-]*corp\b|\brestaurant\b|\bfood\s+truck\b|\branch\b", _I)
_INCOME = re.compile(r"taxable\s+income|\bincome\b|\bagi\b|\bw-?2\b|\bsalary\b|\bwages\b", _I)
_LOSS = re.compile(r"\bnols?\b|net\s+operating|\blos(?:s|ses|t|e|ing)\b|\bterrible\b|\b(?:bad|rough|tough|awful)\s+"
                   r"(?:year|(?:19|20)\d\d)\b|\bhappened\b", _I)
_DEST = re.compile(r"(?:\bto|\binto|\bstarting\s+with|\bfor|\bback\s+to|\buntil|\bthrough)\s+$", _I)
_CUT = re.compile(r"[,;:]\s+|\s*[()]\s*|\s+-+\s+|\s+(?:and|but|so|then)\s+(?=(?:the|my|our|i|we|it|its|\$))", _I)
_LEFT = re.compile(r"^\S*\s+(?:of\s+(?:it|that|this|the|our|my)(?:\s+(?:nol|loss|carryforward|carryover))?\s+)?"
                   r"(?:was\s+|is\s+|were\s+)?(?:still\s+)?(?:left(?:\s+over)?|remaining|remains?|unused)\b", _I)
# "$40,000 of 2025 taxable income": the amount names the income it is
_OF_TI = re.compile(r"^\S*\s+(?:of\s+)?(?:(?:19|20)\d\d\s+)?taxable\s+income\b", _I)
# "our 2015 farm NOL", "the 2016 net operating loss": a year naming the NOL is the year it arose
_YEAR_OF_NOL = re.compile(r"^\s+(?:[a-z-]+\s+){0,2}?(?:nols?\b|net\s+operating\s+loss)", _I)
# a limit someone (software, a preparer) put on the deduction: its figures are theirs to check, not the story's
LIMIT_CLAIM = re.compile(r"\b\d{2}\s*(?:%|percent)|\bcap(?:s|ped|ping)?\b|\blimit(?:s|ed|ing)?\s+(?:the\s+|my\s+|"
                         r"our\s+)?(?:nol|deduction)", _I)
_TI_BEFORE_NOL = re.compile(r"taxable\s+income\b.{0,60}?\b(?:before|without)\s+(?:the\s+|any\s+)?nol", _I)
_OTHER_EARNER = re.compile(r"\b(?:wife|husband|spouse|partner)'?s?\b", _I)
_USED_BEFORE = re.compile(r"\b(?:used|deducted|absorbed|applied|took|claimed)\s+(?:about\s+|only\s+)?$", _I)
_INVESTMENT = re.compile(r"\bbrokerage\b|\bstocks?\b|\bshares\b|\binvestments?\b|\bcrypto\w*|\betfs?\b|\bfunds?\b", _I)
DROP = re.compile(r"\b(?:iras?|roth|401\s*\(?k\)?|403\s*\(?b\)?|sep|retirement|pension)\b[^.?!]{0,40}\b(?:drop\w*|fell|"
                  r"lost|loss(?:es)?|declin\w*|tank\w*|down)\b|\b(?:drop|loss|decline)\s+in\s+(?:my|the|our)\s+(?:\w+\s+)?(?:iras?|"
                  r"roth|401|sep|retirement)", _I)


def year_kinds(case: Case) -> list[tuple[int, int, str | None]]:
    """(turn, year, kind) with kind "arose" (the loss year), "use" (a year whose income the NOL offsets), "dest" (a
    carryback or carryforward year) or None."""
    out = []
    for s in case.sentences:
        start = 0
        for m in list(_CUT.finditer(s.text)) + [None]:
            end = m.start() if m else len(s.text)
            clause = s.text[start:end]
            for y, pos in T.years(clause):
                if not 1980 <= y <= 2035:
                    continue
                if _YEAR_OF_NOL.match(clause[pos + 4:]):
                    kind = "arose"
                elif _DEST.search(clause[max(0, pos - 20):pos]) and not _INCOME.search(clause[pos:pos + 30]):
                    kind = "dest"
                elif _INCOME.search(clause):
                    kind = "use"
                elif _LOSS.search(clause):
                    kind = "arose"
                else:
                    kind = None
                out.append((s.turn, y, kind))
            start = m.end() if m else end
    return out


def years(case: Case) -> tuple[int, int]:
    """(year the NOL arose, tax year it is used in)."""
    kinds = year_kinds(case)
    latest = case.latest_turn
    arose = [y for t, y, k in kinds if k == "arose"]
    what_if = [y for t, y, k in kinds if t == latest > 0 and k == "arose"]  # "what if it had happened in 2020?"
    a = what_if[-1] if what_if else (arose[0] if arose else case.tax_year)
    ti_years = [y for y in (clause_year(case, x) for x in taxable_income_amounts(case)) if y]
    used = [y for t, y, k in kinds if k == "use"]
    u = ti_years[-1] if ti_years else used[-1] if used else max(case.tax_year, a)
    return a, u


def clause_year(case: Case, amount: Amount) -> int | None:
    """The year named in the amount's own clause ("... and $60k of taxable income in 2025")."""
    text = case.sentence(amount.sentence).text
    cuts = [0] + [m.end() for m in _CUT.finditer(text)] + [len(text)]
    start = max(c for c in cuts if c <= amount.pos)
    end = min((c for c in cuts if c > amount.pos), default=len(text))
    years = [y for y, _ in T.years(text[start:end]) if 1980 <= y <= 2035]
    return years[0] if years else None


_TI_HEADING = re.compile(r"^\W*(?:my\s+|our\s+)?taxable\s+income\b[^$.?!]{0,40}:", re.IGNORECASE)


def taxable_income_amounts(case: Case) -> list[Amount]:
    """Taxable income before the NOL deduction ("In 2023 my taxable income before the NOL was $40,000": the shared
    reader calls that amount an NOL)."""
    out = []
    for a in case.amounts:
        if a.ask:
            continue
        text = case.sentence(a.sentence).text
        if a.role == "taxable_income" or _OF_TI.match(text[a.pos:]) or (
                a.role == "nol" and _TI_BEFORE_NOL.search(text[:a.pos])) or (
                a.role is None and _TI_HEADING.match(text[:a.pos])):  # "Taxable income before the NOL: $10,000 in 2024"
            out.append(a)
    if not out:  # "my 2022 income is $50,000": taken as the income the NOL offsets, and said so
        out = [a for a in case.amounts if not a.ask and a.role == "income" and not _OTHER_EARNER.search(
            case.sentence(a.sentence).text[max(0, a.pos - 40):a.pos])]
    return out


def used_before(case: Case, after: Amount | None) -> list[Amount]:
    """Parts of the NOL already deducted in earlier years ("I used $10,000 of it in 2023")."""
    return [a for a in case.amounts if not a.ask and (after is None or (a.turn, a.sentence, a.pos) > (
        after.turn, after.sentence, after.pos)) and _USED_BEFORE.search(case.sentence(a.sentence).text[:a.pos])]


def nol_amount(case: Case) -> tuple[Decimal | None, Decimal]:
    """(the NOL, what earlier years already used of it)."""
    left = [a for a in case.amounts if _LEFT.match(case.sentence(a.sentence).text[a.pos:]) and not a.ask]
    if left:
        return left[-1].value, Decimal(0)
    skip = {id(a) for a in taxable_income_amounts(case)} | {id(a) for a in used_before(case, None)} | {
        id(a) for a in claimed_figures(case)}
    for roles in (("nol",), ("carryover",), ("loss",)):
        found = [a for a in case.amounts_of(*roles, facts_only=False) if id(a) not in skip and not a.ask
                 and a.account in (None, "taxable")]
        if found:
            used = sum((a.value for a in used_before(case, found[-1])), Decimal(0))
            return found[-1].value, min(used, found[-1].value)
    asked = [a for a in case.asked_amounts() if a.role in (None, "nol", "loss", "carryover")]
    return (asked[-1].value if asked else None), Decimal(0)


def capital_only(case: Case) -> bool:
    """The only loss told is an investment loss (a brokerage account, stocks) and no business or farm."""
    said = case.text(claims=True)
    return bool(_INVESTMENT.search(said)) and not BUSINESS.search(said) and not business_loss(case) and not \
        case.retirement


def business_loss(case: Case) -> list[Amount]:
    """Losses of a business, a farm or the NOL itself (not a retirement account's drop, nor a figure in someone's
    claim: "someone said a loss over $50k becomes an NOL")."""
    return [a for a in case.amounts_of("loss", "nol", facts_only=False) if not a.ask and not a.claim and (
        a.role == "nol" or re.search(r"schedule\s*[cf]|business|farm|self[\s-]*employ|llc|sole\s+prop|\bnol\b|net\s+"
                                     r"operating", case.sentence(a.sentence).text, _I)) and not (
        a.account and a.account != "taxable" and not re.search(r"schedule\s*[cf]|business", case.sentence(
            a.sentence).text[max(0, a.pos - 40):a.pos + 40], _I))]


def limit_claims(case: Case) -> list[str]:
    """Statements of a limit on the NOL deduction ("the software caps it at 80%", "our preparer says it can only
    offset 80%"): someone's result to check against the law of the year the NOL arose."""
    return [s.text for s in case.sentences if s.index not in case.ask_sentences and LIMIT_CLAIM.search(s.text)
            and re.search(r"\bnols?\b|net\s+operating|\bdeduction\b|\boffset", s.text, _I)]


def claimed_figures(case: Case) -> list[Amount]:
    """The amounts inside such a statement (the capped deduction, the carryforward it leaves)."""
    said = set(limit_claims(case))
    return [a for a in case.amounts if case.sentence(a.sentence).text in said and not _LEFT.match(
        case.sentence(a.sentence).text[a.pos:]) and not _OF_TI.match(case.sentence(a.sentence).text[a.pos:])]
