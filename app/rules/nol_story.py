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
_LOSS = re.compile(r"\bnols?\b|net\s+operating|\blos(?:s|ses|t|e|ing)\b|\bterrible\b|\bbad\s+year\b|\bhappened\b", _I)
_DEST = re.compile(r"(?:\bto|\binto|\bstarting\s+with|\bfor|\bback\s+to|\buntil|\bthrough)\s+$", _I)
_CUT = re.compile(r"[,;:]\s+|\s*[()]\s*|\s+-+\s+|\s+(?:and|but|so|then)\s+(?=(?:the|my|our|i|we|it|its|\$))", _I)
_LEFT = re.compile(r"^\S*\s+(?:was\s+|is\s+|were\s+)?(?:still\s+)?(?:left(?:\s+over)?|remaining|unused)\b", _I)
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
                if _DEST.search(clause[max(0, pos - 20):pos]) and not _INCOME.search(clause[pos:pos + 30]):
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


def taxable_income_amounts(case: Case) -> list[Amount]:
    """Taxable income before the NOL deduction ("In 2023 my taxable income before the NOL was $40,000": the shared
    reader calls that amount an NOL)."""
    out = []
    for a in case.amounts:
        if a.ask:
            continue
        text = case.sentence(a.sentence).text
        if a.role == "taxable_income" or (a.role == "nol" and _TI_BEFORE_NOL.search(text[:a.pos])):
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
    skip = {id(a) for a in taxable_income_amounts(case)} | {id(a) for a in used_before(case, None)}
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
    """Losses of a business, a farm or the NOL itself (not a retirement account's drop)."""
    return [a for a in case.amounts_of("loss", "nol", facts_only=False) if not a.ask and (
        a.role == "nol" or re.search(r"schedule\s*[cf]|business|farm|self[\s-]*employ|llc|sole\s+prop|\bnol\b|net\s+"
                                     r"operating", case.sentence(a.sentence).text, _I)) and not (
        a.account and a.account != "taxable" and not re.search(r"schedule\s*[cf]|business", case.sentence(
            a.sentence).text[max(0, a.pos - 40):a.pos + 40], _I))]
