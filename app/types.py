"""Plain data passed between modules: Passage (retrieved chunk), Citation, Answer.

Chroma metadata keys written by ingest and read by retrieval are listed once in CHUNK_METADATA_KEYS.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Verdict = Literal["yes", "no", "depends", "out_of_scope", "unknown"]
Source = Literal["rule", "retrieval", "llm"]

# Authority rank: 1 = statute/IRS publication (highest) ... 9 = the source web article (lowest).
AUTHORITY_IRS = 1
AUTHORITY_ARTICLE = 9

# Every chunk stored in Chroma carries exactly these metadata keys (Chroma metadata values must be scalars).
CHUNK_METADATA_KEYS = (
    "doc_id",  # manifest id, e.g. "p590b-2025"
    "title",  # document title
    "kind",  # irs_publication | article | ...
    "authority",  # int rank, see above
    "section",  # heading path joined with " > ", e.g. "Chapter 4 > Wash Sales"
    "page",  # printed page number (int; 0 when the document has no pages, e.g. the article)
    "pdf_page",  # 1-based PDF page index (int; 0 for non-PDF)
    "tax_year",  # int revision year of the document
    "url",  # official URL, with #page=<pdf_page> for PDFs
    "content_sha",  # sha256 of the chunk text (stable chunk identity)
)


@dataclass(frozen=True)
class Passage:
    chunk_id: str
    text: str
    doc_id: str
    title: str
    kind: str
    authority: int
    section: str
    page: int
    pdf_page: int
    tax_year: int
    url: str
    score: float = 0.0

    @classmethod
    def from_chroma(cls, chunk_id: str, text: str, meta: dict[str, Any], score: float = 0.0) -> Passage:
        return cls(
            chunk_id=chunk_id,
            text=text,
            doc_id=str(meta.get("doc_id", "")),
            title=str(meta.get("title", "")),
            kind=str(meta.get("kind", "")),
            authority=int(meta.get("authority", AUTHORITY_ARTICLE)),
            section=str(meta.get("section", "")),
            page=int(meta.get("page", 0)),
            pdf_page=int(meta.get("pdf_page", 0)),
            tax_year=int(meta.get("tax_year", 0)),
            url=str(meta.get("url", "")),
            score=score,
        )

    @property
    def is_article(self) -> bool:
        return self.kind == "article"

    def cite(self, quote: str | None = None) -> Citation:
        return Citation(
            doc_id=self.doc_id,
            title=self.title,
            section=self.section,
            page=self.page or None,
            url=self.url,
            quote=quote if quote is not None else self.text,
            authority=self.authority,
            chunk_id=self.chunk_id,
        )


@dataclass(frozen=True)
class Citation:
    """A source for a statement. For authorities outside the corpus (IRC sections, public laws, revenue rulings)
    doc_id names the authority (e.g. "IRC 1091"), page is None and chunk_id is None."""

    doc_id: str
    title: str
    section: str = ""
    page: int | None = None
    url: str = ""
    quote: str = ""
    authority: int = AUTHORITY_IRS
    chunk_id: str | None = None

    def label(self) -> str:
        where = f", p. {self.page}" if self.page else ""
        sec = f", {self.section}" if self.section else ""
        return f"{self.title}{sec}{where}"


@dataclass
class AskAnswer:
    """One question of the message and its own answer: "Is it too late?" gets "No" when there is still time."""

    question: str
    kinds: list[str]
    verdict: Verdict | None
    answer: str
    rule_ids: list[str] = field(default_factory=list)


@dataclass
class Answer:
    text: str
    verdict: Verdict
    source: Source
    tax_year: int | None
    rule_id: str | None = None
    citations: list[Citation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # One line when the source article claims otherwise, saying where and why it is wrong (None otherwise).
    article_conflict: str | None = None
    year_assumed: bool = False  # True when the tax year was not given and the default was used
    standalone_question: str = ""
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    asks: list[AskAnswer] = field(default_factory=list)  # each question asked, in order, with its own verdict
    # When the answer turns on a fact the user did not give: the replies the chat offers as buttons.
    choices: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["answer"] = d.pop("text")
        d["citations"] = [
            {
                "doc_id": c.doc_id,
                "title": c.title,
                "section": c.section,
                "page": c.page,
                "url": c.url,
                "quote": c.quote,
                "authority": c.authority,
                "chunk_id": c.chunk_id,
            }
            for c in self.citations
        ]
        return d
