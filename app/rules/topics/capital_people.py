"""Whose capital loss carryover it is: a spouse's after joint returns, and a decedent's.

The base rule: a carryover belongs to the person who had the loss. From a joint return to separate returns (or after a
divorce) it goes only to the spouse who actually had the loss; a jointly owned account's loss is split by ownership
(Pub 550 (2025) pp. 102-103; Reg. 1.1212-1(c)). When someone dies, that person's losses and carryovers can be used
only on the final return, a joint return for the year of death included, where they absorb either spouse's gains and
then up to $3,000; what is left of the decedent's share ends there: neither the estate nor the surviving spouse can
carry it on (Pub 550 (2025) p. 103; Rev. Rul. 74-175).
"""
from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from app.rules import capital_calc as calc
from app.rules import capital_case as cc
from app.rules import capital_kinds as ck
from app.rules.capital_work import carry_words, item_year, main_sentence, rows, work
from app.rules.finding import Finding, Missing, money, yes_no
from app.rules.topics.common import is_conversion_story, is_worthless_story
from app.understand import text as T
from app.understand.asks import Ask
from app.understand.case import Case

_USED = re.compile(r"\bused\b|\buse\s+up\b|\bhow\s+much\s+of\s+(?:his|her|the|their)\b|\bcan\s+(?:we|i)\s+use\b|\babsorb",
                   re.IGNORECASE)
_MORE_GAINS = re.compile(r"\bmore\b[^?]{0,40}\b(?:winners|gains?|stock|shares)\b|\b(?:winners|gains?)\b[^?]{0,30}\bmore\b|"
                         r"\bsoak\w*\s+up\s+more|\bused?\s+up\s+more", re.IGNORECASE)
_LATER = re.compile(r"\bestate\b|\bkeep\s+using|\bnext\s+year|\bafter\b|\blater\b|\bcarry\s+(?:it\s+|the\s+rest\s+)?"
                    r"(?:forward|on|over)|\bthe\s+rest\b.*\b(?:19|20)\d\d|\b(?:in|for)\s+(?:19|20)\d\d\b", re.IGNORECASE)
_REST = re.compile(r"\brest\b|\bremain\w*|\bleft\s*over|\bestate\b|\bkeep\s+using", re.IGNORECASE)
_DIES = re.compile(r"\bdie\w*\s+with|\bdisappear|\bgone\b|\blost\b|\bexpire|\bvanish|\bforfeit|\bwasted?\b", re.IGNORECASE)
_WHAT_HAPPENS = re.compile(r"\bwhat\s+(?:happens|happened|about)\b", re.IGNORECASE)
_OTHER_SUBJECT = re.compile(r"\b(?:she|he|my\s+ex|my\s+(?:wife|husband|spouse|partner)|her|him)\b\s+(?:\w+\s+){0,2}?"
                            r"(?:claim|deduct|use|take|get|entitled|split)|\bsplit\b|\bhalf\b", re.IGNORECASE)
_HALF_CLAIM = re.compile(r"\bhalf\b|\bsplit\b|\bentitled\b|\bshare\b", re.IGNORECASE)


def people_carryover(case: Case, asks: list[Ask]) -> list[Finding]:
    if ck.replacement_purchase(case) or is_conversion_story(case) or is_worthless_story(case) or not ck.people_story(case):
        return []
    story = cc.read(case)
    if not story.capital:
        return []
    death = ck.death_of(case)
    if death is not None and not ck.inherited_story(case):
        return _decedent(case, asks, story, *death)
    return _separate(case, asks, story)


