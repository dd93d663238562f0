"""Understanding a message in its conversation: the case (facts with roles) and the asks (each question, in order).

Public API:
- `understand(message, previous, *, tax_year, default_year, model_reader=None) -> Reading`
- `is_followup(message, previous) -> bool`
`previous` is what the conversation kept of the current follow-up chain: its messages (identifiers already masked)
and the kinds of the asks of its last turn (a "what if ...?" re-asks them on the changed case).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from app.understand import language
from app.understand import text as T
from app.understand.asks import Ask, find_asks, implicit_ask
from app.understand.case import Case, read


@dataclass
class Previous:
    messages: list[str] = field(default_factory=list)
    ask_kinds: list[list[str]] = field(default_factory=list)
    ask_texts: list[str] = field(default_factory=list)
    tax_year: int | None = None  # the year the chain's last answer was for
    choices: list[str] = field(default_factory=list)  # the replies the last answer offered to its deciding question


@dataclass
class Reading:
    case: Case
    asks: list[Ask]
    followup: bool
    language: str | None = None
    messages: list[str] = field(default_factory=list)  # the chain, this message last (what the conversation keeps)


_OPENER = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|and|but|ugh|hmm|also|then|now|well|oh|alright|right|one\s+more|quick\s+follow[\s-]*up)\W+)*"
    r"(?:(?:what|and|but)\s+if|if\s+(?:i|we|he|she|it|that|the)|what\s+about|how\s+about|and\s+(?:the|in|for|now|what)|"
    r"same\s+(?:question|thing)|say\s+(?:we|i)|suppose|instead)\b|\binstead\b|\bthe\s+year\s+after\b",
    re.IGNORECASE)
# a reply to the last answer ("fine. for 2026 it looks like ...", "ok that makes sense. she closed it in 2017")
_ACKNOWLEDGED = re.compile(r"^\W*(?:fine|ok(?:ay)?|got\s+it|thanks?|thank\s+you|makes\s+sense|understood|i\s+see|"
                          r"alright|all\s+right|great|perfect|cool|wait|actually|oops|correction|sorry|hmm+)\b"
                          r"(?!\s+(?:if|with))", re.IGNORECASE)
# a message that leans on the story told before: "next year (2026)...", "nothing else changes", "same salary"
_SAME_AS_BEFORE = re.compile(r"^\W*next\s+year\b|\b(?:nothing|everything)\s+else\s+(?:changes|(?:stays|is)\s+the\s+same)|"
                             r"\bsame\s+(?:salary|income|facts|numbers|as\s+before)\b", re.IGNORECASE)
_ANAPHORA = re.compile(r"^(?:\W*\w+){0,12}?\W*\b(?:it|that|this|his|her|she|he|they|them|those|these)\b", re.IGNORECASE)
_CHANGE = re.compile(r"\b(?:19|20)\d\d\b|\b(?:ira|roth|401|403|457|sep|simple|brokerage|spouse|wife|husband|joint|"
                     r"separate\w*|single|jointly)\b", re.IGNORECASE)
_OWN_STORY = re.compile(r"\$\s?\d|\b\d[\d,]*\s*(?:k\b|dollars)|\b(?:ira|roth|401|403|brokerage|stock|shares|fund)",
                        re.IGNORECASE)


def is_followup(message: str, previous: Previous) -> bool:
    """A message continues the chain when it opens like a follow-up ("what if...", "and in 2016?"), leans on what
    came before (a pronoun with nothing to refer to), or is too short to stand alone."""
    if not previous.messages:
        return False
    text = T.fold(message).strip()
    if previous.choices and (text.lower() in {c.lower() for c in previous.choices} or len(text.split()) <= 10):
        return True  # the reply to the question the last answer asked
    words = len(text.split())
    if _OPENER.search(text[:120]) or _ACKNOWLEDGED.match(text) or _SAME_AS_BEFORE.search(text):
        return True
    if words <= 6 and _CHANGE.search(text):
        return True  # "and in 2016?", "a Roth?", "married filing separately?"
    first = T.sentences(text)[0].text if text else ""
    return bool(_ANAPHORA.search(first)) and (words <= 60 or not _OWN_STORY.search(first))


def _redated(earlier: list[str], old_year: int | None, text: str) -> list[str]:
    """A short follow-up naming only a year ("What about for 2017?") asks the same question of that year. The year the
    earlier questions named moves to it ("the conversion I made in 2024?" becomes one made in 2017). The story's events
    move too when the new year is before them (nothing told had happened yet); a later year keeps them ("I lost $9,000
    in 2024. How much can I deduct?" then "and in 2025?" is the year after the loss)."""
    named = {y for y, _ in T.years(text)}
    if old_year is None or len(named) != 1 or len(text.split()) > 8 or _OWN_STORY.search(text):
        return earlier
    new_year = named.pop()
    same_year = re.compile(rf"(?<![\d$,.#]){old_year}(?![\d,])")
    if new_year < old_year:
        return [same_year.sub(str(new_year), m) for m in earlier]
    return [" ".join(same_year.sub(str(new_year), s.text) if "?" in s.text else s.text for s in T.sentences(m))
            for m in earlier]


def understand(message: str, previous: Previous | None = None, *, tax_year: int | None = None,
               default_year: int = 2025, model_reader: Callable[[str, Reading], Reading] | None = None) -> Reading:
    """`model_reader` (app/understand/model_reader.py, given when a model is configured) may add what this reading
    missed; what the text reader read itself stays."""
    previous = previous or Previous()
    lang = language.detect(message)
    text = language.to_english(message) if lang else message
    followup = is_followup(text, previous)
    messages = [*_redated(previous.messages, previous.tax_year, text), text] if followup else [text]
    turn = len(messages) - 1
    sents: list[T.Sentence] = []
    for i, m in enumerate(messages):
        sents.extend(T.sentences(T.fold(m), turn=i, first_index=len(sents)))
    asks = find_asks(sents, turn=turn)
    short = len(text.split()) <= 6
    if followup and previous.ask_kinds and (not asks or all(a.kinds == ["what_if"] or (a.kinds == ["yesno"] and short)
                                                             for a in asks)):
        # "what if I wait until January 2027?" asks the last turn's questions again, on the changed case
        anchor = asks[0].sentence if asks else -1  # the what-if sentence itself, when it asked something
        asks = [Ask(i, anchor, text_, list(kinds), inherited=True)
                for i, (kinds, text_) in enumerate(zip(previous.ask_kinds, previous.ask_texts or
                                                       [""] * len(previous.ask_kinds)))]
    if not asks:
        last = [s.index for s in sents if s.turn == turn]
        asked = [s for s in sents if s.turn == turn and "?" in s.text]
        if asked:  # a question no kind describes: answered as asked, never as "can I deduct it?"
            asks = [Ask(0, asked[-1].index, asked[-1].text, ["yesno"])]
        else:
            asks = [implicit_ask(last[-1] if last else 0)]
    if asks and all(a.kinds == ["capability"] for a in asks) and len(T.money(text)) >= 2:
        # "Can you fill out my 8949? Only two trades: lost $3,400 ... made $900 ...": we can't file, but the figures
        # told ask what they come to, so the product's own question is answered too
        last = [s.index for s in sents if s.turn == turn]
        asks.append(replace(implicit_ask(last[-1]), index=len(asks)))
    latest = {s.index for s in sents if s.turn == turn}
    spans: dict[int, int] = {}
    for a in asks:
        if not a.implicit and a.sentence in latest:
            spans[a.sentence] = min(spans.get(a.sentence, a.start), a.start)
    case = read(messages, asks=spans, tax_year=tax_year,
                default_year=default_year, language=lang, previous_year=previous.tax_year if followup else None)
    reading = Reading(case, asks, followup, lang, messages)
    return model_reader(text, reading) if model_reader is not None else reading


__all__ = ["Ask", "Case", "Previous", "Reading", "is_followup", "understand"]
