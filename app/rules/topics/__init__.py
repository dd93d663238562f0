"""Topic rules: each reads the case and the asks and returns findings. A topic is one module with a `RULES` list;
adding a topic means adding its module here, its facts in app/rules/facts and its cases in evals/suites."""
from __future__ import annotations

from collections.abc import Callable

from app.rules.finding import Finding
from app.rules.topics import inside_accounts
from app.understand.asks import Ask
from app.understand.case import Case

Rule = Callable[[Case, list[Ask]], list[Finding]]
RULES: list[Rule] = [*inside_accounts.RULES]


def run(case: Case, asks: list[Ask]) -> list[Finding]:
    """Every finding every rule reaches on this case."""
    found: list[Finding] = []
    for rule in RULES:
        found.extend(rule(case, asks))
    return found
