"""The guard: checks model-written text before a user sees it.

1. Removes every sentence that contradicts a rule fact (`app.rules.find_contradictions`), e.g. "an IRA loss offsets
   capital gains" or "IRA losses are deductible in 2020".
2. Keeps only citations to passages that were actually retrieved ([n] for the n-th passage given to the model, or a
   chunk id); unknown ones are dropped from the text.
3. When the source article is cited, labels it the lowest authority and adds the line saying where it conflicts with
   the IRS (`article_conflict`), citing the IRS text.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from app.text import fold_typography, sentences
from app.types import AUTHORITY_ARTICLE, Citation, Passage

Contradicts = Callable[[str, int], list[str]]

ARTICLE_LABEL = "(web article, lowest authority; not IRS guidance)"

_MARKER = re.compile(r"\[([^\]\n]{1,60})\]")
_CHUNK_ID = re.compile(r"^[\w.-]+:\w+$")


@dataclass
class GuardResult:
    text: str
    cited: list[Passage] = field(default_factory=list)  # in order of first citation
    removed: list[str] = field(default_factory=list)  # the removed sentences (model text, shown in debug only)
    rule_ids: list[str] = field(default_factory=list)  # rule facts they contradicted
    dropped_citations: list[str] = field(default_factory=list)


def default_contradicts(sentence: str, tax_year: int) -> list[str]:
    from app.rules import find_contradictions  # the one place for tax facts

    # Folded first: the rules' patterns are ASCII, so a model's "won’t" would not read as a negation.
    return list(find_contradictions(fold_typography(sentence), tax_year))


def _resolve(token: str, passages: list[Passage]) -> Passage | None:
    token = token.strip()
    if token.isdigit():
        n = int(token)
        return passages[n - 1] if 1 <= n <= len(passages) else None
    for p in passages:
        if p.chunk_id == token:
            return p
    return None


def _is_citation(inner: str) -> bool:
    parts = [t.strip() for t in inner.split(",")]
    return all(t.isdigit() or _CHUNK_ID.match(t) for t in parts if t) and any(parts)


def check_citations(text: str, passages: list[Passage]) -> tuple[str, list[Passage], list[str]]:
    """Rewrite [n]/[id] markers keeping only retrieved ones; returns (text, cited passages, dropped markers)."""
    cited: list[Passage] = []
    dropped: list[str] = []

    def fix(m: re.Match[str]) -> str:
        inner = m.group(1)
        if not _is_citation(inner):
            return m.group(0)  # "[SSN removed]", "[sic]": not a citation
        keep: list[str] = []
        for token in (t.strip() for t in inner.split(",")):
            p = _resolve(token, passages)
            if p is None:
                dropped.append(token)
                continue
            if p not in cited:
                cited.append(p)
            keep.append(str(cited.index(p) + 1))
        return "[" + ", ".join(dict.fromkeys(keep)) + "]" if keep else ""

    out = _MARKER.sub(fix, text)
    return re.sub(r"[ \t]+([.,;])", r"\1", re.sub(r"[ \t]{2,}", " ", out)).strip(), cited, dropped


def guard_text(
    text: str, passages: list[Passage], *, tax_year: int, contradicts: Contradicts | None = None
) -> GuardResult:
    """Remove contradicting sentences, then renumber citations to the retrieved passages actually cited."""
    check = contradicts or default_contradicts
    kept: list[str] = []
    result = GuardResult(text="")
    for sent in sentences(text):
        ids = check(_MARKER.sub(" ", sent), tax_year)
        if ids:
            result.removed.append(sent)
            result.rule_ids.extend(i for i in ids if i not in result.rule_ids)
        else:
            kept.append(sent)
    result.text, result.cited, result.dropped_citations = check_citations(" ".join(kept), passages)
    return result


def article_citations(citations: list[Citation]) -> bool:
    return any(c.authority >= AUTHORITY_ARTICLE for c in citations)


def label_article(citations: list[Citation]) -> list[Citation]:
    """Citations with the article's title marked as the lowest authority (IRS citations untouched)."""
    out = []
    for c in citations:
        if c.authority >= AUTHORITY_ARTICLE and ARTICLE_LABEL not in c.title:
            c = dataclasses.replace(c, title=f"{c.title} {ARTICLE_LABEL}")
        out.append(c)
    return out


def _overlap(a: str, b: str) -> float:
    wa, wb = set(re.findall(r"[a-z]{4,}", a.lower())), set(re.findall(r"[a-z]{4,}", b.lower()))
    return len(wa & wb) / len(wa) if wa else 0.0


def article_conflict(text: str) -> tuple[str, list[Citation]]:
    """The line saying where the article conflicts with the IRS, and the IRS authorities to cite for it.

    `text` is the cited article text (or the question about it): the claims it echoes are named; when it echoes
    none clearly, all of the article's wrong claims are. Claims and rebuttals live in app.rules.facts."""
    from app.rules.facts import ARTICLE_CLAIMS, FACTS

    claims = [c for c in ARTICLE_CLAIMS.values() if _overlap(c.quote, text) >= 0.6] or list(ARTICLE_CLAIMS.values())
    line = "Where the web article (lowest authority) conflicts with the IRS: " + " ".join(
        f'it says "{c.quote}", but {c.rebuttal[0].lower()}{c.rebuttal[1:]}' for c in claims
    )
    cites: list[Citation] = []
    for c in claims:
        for fid in c.fact_ids:
            for cite in FACTS[fid].citations() if fid in FACTS else []:
                if cite.page and cite not in cites:  # corpus pages first: a user can open them
                    cites.append(cite)
    return line, cites
