"""What kind of capital story a case tells, and what was sold: personal-use property, land held for investment, a
rental or business asset; whose account a loss came from; a death, a divorce, a gift, an inheritance, section 1244
stock, a replacement purchase (a wash sale). Each capital topic asks these so that one topic answers one story.
"""
from __future__ import annotations

import re
from functools import lru_cache

from app.understand import text as T
from app.understand.case import Amount, Case


def rx(p: str) -> re.Pattern[str]:
    """A case-insensitive pattern (the capital modules' one helper for it)."""
    return re.compile(p, re.IGNORECASE)


_BOUNDARY = rx(r"[;:]|\s-\s|\b(?:and|but|while|whereas|plus)\b")


@lru_cache(maxsize=512)
def figures(text: str) -> tuple[T.Number, ...]:
    """The money figures of a sentence, read once (every amount's clause needs its neighbours)."""
    return tuple(T.money(text))


def span(case: Case, a: Amount) -> tuple[int, int]:
    """Where the amount's figure is in its sentence."""
    for n in figures(case.sentence(a.sentence).text):
        if n.start == a.pos:
            return n.start, n.end
    return a.pos, a.pos + 1


def clause_parts(case: Case, a: Amount) -> tuple[str, str, str]:
    """(head, figure, tail) of the amount's own clause: back to the last boundary before it (not past the previous
    amount), on to the first boundary after it. What follows a figure describes it first ("$1,500 long-term loss")."""
    return _clause_parts(case.sentence(a.sentence).text, a.pos)


@lru_cache(maxsize=1024)
def _clause_parts(text: str, pos: int) -> tuple[str, str, str]:
    start, end = next(((n.start, n.end) for n in figures(text) if n.start == pos), (pos, pos + 1))
    others = [n for n in figures(text) if n.start != start]
    prev_end = max([n.end for n in others if n.end <= start], default=0)
    next_start = min([n.start for n in others if n.start >= end], default=len(text))
    head = text[prev_end:start]
    cuts = list(_BOUNDARY.finditer(head))
    head = head[cuts[-1].end():] if cuts else head
    tail = text[end:next_start]
    cut = _BOUNDARY.search(tail)
    return head, text[start:end], tail[:cut.start()] if cut else tail


def clause(case: Case, a: Amount) -> str:
    return "".join(clause_parts(case, a))


# property sold: what makes a loss personal (IRC 165(c)), investment land, or a business or rental asset
PERSONAL = rx(r"\b(?:house|home|residence|condo|townhouse|apartment|cabin|cottage|lake\s+house|beach\s+house|car|"
                r"truck|pickup|minivan|van|suv|vehicle|motorcycle|boat|rv|camper|f-?150|daily\s+driver|model\s+[3sxy]|"
                r"jewelry|jewellery|ring|necklace|watch|furniture|piano|guitar|couch|sofa|bike|bicycle)\b")
LAND = rx(r"\b(?:land|lot|acreage|acres?|parcel)\b")
_INVESTMENT = rx(r"\b(?:as\s+an?\s+investment|for\s+investment|investment\s+(?:property|land|lot)|purely\s+as\s+an\s+"
                  r"investment|held\s+(?:it\s+)?for\s+investment|to\s+resell|speculat\w*)")
_RENTAL = rx(r"\brent(?:al|ed|ing)?\b|\btenants?\b|\bairbnb\b")
_BUSINESS_USE = rx(r"\b(?:used\s+(?:it\s+)?(?:for|in)\s+(?:my\s+|the\s+)?(?:business|work)|business\s+use|for\s+my\s+"
                    r"business|company\s+car|schedule\s+c)\b")
_NEGATED = rx(r"\b(?:never|not|n't|no|only\s+used\s+ourselves)\s+(?:\w+\s+){0,2}$")

_OWNER = [("joint", rx(r"\bjoint(?:ly)?[\s-]+(?:owned\s+)?(?:brokerage\s+|taxable\s+|investment\s+|trading\s+)?account|"
                        r"\b50\s*/\s*50\b|\bboth\s+(?:of\s+)?our\s+names|\bjointly\s+owned|\bowned\s+(?:it\s+)?(?:jointly|"
                        r"together)")),
          ("spouse", rx(r"\b(?:his|her)\s+(?:own\s+)?(?:individual\s+)?(?:\w+\s+)?(?:account|brokerage|trades|trading|"
                         r"stock|shares|sales|name)\b|\b(?:husband|wife|spouse|partner|ex-?husband|ex-?wife|ex)'s\s+"
                         r"(?:own\s+)?(?:\w+\s+)?(?:account|brokerage|stock|trades|trading|sales|shares)")),
          ("self", rx(r"\bmy\s+(?:own\s+)?(?:individual\s+)?(?:[\w-]+\s+)?(?:account|brokerage|trades|trading|shares|"
                       r"stock|name)\b|\bmy\s+own\b|\bin\s+my\s+name|\bmine\b"))]
