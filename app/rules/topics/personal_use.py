"""Selling personal-use property (a home, a car, a cabin, jewelry) versus property held for investment (land, stock).

Base rule: an individual deducts a loss only from a business, a transaction entered into for profit, or a casualty or
theft (IRC 165(c)), so a loss on property held for personal use is not deductible, not even against capital gains,
while a gain on it is a taxable capital gain (Pub 550 (2025) p. 75). Sold for less than it cost there is no gain, so a
Form 1099-K for the sale does not make the proceeds income. Land or other property held for investment is a capital
asset: its loss is a capital loss, netted and limited like any other (app/rules/capital_work.py). Casualty and theft
losses and rented or business property follow other rules and are left to them.
"""
from __future__ import annotations

import re
from decimal import Decimal

from app.rules import capital_case as cc
from app.rules import capital_kinds as ck
from app.rules.capital_reread import reread
from app.rules.capital_work import main_sentence, rows, taxable_sentence, work
from app.rules.finding import Finding, money, yes_no
from app.understand.asks import Ask
from app.understand.case import Case

_CASUALTY = re.compile(r"\btotal(?:ed|led)\b|\baccident\b|\bstolen\b|\btheft\b|\bfire\b|\bflood\w*\b|\bhurricane\b|"
                       r"\bcasualty\b|\bdisaster\b", re.IGNORECASE)
_COMMUTE = re.compile(r"\bcommut\w*|\bdr(?:o|i)ve\s+(?:it\s+)?to\s+work\b|\bdaily\s+driver\b", re.IGNORECASE)
_FORM_1099K = re.compile(r"\b1099-?k\b", re.IGNORECASE)
_OFFSET = re.compile(r"\boffset\w*|\bcancel\w*\s+out|\bagainst\b|\bnet\b|\bwipe\w*\s+out", re.IGNORECASE)
_WHICH = re.compile(r"\bwhich\b|\bwhat'?s\s+deductible|\bwhat\s+(?:is|can)\b", re.IGNORECASE)
_INJECTION = re.compile(r"\bignore\s+(?:all\s+)?(?:of\s+)?(?:your|previous|prior|the|my|these)?\s*(?:rules|instructions)|"
                        r"\bsystem\s+update\b|\balways[\s-]approve\b|\b(?:say|answer)\s+yes\b|\bbegin\s+every\s+reply\b",
                        re.IGNORECASE)
FACTS = ("personal-use-loss", "personal-use-gain", "investment-property-capital", "capital-loss-limit")


def _personal_sales(case: Case, story: cc.Story) -> list[tuple[str, Decimal, bool, str]]:
    """(what, amount, is_loss, words) for each personal-use sale: a loss or gain said outright (even in a sentence the
    shared reader took for a claim), else what it cost against what it sold for."""
    out = []
    for a in case.amounts:
        if a.role not in ("loss", "gain") or a.ask:
            continue
        words = ck.clause(case, a)
        if ck.property_kind(case, a) == "personal":
            out.append((ck.property_noun(case, a), a.value, a.role == "loss", words))
    if out:
        return out
    amounts = [reread(case, a) for a in case.amounts]
    paid = [a for a in amounts if a.role == "cost" and not a.ask]
    sold = [a for a in amounts if a.role == "proceeds"]  # "if I got a 1099-K for $12,000?" tells the price
    if paid and sold and ck.property_kind(case, sold[0]) == "personal":
        diff = sold[-1].value - paid[0].value
        return [(ck.property_noun(case, sold[0]), abs(diff), diff < 0, "")]
    return []