# ---- a decedent's carryover ---------------------------------------------------------------------------------------
def _decedent(case: Case, asks: list[Ask], story: cc.Story, who: str, died: int | None) -> list[Finding]:
    year = died or story.target
    before = [i for i in story.capital if i.kind == "carryover" or item_year(story, i) <= year]
    w = work(story, before, through=year)
    if w is None:
        return []
    owner = story.owner or ("spouse" if who == "spouse" else "self")
    decedent_owns = owner == "spouse" or who == "other"
    share = Decimal("0.5") if owner == "joint" else (Decimal(1) if decedent_owns else Decimal(0))
    losses = [i for i in before if i.kind in ("loss", "carryover")]
    theirs = sum((i.value for i in losses if i.owner in (None, owner) or i.kind == "carryover"), Decimal(0)) * share
    yours = sum((i.value for i in losses), Decimal(0)) - theirs
    fr = calc.final_return(w.last, theirs, yours)
    _noun, pos = ck.decedent_words(case, who)
    joint = who == "spouse" and case.filing_status != "mfs"
    ret = f"the {year} joint return, which is {pos} final return," if joint else f"{pos} final return ({year})"
    r = fr.result
    gains = r.st_gains + r.lt_gains
    yours_gain = sum((i.value for i in before if i.kind == "gain" and i.owner == "self"), Decimal(0))
    with_gains = (f", including your {money(yours_gain)} gain" if yours_gain and joint else
                  f" ({money(gains)})" if gains else "")
    used = (f"On {ret} {pos} carryover first offsets all capital gains on that return{with_gains}, and then up to "
            f"{money(r.limit)} of other income: {money(r.loss_used)} of the loss is used.")
    if fr.survivor_keeps:
        rest = (f"Of the {money(r.carryover)} left, only {pos} share, about {money(fr.ends)}, ends with {pos} final "
                f"return; your share, about {money(fr.survivor_keeps)}, keeps carrying forward to {year + 1} and later on "
                "your own returns.")
    else:
        rest = (f"The remaining {money(fr.ends)} ends with {pos} final return: you can't carry it to {year + 1} on your "
                f"own returns, and {pos} estate can't deduct it or carry it over either." if fr.ends else
                "Nothing is left, so nothing is lost.")
    split = ""
    if owner == "joint":
        split = (f"A carryover belongs to the spouse who actually had the loss, and a loss on an account you owned "
                 f"50/50 is split by ownership, so about half of it was yours: {pos} share ends with {pos} final return, "
                 "your share does not. Trace the split with your records or a preparer.")
    answers: dict[int, tuple] = {}
    for ask in asks:
        t = ask.text
        if ask.is_("capability", "advice", "penalty", "deadline"):
            continue
        if _MORE_GAINS.search(t):
            answers[ask.index] = (yes_no(ask, fr.room > 0), (
                f"Up to {money(fr.room)} more of capital gains realized by either of you in {year} would have been "
                f"absorbed by {pos} remaining loss on {ret.split(',')[0]}, and you would still have had the "
                f"{money(r.limit)} deduction. Gains realized in {year + 1} or later can't use it, because {pos} "
                f"carryover can't be carried past {pos} final ({year}) return."))
        elif ask.is_("what_if") and len(ask.kinds) == 1 and owner == "joint":
            answers[ask.index] = (None, f"{split} {used}")
        elif _DIES.search(t):
            dies = fr.ends > 0 and not (ask.whole and fr.survivor_keeps > 0)
            lead = f"Only {pos} share would. {split}" if fr.survivor_keeps else ""
            answers[ask.index] = (yes_no(ask, dies), f"{lead} {rest}".strip())
        elif (_LATER.search(t) or any(y > year for y, _ in T.years(t))) and (_REST.search(t) or not _USED.search(t)
                                                                         or any(y > year for y, _ in T.years(t))):
            answers[ask.index] = (yes_no(ask, fr.survivor_keeps > 0 and not re.search(r"\bestate\b", t, re.IGNORECASE)),
                                  f"{rest} {'' if fr.survivor_keeps else 'Only the final return can use it.'}".strip())
        elif ask.is_("how_much") and _WHAT_HAPPENS.search(t):
            answers[ask.index] = (None, rest)
        elif ask.is_("how_much", "deduct", "yesno", "explain", "what_if", "confirm") or ask.implicit:
            answers[ask.index] = (yes_no(ask, r.loss_used > 0) if ask.is_("deduct", "how_much") or ask.implicit
                                  else None, used)
    if not answers:
        return []
    detail = " ".join(x for x in (split, used, rest) if x and not any(x in a[1] for a in answers.values()))
    worked = rows(w)
    if worked and worked[-1][0].startswith("Carryover to"):  # after a final return it is not a carryover
        worked[-1] = (f"Left after {pos} final return", f"{carry_words(r, w.unknown_term)}: {money(fr.ends)} ends "
                      f"with it" + (f", {money(fr.survivor_keeps)} (your share) carries on" if fr.survivor_keeps else ""))
    return [Finding("decedent-capital-loss", answers, detail, ("decedent-capital-loss", "capital-loss-limit",
                                                               "capital-loss-carryover", "carryover-joint-separate"),
                    worked, weight=65)]


