"""Account kinds and filing statuses as people name them ("rollover IRA", "Roth 401(k)", "MFJ").

One vocabulary for every reader: the intent slots (app/rules/slots.py) and the case reader (app/understand/case.py).
"""
from __future__ import annotations

import re

ACCOUNT_LABELS = {
    "traditional_ira": "traditional IRA",
    "roth_ira": "Roth IRA",
    "sep_ira": "SEP IRA",
    "simple_ira": "SIMPLE IRA",
    "401k": "401(k)",
    "403b": "403(b)",
    "457b": "457(b) plan",
    "plan": "employer retirement plan",
    "retirement": "retirement account",
    "taxable": "taxable brokerage account",
}
IRA_KINDS = {"traditional_ira", "sep_ira", "simple_ira", "roth_ira"}
PLAN_KINDS = {"401k", "403b", "457b", "plan"}
RETIREMENT_KINDS = IRA_KINDS | PLAN_KINDS | {"retirement"}

# Order matters: the first pattern that matches at a position wins (Roth 401(k) is a plan, not a Roth IRA).
_ACCOUNT_PATTERNS: list[tuple[str, str]] = [
    ("401k", r"roth\s*401\s*\(?\s*k\s*\)?|\b401\s*\(?\s*k\s*\)?s?|\b401ks?\b"),
    ("403b", r"roth\s*403\s*\(?\s*b\s*\)?|\b403\s*\(?\s*b\s*\)?"),
    ("457b", r"\b457\s*\(?\s*b?\s*\)?(?=\W)"),
    ("plan", r"\b(?:tsp|thrift savings plan|pension(?: plan)?|employer(?:'s)? (?:retirement )?plan|workplace plan)\b"),
    ("sep_ira", r"\bsep(?:[\s-]*iras?)?\b(?!\.?\s*\d)"),
    ("simple_ira", r"\bsimple[\s-]*iras?\b"),
    # "after-tax (not Roth) money" names no Roth IRA; "Roth deferrals" are a Roth 401(k)'s
    ("roth_ira", (r"(?<!not\s)(?<!non-)(?<!non\s)\broth\s*(?:iras?|individual retirement|account)?\b"
                 r"(?!\s*(?:deferrals?|401|403|457))|\brothira\b")),
    ("traditional_ira", (r"\b(?:traditional|trad|regular|rollover|deductible|non-?deductible)\s+iras?\b|\biras?\b|"
                        r"\bira'?s\b|\bindividual retirement (?:account|arrangement)s?\b")),
    ("retirement", r"\bretirement (?:account|fund|savings|plan)s?\b|\bretirement\b"),
    # "the taxable shares cost me $1,800": holdings named by the taxable account they sit in
    ("taxable", (r"\b(?:brokerage|taxable|regular investment|individual|joint)\s+(?:account|acct)s?\b|\bbrokerage\b|"
                 r"\btaxable\s+(?:shares|stock|holdings?|positions?|lots?|ones)\b")),
]
ACCOUNT_RES = [(k, re.compile(p, re.IGNORECASE)) for k, p in _ACCOUNT_PATTERNS]

def account_at(text: str, pos: int) -> str | None:
    for kind, rx in ACCOUNT_RES:
        m = rx.match(text, pos)
        if m:
            return kind
    return None


def find_accounts(text: str) -> list[tuple[int, str]]:
    """(position, kind) of every account mention, without overlaps, in order."""
    spans: list[tuple[int, int, str]] = []
    for kind, rx in ACCOUNT_RES:
        for m in rx.finditer(text):
            if not any(s <= m.start() < e or m.start() <= s < m.end() for s, e, _ in spans):
                spans.append((m.start(), m.end(), kind))
    return [(s, k) for s, _, k in sorted(spans)]



_FILING = [
    ("mfs", r"married\s+filing\s+separate(?:ly)?|fil(?:e|ing)\s+separate(?:ly)?|separate\s+returns?|\bmfs\b"),
    ("mfj", r"married\s+filing\s+joint(?:ly)?|fil(?:e|ing)\s+joint(?:ly)?|joint\s+return|\bmfj\b"),
    ("hoh", r"head\s+of\s+household|\bhoh\b"),
    ("single", r"\bsingle\b(?!\s+(?:stock|share|account|ira|trade|year|day|biggest|time))|\bunmarried\b"),
]
FILING_STATUSES = tuple(kind for kind, _ in _FILING)
_FILING_RES = [(k, re.compile(p, re.IGNORECASE)) for k, p in _FILING]



def filing_status(text: str) -> str | None:
    """The filing status the text names (the first that matches, most specific first)."""
    for kind, rx in _FILING_RES:
        if rx.search(text):
            return kind
    return None
