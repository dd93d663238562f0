"""What each amount of money in a message measures, read from the words around it.

"contributed $26,500" is a contribution, "got back $19,200" a distribution, "$12,000 long-term loss" a loss,
"carryover from 2024 is 4,200LT" a carryover, "worth $36,000" a value. Each role is a pair of patterns: words that end
just before the amount (a verb: "converted $25,000") or that start just after it (a noun: "$6,000 loss"); the closest
match in the same clause wins. Qualifiers (short-/long-term, nondeductible, deducted, pre-tax, per share, year-end)
are read from the same clause. Nothing here knows the law; the rules decide what a role means.
"""
from __future__ import annotations

import re

_F = r"(?:(?:about|around|roughly|approximately|approx\.?|nearly|almost|over|under|exactly|only|just|maybe|some|another|" \
     r"the|a|an|my|his|her|our|their|total|of|~|its|combined|in|all|full|whole|entire|back|me|us|him|it|out|up|at|still)" \
     r"\s+)*"  # filler words between a verb and its amount ("got back only about $5,500")

# role -> (pattern ending at the amount, pattern starting at the amount). Order breaks ties: earlier = more specific.
ROLE_PATTERNS: list[tuple[str, str | None, str | None]] = [
    ("rule_number", (r"(?:up\s+to|limit(?:ed)?\s+(?:is|of|to)|the\s+(?:full|whole|max(?:imum)?|usual)|a\s+max(?:imum)?\s+of|"
                    r"deduct(?:ion)?\s+limit\s+to)\s+$"),
     (r"^\s*(?:a|per)\s+(?:year|yr)\b(?!\s+(?:to|of)\b)|^\s*(?:limit|cap|max(?:imum)?|write-?off\s+limit|annual\s+limit)\b|"
     r"^\s*(?:capital\s+)?(?:loss\s+)?(?:deduction\s+)?limit")),
    ("price", None, r"^\s*(?:a|per|/)\s*(?:share|sh)\b"),
    ("nol", r"(?:net\s+operating\s+loss|\bnol)\s+(?:of\s+)?" + _F + "$",
     r"^\s*(?:\w+\s+){0,2}(?:nols?\b|net\s+operating\s+loss)"),
    ("carryover", r"(?:carry(?:ing)?\s*-?\s*(?:over|forward)?|carried\s+(?:over|forward)|carryover|carryforward)\s+"
                  r"(?:(?:is|was|of|from\s+(?:19|20)\d\d(?:\s+is)?|into\s+\d{4})\s+)*" + _F + "$",
     r"^\s*(?:of\s+)?(?:[\w-]+\s+){0,3}(?:carry\s*-?\s*over|carry\s*-?\s*forward|carryforward|loss\s+carry)"),
    ("taxable_income", r"taxable\s+income\s+(?:\w+\s+){0,4}(?:is|was|of|:|=|be)?\s*" + _F + "$",
     r"^\s*(?:of\s+)?taxable\s+income"),
    ("income", r"(?:\bagi\b|\bmagi\b|adjusted\s+gross(?:\s+income)?|\bincome\b|salary|wages?|\bw-?2\b|earn(?:ed|ing|s)?|"
               r"\bmake|making)\s+(?:\w+\s+){0,4}?(?:was|is|of|about|around|ended\s+up|:|=|in)?\s*" + _F + "$",
     (r"^\s*(?:\w+\s+){0,2}(?:on\s+(?:my|the|his|her)\s+)?(?:w-?2|salary|wages?|agi|magi|(?:of\s+)?(?:ordinary\s+)?income|"
     r"a\s+year\s+(?:salary|income))\b")),
    ("withheld", r"withh[eo]ld\w*\s+" + _F + "$", r"^\s*(?:was\s+|were\s+)?withh[eo]ld"),
    ("fee", r"(?:fee|fees|charge|bills?\s+me|charges\s+me)\s+(?:of\s+)?" + _F + "$",
     r"^\s*(?:a\s+year\s+)?(?:\w+\s+){0,2}(?:fee|fees|surrender\s+charge|commission)"),
    ("expense", None, (r"^\s*(?:of\s+it\s+)?(?:for|on|to\s+pay\s+(?:for\s+)?)\s+(?:\w+\s+){0,4}(?:premiums?|insurance|cobra|"
                      r"medical|tuition|college|school|down\s+payment|bills|expenses|credit\s+cards?|mortgage|debt)")),
    ("basis", r"basis\s+(?:\w+\s+){0,3}(?:of|as|is|was|at|=|:)\s+" + _F + "$",
     (r"^\s*(?:of\s+)?(?:(?:total|documented|nondeductible|non-deductible|after-?tax|remaining|unrecovered|ira|roth)\s+)*"
     r"basis\b")),
    ("conversion", r"(?:conver(?:t|ted|ting)|backdoor(?:ed)?)\s+(?:the\s+|a\s+|my\s+|about\s+|around\s+|only\s+|just\s+)*$|"
                   r"conversions?\s+(?:of|was|were|totaling|totalling)\s+" + _F + "$",
     r"^\s*(?:\w+\s+){0,2}(?:roth\s+)?conversion"),
    ("contribution", r"(?:contribut\w*|put(?:ting)?|deposit\w*|invested|paid\s+in|(?:put|paid)\s+in|went\s+in|saved)\s+"
                     r"(?:(?:in|into)\s+)?" + _F + r"$|contributions?\s+(?:\w+\s+){0,2}(?:of|totaling|totalling|were|was|"
                     r"adds?\s+up\s+to|added\s+up\s+to|came\s+to)\s+" + _F + r"$|(?:adds?|added)\s+up\s+to\s+" + _F + "$",
     (r"^\s*(?:\w+\s+){0,3}(?:contributions?|deferrals?|deposits?)\b|^\s*(?:that\s+)?went\s+in\b|^\s*(?:into|in)\s+(?:my|his|"
     r"her|a|the|our)\s+(?:\w+\s+){0,2}(?:ira|roth|401|403|sep|simple|account)\b")),
    ("distribution", r"(?:took|take|taking|taken|pull(?:ed|ing)?|withdr[ae]w\w*|cash(?:ed|ing)?\s+out|cashout|got|get|"
                     r"getting|receiv\w*|check\s+(?:for|of)|distribut\w*|payout|paid\s+(?:me|out)|sending\s+me|sent\s+me|"
                     r"box\s*1\s*(?:=|of|is|shows)?|gross\s+distribution\s+of|rolled\s+over|roll\s+over|rollover\s+of|"
                     r"deposited|redeposit\w*)\s+(?:\w+\s+){0,2}?" + _F + "$",
     r"^\s*(?:\w+\s+){0,2}(?:distributions?|withdrawals?|check|payout|cash-?out)\b|^\s*out\b"),
    ("proceeds", r"sold\b[^$.;!?]{0,50}?\bfor\s+" + _F + r"$|proceeds\s+(?:of\s+)?" + _F + r"$|sale\s+price\s+(?:of\s+)?$",
     r"^\s*(?:in\s+)?proceeds"),
    ("cost", r"(?:bought|purchased|paid|buy|buying|acquired)\b[^$.;!?]{0,50}?\bfor\s+" + _F + "$|(?:paid|cost|costs|"
             r"spent|invested)\s+(?:(?:me|him|her|them|it)\s+)?" + _F + r"$|(?:cost\s+basis|purchase\s+price)\s+(?:of|was|is)?"
             r"\s*" + _F + r"$|(?:his|her|my|their)\s+cost\s+(?:was|is)\s+$",
     r"^\s*(?:in\s+)?(?:cost|purchase)"),
    ("value_before", r"\bfrom\s+" + _F + r"$|(?:was|were)\s+(?:once\s+)?worth\s+" + _F + r"$|worth\s+" + _F + r"(?=\$?[\d,.]+k?\s+(?:two|a|"
                     r"\d+|several)\s+(?:years?|months?)\s+ago)$", r"^\s*(?:two|a|\d+|several|few)\s+(?:years?|months?)\s+ago"),
    ("value", r"(?:worth|value[sd]?|valued\s+at|balance|is\s+now|now|sitting\s+at|down\s+to|dropped\s+to|fell\s+to|fallen\s+to|"
              r"shrunk\s+to|only|is|was|are|at|left\s+with|\bto)\s+(?:\w+\s+){0,1}?" + _F + "$",
     r"^\s*(?:(?:on|at)\s+(?:dec(?:ember)?\.?\s+31|year[\s-]end|the\s+end\s+of)|(?:left|remaining))"),
    ("loss", r"(?:loss(?:es)?\s+(?:of|was|were|totaling|is)|lost|lose|losing|loses|down|shortfall\s+(?:of|is)|drop(?:ped)?\s+"
             r"(?:of|by)|declin\w*\s+(?:of|by)|fell\s+(?:by)?|dropped|tanked|in\s+the\s+red)\s+" + _F + "$",
     (r"^\s*(?:\w+[\s-]+){0,3}(?:loss(?:es)?|drop|decline|shortfall)\b|^\s*(?:less|lower)\s+than|^\s*(?:in\s+)?(?:the\s+)?red\b|"
     r"^\s*(?:down|lost)\b")),
    ("gain", r"(?:gain(?:s)?\s+(?:of|was|were|is)|made|profit(?:s)?\s+(?:of)?|up|earned\s+a\s+gain\s+of)\s+" + _F + "$",
     r"^\s*(?:\w+[\s-]+){0,3}(?:gains?|profits?)\b|^\s*(?:in\s+)?(?:capital\s+)?gain\s+distributions?"),
]
ROLE_RES = [(role, re.compile(b, re.IGNORECASE) if b else None, re.compile(a, re.IGNORECASE) if a else None)
            for role, b, a in ROLE_PATTERNS]

