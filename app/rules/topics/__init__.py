"""Topic rules: each module of this package (but `common`) has a `RULES` list of functions that read the case and the
asks and return findings. Adding a topic means adding one module here, its facts in app/rules/facts and its cases in
evals/suites; nothing else changes. Modules are loaded in name order; the order does not matter (a finding's weight
decides which speaks first for an ask)."""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from functools import lru_cache

from app.rules.finding import Finding
from app.understand.asks import Ask
from app.understand.case import Case

Rule = Callable[[Case, list[Ask]], list[Finding]]


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    found: list[Rule] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name == "common":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.extend(getattr(module, "RULES", ()))
    return tuple(found)


def run(case: Case, asks: list[Ask]) -> list[Finding]:
    """Every finding every rule reaches on this case."""
    found: list[Finding] = []
    for rule in rules():
        found.extend(rule(case, asks))
    return found
