"""Which rule a question is about: concept patterns (gates) combined with semantic similarity to example phrasings.

A gate is a small conjunction of concept regexes ("a retirement account" AND "a loss"); it keeps the rules precise:
a question that names none of a rule's concepts never gets that rule's answer. Among the intents whose gate passes,
a fixed specificity order picks one (a Roth *conversion* loss is more specific than a Roth loss), unless semantic
similarity clearly prefers another. Semantic similarity alone can fire only when it is very close to an example.
Example embeddings are computed once per process (the embedder call is the only cost per question).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from app.rules.examples import EXAMPLES

THRESHOLD = 0.65  # below this confidence the rules stay silent
SEMANTIC_ONLY_MIN = 0.86  # cosine needed to fire without any gate
OVERRIDE_MARGIN = 0.12  # how much more similar another gated intent must be to beat the order
OFFTOPIC_MAX_SIM = 0.45  # a question with no tax word is off topic only when no example phrasing is this close


def _rx(p: str) -> re.Pattern[str]:
    return re.compile(p, re.IGNORECASE)


C = {
    "ret": _rx(r"\b(?:iras?|ira'?s|roth|401\s*\(?k|401ks?|403\s*\(?b|457|sep|simple ira|tsp|pension|retirement|"
               r"rrsp|tfsa|super(?:annuation)?)\b|\b401k|\b403b"),
    "loss": _rx(r"\blos[st]\b|\blosses\b|\blosing\b|\bloses\b|\bloss(?:es)?\b|\bdown\s+\d|\bwent\s+down\b|\bdropped\b|\bfell\b|"
                r"\btank\w*|\bcrash\w*|\bdeclin\w*|\bunderwater\b|\bworth\s+less\b|\bin\s+the\s+red\b|\bplummet\w*|"
                r"\bshrank\b|\bshrunk\b|\bdrops?\b|\bcrater\w*|\bdown\s+(?:about|around|roughly|nearly|almost|over|by)?\s*\$\d|\blost\s+value\b|\bdecreas\w*|\bdip\b|\bsank\b|\bdown\s+(?:a\s+lot|big)|"
                r"\bdown\s+\d+\s*%|\bless\s+than\b|\bonly\s+(?:got|received|took)|\bunrecovered\b|\bbasis\b"),
    "deduct": _rx(r"deduct|write[\s-]*(?:it\s+|them\s+|that\s+)?off|writeoff|tax\s+(?:break|benefit|deduction|purposes|"
                  r"return|form)|offset|claim|count\s+against|against|harvest|\bnet\b|netted|cancel|\btax\b|\bIRS\b|schedule|report"),
    "convert": _rx(r"conver(?:t|ted|ting|sion|sions)\b|backdoor"),
    "rechar": _rx(r"re-?characteri[sz]\w*|recharacteri|\bundo(?:ing|ne)?\b|\bunwind|\breverse\b|\bun-?convert|switch\s+(?:it\s+)?back|"
                  r"put\s+(?:it|the\s+money)\s+back\s+(?:in|into)\s+(?:the|my)\s+traditional|take\s+back"),
    "wash": _rx(r"wash[\s-]*sal\w*|wash\s+rule|substantially\s+identical|"
                r"\b(?:bought|buy|buying|rebought|repurchas\w*)\s+(?:\w+\s+){0,2}again\b|(?:bought|buy|buying|rebought|repurchas\w*|"
                r"purchas\w*|reb[ou]y\w*)\s+(?:it|them|the\s+(?:same|\w+))?\s*(?:\w+\s+)?back|30\s+days|thirty\s+days|"
                r"(?:bought|buy|purchased?)\s+(?:the\s+)?same\s+(?:stock|shares|fund|etf|security)|"
                r"(?:bought|buy|buying|purchas\w*|repurchas\w*|acquir\w*)\b[^.?!]{0,60}\b(?:in|inside|into|within|for)\s+"
                r"(?:my|our|his|her|a|an|the)?\s*(?:wife'?s\s+|husband'?s\s+|spouse'?s\s+)?"
                r"(?:(?:traditional|trad|rollover|sep|simple)\s+)?(?:roth|ira|401|403)|"
                r"(?:wife|husband|spouse)\b[^.?!]{0,20}\b(?:buys?|bought|purchas\w*)\s+(?:the\s+)?(?:same|it|them)\b|"
                # buying into what was just sold at a loss: "buy more of the fund I sold at a loss last week"
                r"\b(?:bought|buy|buying|purchas\w*)\s+(?:more|some)\s+(?:of\s+)?[^.?!]{0,30}\b(?:i|we)\s+"
                r"(?:just\s+|had\s+|recently\s+)?sold\b"),
    "capgain": _rx(r"capital\s+gains?|\b(?:long|short)[\s-]*term\s+(?:capital\s+)?gains?|\bgains?\b|\bprofits?\b|ltcg"),
    "caploss": _rx(r"capital\s+loss\w*|\bcap\s+loss|\$?\s?3,?000\b|\b3k\b|\$?\s?1,?500\b|carry\s*-?over|carry\s*-?forward|"
                   r"carry\s*-?back|carried\s+(?:over|forward|back)|net\s+(?:capital\s+)?loss|"
                   r"(?:stock|share|crypto|bitcoin|fund|etf|investment|trading|brokerage)s?\s+loss|"
                   # a sale of investments that had fallen: "I sold my stocks that were down 40%"
                   r"\bsold\s+(?:my\s+|the\s+|some\s+|all\s+|of\s+)*(?:\w+\s+)?(?:stocks?|shares|funds?|etfs?|crypto\w*|"
                   r"bitcoin|positions?|investments?)\b[^.?!]{0,40}\b(?:down|los[st]|loss(?:es)?|dropped|fell)\b|"
                   # selling realises the loss (holding a losing stock does not, so "losing" alone is not enough)
                   r"\b(?:sel(?:l|ling|ls)|sold)\s+(?:my\s+|the\s+|some\s+|those\s+|these\s+|all\s+)?(?:of\s+)?(?:my\s+)?losing\s+"
                   r"(?:stocks?|shares|positions?|investments?|funds?|etfs?|trades?)|"
                   r"loss(?:es)?\s+(?:on|from)\s+(?:my\s+)?(?:stocks?|shares|investments?|crypto|trades|funds?|etfs?|"
                   r"bonds?|options)|sold\b[^.?!]{0,40}\bat\s+a\s+(?:\$?[\d,.]+k?\s+)?loss|(?:gains?|profits?)\b[^.?!]{0,30}\blosses\b|\blosses\b[^.?!]{0,30}\b(?:gains?|profits?)\b|loss(?:es)?\s+(?:in|from)\s+(?:my\s+)?(?:taxable|brokerage)|tax[\s-]*loss\s+harvest\w*|"
                   r"(?:short|long)[\s-]*term\s+(?:capital\s+)?loss\w*|\blost\b[^.?!]{0,30}\b(?:stocks?|shares|"
                   r"crypto|trading|market)"),
    "personal": _rx(r"\b(?:home|house|condo|car|vehicle|boat|motorcycle|rv|camper|personal[\s-]*use|residence|"
                    r"furniture|jewelry)\b"),
    "worthless": _rx(r"worthless|bankrupt\w*|delisted|went\s+(?:to\s+)?zero|\bto\s+zero\b|\bzero\s+value|wiped\s+out|"
                     r"chapter\s+(?:7|11)|total\s+loss|out\s+of\s+business|went\s+under|went\s+bust|defunct|"
                     r"\$0\b|no\s+(?:longer\s+)?(?:has\s+)?value|valueless|penny\s+stock\s+died|still\s+trad\w*|"
                     r"partial(?:ly)?\s+(?:loss|worthless)|(?:almost|nearly)\s+worthless"),
    "nol": _rx(r"net\s+operating\s+loss\w*|\bnols?\b|form\s*1045|form\s*172\b|business\s+loss\w*|"
               r"operating\s+loss"),
    "closed": _rx(r"\bclos(?:ed|ing)\b|\bcash(?:ed)?\s+out\b|\bemptied\b|\bliquidat\w*|fully\s+distribut\w*"),
    "report": _rx(r"schedule\s*d\b|8949|schedule\s*[ce]\b|form\s*1045|\breport\w*|which\s+form|what\s+form|"
                  r"where\s+do\s+i\s+(?:put|enter|list)|line\s+\d+"),
    "capital_context": _rx(r"capital|stocks?|shares|\bsold\b|\bsell|securit|crypto|invest|brokerage|taxable\s+account|"
                           r"trad(?:e|ing)|etf|1099-?b|"
                           r"(?:short|long)[\s-]*term|"
                           r"fund|bond|options|carry"),
    "oos_state": _rx(r"\bstate\s+(?:tax\w*|return|income|level|law)|\bmy\s+state\b|\b(?:california|new\s+york|"
                     r"new\s+jersey|pennsylvania|massachusetts|illinois|oregon|minnesota|virginia|colorado|ohio|"
                     r"georgia|arizona|michigan|wisconsin|maryland|connecticut)\b|\bca\s+ftb|\bftb\b"),
    "oos_foreign": _rx(r"\brrsps?\b|\btfsa\b|canad\w*|foreign\s+(?:pension|retirement|account|ira)|\buk\s+(?:pension|"
                       r"isa)|\bisa\b|superannuation|\bsipp\b|mexican\s+afore|\bafore\b"),
    "oos_advice": _rx(r"should\s+i\s+(?:buy|sell|invest|move|put|hold|dump|switch|keep|get\s+out)\b"
                      # "should I put my 401k loss on Schedule E?" is a reporting question, not investment advice
                      r"(?![^.?!]{0,40}\b(?:loss(?:es)?|schedule|form|line|return)\b)|(?:what|which)\s+(?:stocks?|"
                      r"funds?|etfs?|coins?|crypto\w*)\s+should|best\s+(?:investment|fund|stock|etf|portfolio|"
                      r"coin|crypto\w*)|recommend\s+(?:a|an|some)?\s*"
                      r"(?:stock|fund|etf|investment)|good\s+investment|is\s+now\s+a\s+good\s+time|market\s+(?:going|"
                      r"recover)|will\s+(?:the\s+)?(?:market|stocks?)"),
    "oos_future": _rx(r"will\s+(?:congress|the\s+irs|they|lawmakers|the\s+law|the\s+government|trump|the\s+rule)|"
                      r"going\s+to\s+(?:change|come\s+back|bring\s+back|restore)|bring\s+back|\brestore|future\s+"
                      r"(?:law|legislation|rules?)|in\s+20[3-9]\d|ever\s+(?:come\s+back|be\s+deductible|again)|"
                      r"predict"),
    "oos_prepare": _rx(r"prepare\s+my\s+(?:return|taxes)|do\s+my\s+(?:taxes|return)|fill\s+(?:out|in)\s+my|"
                       r"file\s+my\s+(?:return|taxes)\s+for\s+me|(?:figure|calculate|compute)\s+my\s+(?:whole|entire|"
                       r"total)\s+(?:tax|return|refund)|how\s+much\s+(?:will\s+i\s+owe|tax\s+will\s+i|refund)"),
    # a return prepared or computed for the asker, named plainly enough to be out of scope even with no rule topic
    "oos_prepare_plain": _rx(r"prepare\s+my\s+(?:\w+\s+)?(?:return|taxes)|\bdo\s+my\s+(?:\w+\s+)?(?:taxes|return)\b|"
                             r"fill\s+(?:out|in)\s+my\s+(?:\d{4}\s+)?(?:1040|(?:tax\s+)?return|taxes)|"
                             r"file\s+my\s+(?:\w+\s+)?(?:return|taxes)\s+for\s+me|(?:figure|calculate|compute|work)\s+"
                             r"(?:out\s+)?my\s+(?:whole\s+|entire\s+|total\s+)?(?:tax\s+bill|taxes|refund|return)|"
                             r"what\s+(?:will|would)\s+my\s+refund\s+be|how\s+(?:much|big)\s+(?:will|would)\s+(?:my\s+"
                             r"refund|i\s+(?:owe|get\s+back))"),
    # any tax or money vocabulary at all: without it a question is not a tax question (e.g. a recipe)
    "taxish": _rx(r"tax|\birs\b|deduct|write[\s-]*off|\bira|roth|401|403|457|\bloss|\blost\b|\bgains?\b|income|"
                  r"refund|return|credit|\bw-?2\b|1099|1040|schedule|\bform|\bfil(?:e|ed|ing)\b|stock|share|invest|"
                  r"capital|dividend|interest|basis|contribut|distribut|withdr[ae]w|\brmds?\b|retire|pension|annuit|"
                  r"account|broker|fund|\betf|bond|crypto|bitcoin|\bsold\b|\bsell|\bsale|\bbuy|bought|wash|conver|"
                  r"recharacteri|\bnols?\b|business|salary|wage|\bagi\b|itemiz|standard|exempt|penalt|audit|estate|"
                  r"gift|trust|mortgage|\bhome|house|property|rent|charit|donat|medical|expense|payroll|\bhsa\b|\b529\b|"
                  r"social\s+security|medicare|spouse|married|single|head\s+of\s+household|dependent|\bchild|"
                  r"money|\bpay|paid|owe|\bdebt|\bloan|\bcar\b|vehicle|\$|\d|what\s+about|what\s+if|instead"),
    "misc": _rx(r"miscellaneous\s+(?:itemized\s+)?deductions?|\bmisc\.?\s+(?:itemized\s+)?deductions?|"
                r"\b2\s*(?:%|percent)\s*(?:-?\s*of\s*-?\s*(?:agi|adjusted\s+gross\s+income)\s*)?(?:floor|limit\w*|rule|threshold)|"
                r"two[\s-]*percent\s+(?:floor|limit\w*|rule|threshold)"),
    # casualty/theft, business or rental use, or a profit-seeking purpose: other rules, not the personal-use one
    "not_personal": _rx(r"rental|\brent(?:ed|ing)?\s+(?:it\s+)?out|landlord|tenant|business|\bfor\s+work\b|"
                        r"casualty|theft|stolen|\bfires?\b|hurricane|flood|disaster|totaled|accident|insurance|"
                        r"home\s+office|investment\s+property|inherit\w*|section\s+1231|depreciat\w*"),
    # a fall in value of something still held (no sale): the words people use for a paper loss
    "unrealized": _rx(r"unrealiz\w*|paper\s+loss\w*|(?:haven'?t|have\s+not|not\s+(?:yet\s+)?|never|didn'?t)\s+"
                      r"(?:yet\s+)?(?:sold|sell)|still\s+(?:hold|own|have)\w*|(?:is|are|was|were|went|been)\s+down\b|"
                      r"\bdown\s+(?:\d|\$|about|around|nearly|almost|over|by|a\s+lot|big)|lost\s+(?:\d+\s*%\s+of\s+its\s+)?value|"
                      r"\b(?:dropped|fell|fallen|sank|plummet\w*|crash\w*|tank\w*|declin\w*)\b|underwater|in\s+the\s+red|"
                      r"(?:market|account)\s+value|\blosing\s+(?:stocks?|shares|positions?|investments?|funds?|etfs?|trades?)"),
    # held in a taxable account: stocks, funds, a brokerage account or portfolio (not a retirement account)
    "holding": _rx(r"stocks?|shares|portfolio|brokerage|investments?|crypto\w*|bitcoin|\bfunds?\b|\betfs?\b|bonds?|"
                   r"positions?|holdings|securit\w*|the\s+market"),
}

_LESS = _rx(r"\bless\b|under\s+what")  # "got less for it than I paid"
# a sale that happened ("sold", "sell"), not one denied ("haven't sold", "not yet sold", "didn't sell")
_REALISED = _rx(r"(?<!n't )(?<!not )(?<!yet )(?<!never )\b(?:sold|sell|selling|sells|sale|traded|cashed\s+out|"
                r"closed\s+(?:the\s+|my\s+)?position)\b")
_SOLD = _rx(r"\bsold\b|\bsell|\bsale\b")


def has(concept: str, text: str) -> bool:
    return bool(C[concept].search(text))


def _gates(text: str, purchase_in_retirement: bool) -> dict[str, bool]:
    ret = has("ret", text)
    # closing the account and asking what to deduct is a loss question even without the word "loss"
    loss = has("loss", text) or (has("closed", text) and bool(re.search(r"deduct|write[\s-]*off|claim", text, re.IGNORECASE)))
    ret_or_purchase = ret or purchase_in_retirement
    return {
        "recharacterization": has("rechar", text) and (has("convert", text) or has("ret", text)
                                                       or "contribution" in text.lower()),
        "roth_conversion_loss": has("convert", text) and (has("loss", text) or has("worthless", text)) and ret,
        "loss_against_nol": ret and loss and has("nol", text),
        "report_retirement_loss": ret and loss and has("report", text),
        # any wash sale: a purchase in an IRA (Rev. Rul. 2008-5), a 401(k) (unsettled), a spouse's or the same
        # taxable account (IRC 1091); a purchase in the IRA BEFORE a taxable sale at a loss counts too
        "wash_sale_ira": (has("wash", text) and (ret_or_purchase or has("capital_context", text)
                                                  or bool(re.search(r"wash[\s-]*sale|wash\s+rule", text, re.IGNORECASE))))
        or (purchase_in_retirement and has("loss", text) and bool(re.search(r"\bsold\b|\bsell", text, re.IGNORECASE))),
        "loss_offset_gains": ret and loss and has("capgain", text) and has("deduct", text),
        "worthless_security": has("worthless", text) and (has("capital_context", text) or ret),
        "retirement_loss": ret and loss,
        "nol_basics": has("nol", text) and not ret,
        "misc_itemized": has("misc", text),
        # stocks or a portfolio that fell in value but were not sold: nothing to deduct yet
        "unrealized_loss": has("unrealized", text) and has("holding", text) and has("deduct", text) and not ret
        and not _REALISED.search(text) and not has("worthless", text) and not has("wash", text),
        # selling the car or home at a loss (not a casualty, not business or rental use)
        "personal_use_loss": has("personal", text) and (loss or bool(_LESS.search(text)))
        and (has("deduct", text) or bool(_SOLD.search(text))) and not has("not_personal", text) and not ret,
        "capital_loss_limit": has("caploss", text) and has("capital_context", text) and not has("personal", text),
    }


# Most specific first: when several gates pass, the first wins unless semantics clearly disagree.
ORDER = ("recharacterization", "roth_conversion_loss", "loss_against_nol", "report_retirement_loss", "wash_sale_ira",
         "loss_offset_gains", "worthless_security", "retirement_loss", "nol_basics", "misc_itemized",
         "personal_use_loss", "unrealized_loss", "capital_loss_limit")
OUT_OF_SCOPE_KINDS = ("oos_foreign", "oos_state", "oos_future", "oos_prepare", "oos_advice")


@dataclass(frozen=True)
class IntentMatch:
    intent: str | None  # None when nothing matched
    confidence: float
    similarity: float
    gated: tuple[str, ...]
    out_of_scope: str | None  # which out-of-scope kind was named (state, foreign, ...)


@lru_cache(maxsize=1)
def _example_matrix() -> tuple[list[str], object]:
    import numpy as np

    from app.embeddings import get_embedder

    labels = [intent for intent, phrases in EXAMPLES.items() for _ in phrases]
    texts = [p for phrases in EXAMPLES.values() for p in phrases]
    return labels, np.asarray(get_embedder().embed_documents(texts), dtype="float32")


@lru_cache(maxsize=1024)  # UI reruns and evals repeat questions; the embedder call is the whole cost
def similarities(text: str) -> dict[str, float]:
    """Best cosine similarity of `text` to each intent's example phrasings."""
    import numpy as np

    from app.embeddings import get_embedder

    labels, matrix = _example_matrix()
    q = np.asarray(get_embedder().embed_query(text), dtype="float32")
    sims = matrix @ q  # type: ignore[operator]
    best: dict[str, float] = {}
    for label, s in zip(labels, sims.tolist()):
        best[label] = max(best.get(label, -1.0), float(s))
    return best