_CLAUSE_LEFT = re.compile(r"[;:!?]|\.\s|,\s+(?:and|but|so|then|which|while)\b|\b(?:and|but|then|so|while|whereas)\s+"
                          r"(?=(?:i|we|he|she|it|my|the|they)\b)", re.IGNORECASE)
_CLAUSE_RIGHT = re.compile(r"[;:!?(]|\.\s|,|\b(?:and|but|then|so|while|whereas|which)\b", re.IGNORECASE)


def clause_around(text: str, start: int, end: int, left: int = 70, right: int = 60) -> tuple[str, str]:
    """The words of the same clause before and after a span (a comma or "and" ends a clause on the right only)."""
    before = text[max(0, start - left):start]
    cuts = list(_CLAUSE_LEFT.finditer(before))
    if cuts:
        before = before[cuts[-1].end():]
    after = text[end:end + right]
    m = _CLAUSE_RIGHT.search(after)
    after_clause = after[:m.start()] if m and m.start() > 0 else after
    return before, after_clause if after_clause.strip() else after


def role_of(text: str, start: int, end: int) -> str | None:
    """The role of the amount at text[start:end], or None when no role word is near."""
    before, after = clause_around(text, start, end)
    before_wide = text[max(0, start - 60):start]
    best: tuple[int, int, str] | None = None
    for order, (role, left_rx, right_rx) in enumerate(ROLE_RES):
        if left_rx is not None:
            m = left_rx.search(before) or (left_rx.search(before_wide) if role in ("carryover", "proceeds", "cost")
                                           else None)
            if m:
                score = len(before) - m.start()
                cand = (min(score, 40), order, role)
                best = cand if best is None or cand < best else best
        if right_rx is not None:
            m = right_rx.search(after)
            if m:
                cand = (min(m.end(), 40) + 4, order, role)
                best = cand if best is None or cand < best else best
    return best[2] if best else None


