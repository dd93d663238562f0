"""The words of a message as the reader needs them: folded text, sentences, and every number with what it measures.

No tax knowledge here: money ("$54k", "12,000", "a 8k loss"), share counts, percentages, ages, dates ("Dec 5, 2025",
"the 10th of every month") and years are found where they are, so the reader can give each one a role from the words
around it. A number that names a form, a line, an account type or a code section is never money.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.text import fold_typography


def fold(text: str) -> str:
    """ASCII quotes and dashes (phone keyboards type "haven’t"), and numbers glued to words split ("2500short term",
    "4,200LT"), so patterns can be written once."""
    text = fold_typography(text or "")
    return re.sub(r"(?<=\d)(?=(?:short|long|st|lt|ST|LT|in|of|loss|gain)\b)", " ", text)


# ---- sentences ----------------------------------------------------------------------------------------------------
_ABBREV = re.compile(r"(?:\b(?:rev|rul|reg|pub|no|vs|approx|e\.g|i\.e|u\.s|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|"
                     r"nov|dec|inc|co|corp|st|mr|mrs|ms|dr|sec|fig|etc|al)\.)$", re.IGNORECASE)
# "1) ... 2) ...", "(a) ... (b) ...": each item is its own sentence (a list of questions is a list of asks)
_ENUM = re.compile(r"(?:(?<=\s)|^)(?:\(?[1-9]\)|\([a-e]\)|\b[a-e]\))\s+")


@dataclass(frozen=True)
class Sentence:
    index: int
    text: str
    start: int  # offset in the message
    turn: int = 0  # which message of the conversation (0 = the first); later turns override earlier facts


def sentences(text: str, turn: int = 0, first_index: int = 0) -> list[Sentence]:
    """Split on . ? ! (not inside numbers or after abbreviations), newlines and list markers."""
    out: list[Sentence] = []
    start = 0
    pieces: list[tuple[int, int]] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n" or (ch in ".?!" and not _inside_number(text, i) and not _ABBREV.search(text[max(0, i - 6):i + 1])):
            j = i + 1
            while j < n and text[j] in ".?!)\"'":
                j += 1
            if ch == "\n" or j >= n or text[j].isspace():
                pieces.append((start, j))
                start = j
            i = j
            continue
        i += 1
    pieces.append((start, n))
    for a, b in pieces:
        chunk = text[a:b]
        cuts = [m.start() for m in _ENUM.finditer(chunk) if m.start() > 0] + [len(chunk)]
        prev = 0
        for cut in cuts:
            part = chunk[prev:cut]
            if part.strip():
                marker = _ENUM.match(part.lstrip())  # "1) can I deduct..." reads as "can I deduct..."
                if marker and part.lstrip()[marker.end():].strip():
                    part = " " * (len(part) - len(part.lstrip()) + marker.end()) + part.lstrip()[marker.end():]
                lead = len(part) - len(part.lstrip())
                out.append(Sentence(first_index + len(out), part.strip(), a + prev + lead, turn))
            prev = cut
    return out


def _inside_number(text: str, i: int) -> bool:
    return text[i] == "." and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


# ---- numbers ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Number:
    value: Decimal
    start: int
    end: int
    unit: str  # money | shares | percent | age | count
    raw: str


_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_MONEY = re.compile(
    r"(?P<cur>[$\u00a3\u20ac]\s?|\b(?:usd|us\$)\s?)?(?<![\w.,])~?" + _NUM +
    r"(?:\s*(?P<mult>k\b(?!-)|K\b(?!-)|thousand\b|grand\b|m\b|mm\b|million\b|mil\b))?(?P<dollars>\s*(?:dollars|usd|bucks)\b)?",
    re.IGNORECASE)
# what a bare number is when it is not money: a form, a line, a code section, an account type, a duration, a count
_NOT_MONEY_BEFORE = re.compile(
    r"(?:\bforms?|\blines?|\bbox(?:es)?|\bschedule|\bpub(?:lication)?\.?|\bsections?|\bsec\.|§|\bnotice|\brul(?:ing)?\.?|"
    r"\breg(?:ulation)?\.?|\bpart|\bcode|\bchapter|\bch\.|\bp\.\s?l\.|\bworksheet|\bcolumn|\bcolumns|\bitem|\bstep|\b"
    r"article|\bq&a-?|\b1099-?|\bpage|\bp\.|\bno\.|#|\bage|\baged|\btitle|\bplan|\bclass|\bacct|\baccount)\s*[-#]?\s*$",
    re.IGNORECASE)
_NOT_MONEY_AFTER = re.compile(
    r"^(?:\s*\(?\s*[kb]\s*\)|\s*%|\s*percent\b|\s*(?:-| )?(?:year|yr|month|mo|week|wk|day|hour|minute)s?\b(?!\s+(?:of|in)\s"
    r"+(?:income|gains?|loss))|\s*y/?o\b|\s*years?\s+old|\s*(?:shares?|units?|contracts?|options?|calls?|puts?|kids|"
    r"children|times|people|trades|stocks|positions|accounts|iras|companies)\b|\s*[-/]\d|-[a-z])",
    re.IGNORECASE)
# "the 1st", "22nd": an ordinal; a comma-grouped figure never is one ("2,000 ST carryover" is short-term money)
_ORDINAL_AFTER = re.compile(r"^\s*(?:st|nd|rd|th)\b", re.IGNORECASE)
_FORM_NUMBERS = {"1040", "1099", "8606", "8949", "5329", "4684", "4797", "1045", "990", "5498", "1065", "1120", "2210",
                 "8915", "3115", "1116", "1310", "706"}
_SHARES = re.compile(r"(?<![\w.$])" + _NUM + r"\s+(?:more\s+|new\s+|additional\s+|of\s+the\s+|of\s+(?:my|those|the|"
                     r"them|these)\s+)?(?:\w+\s+)?(?:shares?|units?)\b", re.IGNORECASE)
# "sold 500 PYPL", "bought 150 QQQ": a count followed by a ticker
_TICKER_COUNT = re.compile(r"\b(?:sold|sell|bought|buy|buying|selling|purchased|own|hold|had)\s+(?P<num>\d[\d,]*(?:\.\d+)?)"
                           r"\s+(?P<ticker>[A-Z]{2,5})\b")
_PERCENT = re.compile(r"(?<![\w.])" + _NUM + r"\s*(?:%|percent\b)", re.IGNORECASE)
_YEARLIKE = re.compile(r"^(?:19[5-9]\d|20[0-4]\d)$")


def _value(num: str, mult: str | None) -> Decimal:
    v = Decimal(num.replace(",", "") if not num.startswith(".") else "0" + num)
    m = (mult or "").lower()
    if m in ("k", "thousand", "grand"):
        v *= 1000
    elif m in ("m", "mm", "million", "mil"):
        v *= 1_000_000
    return v


def money(text: str) -> list[Number]:
    """Every amount of money: "$" or "£" in front, "k"/"thousand" after, "dollars", or a comma-grouped figure; a bare
    figure of 100 or more counts when money words sit next to it ("gain 2500", "a 8k loss")."""
    out: list[Number] = []
    for m in _MONEY.finditer(text):
        num, mult, cur = m.group("num"), m.group("mult"), m.group("cur")
        before, after = text[max(0, m.start() - 24):m.start()], text[m.end("num"):m.end("num") + 24]
        if not cur and (_NOT_MONEY_BEFORE.search(before) or _NOT_MONEY_AFTER.match(after)):
            continue
        if not cur and "," not in num and _ORDINAL_AFTER.match(after):
            continue
        if not cur and not mult and re.match(r"\s*(?:k|b)\b", after, re.IGNORECASE):
            continue
        if num in ("401", "403", "457") and re.match(r"\s*\(?\s*[kb]", after, re.IGNORECASE):
            continue
        if not cur and num in _FORM_NUMBERS:
            continue
        if cur and _NOT_MONEY_AFTER.match(after) and re.match(r"\s*(?:%|percent)", after):
            continue
        if not cur and not mult and not m.group("dollars"):
            plain = num.replace(",", "")
            if _YEARLIKE.match(plain) and "," not in num:
                continue
            if "," not in num:
                try:
                    small = Decimal(plain) < 100
                except ArithmeticError:
                    continue
                near = text[max(0, m.start() - 14):m.end() + 14].lower()
                if small or not re.search(r"\bgain|loss|lost|carry|income|worth|basis|contribut|profit|made|down|"
                                          r"proceeds|cost|paid|salary|wage|w-?2|agi|nol|distribut|convert", near):
                    continue
        value = _value(num, mult)
        cur_kind = "GBP" if cur and "\u00a3" in cur else ("EUR" if cur and "\u20ac" in cur else "USD")
        out.append(Number(value, m.start(), m.end(), "money" if cur_kind == "USD" else f"money:{cur_kind}",
                          m.group(0).strip()))
    return out


def share_counts(text: str) -> list[Number]:
    out = [Number(Decimal(m.group("num").replace(",", "")), m.start(), m.end(), "shares", m.group(0))
           for m in _SHARES.finditer(text)]
    taken = {n.start for n in out}
    for m in _TICKER_COUNT.finditer(text):
        if m.start("num") not in taken and text[m.start("num") - 1:m.start("num")] != "$":
            out.append(Number(Decimal(m.group("num").replace(",", "")), m.start("num"), m.end(), "shares", m.group(0)))
    return sorted(out, key=lambda n: n.start)


def percents(text: str) -> list[Number]:
    return [Number(Decimal(m.group("num").replace(",", "")), m.start(), m.end(), "percent", m.group(0))
            for m in _PERCENT.finditer(text)]


# ---- dates and years ----------------------------------------------------------------------------------------------
_MONTHS = {m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                           "dec"))}
_DATE = re.compile(
    r"\b(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b|\b(?P<m2>\d{1,2})/(?P<d2>\d{1,2})/(?P<y2>(?:19|20)?\d\d)\b|"
    r"\b(?P<mon3>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|"
    r"apr|jun|jul|aug|sept?|oct|nov|dec)\.?,?\s+(?:of\s+)?(?P<y3>(?:19|20)\d\d)\b|"
    # a month alone after "in"/"by"/"until" ("put it back in July"): its year is the story's
    r"\b(?:in|by|until|till|early|mid|late)[\s-]+(?P<mon4>january|february|march|april|may|june|july|august|"
    r"september|october|november|december)\b(?!\s+\d)",
    re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    year: int | None
    month: int
    day: int | None
    start: int
    end: int

    def as_date(self, default_year: int) -> date:
        return date(self.year or default_year, self.month, self.day or 1)


def dates(text: str) -> list[DateMention]:
    out: list[DateMention] = []
    for m in _DATE.finditer(text):
        if m.group("mon"):
            if m.group("mon").lower() == "may" and not re.match(r"\s", text[m.end("mon"):m.end("mon") + 1]):
                continue
            out.append(DateMention(int(m.group("year")) if m.group("year") else None, _MONTHS[m.group("mon")[:3].lower()],
                                   int(m.group("day")), m.start(), m.end()))
        elif m.group("m2"):
            y = int(m.group("y2"))
            y = y + 2000 if y < 100 else y
            if 1 <= int(m.group("m2")) <= 12 and 1 <= int(m.group("d2")) <= 31:
                out.append(DateMention(y, int(m.group("m2")), int(m.group("d2")), m.start(), m.end()))
        elif m.group("mon4"):
            out.append(DateMention(None, _MONTHS[m.group("mon4")[:3].lower()], None, m.start("mon4"), m.end()))
        else:
            out.append(DateMention(int(m.group("y3")), _MONTHS[m.group("mon3")[:3].lower()], None, m.start(), m.end()))
    return [d for d in out if d.day is None or 1 <= d.day <= 31]


_YEAR = re.compile(r"(?<![\d$,.#])((?:19|20)\d\d)(?!\d|,\d|\.\d|\s*(?:dollars|usd|bucks|shares|k\b))", re.IGNORECASE)


def years(text: str) -> list[tuple[int, int]]:
    """(year, offset) of every 19xx/20xx that is not an amount, a form or a code section ("Form 1040" is not 1040)."""
    out = []
    for m in _YEAR.finditer(text):
        if _NOT_MONEY_BEFORE.search(text[max(0, m.start() - 16):m.start()]) and not re.search(
                r"(?:tax\s+year|\byear|\bplan\s+year)\s*$", text[max(0, m.start() - 16):m.start()], re.IGNORECASE):
            continue
        if re.match(r"-\d", text[m.end():m.end() + 2]) and not re.match(r"-\d\d\b", text[m.end():m.end() + 4]):
            continue  # "2008-5" (a ruling number)
        out.append((int(m.group(1)), m.start()))
    return out


# ---- ages ---------------------------------------------------------------------------------------------------------
_AGE = re.compile(
    r"\b(?:i'?m|i\s+am|i\s+was|he\s+was|she\s+was|he'?s|she'?s|aged?|at\s+age|at|turned|turning)\s+(?P<a>[1-9]\d)\b"
    r"(?!\s*(?:%|percent|k\b|,\d|\.\d|shares|years?\s+(?:of|into|in|at|with|later|ago|before|after)|months|days|weeks|"
    r"and\s+\d))|\b(?P<b>[1-9]\d)\s*(?:y/?o\b|years?\s+old|yrs?\s+old)|\((?P<c>[1-9]\d)\)|^(?P<d>[1-9]\d)\s+here\b|"
    r"\b(?:son|daughter|teacher|nurse|engineer|retired|retiree|widow|widowed|single|married)\s*\(?,?\s+(?P<e>[1-9]\d)\b"
    r"(?=[.,)]|\s+(?:and|here|now|y))|^\W*(?P<f>[1-9]\d),\s+(?=[a-z])|\bboth\s+(?:age\s+|aged\s+)?(?P<g>[1-9]\d)\b(?!\s*(?:%|k\b|,\d|shares|years?\s+ago))",  # "45, did a rollover...": a message opening with an age
    re.IGNORECASE)


def ages(text: str) -> list[tuple[int, int]]:
    """(age, offset) of every age the text states ("I'm 57", "44 y/o", "at 62", "my dad (71)", "teacher, 46.")."""
    out = []
    for m in _AGE.finditer(text):
        raw = next(g for g in (m.group("a"), m.group("b"), m.group("c"), m.group("d"), m.group("e"), m.group("f"), m.group("g")) if g)
        age = int(raw)
        if 16 <= age <= 105:
            if m.group("c") and re.search(r"\$\s*$", text[max(0, m.start() - 2):m.start()]):
                continue
            out.append((age, m.start()))
    return out


# someone else's claim, or the user's own belief, to be checked rather than taken as a fact (the case reader marks
# those sentences; a bare "Is that right?" checks the latest one)
CLAIM = re.compile(
    r"\b(?:(?:says?|said|swears?|insists?|claims?|told\s+me|tells\s+me|thinks?|believes?|mentioned)\b|according\s+to|"
    r"read\s+(?:an?\s+)?(?:article|somewhere|online|that|one)|i\s+(?:figured|assumed|heard|thought)|someone\s+on|"
    r"(?:my|a|the)\s+(?:preparer|broker|advisor|adviser|cpa|coworker|co-worker|friend|brother|sister|neighbor|"
    r"neighbour|dad|mom|father|mother)\b[^.?!]{0,40}\b(?:said|says|told|claims?|swears?)|paperwork\s+(?:from\s+\w+\s+)?says|"
    r"supposedly|i\s+(?:was|am)\s+told|heard\s+that|per\s+(?:treasury|reg|irs|my)|\bsaw\s+(?:on|in)\b|"
    r"\bon\s+(?:tiktok|reddit|youtube|twitter|facebook|instagram)\b|"
    # the user's own belief, or plan for the return, to be checked like anyone's claim: "I assume I deduct $3,000 and
    # carry $6,000", "I'm assuming it's long-term", "my plan is to take the $3,000 deduction" (a plan to act, "I'm
    # planning to cash it out", is a fact of the story)
    r"i\s+(?:assume|figure|guess|suppose|gather|understand)\b|i'?m\s+(?:assuming|guessing|figuring)\b|"
    r"\bmy\s+(?:understanding|assumption|guess)\s+(?:is|was)\b|"
    r"\b(?:my\s+plan\s+is|i\s+plan|i'?m\s+planning|i\s+intend)\s+to\s+(?=(?:\w+\s+){0,3}?(?:deduct|claim|carry|write|use|apply|offset|"
    r"report|take\s+(?:the|a|my)\s+(?:\S+\s+){0,4}?(?:deduction|loss|write-?off)|pay\s+(?:the\s+)?(?:\S+\s+){0,2}?"
    r"(?:rate|tax))))", re.IGNORECASE)
