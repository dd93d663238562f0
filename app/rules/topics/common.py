"""What several topic rules ask of a case: which account an ask is about, what the user or someone else claims,
the year phrase, the account's name. Vocabulary only; no rule's conclusion lives here."""
from __future__ import annotations

import re
from decimal import Decimal

from app.rules.pool import TRADITIONAL_GROUP, no_basis_said  # noqa: F401 - shared vocabulary
from app.understand.accounts import ACCOUNT_LABELS, IRA_KINDS, PLAN_KINDS, RETIREMENT_KINDS
from app.understand.asks import Ask
from app.understand.case import Amount, Case


def year_words(year: int, assumed: bool) -> str:
    return f"Assuming tax year {year}" if assumed else f"For tax year {year}"


def label(kind: str | None, default: str = "retirement account") -> str:
    return ACCOUNT_LABELS.get(kind or "", default)


def group(kind: str | None, case: Case | None = None) -> str:
    """roth | traditional | plan: the family whose basis and loss rules apply."""
    if kind == "roth_ira":
        return "roth"
    if kind in PLAN_KINDS:
        return "plan"
    return "traditional"


def ask_amounts(case: Case, ask: Ask) -> list[Amount]:
    return [a for a in case.amounts if a.sentence == ask.sentence]


def asked_values(case: Case, ask: Ask) -> list[Decimal]:
    return [a.value for a in ask_amounts(case, ask)]


_TAXABLE_WORDS = re.compile(r"\b(?:brokerage|taxable\s+account|regular\s+account|stocks?|shares|etf|fund|sold|sell|"
                            r"sale)\b", re.IGNORECASE)
_RETIREMENT_WORDS = re.compile(r"\b(?:iras?|roth|401|403|457|sep|simple|tsp|pension|retirement|plan|account\s+drop)\b",
                               re.IGNORECASE)


def names_account(case: Case, ask: Ask) -> bool:
    return any(a.sentence == ask.sentence for a in case.accounts)


def subject_accounts(case: Case, ask: Ask) -> set[str]:
    """The accounts an ask is about: those it names, those of the amounts it names, else every account of the story."""
    named = {a.kind for a in case.accounts if a.sentence == ask.sentence}
    if named:
        return named
    kinds = set()
    for a in ask_amounts(case, ask):
        same = [b for b in case.amounts if not b.ask and b.value == a.value and b.account]
        kinds |= {b.account for b in same if b.account} or ({a.account} if a.account else set())
    if kinds:
        return kinds
    return {a.kind for a in case.accounts}


def about_retirement(case: Case, ask: Ask) -> bool:
    kinds = subject_accounts(case, ask)
    return bool(kinds & RETIREMENT_KINDS) and kinds != {"taxable"}


def retirement_kinds(case: Case, ask: Ask | None = None) -> list[str]:
    kinds = subject_accounts(case, ask) if ask is not None else {a.kind for a in case.accounts}
    latest_first = list(dict.fromkeys(a.kind for a in sorted(case.accounts, key=lambda m: (-case.sentences[m.sentence].turn,
                                                                                           m.sentence, m.pos))))
    found = [k for k in latest_first if k in kinds and k in RETIREMENT_KINDS]
    specific = [k for k in found if k != "retirement"]
    if not specific and ask is not None:  # "a SEP is a business retirement plan": the story names which one
        specific = [k for k in latest_first if k in RETIREMENT_KINDS and k != "retirement"]
    return specific or found


def claim_text(case: Case) -> str:
    """What the user repeats from others, and the questions: where misconceptions live."""
    return " ".join(s.text for s in case.sentences if s.index in case.claim_sentences or s.index in case.ask_sentences)


def mentions(case: Case, pattern: str, *, claims: bool = True) -> bool:
    rx = re.compile(pattern, re.IGNORECASE)
    return bool(rx.search(case.text(claims=claims)))


def is_ira(kind: str | None) -> bool:
    return kind in IRA_KINDS


