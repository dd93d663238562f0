"""Mask personal identifiers (SSN, ITIN, EIN, account, card and phone numbers, dates of birth, e-mail) in user text.

Runs first on every question, before anything is logged, stored, retrieved, sent to a model or echoed. Tax figures
must survive: "$3,000", "2017", "a 9-digit SSN" and "October 15, 2018" are not identifiers, so bare dates and short
numbers are left alone and 9-digit runs are masked only when the words around them say SSN/ITIN/TIN.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# ITIN: 9xx-[50-65|70-88|90-92|94-99]-xxxx. Checked before SSN because the shapes are the same.
_ITIN = re.compile(r"(?<![\w-])9\d{2}([- ])(?:5\d|6[0-5]|7\d|8[0-8]|9[0-2]|9[4-9])\1\d{4}(?![\w-])")
_SSN = re.compile(r"(?<![\w-])\d{3}([- ])\d{2}\1\d{4}(?![\w-])")
# A bare 9-digit run counts as an SSN/ITIN only when named nearby ("my SSN is 123456789", "social security #...").
# A placeholder ("[SSN removed]") is not a name: masking masked text must change nothing (the intake masks a question,
# the conversation and the feedback store mask it again).
_SSN_CONTEXT = re.compile(
    r"(?i)(?<!\[)\b(ssn|ss#|social\s+security(?:\s+(?:number|no\.?|#))?|itin|tin|taxpayer\s+id\w*)\b[^\d\n]{0,30}"
    r"(?<!\d)(\d{9})(?!\d)"
)
_EIN = re.compile(r"(?<![\w-])\d{2}-\d{7}(?![\w-])")
_EMAIL = re.compile(r"(?i)\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# Phone numbers: (555) 123-4567, 555-123-4567, 555.123.4567, +1 555 123 4567. Requires separators so that
# plain amounts and years are never taken for phones.
_PHONE = re.compile(
    r"(?<![\w-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\w-])"
)
# Card numbers: 13-19 digits in groups of 4 separated by spaces or dashes.
_CARD = re.compile(r"(?<![\w-])\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,3})?(?![\w-])")
# Account numbers: named ("account number 12345678", "acct #: 0012-3456") or any run of 10+ digits (no commas:
# "1,000,000" is money, "1000000000" is an identifier far more often than a dollar amount in a question).
_ACCOUNT_CONTEXT = re.compile(
    r"(?i)\b(account|acct|a/c|routing|policy|member|customer)\s*(?:number|no\.?|num|#)?\s*[:#]?\s*"
    r"([A-Z]{0,3}[\d][\d -]{4,22}\d)"
)
_LONG_DIGITS = re.compile(r"(?<![\d,.$])\d{10,}(?![\d,])")
# Dates of birth: a date within a few words after "born", "DOB", "date of birth", "birthday".
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2}"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4})"
)
_DOB = re.compile(r"(?i)(?<!\[)\b(born|d\.?o\.?b\.?|date\s+of\s+birth|birth\s*date|birthday)\b([^\n]{0,20}?)(" + _DATE + r")")


@dataclass
class MaskResult:
    text: str
    kinds: list[str] = field(default_factory=list)  # e.g. ["SSN", "PHONE"], in the order first found

    @property
    def changed(self) -> bool:
        return bool(self.kinds)


def scan(text: str) -> MaskResult:
    """Mask identifiers and say which kinds were found (the kinds, never the values, may be logged)."""
    kinds: list[str] = []

    def note(kind: str) -> str:
        if kind not in kinds:
            kinds.append(kind)
        return f"[{kind} removed]"

    out = _EMAIL.sub(lambda m: note("EMAIL"), text)
    out = _DOB.sub(lambda m: f"{m.group(1)}{m.group(2)}{note('DATE OF BIRTH')}", out)
    out = _ITIN.sub(lambda m: note("ITIN"), out)
    out = _SSN.sub(lambda m: note("SSN"), out)
    out = _SSN_CONTEXT.sub(lambda m: m.group(0)[: m.start(2) - m.start(0)] + note("SSN"), out)
    out = _EIN.sub(lambda m: note("EIN"), out)
    out = _CARD.sub(lambda m: note("CARD NUMBER"), out)
    out = _PHONE.sub(lambda m: note("PHONE"), out)
    out = _ACCOUNT_CONTEXT.sub(_masked_account(note), out)
    out = _LONG_DIGITS.sub(lambda m: note("ACCOUNT"), out)
    return MaskResult(out, kinds)


def _masked_account(note):  # type: ignore[no-untyped-def]
    def replace(m: re.Match[str]) -> str:
        # "account 2018 2019" is years and "account 120000" is more likely money: without an explicit
        # "number"/"#" ask for 8+ digits, and never take a run of years for an account.
        digits = sum(ch.isdigit() for ch in m.group(2))
        named = bool(re.search(r"(?i)(number|no\.?|num|#|:)", m.group(0)[: m.start(2) - m.start(0)]))
        years = all(re.fullmatch(r"(19|20)\d\d", part) for part in re.split(r"[ -]+", m.group(2).strip()))
        if years or digits < (6 if named else 8):
            return m.group(0)
        return m.group(0)[: m.start(2) - m.start(0)] + note("ACCOUNT")

    return replace


def mask(text: str) -> str:
    """The text with every personal identifier replaced by a `[KIND removed]` placeholder."""
    return scan(text).text
