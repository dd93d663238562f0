"""The shapes of the law's data: an Authority (a citable source, with its corpus page and verbatim quote), a Fact
(a dated statement with its authorities and numbers) and an ArticleClaim (a claim of the source article, with its
rebuttal). The data itself lives in the sibling modules; app/rules/facts/__init__.py joins them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from app.types import AUTHORITY_IRS, Citation


@dataclass(frozen=True)
class Authority:
    """A citable source. Corpus documents carry the printed page and the PDF page (for #page= links)."""

    id: str
    doc_id: str
    title: str
    section: str = ""
    page: int | None = None
    pdf_page: int | None = None
    url: str = ""
    quote: str = ""  # verbatim from the cited PDF page (hyphens joined, whitespace collapsed); "" outside the corpus

    def citation(self) -> Citation:
        url = self.url
        if self.pdf_page:
            url = f"{url}#page={self.pdf_page}"
        return Citation(doc_id=self.doc_id, title=self.title, section=self.section, page=self.page, url=url,
                        quote=self.quote, authority=AUTHORITY_IRS, chunk_id=None)



@dataclass(frozen=True)
class Fact:
    id: str
    statement: str
    year_from: int | None  # first tax year the statement holds for (None = no lower bound)
    year_to: int | None  # last tax year (None = still in force)
    authorities: tuple[str, ...]
    numbers: dict[str, object] = field(default_factory=dict)

    def citations(self) -> list[Citation]:
        from app.rules.facts.authorities import AUTHORITIES  # the data imports this module, not the reverse

        return [AUTHORITIES[a].citation() for a in self.authorities]

    def holds_for(self, year: int) -> bool:
        return (self.year_from is None or year >= self.year_from) and (self.year_to is None or year <= self.year_to)




@dataclass(frozen=True)
class ArticleClaim:
    """One claim of the source article (lowest authority), quoted, with the rebuttal and the fact that refutes it."""

    id: str
    quote: str
    rebuttal: str
    fact_ids: tuple[str, ...]

    def conflict_line(self) -> str:
        """The one line an answer shows when the article says otherwise."""
        return f'The source article says "{self.quote}"; that is wrong: {self.rebuttal}'


def make_fact(id: str, statement: str, year_from: int | None, year_to: int | None, authorities: tuple[str, ...],
       **numbers: object) -> Fact:
    return Fact(id, statement, year_from, year_to, authorities, dict(numbers))


T = TypeVar("T")


def join_tables(kind: str, *tables: dict[str, T]) -> dict[str, T]:
    """One dict from several tables keyed by id, refusing an id defined twice (a plain merge would keep the last)."""
    joined: dict[str, T] = {}
    for table in tables:
        twice = joined.keys() & table.keys()
        if twice:
            raise ValueError(f"{kind} ids defined twice: {sorted(twice)}")
        joined.update(table)
    return joined