_OWNER_CONTEXT = rx(r"\b(?:came|comes|come|was|were)\s+(?:\w+\s+){0,2}from\b|\b(?:all|every\s+dollar|each\s+dollar|"
                     r"entirely|the\s+whole\s+thing)\b[^.?!]{0,30}\bfrom\s+(?:stock\s+in\s+)?(?:my|his|her|our)\b")


def owner_in(text: str) -> str | None:
    for owner, rx in _OWNER:
        for m in rx.finditer(text):
            if not re.search(r"\bnot\s+(?:from\s+)?$", text[max(0, m.start() - 10):m.start()], re.IGNORECASE):
                return owner
    return None


def whose_loss(case: Case) -> str | None:
    """Whose account the loss or carryover came from, latest mention first ("what if it had come from our joint
    account instead?" overrides "his own account")."""
    for s in reversed(case.sentences):
        if s.index in case.claim_sentences:
            continue
        has_loss = any(a.sentence == s.index and a.role in ("carryover", "loss") for a in case.amounts)
        if has_loss or _OWNER_CONTEXT.search(s.text):
            owner = owner_in(s.text)
            if owner:
                return owner
    return None


def _candidates(case: Case, a: Amount) -> list[str]:
    head, _, tail = clause_parts(case, a)
    sent = case.sentence(a.sentence)
    return [tail, head, sent.text] + [s.text for s in reversed(case.sentences[:sent.index]) if s.turn == sent.turn]


def property_kind(case: Case, a: Amount) -> str:
    """securities | personal | investment | business: what follows the figure in its clause, then what precedes it,
    else the sentence, else the turn's story ("lost $40,000 on the cabin, $15,000 on the lot")."""
    for text in _candidates(case, a):
        kind = _kind_of(text)
        if kind:
            return kind
    return "securities"


_SECURITIES = rx(r"\b(?:stocks?|shares|funds?|etfs?|bonds?|crypto\w*|bitcoin|options|securities|tickers?)\b")


def property_noun(case: Case, a: Amount) -> str:
    """The thing sold, as the user named it ("cabin", "F-150", "lot", "stock"), from the same places as its kind and
    of that kind (an investment is never named by the car in the same sentence)."""
    kind = property_kind(case, a)
    wanted = [PERSONAL] if kind == "personal" else [LAND, _SECURITIES]
    for text in _candidates(case, a):
        for rx in wanted:
            m = rx.search(text)
            if m:
                return m.group(0)
    return "property"


def _kind_of(text: str) -> str | None:
    if _INVESTMENT.search(text):
        return "investment"
    rental = [m for m in _RENTAL.finditer(text) if not _NEGATED.search(text[max(0, m.start() - 30):m.start()])]
    business = [m for m in _BUSINESS_USE.finditer(text) if not _NEGATED.search(text[max(0, m.start() - 30):m.start()])]
    if rental or business:
        return "business"
    if _SECURITIES.search(text):
        return "securities"
    if PERSONAL.search(text):
        return "personal"
    if LAND.search(text):
        return "investment"
    return None


# ---- which capital story this is (so one topic answers it) ---------------------------------------------------------
_DEATH = rx(r"\b(?:passed\s+away|passed|died|deceased|late\s+(?:husband|wife|spouse|father|mother|dad|mom)|widow\w*|"
             r"surviving\s+spouse)\b")
_DIVORCE = rx(r"\bdivorc\w*|\bmy\s+ex\b|\bex-?(?:wife|husband|spouse)\b")
_JOINT_RETURN = rx(r"\bjoint\s+(?:(?:19|20)\d\d\s+)?(?:tax\s+)?returns?|\bfiled\s+jointly|\bmarried\s+filing\s+joint\w*|\bmfj\b")
_INHERIT = rx(r"\binherit\w*|\bleft\s+(?:me|us)\b|\bbequeath\w*|\bfrom\s+(?:his|her|the)\s+estate\b")
_INHERITED_THING = rx(r"\b(?:brokerage|taxable\s+account|stocks?|shares|funds?|etfs?|holdings|house|home|property|land|"
                       r"portfolio)\b")
_GIFT = rx(r"\b(?:gave|gifted|given)\s+(?:\w+\s+){0,3}?(?:to\s+)?(?:me|us)\b|\bgift(?:ed)?\s+(?:me|us|of)\b|"
            r"\bas\s+a\s+gift\b|\bday\s+of\s+the\s+gift\b|\bat\s+the\s+time\s+of\s+the\s+gift\b")
_SMALL_BUSINESS = rx(r"\b(?:section\s+)?1244\b|\bstart-?up\b|\bsmall\s+(?:business|company|c[\s-]*corp\w*|\w+\s+"
                      r"(?:company|corporation|business))\b|\b(?:directly|straight)\s+from\s+the\s+company\b|"
                      r"\boriginal[\s-]+issue\b|\bnewly\s+issued\b|\bissued\s+(?:to\s+me|directly)\b|\bc\s+corp\w*\b")