# ---- qualifiers ---------------------------------------------------------------------------------------------------
QUALIFIERS: list[tuple[str, re.Pattern[str]]] = [(q, re.compile(p, re.IGNORECASE)) for q, p in [
    ("short_term", (r"short[\s-]*term|\bst\b|held\s+(?:for\s+)?(?:\d+\s*(?:mo|month|week|day)s?|days|weeks|a\s+few\s+months|"
                   r"less\s+than\s+(?:a|one)\s+year|under\s+a\s+year)|day[\s-]?trad")),
    ("long_term", (r"long[\s-]*term|\blt\b|held\s+(?:for\s+)?(?:\d+\s+years|years|over\s+a\s+year|more\s+than\s+(?:a|one)\s+year|"
                  r"since\s+(?:19|20)\d\d)|had\s+since\s+(?:19|20)\d\d|I'?d\s+(?:held|had)\s+(?:\w+\s+)?since")),
    ("nondeductible", r"non-?deductible|after[\s-]*tax|didn'?t\s+deduct|did\s+not\s+deduct|never\s+deducted"),
    ("deducted", r"(?<!non)(?<!non-)\bdeductible\b|\bdeducted\b|pre[\s-]*tax|took\s+(?:a|the)\s+deduction"),
    ("roth_money", r"\broth\s+(?:deferral|contribution)s?"),
    ("year_end", r"dec(?:ember)?\.?\s+31|year[\s-]end|end\s+of\s+(?:the\s+)?year"),
    ("total", r"\btotal\b|combined|altogether|in\s+all|over\s+the\s+years|all\s+together"),
    ("each_year", r"\ba\s+year\b|per\s+year|each\s+year|every\s+year|annually"),
]]


def qualifiers(text: str, start: int, end: int) -> frozenset[str]:
    before, after = clause_around(text, start, end, left=60, right=50)
    window = before + " " + after
    found = {q for q, rx in QUALIFIERS if rx.search(window)}
    if {"deducted", "nondeductible"} <= found:
        found.discard("deducted")
    if {"short_term", "long_term"} <= found:
        near_b, near_a = before[-25:], after[:25]
        for q, rx in QUALIFIERS[:2]:
            if not (rx.search(near_b) or rx.search(near_a)):
                found.discard(q)
    return frozenset(found)
