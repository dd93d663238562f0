"""What each amount of money in a message measures, read from the words around it.

"contributed $26,500" is a contribution, "got back $19,200" a distribution, "$12,000 long-term loss" a loss,
"carryover from 2024 is 4,200LT" a carryover, "worth $36,000" a value. Each role has patterns for the words that end
just before the amount (a verb: "converted $25,000") or start just after it (a noun: "$6,000 loss"); the match with the
fewest words between it and the amount wins, weak words ("is", "made", "at") counting extra, so "paid a preparer $400"
is a fee and "made a $7,000 nondeductible contribution" a contribution. Asides in parentheses are skipped. Qualifiers
(short-/long-term, nondeductible, deducted, year-end) are read between this amount and the next one first.
Nothing here knows the law; the rules decide what a role means.
"""
from __future__ import annotations

import re
from decimal import Decimal

_FILL = (r"(?:(?:about|around|roughly|approximately|approx\.?|nearly|almost|over|under|exactly|only|just|maybe|some|"
         r"another|the|a|an|my|his|her|our|their|total|of|its|combined|in|all|full|whole|entire|back|me|us|him|it|out|up|"
         r"at|still|way|like|approx|est\.?|estimated)\s+|~\s*)*")

# the verbs that say a noun's total: "came to", "totaling", "added up to" (not "is": "taxable income before any capital
# loss is only $1,200" is taxable income)
_TOTALS = r"(?:came\s+to|comes\s+to|total(?:ed|led|ing|ling|s)?|add(?:ed|s)?\s+up\s+to|amount(?:ed|s)?\s+to)"

