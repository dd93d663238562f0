"""The trades of a story: each sale and purchase with its date (or its distance in days from the sale), share count,
price, account, buyer (you or your spouse) and what was bought (the same stock, an option on it, another fund).

The shared case reader keeps amounts and accounts; the wash sale rule also needs to know which shares were bought when
and where, so this reader goes through the sentences clause by clause. A clause is cut at "and", ";", " - ", "then"
and "because"; a clause with a date but no trade verb ("on Dec 2 I averaged down") lends its date to the next one.
Trades told in a question are hypothetical ("would it have been safer to buy X?"); in a follow-up they change the
story ("what if that buy had been in my taxable account instead?").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from app.understand import text as T
from app.understand.accounts import find_accounts
from app.understand.case import Case

_SALE = re.compile(r"\b(?:sold|sell|sells|selling|dumped|unloaded|exited|(?:tax[\s-]*loss\s+)?harvest(?:ed|ing)|"
                   r"closed\s+(?:out\s+)?(?:my|the|a)\s+position|realized\s+(?:a|the|my)\s+(?:\$[\d,.]+k?\s+)?loss)\b",
                   re.IGNORECASE)
_BUY = re.compile(
    r"\b(?:bought|buy|buys|buying|purchas\w*|repurchas\w*|re-?bought|re-?buy\w*|picked\s+up|picks\s+up|pick\s+up|"
    r"reinvest\w*|acquir\w*|averag\w*\s+down|(?:put|moved|move|swapped|switched)\s+(?:the\s+|my\s+)?(?:money|proceeds|"
    r"cash|it)\s+(?:back\s+)?into|got\s+back\s+in(?:to)?|"
    # "paid $8,400 for 200 shares": a purchase told by its price
    r"paid(?=\s+(?:about\s+|around\s+)?\$?\s?[\d,.]+\s*k?\s+for\s+(?:\d[\d,]*\s+|the\s+|my\s+|those\s+|these\s+|some\s+)?"
    r"(?:[\w-]+\s+)?(?:shares?|units?|stocks?)\b))\b", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:didn'?t|did\s+not|never|haven'?t|have\s+not|hadn'?t|nothing|neither\b[^.]*|nor|without|"
                      r"won'?t|not)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_NOTHING_AFTER = re.compile(r"^\s*(?:anything|nothing)\b", re.IGNORECASE)
_CUT = re.compile(r";|\s+-+\s+|,?\s+and\s+(?=\d[\d,.]*\s+(?:more|additional|extra|shares)\b|(?:on|in|then|i|we|my|her|his|she|he|the|bought|sold|buy|sell|a|\w+\s+"
                  r"(?:days?|weeks?)\s+later|right|same|put|kept|reinvest|picked)\b)|,?\s+then\b|\bbecause\b|,\s+but\b|"
                  r",\s+(?=(?:my|our|i|we|she|he|her|his)\b)",
                  re.IGNORECASE)
_MONTH_ONLY = re.compile(r"\b(?:in|back\s+in|during|early|late|mid-?)\s+(?P<m>jan(?:uary)?|feb(?:ruary)?|march|april|may|"
                         r"june|july|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b(?![\s,]*\d)",
                         re.IGNORECASE)
_WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
                 "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90, "a few": 3,
                 "a couple": 2, "a couple of": 2}
_GAP = re.compile(r"\b(?P<wait>waited\s+|wait\s+|until\s+)?(?P<n>\d+|a\s+couple(?:\s+of)?|a\s+few|forty-five|"
                  r"[a-z]+)\s+(?P<u>days?|weeks?|months?)\s+(?P<dir>later|after(?:wards?)?|before|earlier|prior|"
                  r"afterward)?", re.IGNORECASE)
_SAME_DAY = re.compile(r"\b(?:the\s+same\s+day|same\s+day|that\s+(?:same\s+)?day|right\s+away|immediately|"
                       r"the\s+same\s+afternoon)\b", re.IGNORECASE)
_NEXT_DAY = re.compile(r"\b(?:the\s+next\s+day|next\s+day|the\s+following\s+day|a\s+day\s+later)\b", re.IGNORECASE)
_SHARES = re.compile(r"(?<![\w$.,])(?P<n>\d[\d,]*(?:\.\d+)?)\s+(?:(?:more|new|additional|extra|of\s+(?:them|those|these|"
                     r"it|(?:the\s+|my\s+|those\s+|these\s+)?(?:same\s+)?(?:shares|stock|fund|units)))\b|(?:[A-Z][\w'-]*\s+)?(?:shares?|units?|contracts?|calls?|options?)\b|"
                     r"[A-Z]{2,5}\b|(?:back|again)\b)")
_SHARES_WORD = re.compile(r"\b(?:another|all|the|my)\s+(?P<n>\d[\d,]*(?:\.\d+)?)\b(?!\s*(?:%|\(?\s*[kb]\b|days?|weeks?))",
                          re.IGNORECASE)
_PRICE = re.compile(r"\bat\s+(?:about\s+|around\s+)?\$\s?(?P<p>\d[\d,]*(?:\.\d+)?)(?!\s*(?:k\b|loss|gain))",
                    re.IGNORECASE)
_OPTION = re.compile(r"\bcalls?\b|\bcall\s+(?:options?|contracts?)|\boptions?\s+(?:to\s+buy|contracts?)|\boptions?\b|"
                     r"\bwarrants?\b|\bleaps\b|\bcontracts?\b", re.IGNORECASE)
_DIVIDEND = re.compile(r"\bdividends?\b|\breinvest\w*|\bdrip\b", re.IGNORECASE)
_RECURRING = re.compile(r"\b(?:every|each)\s+(?:month|week|paycheck|pay\s*period|two\s+weeks|quarter)\b|\bmonthly\b|"
                        r"\bbi-?weekly\b|\bweekly\b|\brecurring\b|\bautomatic(?:ally)?\b|\bauto-?invest\w*|\bpayroll\b",
                        re.IGNORECASE)
_MONTH_DAY = re.compile(r"\b(?:on\s+)?the\s+(?P<d>\d{1,2})\s?(?:st|nd|rd|th)\b(?:\s+(?:of\s+)?(?:every|each)\s+month)?",
                        re.IGNORECASE)
_MORE = re.compile(r"\b(?:more|another|additional|extra|averag\w*\s+down|again|back|rebought|re-?bu\w*|"
                   r"repurchas\w*|reinvest\w*|dividend)\b", re.IGNORECASE)
_SPOUSE = re.compile(r"\b(?:wife|husband|spouse|partner)\b", re.IGNORECASE)
_SPOUSE_OWNED = re.compile(r"\b(?:her|his|(?:wife|husband|spouse|partner)'?s)\s+(?:own\s+)?(?:\w+\s+)?(?:account|ira|"
                           r"roth|brokerage|401)", re.IGNORECASE)
_OTHER_PERSON = re.compile(r"\b(?:dad|mom|father|mother|parents?|grand\w+|brother|sister|friend|son|daughter|uncle|aunt|"
                           r"boss|coworker|co-worker|neighbou?r|in-laws?|father-in-law|mother-in-law|relative|cousin)"
                           r"(?:'s)?\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_BROKER = re.compile(r"\b(?:schwab|fidelity|vanguard|e\*?trade|robinhood|merrill|td\s+ameritrade|ameritrade|webull|"
                     r"interactive\s+brokers|ibkr|sofi|public|m1|wealthfront|betterment|morgan\s+stanley|edward\s+jones|"
                     r"different\s+(?:brokerage|broker|account)|another\s+(?:brokerage|broker|account)|other\s+"
                     r"(?:brokerage|broker))\b", re.IGNORECASE)
_NOT_ACCOUNT = re.compile(r"(?:instead\s+of|rather\s+than|not|than)\s+(?:in\s+|at\s+)?(?:my\s+|the\s+|a\s+|her\s+|his\s+)?"
                          r"(?:\w+\s+)?$", re.IGNORECASE)
_PARENS = re.compile(r"\([^()]*\)")
_ELLIPSIS = re.compile(r"\s*(?=\d[\d,.]*\s+(?:more|additional|extra|shares)\b)")


@dataclass(frozen=True)
class Trade:
    kind: str  # "sale" | "purchase"
    sentence: int
    turn: int
    order: int  # reading order across the story
    when: date | None = None
    month_only: bool = False  # "in April": the month is known, the day is not
    year_given: bool = False
    gap: int | None = None  # days after the sale (negative: before), when told relatively ("two weeks later")
    shares: Decimal | None = None
    price: Decimal | None = None
    account: str | None = None  # an account kind (app/understand/accounts.py); None when not said
    broker: bool = False  # a named broker or "a different brokerage"
    spouse: bool = False
    option: bool = False
    dividend: bool = False
    recurring: bool = False
    monthly_day: int | None = None
    more: bool = False  # adds to a position ("bought more", "another 50", "averaged down", "bought it back")
    asked: bool = False  # told in a question
    clause: str = ""
    other: bool = False  # someone else's trade (a parent who bought the shares later given): not the seller's
    amount: Decimal | None = None  # what the trade paid or brought in, all shares together ("sold them for $3,000")

    def merge(self, other: Trade) -> Trade:
        """The same trade told in two clauses of one sentence: what either says."""
        kw = {}
        for name in ("when", "gap", "shares", "price", "account", "monthly_day", "amount"):
            if getattr(self, name) is None and getattr(other, name) is not None:
                kw[name] = getattr(other, name)
        if self.when is None and other.when is not None:
            kw.update(month_only=other.month_only, year_given=other.year_given)
        for name in ("broker", "spouse", "option", "dividend", "recurring", "more"):
            kw[name] = getattr(self, name) or getattr(other, name)
        return replace(self, clause=f"{self.clause} {other.clause}", **kw)


def _number(raw: str) -> int | None:
    raw = re.sub(r"\s+", " ", raw.lower())
    if raw.isdigit():
        return int(raw)
    return _WORD_NUMBERS.get(raw)


def _gap(clause: str) -> int | None:
    if _SAME_DAY.search(clause):
        return 0
    if _NEXT_DAY.search(clause):
        return 1
    for m in _GAP.finditer(clause):
        n = _number(m.group("n"))
        if n is None or not (m.group("dir") or m.group("wait")):
            continue
        unit = m.group("u").lower()
        days = n * (7 if unit.startswith("week") else 30 if unit.startswith("month") else 1)
        before = (m.group("dir") or "").lower() in ("before", "earlier", "prior") and not m.group("wait")
        if (m.group("dir") or "").lower() in ("before", "after", "prior") and re.match(
                r"\s+(?:to\s+)?(?:i\s+|we\s+)?(?:buying|bought|buy|purchas\w*|the\s+purchase|rebuying)", clause[m.end():],
                re.IGNORECASE):
            before = not before  # "sold it two weeks after buying it": the purchase came first
        return -days if before else days
    return None


def _shares(clause: str, verb_end: int) -> Decimal | None:
    after = [m for m in _SHARES.finditer(clause) if m.start() >= verb_end]
    before = [m for m in _SHARES.finditer(clause) if m.start() < verb_end]
    word = [m for m in _SHARES_WORD.finditer(clause) if m.start() >= verb_end - 1]
    for m in after + word + before[::-1]:
        if re.match(r"(?:19|20)\d\d$", m.group("n")) and not re.search(r"shares?|units?", m.group(0), re.IGNORECASE):
            continue
        return Decimal(m.group("n").replace(",", ""))
    return None


def _dates(clause: str, default_year: int) -> tuple[date | None, bool, bool]:
    """(date, month only, year given) of the first date in the clause, asides in parentheses left out."""
    bare = _PARENS.sub(" ", clause)
    found = [d for d in T.dates(bare)]
    with_day = [d for d in found if d.day is not None]
    pick = with_day[0] if with_day else (found[0] if found else None)
    if pick is not None:
        return pick.as_date(default_year), pick.day is None, pick.year is not None
    m = _MONTH_ONLY.search(bare)
    if m:
        month = T._MONTHS[m.group("m")[:3].lower()]
        return date(default_year, month, 1), True, False
    return None, False, False


def _account(clause: str) -> tuple[str | None, bool]:
    kinds = [kind for pos, kind in find_accounts(clause) if not _NOT_ACCOUNT.search(clause[max(0, pos - 30):pos])]
    broker = bool(_BROKER.search(clause))
    return (kinds[0] if kinds else None), broker


def _clauses(text: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for m in _CUT.finditer(text):
        out.append((start, text[start:m.start()]))
        start = m.end()
    out.append((start, text[start:]))
    return [(s, c) for s, c in out if c.strip()]


def _amount(case: Case, s: T.Sentence, start: int, end: int, kind: str) -> Decimal | None:
    """The trade's total, as the case reader read it in the trade's own words: a purchase's cost, a sale's proceeds."""
    role = "cost" if kind == "purchase" else "proceeds"
    found = [a for a in case.amounts if a.sentence == s.index and start <= a.pos < end and a.role == role]
    return found[0].value if found else None


def _trade(case: Case, s: T.Sentence, clause: str, verb_start: int, verb_end: int, kind: str, year: int,
           pending: tuple[date | None, bool, bool], spouse_story: bool, order: int, at: int = 0) -> Trade:
    when = _dates(clause, year)
    if when[0] is None:
        when = pending
    account, broker = _account(clause)
    before_verb = clause[:verb_start]
    spouse = bool(_SPOUSE.search(before_verb[-60:]) or _SPOUSE_OWNED.search(clause) or (
        spouse_story and re.search(r"\b(?:she|he)\s+(?:\w+\s+)?$", before_verb, re.IGNORECASE)))
    other = not spouse and bool(_OTHER_PERSON.search(before_verb[-50:]) or (
        not spouse_story and re.search(r"\b(?:she|he|they)\s+(?:\w+\s+)?$", before_verb, re.IGNORECASE)))
    price = _PRICE.search(clause[verb_end:])
    day = _MONTH_DAY.search(clause)
    return Trade(
        # a sale's own clause dates a purchase only before its verb ("two weeks before I sold"); after it, "two weeks
        # after buying them" is how long the shares sold were held
        kind, s.index, s.turn, order, when[0], when[1], when[2], _gap(clause if kind == "purchase" else before_verb),
        _shares(clause, verb_end),
        Decimal(price.group("p").replace(",", "")) if price else None, account, broker, spouse,
        bool(_OPTION.search(clause)) and kind == "purchase", bool(_DIVIDEND.search(clause)),
        bool(_RECURRING.search(clause)),
        int(day.group("d")) if day and 1 <= int(day.group("d")) <= 31 and _RECURRING.search(s.text) else None,
        bool(_MORE.search(clause)), s.index in case.ask_sentences, clause.strip(), other,
        _amount(case, s, at, at + len(clause), kind))


def trades(case: Case) -> list[Trade]:
    """Every sale and purchase the conversation tells, in reading order (trades of one kind in one sentence merged)."""
    spouse_story = bool(_SPOUSE.search(case.text(claims=True)))
    year = case.tax_year
    out: list[Trade] = []
    for s in case.sentences:
        in_sentence: list[Trade] = []
        pending: tuple[date | None, bool, bool] = (None, False, False)
        for at, clause in _clauses(s.text):
            named = [y for y, _ in T.years(_PARENS.sub(" ", clause)) if 1990 <= y <= 2035]
            year = named[0] if named else year  # a date without a year belongs to the last year the story named
            verbs = [(m, "sale") for m in _SALE.finditer(clause)] + [(m, "purchase") for m in _BUY.finditer(clause)]
            verbs = [(m, k) for m, k in verbs if not _NEGATED.search(clause[:m.start()][-40:]) or
                     re.search(r"\buntil\b", clause[m.end():], re.IGNORECASE)]
            # "two weeks after buying them": a reference point, not a trade
            verbs = [(m, k) for m, k in verbs if not re.search(r"\b(?:after|before|since|prior\s+to|from|of|without)\s+$",
                                                               clause[:m.start()], re.IGNORECASE)
                     or re.search(r"\bwait(?:ed|ing)?\b", clause[:m.start()], re.IGNORECASE)]  # "waited 40 days before buying"
            verbs = sorted(((m, k) for m, k in verbs if not _NOTHING_AFTER.match(clause[m.end():])),
                           key=lambda v: v[0].start())
            if not verbs and in_sentence and _ELLIPSIS.match(clause):
                # "bought 50 shares on Dec 5 and 80 more on Dec 15": the verb is the clause before's
                verbs = [(_ELLIPSIS.match(clause), in_sentence[-1].kind)]
            if not verbs:
                when = _dates(clause, year)
                if when[0] is not None:
                    pending = when
                continue
            # "rebought it 12 days after selling it on May 5": one clause, two trades, each with its own words
            groups = [[verbs[0]]]
            for v in verbs[1:]:
                if v[1] != groups[-1][0][1]:
                    groups.append([v])
            for n, group in enumerate(groups):
                begin = 0 if n == 0 else group[0][0].start()
                stop = groups[n + 1][0][0].start() if n + 1 < len(groups) else len(clause)
                part = clause[begin:stop]
                m, kind = group[0][0], group[0][1]
                trade = _trade(case, s, part, m.start() - begin, m.end() - begin, kind, year, pending, spouse_story,
                               len(out) + len(in_sentence), at + begin)
                pending = (None, False, False)
                same = [t for t in in_sentence if t.kind == kind]
                if same and not (same[-1].when and trade.when and same[-1].when != trade.when) and not (
                        same[-1].shares and trade.shares and same[-1].shares != trade.shares):
                    in_sentence[in_sentence.index(same[-1])] = same[-1].merge(trade)
                else:
                    in_sentence.append(trade)
        # "Two weeks before I sold QQQ, my Roth IRA bought QQQ": the distance told with the sale dates the purchase
        sales = [t for t in in_sentence if t.kind == "sale" and t.gap is not None]
        buys = [t for t in in_sentence if t.kind == "purchase" and t.gap is None and t.when is None]
        if sales and buys:
            i = in_sentence.index(buys[0])
            in_sentence[i] = replace(buys[0], gap=sales[0].gap)
            in_sentence[in_sentence.index(sales[0])] = replace(sales[0], gap=None)
        out.extend(in_sentence)
    return out


_GAIN_AFTER = re.compile(r"\s*\$?\s?[\d,.]+\s*k?\s+(?:of|in)\s+(?:net\s+)?(?:capital\s+|short[\s-]*term\s+|long[\s-]*term\s+)?"
                         r"gains?\b", re.IGNORECASE)


def gains_told(case: Case) -> Decimal:
    """Capital gains the story states ("$2,000 of capital gains"; the shared reader may call "I had $2,000 of gains"
    a value), for netting against a loss."""
    found = [a for a in case.amounts if not a.ask and not a.claim and (
        a.role == "gain" or _GAIN_AFTER.match(case.sentence(a.sentence).text[a.pos:]))]
    return sum((a.value for a in found), Decimal(0))
