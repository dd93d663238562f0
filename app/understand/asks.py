"""Every question in a message, in order, with its kind and the way a yes or no must be read.

"Is that taxable or hit by the 10%, and could I deduct the $5,200?" is three asks (taxable, penalty,
deduct). Each ask keeps its polarity: "Is it too late?" is answered "No" when there is still time, "Is it tax-free?"
"Yes" when it is not taxable, "Is that right?" "No" when the claim it checks is wrong. A message with no question at
all ("My IRA lost $20k in 2022.") asks the product's question: can I deduct it?
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.understand import text as T

KINDS = ("capability", "forecast", "advice", "deduct", "taxable", "penalty", "deadline", "how_much", "report", "confirm",
         "remedy", "explain", "what_if", "yesno")


def _rx(p: str) -> re.Pattern[str]:
    return re.compile(p, re.IGNORECASE)


_INTERROGATIVE = _rx(
    r"^\W*(?:(?:ok(?:ay)?|so|and|but|also|then|now|well|hmm|ugh|oh|plus|one\s+more|quick\s+one|question|if\s+(?:not|so))\W+)*"
    r"(?:(?:in|for|by|at|on|to|with|from|under|after|before)\s+)?"
    r"(?:can|could|do|does|did|is|are|was|were|will|would|should|shall|may|might|am|have|has|had|how|what|when|where|"
    r"which|who|why|whats|what's|is\s+there|if|any)\b")
# a request put as an order: "Please fill in my Schedule D.", "Just e-file our 2025 return."
_DO_FOR_ME = (r"^\W*(?:please\s+)?(?:just\s+)?(?:file|e-?file|fill\s+(?:in|out)|prepare|complete|submit|do)\s+"
              r"(?:my|our|the)\s+(?:\w+\s+){0,2}?(?:return|taxes|schedule|form|8949|1040|1040-x|amendment)")
_REQUEST = _rx(_DO_FOR_ME + r"|^\W*(?:please\s+)?(?:tell|explain|help|show|figure|calculate|compute|let\s+me\s+know|walk\s+me)\b|"
               r"\b(?:my|the)\s+(?:actual|real)\s+question\s+is\b|\bi(?:'d| would)\s+like\s+to\s+know\b|"
               r"\bi\s+(?:want|need)\s+to\s+know\b|\bwondering\b")
_TAG = _rx(r"\b(?:right|correct|true|accurate|legit|legal|ok|okay|allowed|fine)\s*\?+|,\s*(?:yes|no)\s*\?|\bcorrect\s*$")

KIND_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("capability", _rx(r"\b(?:can|could|would|will)\s+you\s+(?:just\s+|please\s+)?(?:\w+\s+)?(?:file|e-?file|fill|prepare|"
                       r"do\s+my|submit|complete|sign|amend|enter|send)\b|\bfor\s+me\b.*\b(?:file|e-?file|fill|prepare)\b|"
                       + _DO_FOR_ME)),
    # a guess at law not yet made: whether lawmakers will change a limit, the odds a bill passes
    ("forecast", _rx(r"\b(?:will|is|are|going\s+to|gonna)\s+(?:\w+\s+){0,3}?(?:congress|lawmakers|legislat(?:ors|ure)|"
                     r"the\s+government|the\s+(?:law|limit|cap|rule)|a\s+bill|the\s+bill)\s+(?:\w+\s+){0,3}?(?:raise|increase|bump|lift|"
                     r"change|index|repeal|extend|go\s+up)|\b(?:odds|chances?|likel(?:y|ihood)|probability)\b[^.?!]{0,60}?"
                     r"\b(?:pass(?:es|ed)?|raised?|raises|increase[sd]?|bump(?:s|ed)?|lift(?:s|ed)?|change[sd]?|indexed)\b|"
                     r"\b(?:limit|cap|threshold|rule|law)\b[^.?!]{0,60}?\b(?:gets?|will\s+be|going\s+to\s+be)\s+"
                     r"(?:raised|increased|bumped|lifted|indexed|changed|repealed)")),
    ("advice", _rx(r"\b(?:should\s+(?:i|we)|if\s+(?:i|we)\s+should)\s+(?:\w+\s+)?(?:sell|hold|buy|keep|dump|wait|delay)\b|"
                   r"\bwhat\s+would\s+you\s+do\b|"
                   r"\bis\s+(?:it|now)\s+a\s+good\s+(?:idea|time|investment)\b|\bworth\s+(?:buying|selling|holding)\b")),
    ("report", _rx(r"\bwhat\s+(?:form|forms|line|box)\b|\bwhich\s+(?:form|line|box|schedule)\b|\bwhere\s+(?:do|does|did|"
                   r"should|would|will)\s+(?:i|we|he|she|it|this|that)\b|\bhow\s+(?:do|did|should|would)\s+(?:i|we|he|"
                   r"she)\s+(?:report|claim|show|enter|handle)\b|\bwhat\s+(?:exactly\s+)?do\s+(?:i|we)\s+(?:\w+ly\s+)?"
                   r"(?:put|enter|write|report|fill)\b|\bwhat\s+goes\s+on\b|\b(?:need|have\s+to)\s+(?:to\s+)?(?:file|use|"
                   r"fill\s+out|attach)\s+(?:a\s+|an\s+)?(?:form\s+)?\d{4}|\bdo\s+(?:i|we)\s+need\s+(?:form\s+)?\d{4}|"
                   r"\bwhat\s+form\s+does|\bgo(?:es)?\s+on\s+(?:which|what)|\b(?:put|report|enter)\s+(?:it|this|that|the\s+"
                   r"\w+|my\s+\w+(?:\s+\w+)?)\s+on\s+(?:schedule|form|line|my\s+(?:return|1040))")),
    ("deadline", _rx(r"\btoo\s+late\b|\b(?:can|could)\s+(?:i|we|he|she)\s+still\b|\bis\s+there\s+(?:still\s+)?time\b|"
                     r"\bdeadline\b|\bby\s+when\b|\bhow\s+long\s+do\s+(?:i|we)\s+have\b|\bstill\s+(?:fix|amend|undo|"
                     r"recharacteri|file|claim)\w*")),
    ("penalty", _rx(r"penalt|\b10\s*%|\b25\s*%|additional\s+tax|early[\s-]+(?:withdrawal|distribution)|penalized")),
    ("taxable", _rx(r"\btax\s+(?:and|&|or)\s+penalty[\s-]*free\b|\btaxable\b(?!\s+(?:account|brokerage|acct|income\s+(?:before|of|is|was)))|\btax[\s-]*free\b|\bnon-?taxable\b|\bowe\s+(?:any\s+)?(?:income\s+)?tax|\bpay\s+"
                    r"(?:any\s+)?(?:income\s+)?tax(?:es)?\b|\btaxed\b|\bincome\s+tax\b|\btax\s+on\b|\bas\s+income\b|"
                    r"\bowe\s+(?:anything|tax/penalty|tax)\b|\btrigger\s+tax\b|\bhit\s+with\s+tax\b|\bincome\s+on\b")),
    ("how_much", _rx(r"\bhow\s+much\b|\bhow\s+many\b|\bwhat\s+(?:do|can|could|would|will|did)\s+(?:i|we|he|she)\s+"
                     r"(?:deduct|owe|use|get|claim|have\s+left|carry)\b|\bwhat'?s\s+left\b|\bwhat\s+is\s+left\b|"
                     r"\bwhat\s+(?:exactly\s+)?carries\b|\bwhat\s+(?:happens|happened)\s+to\s+(?:the\s+)?(?:rest|"
                     r"remaining|remainder|leftover|excess|other)\b|\bwhere\s+(?:does|do)\s+(?:my|our|the)\s+"
                     r"carryover\s+stand|\bhow\s+far\s+back\b|\blo\s+que\s+sobra\b|\bwhat\s+carries\b|\banything\s+left\b|"
                     r"\bwhat\s+do\s+(?:i|we)\s+deduct\b")),
    ("deduct", _rx(r"\bdeduct\w*|\btake\s+(?:\S+\s+){0,3}as\s+(?:a\s+|an\s+)?(?:[\w-]+\s+)?(?:expense|deduction|loss|"
                   r"write-?off)|\buse\s+(?:\S+\s+){0,3}against\b|\bwrite[\s-]*(?:\S+\s+){0,3}?off\b|\bwritten\s+off\b|\bwrite-?off\b|"
                   r"\bclaim\s+(?:a|the|it|that|this|an|any|some|my|his|her)\b|\bclaim\s+(?:the\s+)?(?:\$|loss)|"
                   r"\btake\s+(?:a|the|that)\s+(?:loss|deduction)\b|\bloss\s+to\s+claim\b|\boffset\w*\b|\bcount\s+against\b|"
                   r"\blower\w*\s+(?:my|our|his|her)\s+(?:\d{4}\s+)?tax|\btax\s+(?:break|benefit)\b|\bsoak\w*\s+up\b|"
                   r"\bwipe\w*\s+out\b|\bcancel\w*\s+out\b|\buse\s+(?:the|that|this|my|his|her|it)\s+(?:\w+\s+)?"
                   r"(?:loss|carryover|\$)|\bharvest\b|\bcarry\s+(?:it|the\s+loss|that)\s+(?:forward|back)|"
                   r"\badd\s+(?:the\s+)?\$[\d,]+\s+to\s+the\s+nol|\bdeductible\b|\bdie\s+with\b|"
                   r"\bkeep\s+using\b|\bstill\s+(?:use|claim)\b")),
    ("confirm", _rx(r"\bis\s+(?:that|this|it|he|she)\s+(?:\w+\s+)?(?:right|correct|true|accurate|how\s+it\s+works|legit|"
                    r"allowed|legal|ok|okay)\b|\bis\s+it\s+true\b|\bwas\s+(?:that|he|she|it)\s+right\b|\bam\s+i\s+right\b|"
                    r"\b(?:that|this)\s+(?:is\s+)?how\s+it\s+works\b|\bis\s+he\s+right\b|\bdoes\s+that\s+mean\b|"
                    r"\bso\s+(?:my|i|the|it|that)\b.*\b(?:right|correct)\b|\bright\s*\?+|\bcorrect\s*[,?]")),
    # "What are my options?", "how do I fix it?": what can still be done, answered by the rule that found the problem
    ("remedy", _rx(r"\b(?:what|which)\s+(?:are\s+)?(?:my|our|the|his|her)\s+(?:options|choices|next\s+steps)\b|"
                   r"\bwhat\s+(?:can|could|should|do)\s+(?:i|we|he|she)\s+(?:still\s+)?do\b|\bhow\s+(?:do|can|could|"
                   r"should)\s+(?:i|we|he|she)\s+(?:fix|correct|undo|repair|cure)\b|\bwhat\s+now\b|\bany\s+way\s+"
                   r"to\s+(?:fix|undo|correct)\b|\bhow\s+to\s+(?:fix|correct|undo)\b")),
    ("explain", _rx(r"^\W*(?:\w+\W+){0,3}(?:how|why)\b(?!\s+(?:much|many|long|far|do\s+i\s+(?:report|claim|show)))|"
                    r"\bhow\s+(?:was|is)\s+that\s+(?:even\s+)?possible|\bwhat\s+happens\b(?!\s+to\s+the\s+(?:rest|"
                    r"remaining))|\bwhat\s+(?:does|did)\s+(?:that|this|it)\s+mean\b")),
    ("what_if", _rx(r"^\W*(?:(?:ok(?:ay)?|so|and|but|one\s+more|also|then|now|ugh|hmm)\W+)*(?:what|and)\s+if\b|"
                    r"^\W*(?:(?:ok(?:ay)?|so|and|but)\W+)*if\s+(?:i|we|he|she|it|that|the|my|our)\b|\bwhat\s+about\b|"
                    r"\binstead\b|\bsay\s+(?:we|i)\b|\bsuppose\b|\bif\s+i\s+had\b|\bthe\s+year\s+after\b|"
                    r"\bnext\s+year\b\s*\?")),
]
_INVERT_TAXABLE = _rx(r"\btax[\s-]*free\b|\bnon-?taxable\b|\bnot\s+taxable\b|\bnone\s+of\s+(?:it|the)\b.*\btaxable\b|"
                      r"\btax\s+(?:and|&)\s+penalty[\s-]*free\b|\bno\s+(?:income\s+)?tax(?:es)?\s+(?:on|at\s+all|due)\b")
# the question states the penalty's absence: "so there's no early withdrawal penalty, right?", "penalty-free?"
_INVERT_PENALTY = _rx(r"\bno\s+(?:[\w-]+\s+){0,2}(?:penalt\w*|10\s*%)|\bpenalty[\s-]*free\b|\bwithout\s+(?:a|the|any)\s+"
                      r"(?:[\w-]+\s+){0,2}penalt|\bavoid\w*\s+(?:the\s+)?(?:[\w-]+\s+){0,2}penalt|\bexempt\s+from\s+the\s+"
                      r"(?:10|penalt)|\bnot\s+(?:be\s+)?(?:subject\s+to|penalized)|\bescape\w*\s+the\s+(?:10|penalt)|"
                      # the penalty named, then denied: "the 10% penalty no longer applies", "...doesn't apply", "is waived"
                      r"(?:penalt\w*|10\s*%\s+\w+)\s+(?:[\w-]+\s+){0,3}?(?:no\s+longer|doesn'?t|does\s+not|won'?t|will\s+not|"
                      r"wouldn'?t|isn'?t|is\s+not)\s+(?:appl|count|hit|kick)|\bpenalt\w*\s+(?:is|was|gets|would\s+be)\s+waived|"
                      # the penalty's absence claimed: "I'm fine on the early withdrawal penalty", "I won't owe the 10%"
                      r"\b(?:fine|safe|ok(?:ay)?|clear|covered)\s+(?:on|from|with)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}(?:penalt|10\s*%)|"
                      r"\b(?:won'?t|don'?t|doesn'?t|do\s+not|will\s+not|shouldn'?t)\s+(?:have\s+to\s+)?(?:owe|pay|get\s+hit\s+with)"
                      r"\s+(?:the\s+|a\s+|any\s+)?(?:[\w-]+\s+){0,2}(?:penalt|10\s*%)")
_ALREADY_TAXED = _rx(r"\bmoney\s+i\s+already\s+paid\s+tax\b")
_STILL = _rx(r"\b(?:can|could)\s+(?:i|we|he|she)\s+still\b|\bis\s+there\s+(?:still\s+)?time\b|\bstill\s+(?:fix|amend|"
             r"undo|recharacteri|file|claim)")
_WHOLE = _rx(r"\b(?:whole|entire|full|all(?:\s+of)?\s+(?:the|my|his|her|it)|every)\b|\ball\s+(?:of\s+)?(?:the\s+)?\$?\d")


@dataclass
class Ask:
    index: int  # order in the message
    sentence: int  # index of the sentence in the case
    text: str
    kinds: list[str] = field(default_factory=list)  # most specific first
    inverted: bool = False  # "is it tax-free?" / "can I still...?": a yes means the opposite of the plain kind
    whole: bool = False  # "can I deduct the WHOLE $60,000?": partly allowed means no
    implicit: bool = False  # the message asked nothing: this is the product's question, "can I deduct it?"
    start: int = 0  # where the question starts in its sentence ("we cashed out for $21,000, can we write it off?")
    inherited: bool = False  # a what-if that re-asks the previous turn's question
    context: str = ""  # a bare question's subject: the statement before "Was that in time?"

    @property
    def subject(self) -> str:
        """What the question is about, for the rules that pick their asks by words: its own text, plus the statement
        it points back to when it has no words of its own ("Was it?", "Is that right?")."""
        return f"{self.context} {self.text}" if self.context else self.text

    @property
    def kind(self) -> str:
        return self.kinds[0] if self.kinds else "yesno"

    def is_(self, *kinds: str) -> bool:
        return any(k in self.kinds for k in kinds)

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "kinds": list(self.kinds), "inverted": self.inverted, "whole": self.whole,
                "implicit": self.implicit}


# a question typed without "?": it must open like one, with a person as the subject ("can I", "do we", "how much")
_BARE_QUESTION = _rx(
    r"^\W*(?:(?:ok(?:ay)?|so|and|but|also|then|now|well|hmm|plus|if\s+(?:not|so))\W+)*(?:how\s+(?:much|many|do|does|did|can|should|long|"
    r"far)|what|which|where|why|(?:can|could|do|does|did|should|would|will|is|are|was|were|am|may|must|have|has)\s+"
    r"(?:i|we|you|he|she|they|it|there|that|this)\b)")


_LEAD = re.compile(r"\b(?:can|could|do|does|did|is|are|was|were|will|would|should|how|what|which|why|where|may|am|"
                   r"have|has)\s+(?:i|we|you|he|she|they|it|there|that|this|my|the|much|many)\b", re.IGNORECASE)


def is_question(sentence: str) -> bool:
    s = sentence.strip()
    return "?" in s or bool(_REQUEST.search(s)) or (bool(_BARE_QUESTION.match(s)) and len(s) < 200)


def split_asks(sentence: str) -> list[str]:
    """One sentence may hold several questions: "Do I owe tax, and can I write off the $7k?"."""
    parts = re.split(r",?\s+(?:and|or|but|also|plus)\s+(?=(?:can|could|do|does|did|is|are|was|were|will|would|should|"
                     r"how|where|when|which|why|if\s+not)\b|what'?s\b|what\s+(?:do|does|did|is|are|was|happens|exactly|about|should|would|can|will|"
                     r"carries|goes)\b)|,\s+(?=(?:how\s+much|what\s+(?:do|happens|carries)|did|does|is\s+there)\b)|"
                     r"\?\s+(?=\S)|\s+\+\s*(?=is|are|can|what)", sentence, flags=re.IGNORECASE)
    out: list[str] = []
    for p in (p.strip() for p in parts if p and p.strip()):
        if out and _CONDITION_ONLY.match(out[-1]) and not out[-1].endswith("?") and "," not in out[-1]:
            out[-1] = f"{out[-1]}, {p}"  # "If she cashes it out, does she get a loss?": the if-clause is its condition
        else:
            out.append(p)
    return out


_CONDITION_ONLY = _rx(r"^\W*(?:(?:and|so|but|now)\s+)?(?:if|when|once|since|after|because|assuming)\b")
_WHOLE_COST = _rx(r"\bowe\s+anything\b|\bwhat\s+(?:will|would|does|did)\s+(?:it|this|that)\s+cost\b|\bcost\s+me\b|"
                  r"\bany\s+(?:tax|taxes)\s+(?:or|and)\s+(?:penalt\w*|10%)|\btax\s+consequences?\b|\bany\s+tax\s+issue")


def kinds_of(text: str) -> list[str]:
    found = [k for k, rx in KIND_PATTERNS if rx.search(text)]
    if _WHOLE_COST.search(text):  # "do I owe anything?" asks about the tax and the penalty
        found = [k for k in found if k not in ("taxable", "penalty", "yesno")] + ["taxable", "penalty"]
    if "capability" in found:
        return ["capability"]
    if "forecast" in found:
        return ["forecast"]
    if "advice" in found:
        return ["advice"] + [k for k in found if k in ("deduct", "taxable")]
    if "confirm" in found and "deduct" in found and re.search(r"\bi\s+can\b|\bcan\s+i\b|\bi\s+(?:get\s+to\s+)?deduct", text,
                                                               re.IGNORECASE):
        found.remove("confirm")  # "is it true I can deduct ...?" asks whether I can deduct
    if "how_much" in found and "deduct" in found:
        if re.search(r"\bdeduct\s+what'?s\s+left|\bdeduct\s+(?:the\s+)?rest\b", text, re.IGNORECASE):
            found.remove("how_much")
        else:
            found.remove("deduct")
    if "remedy" in found and "how_much" in found:
        found.remove("how_much")  # "what can I do?" is not "what can I deduct?"
    if "explain" in found and len(found) > 1:
        found.remove("explain")
    if "what_if" in found and len(found) > 1:
        found.remove("what_if")
        found.append("what_if")
    if found == ["what_if"] and re.match(r"\W*(?:can|could|may|do|does|is|should|would|will)\s+(?:i|we|he|she|it)\b",
                                         text, re.IGNORECASE):
        found.insert(0, "yesno")  # "can I just carry the whole $21,000 into 2025 instead?" asks something of its own
    return found or ["yesno"]


def find_asks(sents: list[T.Sentence], *, turn: int) -> list[Ask]:
    """The asks of one message (the sentences of `turn`), in order."""
    asks: list[Ask] = []
    statements: list[str] = []  # the statements before a question: what a bare "Is that right?" checks
    for s in sents:
        if s.turn != turn:
            continue
        if not is_question(s.text):
            statements.append(s.text)
            continue
        # what a bare "Is she right?" checks: the latest claim someone made, else the statement just before it
        claims = [t for t in statements if T.CLAIM.search(t)]
        before = claims[-1] if claims else statements[-1] if statements else ""
        for part in split_asks(s.text):
            kinds = kinds_of(part)
            if kinds == ["confirm"] and _BARE_CHECK.match(part) and before:
                # "A buddy says Roth money comes out contributions first, so it's tax and penalty free. Is that
                # right?": the check is about the claim's subject, so it asks what the claim asks
                kinds += [k for k in kinds_of(before) if k not in ("confirm", "yesno", "explain", "what_if")]
                part_for_polarity = before + " " + part
            else:
                part_for_polarity = part
            if kinds == ["yesno"] and not _REQUEST.search(part) and not _TAG.search(part) and not _INTERROGATIVE.match(
                    part) and (not part.rstrip().endswith("?") or len(part) > 80):
                continue  # a statement, even one ending in "??" ("...so I think I wasn't allowed at all??")
            if "taxable" in kinds and _ALREADY_TAXED.search(part):
                kinds = ["taxable"] + [k for k in kinds if k != "taxable"]
            offset = s.text.find(part)
            lead = _LEAD.search(part)
            start = max(0, offset) + (lead.start() if lead and lead.start() > 0 and re.search(
                r"[,;:-]\s*$", part[:lead.start()]) else 0)
            bare = len(re.findall(r"[a-z]+", part, re.IGNORECASE)) <= 6 and not re.search(r"\d", part)
            asks.append(Ask(len(asks), s.index, part, kinds,
                            inverted=_inverted(part_for_polarity, kinds),
                            whole=bool(_WHOLE.search(part)), start=start,
                            context=" ".join(statements[-2:]) if bare else ""))  # "...I undid it. He says fine. Was it?"
    return asks


_BARE_CHECK = _rx(r"^\W*(?:(?:so|and|but|ok(?:ay)?)\W+)?(?:is|was|isn'?t|wasn'?t)\s+(?:that|this|it|he|she|they)\s+(?:\w+\s+)?"
                  r"(?:right|correct|true|accurate|legit|allowed|ok|okay)\W*$|^\W*(?:right|correct|true)\W*$")


def _inverted(part: str, kinds: list[str]) -> bool:
    """Does the question name the negative of what its kind asks ("tax-free?", "no penalty, right?", "still time?")."""
    if "taxable" in kinds and _INVERT_TAXABLE.search(part):
        return True
    if "penalty" in kinds and _INVERT_PENALTY.search(part):
        return True
    if "deadline" in kinds and re.match(r"\W*(?:can|could|may)\s+(?:i|we|he|she)\b", part, re.IGNORECASE):
        return True  # "Can I recharacterize it, and by when?" asks whether it is still possible
    return "taxable" not in kinds and bool(_STILL.search(part))


def implicit_ask(sentence: int) -> Ask:
    return Ask(0, sentence, "Can I deduct it?", ["deduct"], implicit=True)