# (role, side, pattern, weight). side "L": words ending at the amount; "R": words starting after it.
_TABLE: list[tuple[str, str, str, int]] = [
    ("rule_number", "L", r"(?:(?<!adds\s)(?<!added\s)(?<!add\s)up\s+to|limit(?:ed)?\s+(?:is|of|to)|a\s+max(?:imum)?\s+of|limit\s+to)\s+" + _FILL, 0),
    ("rule_number", "R", (r"(?:(?:capital\s+)?(?:loss\s+)?(?:deduction\s+)?(?:limit|cap|maximum)|write-?off\s+limit|"
                         r"annual\s+limit)\b"), 0),
    ("price", "R", r"(?:a|per|/)\s*(?:share|sh)\b", 0),
    ("price", "L", r"(?:shares?|more|units?|calls?|contracts?)\b[^$.;!?]{0,30}?\b(?:at|around)\s+" + _FILL, 0),
    ("price", "L", r"\b(?:bought|sold|buy|sell)\s+(?:it\s+|them\s+)?at\s+" + _FILL, 0),
    ("nol", "L", r"(?:net\s+operating\s+loss|\bnols?)\s+(?:(?:is|was|of)\s+)?" + _FILL, 0),
    ("nol", "R", r"(?:[\w-]+\s+){0,2}(?:nols?\b|net\s+operating\s+loss)", 0),
    ("carryover", "L", r"(?:carry(?:ing)?\s*-?\s*(?:over|forward)?|carried\s+(?:over|forward)|carryover|carryforward)\s+"
                       r"(?:(?:is|was|of|from\s+(?:19|20)\d\d(?:\s+is)?|into\s+\d{4})\s+)*" + _FILL, -3),
    ("carryover", "R", r"(?:of\s+)?(?:[\w-]+\s+){0,3}(?:carry\s*-?\s*over|carry\s*-?\s*forward|carryforward)", -2),
    ("taxable_income", "L", r"taxable\s+income\s+(?:[\w-]+\s+){0,5}?(?:is|was|of|:|=|be)?\s*" + _FILL, -4),
    ("taxable_income", "R", r"(?:of\s+)?taxable\s+income", -2),
    ("income", "L", r"(?:\bagi\b|\bmagi\b|adjusted\s+gross(?:\s+income)?|\bincome\b|salary|wages?|\bw-?2\b|"
                    r"earn(?:ed|ing|s)?|\bmake|making)(?!\s+(?:deferral|contribution))\s+(?:[\w-]+\s+){0,4}?(?:was|is|of|ended\s+up|:|=|in)?\s*" + _FILL, -2),
    ("income", "R", (r"(?:[\w-]+\s+){0,2}(?:on\s+(?:my|the|his|her)\s+)?(?:w-?2|salary(?!\s+(?:deferral|contribution))|wages?|agi|magi|(?:of\s+)?"
                    r"(?:ordinary\s+)?income|a\s+year\s+(?:salary|income))\b"), 0),
    # "we made $260k in 2024" is pay; "I made $2,500 short-term on options" a gain (its R pattern is closer)
    ("income", "L", r"\b(?:i|we|he|she|they)\s+(?:made|earned)\s+(?:about\s+|around\s+|roughly\s+)?" + _FILL, 2),
    # money lent to someone ("I lent a coworker $2,400", "we loaned my brother-in-law $9,000", "a $15,000 personal
    # loan to my friend"): the creditor's basis in the debt, whatever becomes of it
    ("loan", "L", r"\b(?:lent|loaned|lend|lending)\s+(?:[\w'-]+\s+){0,4}?" + _FILL, 0),
    ("loan", "R", r"(?:personal\s+)?loan\s+to\s+(?:a|an|my|our|his|her|the)\b", 0),
    ("withheld", "L", r"withh[eo]ld\w*\s+" + _FILL, 0),
    ("withheld", "R", r"(?:was\s+|were\s+)?withh[eo]ld", 0),
    ("fee", "L", r"(?:fees?|charges?|bills?\s+me|charges\s+me|preparer|adviser|advisor|custodian)\s+(?:of\s+)?" + _FILL, 0),
    ("fee", "R", (r"(?:a\s+year\s+)?(?:[\w-]+\s+){0,2}(?:fees?|surrender\s+charge|commissions?)\b|for\s+(?:a\s+|the\s+)?"
                 r"(?:tax\s+)?(?:prep\w*|preparer|advice|advisor|adviser|custodian)"), -2),
    ("expense", "R", (r"(?:of\s+it\s+)?(?:for|on|to\s+pay\s+(?:for\s+)?)\s+(?:[\w-]+\s+){0,4}(?:premiums?|insurance|"
                     r"cobra|medical|tuition|college|school|down\s+payment|bills|expenses|credit\s+cards?|mortgage|debt)"),
     0),
    ("basis", "L", r"basis\s+(?:[\w-]+\s+){0,3}(?:of|as|is|was|at|=|:)\s+" + _FILL, 0),
    ("basis", "R", (r"(?:of\s+)?(?:(?:total|documented|remaining|unrecovered|ira|roth|nondeductible|non-deductible|"
                   r"after-?tax)\s+)*basis\b|(?:of\s+|in\s+)?(?:non-?deductible|after-?tax)\b(?!\s+(?:traditional\s+)?"
                   r"(?:ira\s+)?contribution)"), 0),
    ("loss", "L", r"(?:loss(?:es)?\s+(?:of|was|were|totaling|is)|\blost|\blose|\blosing|\bloses|\bdown|shortfall\s+"
                  r"(?:of|is)|drop(?:ped)?\s+(?:of|by)|declin\w*\s+(?:of|by)|\bfell(?:\s+by)?|\bdropped(?:\s+by)?|tanked|"
                  r"in\s+the\s+red|(?:i'?m|we'?re|am|are)\s+out)\s+" + _FILL, 0),
    # "my losses came to $19,300", "losses added up to $11,400": the noun names the total ("came to" alone would
    # read as a contribution)
    ("loss", "L", r"loss(?:es)?\s+(?:[\w-]+\s+){0,2}?" + _TOTALS + r"\s+" + _FILL, -3),
    ("loss", "R", (r"(?:[\w-]+\s+){0,3}(?:loss(?:es)?|drop|decline|shortfall)\b|(?:less|lower)\s+than|(?:in\s+)?(?:the\s+)?"
                  r"red\b|(?:down|lost)\b"), 0),
    # "$6,000 is earnings": growth inside an account (what a Roth ordering or pro-rata split taxes)
    ("earnings", "R", (r"(?:is|are|was|were)?\s*(?:(?:in|of)\s+)?(?:[\w-]+\s+){0,2}(?:earnings|growth|investment\s+"
                      r"(?:gains?|returns?))\b"), 0),
    ("earnings", "L", r"(?:earnings|growth)\s+(?:of|is|was|were|are)\s+" + _FILL, 0),
    ("gain", "L", r"(?:gains?\s+(?:(?:of|was|were|is)\s+)?|profits?\s+(?:of\s+)?|earned\s+a\s+gain\s+of\s+)" + _FILL, 0),
    ("gain", "L", r"\bmade\s+" + _FILL, 3),
    ("gain", "L", r"(?:gains?|wins?|winners|profits?)\s+(?:[\w-]+\s+){0,2}?" + _TOTALS + r"\s+" + _FILL, -3),
    ("gain", "R", r"(?:[\w-]+\s+){0,3}(?:gains?|profits?)\b|(?:in\s+)?(?:capital\s+)?gain\s+distributions?", 0),
    ("gain", "R", (r"(?:(?:[\w-]+\s+)?(?:on|from|in)\s+(?:\w+\s+){0,3}(?:stocks?|shares|options|crypto|"
                  r"bitcoin|trades?|trading|sales?|selling|the\s+market)\b|(?:trading|selling|flipping)\b|"
                  r"(?:i|we|he|she)\s+made\s+(?:by\s+|from\s+|on\s+)?(?:selling|trading|flipping)\b)"), 0),
    ("conversion", "L", r"(?:conver(?:t|ted|ting)|backdoor(?:ed)?)\s+(?:the\s+|a\s+|my\s+|about\s+|around\s+|only\s+|all\s+|full\s+|"
                        r"just\s+)*|conversions?\s+(?:of|was|were|totaling|totalling)\s+" + _FILL, 0),
    ("conversion", "R", r"(?:[\w-]+\s+){0,2}(?:roth\s+)?conversion", 0),
    ("contribution", "L", r"(?:contribut\w*|deposit\w*|invested|paid\s+in|went\s+in|saved|added|adds?\s+up\s+to|added\s+up\s+"
                          r"to|came\s+to)\s+(?:(?:in|into)\s+)?" + _FILL + r"|contributions?\s+(?:[\w-]+\s+){0,2}(?:of|"
                          r"totaling|totalling|were|was)\s+" + _FILL, 0),
    ("contribution", "L", r"\bput(?:ting)?\s+(?:(?:in|into)\s+)?" + _FILL, 1),
    ("contribution", "R", (r"(?:[\w-]+\s+){0,4}(?:contributions?|deferrals?|deposits?)\b|(?:that\s+)?went\s+in\b|(?:of\s+)?"
                          r"(?:[\w-]+\s+){0,2}contributed|(?:that\s+)?(?:i|we|he|she)\s+(?:put|paid|invested|contributed)\s+in\b"), 0),
    ("distribution", "L", r"(?:took|take|taking|taken|pull(?:ed|ing)?|withdr[ae]w\w*|cash(?:ed|ing)?\s+out|cashout|got|"
                          r"get|getting|receiv\w*|check\s+(?:for|of)|distribut\w*|payout|paid\s+(?:me|out)|sending\s+me|"
                          r"sent\s+me|box\s*1\s*(?:=|of|is|shows)?|gross\s+distribution\s+of|rolled\s+over|roll\s+over|"
                          r"rollover\s+of|redeposit\w*|withdrawals?\s+(?:of|were|was|totaling))\s+(?:[\w-]+\s+){0,2}?"
                          + _FILL + r"|(?:cash\w*(?:\s+\w+)?\s+out|clos\w*|liquidat\w*|withdr\w*|emptied)\b[^$.;!?]{0,40}?\bfor\s+"
                          + _FILL, 0),
    ("distribution", "R", (r"(?:[\w-]+\s+){0,2}(?:distributions?|withdrawals?|check|payout|cash-?out)\b|out\b|"
                          r"(?:was\s+|were\s+)?(?:received|paid\s+out|came\s+back)\b"), 0),
    ("proceeds", "L", r"sold\b[^$.;!?]{0,50}?\bfor\s+" + _FILL + r"|proceeds\s+(?:of\s+)?" + _FILL, 0),
    ("proceeds", "R", r"(?:in\s+)?proceeds", 0),
    # "a 1099-K for $12,000": what the buyer paid (the form reports gross payments)
    ("proceeds", "L", r"1099-?k\b[^$.;!?]{0,20}?\b(?:for|of|showing|shows|reporting|says)\s+" + _FILL, -1),
    ("cost", "L", r"(?:bought|purchased|paid|buy|buying|acquired)\b[^$.;!?]{0,50}?\bfor\s+" + _FILL + r"|(?:paid|cost|"
                  r"costs|spent)\s+(?:(?:me|him|her|them|it)\s+)?" + _FILL + r"|(?:cost\s+basis|purchase\s+price)\s+"
                  r"(?:of|was|is)?\s*" + _FILL + r"|(?:his|her|my|their|the)\s+cost\s+(?:was|is|of)\s+" + _FILL, 0),
    ("cost", "R", r"(?:in\s+)?(?:cost|purchase)", 0),
    ("value_before", "L", r"\bfrom\s+" + _FILL, 0),
    ("value_before", "R", r"(?:two|a|\d+|several|few)\s+(?:years?|months?)\s+ago", 0),
    ("value", "L", r"(?:\bworth|\bvalue[sd]?|valued\s+at|\bbalance|\baccount(?:\s+(?:is|was|at|of))?|\bnow|sitting\s+at|down\s+to|dropped\s+to|fell\s+to|"
                   r"fallen\s+to|shrunk\s+to|left\s+with)\s+(?:[\w-]+\s+){0,1}?" + _FILL, 0),
    ("value", "L", r"(?:\bis|\bwas|\bare|\bat|\bonly|\bto|\bleft)\s+" + _FILL, 2),
    ("value", "L", r"(?:\bhad|\bhave|\bhas)\s+" + _FILL, 2),
    ("value", "R", r"(?:(?:on|at)\s+(?:dec(?:ember)?\.?\s+31|year[\s-]end|the\s+end\s+of)|(?:left|remaining))", 0),
]
ROLES = tuple(dict.fromkeys(role for role, *_ in _TABLE))  # every role an amount can take
_COMPILED = [(role, side, re.compile(r"(?<![\w'])(?:" + pat + ")$", re.IGNORECASE) if side == "L"
              else re.compile("^\\s*(?:" + pat + ")", re.IGNORECASE), weight, order)
             for order, (role, side, pat, weight) in enumerate(_TABLE)]

