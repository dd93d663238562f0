"""The one place for tax facts (this package): every rule's statement, the years it holds for, its authorities and its numbers.

The UI, the prompts, the evals and the guard read facts from here; nothing else in the project may restate a number
or a year. Corpus pages were checked by reading the PDFs in ../shared/corpus/irs (printed page; Pub 17 printed page =
PDF page - 2). Pre-2018 rules cite their own authorities (IRC 67(b), 408(d)(1), Notice 89-25, Pub 590-B editions
through 2017), never the 2025 text, which no longer has that section.
"""
from __future__ import annotations

from app.rules.facts.article import ARTICLE_CLAIMS, ARTICLE_DOC_ID
from app.rules.facts.authorities import AUTHORITIES
from app.rules.facts.distributions import DISTRIBUTION_FACTS
from app.rules.facts.investments import INVESTMENT_FACTS
from app.rules.facts.losses import LOSS_FACTS
from app.rules.facts.model import ArticleClaim, Authority, Fact, join_tables
from app.rules.facts.numbers import *
from app.rules.facts.numbers import CAPITAL_LOSS_LIMIT, CAPITAL_LOSS_LIMIT_MFS
from app.rules.facts.penalty_exceptions import EXCEPTION_SUMMARY, PENALTY_EXCEPTION_FACTS

# by_year() takes the first fact of a family that holds, so the loss families stay first and no other module may
# use their prefixes (tests/test_rules_facts.py checks both).
FACTS: dict[str, Fact] = join_tables("fact", LOSS_FACTS, DISTRIBUTION_FACTS, EXCEPTION_SUMMARY,
                                     PENALTY_EXCEPTION_FACTS, INVESTMENT_FACTS)

__all__ = ["ARTICLE_CLAIMS", "ARTICLE_DOC_ID", "AUTHORITIES", "FACTS", "ArticleClaim", "Authority", "Fact", "by_year",
           "capital_loss_limit", "fact"]


def fact(fact_id: str) -> Fact:
    return FACTS[fact_id]


def by_year(prefix: str, year: int) -> Fact:
    """The dated variant of a rule family (`ira-loss`, `roth-loss`, `plan-loss`, `misc-itemized`) for `year`."""
    for f in FACTS.values():
        if f.id.startswith(prefix + "-") and f.holds_for(year):
            return f
    raise KeyError(f"no {prefix} fact for {year}")


def capital_loss_limit(filing_status: str | None) -> int:
    return CAPITAL_LOSS_LIMIT_MFS if filing_status == "mfs" else CAPITAL_LOSS_LIMIT