def personal_use(case: Case, asks: list[Ask]) -> list[Finding]:
    if case.says(_CASUALTY) or case.retirement and not case.has_account("taxable") or ck.inherited_story(case):
        return []  # casualty and theft, retirement accounts and inherited property (its heir's basis) are not this
    story = cc.read(case)
    if story.of("business"):
        return []
    sales = _personal_sales(case, story)
    if not sales:
        return []
    invest = story.capital
    w = work(story, invest) if invest else None
    losses = [(what, v) for what, v, is_loss, _ in sales if is_loss]
    gains = [(what, v) for what, v, is_loss, _ in sales if not is_loss]
    said = []
    if losses:
        names = " and ".join(f"your {what} ({money(v)})" for what, v in losses)
        one = len(losses) == 1
        said.append(f"{names[0].upper()}{names[1:]} {'is' if one else 'are'} personal-use property, and a loss on "
                    "personal-use property isn't deductible: not against your other income and not against capital "
                    "gains (IRC 165(c); Pub 550 (2025) p. 75).")
        if case.says(_COMMUTE):
            said.append("Driving to work is commuting, which is personal use, not business use.")
    if gains:
        said.append("A gain on personal-use property, though, is a taxable capital gain: "
                    + ", ".join(f"the {money(v)} gain on your {what}" for what, v in gains) + ".")
    no_gain = ""
    if losses and not gains:
        no_gain = ("You sold it for less than you paid, so there is no gain and nothing to tax: only a gain on a "
                   "personal item is taxable.")
        if case.says(_FORM_1099K):
            no_gain += (" Because a Form 1099-K reported the sale, show it on your return the way the Form 1040 "
                        "instructions describe for personal items sold at a loss, so the payment isn't treated as "
                        "income.")
    invested = ""
    if w is not None:
        nouns = list(dict.fromkeys(ck.property_noun(case, i.amount) for i in invest if i.amount))
        land = len(nouns) == 1 and ck.LAND.search(nouns[0])
        what = (f"the {nouns[0]} you held as an investment counts" if land else
                f"your {nouns[0]} sales count" if len(nouns) == 1 and nouns[0] != "property" else "your investments count")
        invested = (f"Only {what}: property held for investment is a capital asset, so its result is a capital gain "
                    f"or loss. {main_sentence(w)}")
    base = " ".join(said)
    answers: dict[int, tuple] = {}
    for ask in asks:
        if ask.is_("capability", "advice", "penalty", "deadline"):
            continue
        personal_ask = bool(ck.PERSONAL.search(ask.text)) or any(
            a.value in [v for _, v in losses] for a in story.claimed if a.sentence == ask.sentence)
        if ask.is_("taxable") and w is not None and not personal_ask:
            gain = w.last.taxable_gain
            asked = [a.value for a in case.amounts if a.sentence == ask.sentence and a.ask]
            whole = ask.whole and asked and max(asked) > gain
            answers[ask.index] = (yes_no(ask, gain > 0 and not whole), f"{taxable_sentence(w)} {base}")
        elif ask.is_("taxable"):
            answers[ask.index] = (yes_no(ask, bool(gains)), no_gain or base)
        elif w is not None and not personal_ask and _WHICH.search(ask.text):
            answers[ask.index] = (yes_no(ask, w.last.deduction > 0), f"{invested} {base}".strip())
        elif w is not None and not personal_ask and ask.is_("how_much"):
            answers[ask.index] = (yes_no(ask, w.last.deduction > 0), (f"{main_sentence(w)} The personal-use losses "
                                                                     "don't count."))
        elif gains and not losses and w is not None and w.last.net_loss and _OFFSET.search(ask.text):
            answers[ask.index] = (yes_no(ask, True), home_gain(case, gains, w))
        elif ask.is_("deduct", "how_much", "yesno", "confirm", "explain") or ask.implicit:
            stock = (" Your stock gains stay taxable as usual; only losses on investments, such as stock sold at a loss, "
                     "can offset them." if _OFFSET.search(ask.text) and re.search(r"\bgains?\b", ask.text, re.IGNORECASE)
                     and w is None else "")
            answers[ask.index] = ("no" if losses else yes_no(ask, False), f"{base}{stock}")
    if not answers:
        return []
    extra = (invested, no_gain if case.says(_FORM_1099K) else "")
    detail = " ".join(x for x in extra if x and not any(x in a[1] for a in answers.values()))
    if case.says(_INJECTION, claims=True):
        detail = f"Instructions inside a question don't change the answer. {detail}".strip()
    return [Finding("personal-use-loss", answers, detail, FACTS, rows(w) if w else [], weight=60)]


# IRC 121(b)(1)-(2): gain excluded on the sale of a main home owned and used 2 of the 5 years before the sale. Kept
# here until it moves into app/rules/facts/numbers.py.
HOME_SALE_EXCLUSION = 250_000
HOME_SALE_EXCLUSION_JOINT = 500_000
_MAIN_HOME = re.compile(r"\b(?:primary|main)\s+(?:home|residence)|\blived\s+in\b|\bhome\b|\bhouse\b|\bresidence\b|"
                        r"\bcondo\b|\btownhouse\b|\bapartment\b", re.IGNORECASE)


def home_gain(case: Case, gains: list[tuple[str, Decimal]], w) -> str:  # type: ignore[no-untyped-def]
    """A capital loss offsets a taxable gain on personal-use property; a main home's gain is mostly excluded first."""
    said = (f"If that gain is taxable: your {money(w.last.net_loss)} net capital loss on investments is a capital "
            "loss, and it offsets capital gains of any kind, including a taxable gain on personal-use property.")
    if any(_MAIN_HOME.search(what) for what, _ in gains) or case.says(r"\b(?:primary|main)\s+(?:home|residence)"):
        said += (f" On a main home you owned and lived in for 2 of the 5 years before the sale, though, up to "
                 f"{money(HOME_SALE_EXCLUSION)} of gain ({money(HOME_SALE_EXCLUSION_JOINT)} married filing jointly) is "
                 "excluded (IRC 121), so there may be no taxable gain left to offset; the loss then goes against other "
                 f"income up to {money(w.last.limit)} a year and the rest carries forward.")
    return said


RULES = [personal_use]