_SECURITY = r"(?:shares?|stocks?|funds?|etfs?|positions?|crypto\w*|bitcoin|options?|calls?|securit\w+)"
_TICKER = re.compile(r"\b(?!(?:IRA|IRAS|IRS|ETF|LLC|SEP|MFJ|MFS|US|USA|FBO|CPA|AGI|NOL|LT|ST|TSP|SIMPLE|ROTH|CARES|TCJA|"
                     r"AMT|OK|FTB|ISA|RRSP|MLP|UBTI)\b)[A-Z]{2,5}\b")
_SOLD = re.compile(r"\b(?:sold|sell|selling|dumped|harvest\w*)\b", re.IGNORECASE)
_BOUGHT = re.compile(r"\b(?:bought|buys?|buying|repurchas\w*|purchas\w*|reinvest\w*|rebought|picks?\s+up|"
                     r"auto(?:matic)?[\s-]*(?:buy|invest\w*|purchase))\b", re.IGNORECASE)


def _names_security(text: str) -> bool:
    return bool(re.search(_SECURITY, text, re.IGNORECASE) or _TICKER.search(text))


_BUY_AGAIN = re.compile(r"\b(?:again|(?:bought|buy\w*|purchas\w*|got)\s+(?:\w+\s+){0,3}back|more|additional|another|replac\w*|re-?b(?:ought|uy\w*)|double[ds]?\s+down|"
                        r"same\s+(?:stock|fund|shares|etf|ticker)|within\s+30\s+days|\d{1,2}\s+days)\b", re.IGNORECASE)


def is_wash_story(case: Case) -> bool:
    """A sale of securities and a purchase of securities in the same story (in any account), or the words."""
    text = case.text()
    if re.search(r"wash[\s-]*sale|wash\s+rule|substantially\s+identical", text, re.IGNORECASE):
        return True
    sold = [s for s in case.sentences if _SOLD.search(s.text) and _names_security(s.text)]
    bought = [s for s in case.sentences if _BOUGHT.search(s.text) and (_names_security(s.text) or re.search(
        r"\b(?:it|them)\s+back\b|\bback\s+in\b", s.text, re.IGNORECASE))]
    if sold and bought:
        # "used it to buy a biotech stock, it crashed, I sold it": a purchase told only before the sale, with no word
        # of buying again, is the lot that was sold, not a replacement
        last_buy = max((b.index, max(m.start() for m in _BOUGHT.finditer(b.text))) for b in bought)
        first_sale = min((x.index, min(m.start() for m in _SOLD.finditer(x.text))) for x in sold)
        return not (last_buy < first_sale and not any(_BUY_AGAIN.search(b.text) for b in bought + sold))
    # "sold msft ... bought msft": the same name sold and bought again
    m = re.search(r"\b(?:sold|sell)\s+(?:\d[\d,]*\s+)?(?:shares\s+of\s+)?([a-z]{2,5})\b[^.?!]{0,80}\b(?:bought|buy\w*|"
                  r"repurchas\w*)\s+(?:\d[\d,]*\s+)?(?:shares\s+of\s+)?\1\b", text, re.IGNORECASE)
    return bool(m)


def is_conversion_story(case: Case) -> bool:
    return case.says(r"\bconver(?:t|ted|ting|sion)|backdoor|recharacteri|\bundo\b", asks=True)


def is_worthless_story(case: Case) -> bool:
    return case.says(r"worthless|bankrupt\w*|went\s+(?:to\s+)?zero|delisted|wiped\s+out|chapter\s+(?:7|11)|dissolved|"
                     r"liquidat\w+\s+in\s+chapter", asks=True)


_ARTICLE_CLAIMS = [
    ("article-ltcg-offset", r"capital\s+gains?|\bltcg\b"),
    ("article-nol-offset", r"\bnols?\b|net\s+operating\s+loss|form\s*1045"),
    ("article-reporting", r"schedule\s*[de]\b|8949|schedule\s*c\b"),
]


def article_claim(case: Case) -> str | None:
    """Which of the source article's false exceptions the user raises (offset gains, an NOL, the reporting advice)."""
    said = case.text()
    for claim_id, pattern in _ARTICLE_CLAIMS:
        if re.search(pattern, said, re.IGNORECASE):
            return claim_id
    return None