_LIMITS = {Decimal(3000), Decimal(1500)}
_LIMIT_CONTEXT = re.compile(r"\bdeduct\w*\s+" + _FILL + r"$|write-?off|\bup\s+to\b|\ba\s+year\b|\bper\s+year\b|"
                            r"\blimit\b|\bmax", re.IGNORECASE)
_PARENS = re.compile(r"\([^()]{0,80}\)")
_CLAUSE_LEFT = re.compile(r"[;:!?]|\.\s|,\s+(?:and|but|so|then|which|while)\b|\b(?:and|but|then|so|while|whereas)\s+"
                          r"(?=(?:i|we|he|she|it|my|the|they)\b)", re.IGNORECASE)
_CLAUSE_RIGHT = re.compile(r"[;:!?(]|\.\s|,|\b(?:and|but|then|so|while|whereas|which)\b", re.IGNORECASE)


def clause_around(text: str, start: int, end: int, left: int = 120, right: int = 70) -> tuple[str, str]:
    """The words of the same clause before and after a span, asides in parentheses left out."""
    before = _PARENS.sub(" ", text[max(0, start - left):start])
    if ")" in before:  # the window began inside an aside
        before = before[before.rindex(")") + 1:]
    if "(" in before:  # the amount sits inside an aside: "(say it's still $22k on Dec 31)" reads on its own,
        inner = before[before.rindex("(") + 1:]  # "basis from 2011 through 2014 ($4,000 a year)" reads the noun
        before = inner if inner.strip() else before[:before.rindex("(")]
    cuts = list(_CLAUSE_LEFT.finditer(before))
    if cuts:
        before = before[cuts[-1].end():]
    after = _PARENS.sub(" ", text[end:end + right])
    if ")" in after and ("(" not in after or after.index(")") < after.index("(")):
        after = after[:after.index(")")]
    m = _CLAUSE_RIGHT.search(after)
    after_clause = after[:m.start()] if m else after
    return before, after_clause


