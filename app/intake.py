"""First stage of every question: make raw user text safe to use, before anything logs, stores or searches it.

Strips control and binary characters, caps the length, masks personal identifiers (app.pii), checks the tax year
and notices non-English text. Never raises on any input: problems become a plain-words `problem` or `warnings`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from app.pii import scan
from app.rules.facts import MAX_TAX_YEAR, MIN_TAX_YEAR

MAX_CHARS = 4000
# The years Writeoff reasons about live with the rules' facts; intake only refuses what is outside them.
MIN_YEAR, MAX_YEAR = MIN_TAX_YEAR, MAX_TAX_YEAR

EMPTY_MESSAGE = (
    "Please type a question, for example: \"Can I deduct a loss in my Roth IRA for 2024?\" or "
    "\"Does the wash sale rule apply if I buy the stock back in my IRA?\""
)
PII_WARNING = (
    "Personal identifiers ({kinds}) were removed from your question before it was used. Never share SSNs, "
    "account numbers or other identifiers here: they are not needed to answer."
)
TRUNCATED_WARNING = ("Your message was {n:,} characters long; to read it within {max:,} I kept every question and the "
                     "sentences with figures, dates and accounts, and left out {k} sentence(s) of background "
                     "({dropped:,} characters).")
ENGLISH_WARNING = "Writeoff answers in English. I tried to answer your question anyway."
YEAR_MESSAGE = (
    "Writeoff covers tax years {lo} through {hi}; {year} is outside that range. Ask about a year in that range."
)

# Control characters except tab/newline, plus Unicode "format" and private-use/unassigned classes.
_DROP_CATEGORIES = {"Cc", "Cf", "Co", "Cn", "Cs"}
_NAMED_YEAR = re.compile(r"(?i)\b(?:tax\s+year|year|for|in|during)\s+(19\d\d|20\d\d)\b(?![,.]?\d)(?!\s*(?:dollars|shares|usd))")
_SPACES = re.compile(r"[ \t]+")
# Terminal escape sequences (colours, cursor moves) pasted from a shell: dropping only the ESC would leave "[31m".
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])|\x9b[0-?]*[ -/]*[@-~]")
_ENGLISH_WORDS = (
    "the a an is are was were i my me can do does did to of in on for and or loss losses deduct tax ira roth "
    "what how if it this that my your with from sell sold stock year"
)
_FOREIGN_WORDS = (
    # Spanish, French, German, Portuguese, Italian function words that never appear in English questions
    "el los las una por para que pérdida pérdidas puedo impuestos cuenta como una del "
    "le les des une est pour puis je perte pertes impôts compte dans avec "
    "der die das und ist nicht ich kann verlust steuer konto mit "
    "não perda posso imposto conta uma com "
    "il della perdita posso tasse conto una sono"
)
_ENGLISH = frozenset(_ENGLISH_WORDS.split())
_FOREIGN = frozenset(_FOREIGN_WORDS.split())


@dataclass
class Intake:
    text: str  # cleaned, truncated, identifiers masked: the only form of the question used after this point
    warnings: list[str] = field(default_factory=list)
    problem: str | None = None  # when set, answer with this message instead of answering
    pii_kinds: list[str] = field(default_factory=list)
    english: bool = True


def clean(raw: object) -> str:
    """Text with binary/control characters dropped and whitespace tidied (newlines kept)."""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    if not isinstance(raw, str):
        raw = "" if raw is None else str(raw)
    kept = [
        ch if ch in "\n\t" or unicodedata.category(ch) not in _DROP_CATEGORIES else " "
        for ch in _ANSI.sub(" ", raw).replace("\r\n", "\n").replace("\ufffd", " ")
    ]
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(kept).split("\n"))
    return "\n".join(line for line in lines if line)


def looks_english(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return True
    if sum(ch.isascii() for ch in letters) / len(letters) < 0.7:
        return False  # mostly non-Latin script (Chinese, Russian, Arabic ...)
    words = re.findall(r"[^\W\d_]+", text.lower())
    english = sum(w in _ENGLISH for w in words)
    foreign = sum(w in _FOREIGN for w in words)
    return not (foreign >= 2 and foreign > english)


_FACTUAL = re.compile(r"\$|\d|\b(?:ira|roth|401|403|sep|simple|brokerage|stock|shares?|fund|sold|bought|loss|gain|"
                      r"carryover|deduct\w*|taxable|penalty|contribut\w*|convert\w*|withdr\w*|distribut\w*|basis|"
                      r"single|married|joint|separate|age|years?\s+old)\b", re.IGNORECASE)


def condense(text: str, limit: int) -> tuple[str, int]:
    """A long message within `limit` characters, keeping what answers need: every question (wherever it is, often at
    the end of a long story), the sentences with figures, dates and accounts, then the first and last sentences; plain
    background goes first, longest first. Returns the kept text and how many sentences were left out."""
    from app.understand.asks import is_question
    from app.understand.text import sentences

    parts = sentences(text)
    rank = {s.index: (3 if is_question(s.text) else 2 if _FACTUAL.search(s.text) else 1) for s in parts}
    if parts:
        rank[parts[0].index] = max(rank[parts[0].index], 2)
        rank[parts[-1].index] = max(rank[parts[-1].index], 3)
    kept = {s.index for s in parts}
    size = sum(len(s.text) + 1 for s in parts)
    for s in sorted(parts, key=lambda p: (rank[p.index], -len(p.text))):
        if size <= limit:
            break
        kept.discard(s.index)
        size -= len(s.text) + 1
    out = " ".join(s.text for s in parts if s.index in kept)
    if len(out) > limit:  # a few huge questions: keep the start of each
        share = max(200, limit // max(1, len(kept)))
        out = " ".join(s.text[:share] for s in parts if s.index in kept)[:limit]
    return out, len(parts) - len(kept)


def check_year(tax_year: int | None) -> str | None:
    if tax_year is None:
        return None
    if not isinstance(tax_year, int) or not MIN_YEAR <= tax_year <= MAX_YEAR:
        return YEAR_MESSAGE.format(lo=MIN_YEAR, hi=MAX_YEAR, year=tax_year)
    return None


def named_year(text: str) -> int | None:
    """A tax year the question names ("for 1975", "tax year 2031") when every year it names is out of range.

    The rules only read plausible years, so without this "my IRA loss for 1975" would be answered for the default
    year. A question naming any in-range year is left to the rules."""
    years = [int(y) for y in _NAMED_YEAR.findall(text)]
    if years and not any(MIN_YEAR <= y <= MAX_YEAR for y in years):
        return years[0]
    return None


def take(raw: object, tax_year: int | None = None) -> Intake:
    text = clean(raw)
    warnings: list[str] = []
    if len(text) > MAX_CHARS:
        kept, dropped = condense(text, MAX_CHARS)
        warnings.append(TRUNCATED_WARNING.format(n=len(text), max=MAX_CHARS, k=dropped, dropped=len(text) - len(kept)))
        text = kept
    masked = scan(text)
    if masked.changed:
        warnings.append(PII_WARNING.format(kinds=", ".join(masked.kinds)))
    intake = Intake(text=masked.text, warnings=warnings, pii_kinds=masked.kinds)
    if not re.search(r"[^\W_]", re.sub(r"\[[A-Z ]+ removed\]", "", intake.text)):
        intake.problem = EMPTY_MESSAGE
        return intake
    intake.problem = check_year(tax_year) or check_year(named_year(intake.text))
    if not looks_english(intake.text):
        intake.english = False
        intake.warnings.append(ENGLISH_WARNING)
    return intake
