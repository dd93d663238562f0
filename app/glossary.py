"""Everyday words -> the IRS publications' own terms, for query expansion in retrieval.

Why: people ask "I lent my brother-in-law money and he never paid me back"; Pub 550 calls it a "nonbusiness bad
debt". Neither BM25 (no shared words) nor the small embedder (too far apart) bridges that gap reliably. A glossary is
cheap string work, readable, and reviewable: every right-hand side below is vocabulary of the corpus itself, taken
from the alphabetical indexes and section headings of Pubs 17, 550, 590-A and 590-B (2025). The left-hand sides are
the ways people describe the same thing.

An entry fires when one of its `when` patterns matches the lowercased question and, if it has `also` patterns, one of
those matches too (e.g. "son" only means a related-party sale when something is sold). Patterns are regular
expressions matched on word boundaries. The expansion only adds search terms; it never removes the user's words.

Keep entries general (a topic people ask about), never a copy of one test question.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from app.text import fold_typography


@dataclass(frozen=True)
class Entry:
    when: tuple[str, ...]  # any of these (regex, word-bounded) in the question ...
    terms: str  # ... adds these IRS terms to the search
    also: tuple[str, ...] = ()  # ... provided one of these matches as well (empty: no second condition)


# Reused pattern groups.
_SOLD = (r"sold", r"sell(ing|s)?", r"sale", r"trade[ds]?", r"dump(ed)?", r"got rid of", r"unload(ed)?")
_LOSS = (r"loss(es)?", r"lost", r"lose", r"less than (i|we) paid", r"for less", r"under water", r"underwater",
         r"write (it )?off", r"deduct(ible|ion)?")
_IRA = (r"ira'?s?", r"roth", r"401 ?\(?k\)?s?", r"403 ?\(?b\)?", r"457", r"tsp", r"retirement (account|plan|money|savings)",
        r"pension")
_FAMILY = (r"son", r"daughter", r"kids?", r"child(ren)?", r"brother", r"sister", r"mom", r"mother", r"dad", r"father",
           r"parents?", r"grand(ma|pa|mother|father|son|daughter|kids?|child(ren)?)", r"wife", r"husband", r"spouse",
           r"family", r"relatives?", r"sibling")

GLOSSARY: tuple[Entry, ...] = (
    # -- losses that are not on stock (Pub 550 ch. 4 "Nonbusiness Bad Debts", "Personal use property", "Loan guarantees",
    #    "Deposit in Insolvent or Bankrupt Financial Institution"; Pub 17 "Sale of personal items")
    Entry((r"lent", r"loan(ed)?", r"lend(ing)?", r"borrowed (money )?from me", r"owes? me", r"iou", r"paid? (me )?back",
           r"pay(ing)? (me )?back", r"repa(y|id)", r"stiffed"),
          "nonbusiness bad debts bad debt worthless debt short-term capital loss",
          also=(r"never", r"won'?t", r"didn'?t", r"not", r"can'?t", r"stopped", r"quit", r"refus\w*", r"default\w*",
                r"disappeared", r"bankrupt", r"owes?", r"deduct\w*", r"write (it )?off", r"loss")),
    Entry((r"co-?sign(ed|er)?", r"guarant(ee|or|eed)", r"vouched"), "loan guarantees guarantee a debt bad debt"),
    Entry((r"bank", r"credit union", r"savings (account|and loan)", r"deposits?"),
          "deposit in insolvent or bankrupt financial institution casualty loss nonbusiness bad debt",
          also=(r"fail(ed|ure)?", r"went under", r"collapsed?", r"bust", r"insolvent", r"bankrupt", r"closed", r"lost",
                r"never got")),
    Entry((r"car", r"truck", r"boat", r"rv", r"motorcycle", r"house", r"home", r"condo", r"furniture", r"jewelry",
           r"watch", r"collectibles?", r"personal (stuff|items?|belongings|property)", r"household"),
          "personal use property sale of personal items capital asset loss not deductible",
          also=_SOLD),
    Entry((r"scam(med)?", r"fraud", r"ponzi", r"stolen", r"theft", r"hacked", r"embezzl\w*"),
          "theft loss casualty losses Form 4684"),
    # -- stock that is gone (Pub 550 "Worthless Securities")
    Entry((r"bankrupt(cy)?", r"went (bust|under|belly up)", r"out of business", r"delisted", r"worth (nothing|zero)",
           r"worthless", r"went to zero", r"(totally|completely) (gone|wiped)", r"wiped out"),
          "worthless securities worthless stock treated as sold last day of the tax year",
          also=(r"stocks?", r"shares?", r"company", r"securit\w*", r"invest\w*", r"bonds?")),
    # -- who you sell to (Pub 550 "Related Party Transactions", "Losses on Sales or Trades of Property")
    Entry((r"(to|from|with) (my|our|a|his|her|their) (" + "|".join(_FAMILY) + r")",),
          "related party transactions members of your family loss not deductible", also=_SOLD),
    # -- wash sales (Pub 550 "Wash Sales", "substantially identical")
    Entry((r"(bought|buy|buying|rebought|repurchas\w*|got) (it |them |the (same )?(stock|shares?) )?back",
           r"same (stock|shares?|fund|etf|company)", r"within (30|thirty) days", r"rebuy", r"re-buy"),
          "wash sales substantially identical stock or securities disallowed loss"),
    # -- capital losses: limit, carryover, holding period, rates, reporting (Pub 550 ch. 4)
    Entry((r"carr(y|ied|ies)( it| them| the rest)? (forward|over)", r"next year", r"future years?", r"left ?over",
           r"unused", r"roll (it |them )?forward"),
          "capital loss carryover carry over worksheet", also=_LOSS),
    Entry((r"max(imum)?", r"limit", r"cap", r"how much", r"up to"), "limit on deduction capital losses 3000",
          also=(r"loss(es)?",)),
    Entry((r"long[- ]term", r"short[- ]term", r"(over|more than|less than|under) (a|one|1) year",
           r"how long (do|did|should|must) (i|you|we) (have to )?(hold|own|keep)", r"held (it |them )?for"),
          "holding period long-term short-term more than 1 year"),
    Entry((r"tax rates?", r"bracket", r"rate do (i|we) pay", r"how much tax"), "capital gain tax rates maximum capital gain rates",
          also=(r"gains?", r"stocks?", r"shares?", r"sold", r"sell", r"profit", r"long[- ]term", r"year")),
    Entry((r"where do (i|we) (put|report|enter)", r"which form", r"what form", r"how do (i|we) report"),
          "reporting capital gains and losses Form 8949 Schedule D"),
    Entry((r"small business", r"start-?ups?", r"private company", r"founder"),
          "section 1244 small business stock ordinary loss qualified small business stock"),
    Entry((r"crypto\w*", r"bitcoin", r"ethereum", r"nfts?", r"coins?", r"tokens?", r"stablecoins?"),
          "digital assets virtual currency"),
    Entry((r"day trad\w*", r"trade for a living", r"full-?time trader"), "traders in securities mark-to-market election"),
    Entry((r"short(ed| sell| selling| sale)", r"borrowed shares"), "short sales"),
    Entry((r"calls?", r"puts?", r"options?"), "options calls and puts", also=(r"stocks?", r"shares?", r"expired?", r"sold",
                                                                           r"bought", r"wrote", r"premium")),
    # -- basis: what you paid, gifts, inheritances, reinvested dividends (Pub 550 "Basis of Investment Property")
    Entry((r"cost", r"what (i|we) paid", r"paid for", r"purchase price", r"original price"),
          "basis cost basis adjusted basis"),
    Entry((r"gave (me|us)", r"gift(ed|s)?", r"given to (me|us)"), "property received as a gift donor's adjusted basis fair market value"),
    Entry((r"inherit\w*", r"passed away", r"died", r"death", r"left (me|us)", r"estate", r"deceased"),
          "inherited property fair market value on the date of death decedent beneficiary"),
    Entry((r"reinvest\w*", r"drip", r"automatic(ally)? invest\w*"),
          "reinvesting distributions dividend reinvestment plans mutual fund shares basis"),
    Entry((r"margin", r"borrow(ed)? to (buy|invest)", r"loan to (buy|invest)"), "investment interest interest on margin accounts"),
    Entry((r"fees?", r"advis[oe]r", r"financial planner", r"management fee", r"brokerage fee", r"custodial fee"),
          "investment expenses miscellaneous itemized deductions", also=(r"deduct\w*", r"write (it )?off", r"claim")),
    Entry((r"mutual funds?", r"etfs?", r"index funds?"), "mutual funds mutual fund shares"),
    Entry((r"amend\w*", r"too late", r"forgot to (claim|deduct|report)", r"fix (a|my|last year'?s) (past )?return",
           r"refund"), "Form 1040-X claim for refund amended return"),
    Entry((r"write[- ]?offs?", r"written off"), "deduct deduction"),
    # -- IRAs and workplace plans (Pubs 590-A, 590-B; Pub 17 ch. 9)
    Entry((r"401 ?\(?k\)?s?", r"403 ?\(?b\)?", r"457", r"tsp", r"pension",
           r"(work|job|workplace|company|employer)'?s? (plan|retirement)", r"(plan|retirement) (at|through) (work|my job)"),
          "employer plan employer's qualified retirement plan covered by an employer retirement plan"),
    Entry((r"roll(ed|ing)? (it |them |the money )?(over|into)", r"rollover", r"put (it|the money) back",
           r"re-?deposit", r"deposit (it|the money) (back|into)", r"move (it|the money|my|our)", r"transfer(red)?"),
          "rollover rollover contribution trustee-to-trustee transfer", also=_IRA + (r"distribution", r"withdr\w*",
                                                                                  r"check", r"roll\w*")),
    Entry((r"how long", r"deadline", r"how (many|much) (days|time)", r"days", r"in time", r"too late", r"missed"),
          "time limit for making a rollover contribution 60 days 60-day rollover period waiver",
          also=(r"roll\w*", r"re-?deposit", r"put (it|the money) back", r"deposit")),
    Entry((r"left (my|the|our) (old )?job", r"quit", r"changed jobs", r"new job", r"laid off", r"fired",
           r"old (employer|job|company)", r"retired from"),
          "rollover from employer's plan into an IRA direct rollover option", also=_IRA),
    Entry((r"undo", r"reverse", r"take (it )?back", r"cancel", r"changed? my mind", r"switch (it|them)( over)?",
           r"change (it|the contribution)", r"redo"),
          "recharacterization recharacterize recharacterizations of conversions", also=_IRA + (r"conver\w*",)),
    Entry((r"convert\w*", r"conversion", r"backdoor", r"move (it|my \w+) (in)?to (a |my )?roth"),
          "conversions converting to a Roth IRA conversion methods"),
    Entry((r"after[- ]tax", r"(couldn'?t|could not|didn'?t|did not|can'?t|cannot|not) (be )?deduct\w*", r"nondeductible",
           r"non-deductible", r"taxed twice", r"double tax\w*", r"already (paid|been taxed)"),
          "nondeductible contributions basis Form 8606 distributions fully or partly taxable", also=_IRA),
    Entry((r"too much", r"over the limit", r"over-?contribut\w*", r"excess", r"more than (i was )?allowed"),
          "excess contributions tax on excess contributions 6%", also=(r"contribut\w*", r"put (in|into)", r"deposit\w*")),
    Entry((r"how much", r"max(imum)?", r"limit", r"cap", r"allowed to put"),
          "how much can be contributed contribution limit", also=(r"contribut\w*", r"put (in|into)", r"save")),
    Entry((r"withdr\w*", r"distributions?", r"cash(ing)? (it )?out", r"(take|taking|pull|pulling|get) (\w+ )?(money )?out",
           r"(take|taking|pull|pulling) (money|cash) (out|from)", r"use (my|our|the) (\w+ )?(ira|roth|401 ?\(?k\)?|retirement)"),
          "additional tax on early distributions age 59½ rule exceptions",
          also=(r"penalt(y|ies)", r"10 ?(%|percent)", r"ten percent", r"early", r"before (59|retirement)", r"under 59",
                r"too young", r"not 59( yet)?", r"extra tax")),
    Entry((r"hospital", r"medical", r"doctor", r"surgery", r"health", r"illness", r"sick"),
          "unreimbursed medical expenses medical insurance exception", also=_IRA),
    Entry((r"college", r"tuition", r"school", r"university", r"education", r"student"),
          "qualified higher education expenses exception", also=_IRA),
    Entry((r"first (house|home)", r"buy (a |my |our )?(house|home)", r"down payment"),
          "first home qualified first-time homebuyer", also=_IRA),
    Entry((r"charit\w*", r"church", r"donat\w*", r"nonprofit", r"non-profit", r"give (it )?(away|to)"),
          "qualified charitable distributions QCD", also=_IRA),
    Entry((r"inherit\w*", r"passed away", r"died", r"death", r"left (me|us)", r"beneficiar\w*"),
          "inherited IRA what if you inherit an IRA beneficiary 10-year rule", also=_IRA),
    Entry((r"rmds?", r"have to (take|withdraw|start)", r"forced", r"required", r"must (take|withdraw)",
           r"minimum (withdrawal|distribution)"),
          "required minimum distributions required beginning date", also=_IRA + (r"age", r"withdraw\w*")),
    Entry((r"make too much", r"earn too much", r"income (is )?too high", r"income limits?", r"high income", r"(?!40[13]k|457k)\d{2,3}k",
           r"salary", r"(make|earn) (about|around|over)"),
          "modified AGI Roth IRA contribution limit reduced phaseout", also=(r"roth", r"ira", r"contribut\w*")),
    Entry((r"stay[- ]at[- ]home", r"stays? home", r"no (job|income|earnings|paycheck)", r"doesn'?t work",
           r"not working", r"homemaker", r"non-?working"),
          "Kay Bailey Hutchison spousal IRA limit spouse compensation", also=(r"wife", r"husband", r"spouse", r"partner")),
    Entry((r"collateral", r"borrow\w*", r"loan", r"pledg\w*"),
          "prohibited transactions pledging an account as security borrowing money", also=_IRA),
    Entry((r"divorc\w*", r"ex-?(wife|husband|spouse)", r"separat(ed|ion)"), "transfers incident to divorce", also=_IRA),
    Entry((r"tax[- ]free", r"qualified", r"5 years?", r"five years?"), "qualified distributions 5-year period",
          also=(r"roth",)),
    Entry((r"comes? out first", r"order", r"which money"), "ordering rules for distributions", also=(r"roth",)),
    Entry((r"lost money", r"lose money", r"went down", r"tanked", r"crash(ed)?", r"dropped", r"losing"),
          "loss on IRA investments recognizing losses", also=_IRA),
    # -- law changes
    Entry((r"big beautiful bill", r"obbba?", r"new (tax )?law", r"recent (tax )?(law|legislation)", r"tax bill"),
          "P.L. 119-21 One Big Beautiful Bill Act recent legislation"),
)


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[re.Pattern[str], re.Pattern[str] | None, str], ...]:
    def union(patterns: tuple[str, ...]) -> re.Pattern[str]:
        return re.compile(r"(?<![\w])(?:" + "|".join(patterns) + r")(?![\w])")

    return tuple((union(e.when), union(e.also) if e.also else None, e.terms) for e in GLOSSARY)


def expansion_terms(question: str) -> str:
    """The IRS terms the question's everyday words stand for ('' when no entry fires). Pure string work."""
    text = " ".join(fold_typography(question).lower().split())
    added: list[str] = []
    for when, also, terms in _compiled():
        if when.search(text) and (also is None or also.search(text)) and terms not in added:
            added.append(terms)
    return " ".join(added)