# function words and the modifiers of a tax noun ("a $7,000 nondeductible traditional IRA contribution") add no distance
_LIGHT = {"of", "my", "his", "her", "our", "their", "own", "the", "a", "an", "in", "that", "traditional", "roth", "ira",
          "sep", "simple", "nondeductible", "non-deductible", "deductible", "after-tax", "pre-tax", "regular", "annual",
          "total", "short-term", "long-term", "capital", "net", "401k", "401(k)", "backdoor"}


def _words(s: str) -> int:
    """Words that put distance between an amount and its role word; "of my own" adds none."""
    return len([w for w in re.findall(r"[\w$~-]+", s) if w.lower() not in _LIGHT])


def role_of(text: str, start: int, end: int, value: Decimal | None = None) -> str | None:
    """The role of the amount at text[start:end], or None when no role word is near."""
    before, after = clause_around(text, start, end)
    if value in _LIMITS and (_LIMIT_CONTEXT.search(before) or re.match(r"\s*(?:a|per)\s+year|\s*write-?off|\s*limit",
                                                                         after, re.IGNORECASE)):
        return "rule_number"  # "I know I get to deduct $3,000", "the full $3,000 write-off": the limit, not a fact
    best: tuple[int, int, str] | None = None
    for role, side, rx, weight, order in _COMPILED:
        m = rx.search(before) if side == "L" else rx.search(after)
        if not m:
            continue
        distance = max(0, _words(m.group(0)) - 1) + weight
        cand = (distance, order, role)
        if best is None or cand < best:
            best = cand
    if best and best[2] == "income" and _TRADING_AFTER.match(after):
        return "gain"  # "I made $5,000 short-term (options)", "made $15,000 on short-term trades": a gain, not wages
    return best[2] if best else None


