"""The same security or another one (Pub 550 (2025) p. 87: facts and circumstances): what a sale and a purchase name
(a ticker, an index, a fund company, a company) decides whether the purchase can replace what was sold.
"""
from __future__ import annotations

import re

from app.rules.trade_events import Trade

_PARENS = re.compile(r"\([^()]*\)")
_INDEXES = [(key, re.compile(p, re.IGNORECASE)) for key, p in [
    ("S&P 500", r"s\s*&\s*p(?:\s*500)?|\bsp\s*500\b|\b(?:voo|ivv|spy|splg|fxaix|vfiax|swppx)\b"),
    ("total U.S. market", r"total\s+(?:u\.?s\.?\s+)?(?:stock\s+)?market|\b(?:vti|vtsax|itot|schb|fskax|fzrox)\b"),
    ("total international", r"\binternational\b|\bex-?us\b|\b(?:vxus|vtiax|ixus|ftihx)\b"),
    ("Nasdaq-100", r"nasdaq(?:[\s-]*100)?|\bqqqm?\b"),
    ("Russell 2000", r"russell\s*2000|\b(?:iwm|vtwo)\b"),
    ("total bond market", r"total\s+bond|\b(?:bnd|agg|fxnax)\b"),
]]
_SPONSORS = re.compile(r"\b(?:vanguard|fidelity|schwab|ishares|blackrock|spdr|state\s+street|invesco|t\.?\s*rowe|"
                       r"dimensional|avantis|franklin|jpmorgan|wisdomtree)\b", re.IGNORECASE)
_SAME_WORDS = re.compile(r"\bsame\b(?!\s+(?:fund\s+)?(?:company|family|sponsor|provider|broker\w*|account|day|afternoon|"
                         r"week|month|time))|\b(?:it|them|those|these)\s+back\b|\bback\b|\bagain\b|\bmore\b|"
                         r"\banother\s+\d|\badditional\b|\bre-?bought\b|\brepurchas\w*|\breinvest\w*|\bdividend|"
                         r"\baverag\w*", re.IGNORECASE)
_OTHER_WORDS = re.compile(r"\b(?:different(?!\s+(?:brokerage|broker|account|firm|custodian|bank|platform|app))|"
                          r"another\s+(?:company|stock|fund)|other\s+(?:company|stock|fund)|competitor|similar)\b",
                          re.IGNORECASE)
_CLASS = re.compile(r"\bclass\s+[a-c]\b|\b(?:a|b|c)\s+shares\b", re.IGNORECASE)
_TICKER = re.compile(r"\b[A-Z]{2,5}\b")
_NOT_TICKERS = {"IRA", "IRAS", "ETF", "ETFS", "IRS", "LLC", "USA", "SEP", "NOL", "FMV", "MFJ", "MFS", "CPA", "OTC", "DRIP",
                "ROTH", "TSP", "AGI", "MAGI", "IRC", "REIT", "CEO", "LT", "ST", "OK", "US", "EFT", "TLH", "YTD", "AM",
                "PM", "NYSE", "SEC", "FINRA", "CUSIP", "HSA", "FSA", "DCA", "ESPP", "RSU", "SIMPLE"}
_PROPER = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z][\w'-]*")
_NOT_NAMES = re.compile(r"^(?:I|My|The|On|In|Then|So|And|But|Roth|Dec\w*|Jan\w*|Feb\w*|Mar\w*|Apr\w*|May|Jun\w*|"
                        r"Jul\w*|Aug\w*|Sep\w*|Oct\w*|Nov\w*|Total|Stock|Market|International|Index|Fund|Treasury|"
                        r"Reg\w*|Schedule|Form|Thanksgiving|Christmas|Chapter|Vanguard|Fidelity|Schwab|Trade|Robinhood|"
                        r"Merrill|Ameritrade|Webull|Ishares|Spdr|Invesco|Kindle|Tax|Got|Sold|Bought|Would|Was|Is|It|"
                        r"Options|Calls|Discord|Reddit)$")


def security_words(clause: str) -> tuple[set[str], set[str], set[str], set[str]]:
    """(indexes, tickers, sponsors, company names) named in a clause."""
    bare = _PARENS.sub(lambda m: " " + m.group(0)[1:-1] + " ", clause)
    indexes = {key for key, rx in _INDEXES if rx.search(bare)}
    tickers = {t for t in _TICKER.findall(bare) if t not in _NOT_TICKERS}
    sponsors = {m.group(0).lower() for m in _SPONSORS.finditer(bare)}
    names = {re.sub(r"'s$", "", w).lower() for w in _PROPER.findall(bare) if not _NOT_NAMES.match(re.sub(r"'s$", "", w))}
    return indexes, tickers, sponsors, names


def identity(sale: Trade, purchase: Trade) -> str:
    """"same" (the same or a substantially identical security, or an option on it), "same_index" (another fund
    company's fund on the same index: no IRS ruling), "share_class" (another class of the same company's stock:
    facts and circumstances) or "different" (another index or another company)."""
    if _SAME_WORDS.search(purchase.clause) and not _OTHER_WORDS.search(purchase.clause):
        return "same"
    si, st, ss, sn = security_words(sale.clause)
    bi, bt, bs, bn = security_words(purchase.clause)
    if si and bi:
        if not si & bi:
            return "different"
        if st & bt:
            return "same"
        return "same_index" if (st and bt) or (ss and bs and ss != bs) else "same"
    if (si and not bi and (bt or bn)) or (bi and not si and (st or sn)):
        return "different"  # a company's stock against an index fund
    if _CLASS.search(sale.clause + " " + purchase.clause) or any(
            a != b and (a.startswith(b) or b.startswith(a)) for a in st for b in bt):
        return "share_class"  # GOOG and GOOGL, class A and class B of one company
    if st and bt:
        return "same" if st & bt else "different"
    if sn and bn:
        return "same" if sn & bn else "different"
    if _OTHER_WORDS.search(purchase.clause):
        return "different"
    return "same"