def death_of(case: Case) -> tuple[str, int | None] | None:
    """Who died (spouse | other) and the year, when the story says someone did."""
    for s in case.sentences:
        m = _DEATH.search(s.text)
        if not m:
            continue
        who = "spouse" if re.search(r"\b(?:husband|wife|spouse|partner|widow\w*|surviving\s+spouse)\b", s.text,
                                    re.IGNORECASE) else "other"
        years = [y for y, _ in T.years(s.text)]
        return who, (years[0] if years else None)
    return None


def decedent_words(case: Case, who: str) -> tuple[str, str]:
    """(noun, possessive) for the person who died: "your husband"/"his", "your father"/"his"."""
    m = re.search(r"\b(husband|wife|spouse|partner|dad|father|mom|mother|parent|brother|sister|uncle|aunt|son|"
                  r"daughter|grand\w+)\b", case.text(claims=True), re.IGNORECASE)
    noun = m.group(1).lower() if m else ("spouse" if who == "spouse" else "relative")
    her = noun in ("wife", "mom", "mother", "sister", "aunt", "daughter", "grandmother", "grandma")
    his = noun in ("husband", "dad", "father", "brother", "uncle", "son", "grandfather", "grandpa")
    return f"your {noun}", ("her" if her else "his" if his else "their")


def inherited_story(case: Case) -> bool:
    return any(_INHERIT.search(s.text) and _INHERITED_THING.search(s.text) for s in case.sentences)


def gift_story(case: Case) -> bool:
    return case.says(_GIFT)


def small_business_story(case: Case) -> bool:
    return case.says(_SMALL_BUSINESS) and case.says(r"\b(?:stock|shares|invested|equity)\b") and case.says(
        r"\bworthless|\bwent\s+(?:bust|under|bankrupt)|\bshut\s+down|\bdissolv\w*|\bsold\b|\bloss\b|\bfolded\b")


_REPLACEMENT = rx(r"wash[\s-]*sale|wash\s+rule|substantially\s+identical|\bre-?bought\b|\brepurchas\w*|\breinvest\w*|"
                  r"\b(?:bought|buy|buying|purchased)\s+(?:(?:it|them|some|more|the\s+same|shares|\w+)\s+){0,3}?"
                  r"(?:back|again)\b|\b(?:bought|buy|buying|purchased)\b[^.?!]{0,60}\b(?:days?|weeks?)\s+(?:later|after|"
                  r"before|earlier)\b|\bwithin\s+(?:30|thirty)\s+days\b|\b(?:days?|weeks?)\s+(?:later|after)\b[^.?!]{0,40}"
                  r"\b(?:bought|buy|purchased)\b|\b(?:bought|buy|buying)\s+more\b|\bsame\s+(?:\w+\s+){0,3}?(?:stock|shares|"
                  r"fund|etf|ticker|security|index\s+fund)\b")
_BUY = rx(r"\b(?:bought|buys?|buying|purchas\w*|rebought|picks?\s+up)\b")
# the shares' own purchase: "shares I bought in 2019", "bought for $20,000", "bought years ago", "bought it new"
_OWN_PURCHASE = rx(r"^[^.?!]{0,25}?\b(?:in|back\s+in|on)\s+(?:[a-z]+\.?\s+)?(?:\d{1,2},?\s+)?(?:19|20)\d\d\b|^\s*(?:\w+\s+)"
                    r"{0,4}?for\s+\$|^[^.?!]{0,30}\byears?\s+ago\b|^\s*(?:it|them)?\s*new\b")


def replacement_purchase(case: Case) -> bool:
    """A purchase around a sale at a loss (the wash-sale topic's story): the words, or a purchase that is not the sold
    shares' own purchase ("I sold shares I bought in 2019" is no replacement)."""
    if case.says(_REPLACEMENT, asks=True, claims=True):
        return True
    text = case.text()
    buys = list(_BUY.finditer(text))
    return bool(buys) and bool(re.search(r"\b(?:sold|sell|selling)\b", text, re.IGNORECASE)) and any(
        not _OWN_PURCHASE.search(text[m.end():m.end() + 60]) for m in buys) and bool(
        re.search(r"\b(?:days?|weeks?)\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b",
                  text, re.IGNORECASE))


def basis_story(case: Case) -> bool:
    """A sale whose loss turns on its basis (a gift, an inheritance) or on section 1244: property_basis.py's."""
    return gift_story(case) or inherited_story(case) or small_business_story(case)


def from_joint_return(case: Case) -> bool:
    return any(_JOINT_RETURN.search(s.text) or re.search(r"\bour\s+(?:(?:19|20)\d\d\s+)?(?:tax\s+)?return", s.text,
                                                            re.IGNORECASE) for s in case.sentences
               if any(a.sentence == s.index and a.role == "carryover" for a in case.amounts))


def divorced(case: Case) -> bool:
    return case.says(_DIVORCE, asks=True)


def people_story(case: Case) -> bool:
    """A carryover that belongs to one spouse (joint -> separate returns, a divorce) or to someone who died:
    capital_people.py's."""
    if not any(a.role in ("carryover", "loss") for a in case.amounts):
        return False
    if death_of(case) is not None and not inherited_story(case):
        return True
    return from_joint_return(case) and (case.filing_status in ("mfs", "single", "hoh") or divorced(case))