_TRADING_AFTER = re.compile(r"\s*(?:(?:in|on|of|from)\s+)?(?:(?:short|long)[\s-]*term|st\b|lt\b|(?:\w+\s+){0,2}(?:trades?|"
                            r"trading|options|stocks?|shares|crypto|bitcoin|sales?)\b)", re.IGNORECASE)


_HEAD_NOUNS = [(re.compile(p, re.IGNORECASE), role) for p, role in [
    (r"carry\s*-?\s*(?:over|forward)s?", "carryover"), (r"capital\s+gain\s+distributions?|gains?", "gain"),
    (r"loss(?:es)?", "loss"), (r"contributions?|deferrals?", "contribution"), (r"conversions?", "conversion"),
    (r"basis", "basis"), (r"distributions?|withdrawals?", "distribution")]]


def head_noun(text: str, start: int, end: int) -> str | None:
    """No role word next to the amount: the nearest role noun in the same sentence, not past another amount
    ("nondeductible IRA money put in 2011 through 2014 ($4,000 a year)", "$2,300 in box 2a, capital gain
    distributions")."""
    left = re.split(r"[$]\s?\d", text[max(0, start - 50):start])[-1]
    right = re.split(r"[$]\s?\d", text[end:end + 40])[0]
    best: tuple[int, str] | None = None
    for rx, role in _HEAD_NOUNS:
        for m in rx.finditer(left):
            d = len(left) - m.end()
            best = (d, role) if best is None or d < best[0] else best
        m = rx.search(right)
        if m:
            best = (m.start(), role) if best is None or m.start() < best[0] else best
    return best[1] if best else None