def warm() -> None:
    """Load the embedder and embed the examples now (the UI / CLI call this once at start-up)."""
    _example_matrix()


_QUESTION_SENTENCE = re.compile(r"[^.?!]*\?")


def focus(text: str, limit: int = 300) -> str:
    """What similarity is measured on: a long story's question sentences (the embedding costs ~0.2 ms a token, and
    the examples are questions), the text itself when short or when it asks nothing with a question mark."""
    if len(text) <= limit:
        return text
    asked = " ".join(m.group(0).strip() for m in _QUESTION_SENTENCE.finditer(text))
    return (asked or text)[-limit:]


def classify(text: str, *, purchase_in_retirement: bool = False) -> IntentMatch:
    gates = _gates(text, purchase_in_retirement)
    gated = tuple(i for i in ORDER if gates[i])
    oos = next((k.removeprefix("oos_") for k in OUT_OF_SCOPE_KINDS if has(k, text)), None)
    if oos in ("state", "future") and not (gated or has("ret", text) or has("loss", text)):
        oos = None
    if oos == "prepare" and not (gated or has("ret", text) or has("loss", text) or has("oos_prepare_plain", text)):
        oos = None  # "how do I fill out my Form 8606?" is a how-to question for retrieval, not return preparation
    sims = similarities(focus(text))
    if gated:
        choice = gated[0]
        rival = max(gated, key=lambda i: sims.get(i, 0.0))
        if sims.get(rival, 0.0) - sims.get(choice, 0.0) > OVERRIDE_MARGIN:
            choice = rival
        sim = sims.get(choice, 0.0)
        confidence = min(1.0, 0.6 + 0.4 * max(0.0, sim))
        return IntentMatch(choice, confidence, sim, gated, oos)
    best = max(sims, key=lambda i: sims[i])
    sim = sims[best]
    words = re.findall(r"[a-z]{2,}", text, re.IGNORECASE)
    if not oos and not has("taxish", text) and sim < OFFTOPIC_MAX_SIM and len(words) >= 2:
        oos = "offtopic"  # no tax or money word and far from every example: not a tax question at all
    if oos:
        return IntentMatch("out_of_scope", 0.8, sim, gated, oos)
    if best != "none" and sim >= SEMANTIC_ONLY_MIN:
        return IntentMatch(best, 0.75 * sim + 0.1, sim, gated, None)
    return IntentMatch(None, 0.75 * max(0.0, sim) if best != "none" else 0.0, sim, gated, None)