# ---- joint returns to separate returns, and divorce ---------------------------------------------------------------
def _other(case: Case) -> str:
    m = re.search(r"\b(ex-?(?:wife|husband|spouse)|my\s+ex\b|wife|husband|spouse|partner)", case.text(claims=True),
                  re.IGNORECASE)
    word = m.group(1).lower().replace("my ", "") if m else "spouse"
    return f"your {word}"


def _separate(case: Case, asks: list[Ask], story: cc.Story) -> list[Finding]:
    filing = case.filing_status if case.filing_status in ("mfs", "single", "hoh") else "single"
    other = _other(case)
    owner = story.owner
    rule = ("A capital loss carryover from a joint return can be deducted, on later separate returns, only by the "
            "spouse who actually had the loss.")
    if owner is None:
        return [_whose_missing(case, asks, story, filing, other, rule)]
    share = Decimal("0.5") if owner == "joint" else Decimal(1)
    mine = [replace(i, value=i.value * share) for i in story.capital] if owner in ("self", "joint") else []
    w = work(story, mine, filing=filing) if mine else None
    theirs = work(story, [replace(i, value=i.value * share) for i in story.capital], filing=filing) \
        if owner in ("spouse", "joint") else None
    if owner == "self":
        whose = (f"Only you can use it: {rule[0].lower()}{rule[1:]} It came from your own account, so all of it is "
                 f"yours, and {other} can't claim any of it.")
    elif owner == "spouse":
        whose = (f"None of it is yours: {rule[0].lower()}{rule[1:]} It came from {other}'s account, so only "
                 f"{other}, who had the loss, can deduct it"
                 + (f": {main_sentence(theirs).replace('you deduct', 'they deduct').replace('your ', 'their ')}"
                    if theirs else "."))
    else:
        whose = (f"{rule} A loss on an account you owned together is split by ownership, so each of you takes your "
                 "own share (half, on a 50/50 account).")
    figures = main_sentence(w) if w else ""
    claim = ""
    if _HALF_CLAIM.search(" ".join(s.text for s in case.sentences if s.index in case.claim_sentences)) and owner != "joint":
        claim = f"So {other} is not entitled to half of it."
    answers: dict[int, tuple] = {}
    for ask in asks:
        if ask.is_("capability", "advice", "penalty", "deadline"):
            continue
        about_other = bool(_OTHER_SUBJECT.search(ask.text))
        mine_now = w.last.deduction if w else Decimal(0)
        if about_other or cc.asserting(ask):
            allowed = owner == "joint" if _HALF_CLAIM.search(ask.text) or about_other else mine_now > 0
            answers[ask.index] = (yes_no(ask, allowed), f"{whose} {figures}".strip())
        elif ask.is_("how_much", "deduct", "yesno", "explain", "what_if") or ask.implicit:
            answers[ask.index] = (None if ask.kind in ("yesno", "explain", "what_if") else yes_no(ask, mine_now > 0),
                                  f"{whose} {figures}".strip())
    if not answers:
        return []
    return [Finding("carryover-joint-separate", answers, claim, ("carryover-joint-separate", "capital-loss-limit",
                                                                 "capital-loss-carryover"),
                    rows(w) if w else (rows(theirs) if theirs else []), weight=65)]


def _whose_missing(case: Case, asks: list[Ask], story: cc.Story, filing: str, other: str, rule: str) -> Finding:
    w = work(story, filing=filing)
    assert w is not None
    yours = f"If the loss was yours: {main_sentence(w)}"
    theirs = f"If it was {other}'s: none of it goes on your return."
    answers = {a.index: ("depends", f"{rule} It depends on whose account the loss came from.")
               for a in asks if not a.is_("capability", "advice", "penalty", "deadline")}
    missing = Missing("Whose account did the loss come from: yours, your spouse's, or a joint account?",
                      [yours, theirs], ["Mine", "My spouse's", "A joint account"])
    return Finding("carryover-joint-separate", answers, "", ("carryover-joint-separate", "capital-loss-limit"),
                   rows(w), missing=missing, weight=65)


RULES = [people_carryover]