# ---- qualifiers ---------------------------------------------------------------------------------------------------
QUALIFIERS: list[tuple[str, re.Pattern[str]]] = [(q, re.compile(p, re.IGNORECASE)) for q, p in [
    ("short_term", (r"short[\s-]*term|\bst\b|held\s+(?:for\s+)?(?:\d+\s*(?:mo|month|week|day)s?|days|weeks|a\s+few\s+"
                    r"months|less\s+than\s+(?:a|one)\s+year|under\s+a\s+year)|day[\s-]?trad")),
    ("long_term", (r"long[\s-]*term|\blt\b|held\s+(?:for\s+)?(?:\d+\s+years|years|over\s+a\s+year|more\s+than\s+(?:a|one)"
                   r"\s+year|since\s+(?:19|20)\d\d)|had\s+since\s+(?:19|20)\d\d|I'?d\s+(?:held|had)\s+(?:\w+\s+)?since|"
                   r"(?:held|had|owned)\s+(?:\w+\s+){0,3}for\s+years")),
    ("nondeductible", r"non-?deductible|after[\s-]*tax|didn'?t\s+deduct|did\s+not\s+deduct|never\s+deducted"),
    ("deducted", r"(?<!non)(?<!non-)\bdeductible\b|\bdeducted\b|pre[\s-]*tax|took\s+(?:a|the)\s+deduction"),
    ("roth_money", r"\broth\s+(?:deferral|contribution)s?"),
    ("year_end", r"dec(?:ember)?\.?\s+31|year[\s-]end|end\s+of\s+(?:the\s+)?year|(?:ended|finished)\s+(?:the\s+)?year"),
    ("total", r"\btotal\b|combined|altogether|in\s+all|over\s+the\s+years|all\s+together"),
    ("each_year", r"\ba\s+year\b|per\s+year|each\s+year|every\s+year|annually"),
]]
_TERMS = ("short_term", "long_term")
# the holding period, then the amount's own noun, right before it: "ST losses 9k", "long-term gain of $2,000"
_TERM_NOUN_BEFORE = re.compile(r"\b(?:st|lt|short[\s-]*term|long[\s-]*term)\s+(?:capital\s+)?(?:loss(?:es)?|gains?|"
                               r"carry\s*-?\s*overs?)\s+(?:of\s+)?(?:about\s+|around\s+)?$", re.IGNORECASE)
_NEXT_CLAUSE = re.compile(r",?\s+\b(?:and|but|while|whereas|plus)\b\s+", re.IGNORECASE)


def qualifiers(text: str, start: int, end: int, next_start: int | None = None) -> frozenset[str]:
    """Qualifiers of the amount at text[start:end]: the words up to the next amount say the most ("$4,000 short-term
    and $6,000 long-term"), then the rest of its clause."""
    before, after = clause_around(text, start, end, left=60, right=60)
    ahead = text[end:next_start] if next_start is not None else text[end:end + 60]
    ahead = re.split(r"[.;!?]", ahead)[0][:60]
    found = {q for q, rx in QUALIFIERS if rx.search(ahead)}
    # "ST losses 9k (...), LT gain 2k": a holding period named right before the amount's own noun is its own
    lead = _TERM_NOUN_BEFORE.search(text[max(0, start - 30):start])
    lead_terms = {q for q in _TERMS if lead and dict(QUALIFIERS)[q].search(lead.group(0))}
    if len(lead_terms) == 1:
        found = (found - set(_TERMS)) | lead_terms
    # a holding period past "and" describes the next sale ("a loss of $6,000 and others held since 2018 with a gain of
    # $1,000"): the term is read up to there only
    own = _NEXT_CLAUSE.split(ahead)[0]
    found -= {q for q in _TERMS if not dict(QUALIFIERS)[q].search(own) and q not in lead_terms}
    behind = {q for q, rx in QUALIFIERS if rx.search(before) or rx.search(after)}
    if not found & set(_TERMS):
        found |= behind & set(_TERMS) if len(behind & set(_TERMS)) == 1 else set()
    found |= behind - set(_TERMS)
    if {"deducted", "nondeductible"} <= found:
        found.discard("deducted")
    return frozenset(found)
