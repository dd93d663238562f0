"""Where the shared reader (app/understand) reads a capital story differently from what the capital rules need, read
again locally. Each workaround names the misreading so it can move into the shared reader:

- "my fund paid $1,800 of capital gain distributions" reads as a cost;
- a fact told inside a question sentence ("in 2025 I sold shares with a loss of $12,400 ... how much can I deduct?",
  "can I apply my $9,000 of 2025 stock losses ...?") is taken as part of the question;
- "we each lost $5,000" is one amount, not both spouses'.
"""
from __future__ import annotations

import re
from dataclasses import replace

from app.rules.capital_kinds import rx, span
from app.understand.case import Amount, Case

_DISTRIBUTION = rx(r"capital\s+gains?\s+distributions?|\bbox\s*2a\b|cap\.?\s+gains?\s+dist")
_FACT_VERB = rx(r"\b(?:sold|made|realized|lost|dumped|got|received|booked|took|perd[ií]|vend[ií])\b|\b(?:i|we)\s+(?:had|have)\b|"
                 r"\b(?:my|our)\s+(?:(?:19|20)\d\d\s+)?(?:net\s+)?(?:capital\s+)?(?:loss|gain|carryover)\w*\s+(?:is|was|"
                 r"are|were|came\s+to|totals?|totaled)\s+(?:about\s+|around\s+|only\s+)?$|\b(?:my|our)\s+(?:[\w-]+\s+){0,3}?"
                 r"(?:loss|losses|gains?|carryover)\s+of\s+(?:about\s+|around\s+|roughly\s+)?$")
_QUESTION_VERB = rx(r"\b(?:deduct\w*|write\s+off|claim|use|offset|count)\b")




_EACH_SPOUSE = rx(r"\b(?:we|they)\s+(?:\w+\s+)?each\b(?!\s+year)|\beach\s+(?:lost|had|made|sold|realized|took)\b|"
                  r"\beach\s+of\s+us\b|\bboth\s+(?:of\s+us\s+)?lost\b")


def reread(case: Case, a: Amount) -> Amount:
    """The role the capital rules need where the shared reader read another: "we have $2,000 of short-term losses" is
    a loss (not a value); "taxable income before any capital loss is only $1,200" is taxable income (not a loss)."""
    text = case.sentence(a.sentence).text
    start, _ = span(case, a)
    if a.role in ("loss", "gain") and _EACH_SPOUSE.search(text[max(0, start - 40):start]):
        a = replace(a, value=a.value * 2)  # "we each lost about $8,000": both spouses' losses on one joint return
    return a


def is_distribution(case: Case, a: Amount) -> bool:
    """"$1,800 of capital gain distributions", "$2,300 in box 2a": a long-term gain, whatever role the words around it
    suggest ("my fund paid $1,800" reads as a cost)."""
    text = case.sentence(a.sentence).text
    start, end = span(case, a)
    return bool(_DISTRIBUTION.search(text[end:end + 45]) or _DISTRIBUTION.search(text[max(0, start - 45):start]))


def stated_in_question(case: Case, a: Amount) -> bool:
    """A fact told inside a question sentence ("in 2025 I sold shares with a loss of $12,400 ... how much can I
    deduct?", "my 2025 net capital loss is $12,000, so I deduct ..., right?"): a fact verb before it in its clause, no
    deduct/use verb between, and not the user's conclusion ("so my loss is $11,000, right?")."""
    text = case.sentence(a.sentence).text
    before = text[max(0, a.pos - 80):a.pos]
    if re.search(r"\b(?:my|our)\s+$", before, re.IGNORECASE) and re.match(
            r"\S*\s+(?:of\s+)?(?:[\w-]+\s+){0,3}?(?:loss|losses|gains?|carryover)\b", text[a.pos:a.pos + 50], re.IGNORECASE):
        return True  # "can I apply my $9,000 of 2025 stock losses ...?": the loss is told, the use is asked
    verb = list(_FACT_VERB.finditer(before))
    if not verb:
        return False
    lead_in = before[max(0, verb[-1].start() - 12):verb[-1].end()]
    return not _QUESTION_VERB.search(before[verb[-1].end():]) and not re.search(r"\b(?:so|if|then)\s+(?:i|we|my|our)\b",
                                                                               lead_in, re.IGNORECASE)
