"""Plain data passed between modules: Passage (retrieved chunk), Citation, Answer.

Chroma metadata keys written by ingest and read by retrieval are listed once in CHUNK_METADATA_KEYS. Answer and
Citation are turned into JSON-safe dicts and back here and only here (`to_dict` / `from_dict`: session files, the
chat's state and export, the feedback store, `--json` output), generically from the dataclass fields, so a field
added to either travels without more code.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, TypeVar

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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Citation:
        return _from_dict(cls, data, {"doc_id": "", "title": ""})


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
        """JSON-safe; the text is under "answer" (the name session files, exports and `ask --json` have used)."""
        d = asdict(self)
        d["answer"] = d.pop("text")
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Answer:
        """The Answer `to_dict` wrote (keys it does not know are ignored; missing ones take their defaults)."""
        data = dict(data)
        if "answer" in data:
            data["text"] = data.pop("answer")
        return _from_dict(cls, data, {"text": "", "verdict": "unknown", "source": "retrieval", "tax_year": None})


_T = TypeVar("_T")


def _from_dict(cls: type[_T], data: dict[str, Any], required: dict[str, Any]) -> _T:
    """Build dataclass `cls` from `data` by its field types: nested dataclasses (alone or in a list) are rebuilt, a
    missing value (or a None where the type does not allow it) takes the field's default, else `required[name]`."""
    hints = typing.get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        hint = hints[f.name]
        value = data.get(f.name)
        if value is None and not _allows_none(hint):
            if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING:
                continue
            value = required.get(f.name)
        kwargs[f.name] = _convert(hint, value)
    return cls(**kwargs)


def _allows_none(hint: Any) -> bool:
    return _is_union(hint) and type(None) in typing.get_args(hint)


def _is_union(hint: Any) -> bool:
    return typing.get_origin(hint) in (typing.Union, types.UnionType)


def _convert(hint: Any, value: Any) -> Any:
    if _is_union(hint):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _convert(inner[0], value) if len(inner) == 1 and value is not None else value
    if isinstance(hint, type) and dataclasses.is_dataclass(hint) and isinstance(value, dict):
        own = getattr(hint, "from_dict", None)
        return own(value) if own is not None else _from_dict(hint, value, {})
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is list and isinstance(value, list):
        return [_convert(args[0], v) for v in value] if args else list(value)
    if origin is dict and isinstance(value, dict):
        return dict(value)
    return value
