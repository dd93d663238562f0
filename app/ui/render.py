"""How one answer looks in the chat: verdict, tax year, source badge, article flag, citation cards, warnings.

Everything a user or a document wrote is passed through `inert()` before it reaches st.markdown, and nothing here
uses unsafe_allow_html, so a question or a PDF passage can neither run script nor smuggle in links, images or
LaTeX (a "$3,000 ($1,500" in Pub 550 would otherwise render as a formula).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote, urlsplit, urlunsplit

import streamlit as st

from app.types import AUTHORITY_ARTICLE, Answer, AskAnswer, Citation

# Every ASCII punctuation character may be backslash-escaped in CommonMark; these are the ones Streamlit's markdown
# gives meaning to (emphasis, links, images, HTML, headings, lists, tables, code, LaTeX, :color[...] directives).
_MD_ACTIVE = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=^])")
# For our own composed answer text keep emphasis and lists, but disarm links, images, HTML and LaTeX.
_MD_LINKS_HTML_MATH = re.compile(r"([\\\[\]<>$])")

VERDICT_LABELS = {
    "yes": ("Yes", "green"),
    "no": ("No", "red"),
    "depends": ("It depends", "orange"),
    "out_of_scope": ("Out of scope", "gray"),
    "unknown": ("Not sure", "gray"),
}
SOURCE_LABELS = {"rule": "Rule", "retrieval": "IRS passages", "llm": "Model"}


def inert(text: str) -> str:
    """User or document text made literal for st.markdown (newlines kept as line breaks)."""
    escaped = _MD_ACTIVE.sub(r"\\\1", text or "")
    return escaped.replace("\n", "  \n")


def disarm(text: str) -> str:
    """Our own answer text: formatting allowed, links/images/HTML/math not (the text may quote documents)."""
    return _MD_LINKS_HTML_MATH.sub(r"\\\1", text or "")


def safe_url(url: str) -> str | None:
    """An http(s) URL, percent-encoded so it cannot break out of a link; None for anything else (javascript:...)."""
    parts = urlsplit((url or "").strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return urlunsplit(
        (
            parts.scheme,
            parts.netloc,
            quote(parts.path, safe="/%-._~"),
            quote(parts.query, safe="=&%-._~"),
            quote(parts.fragment, safe="=&%-._~"),
        )
    )


def verdict_label(answer: Answer) -> str:
    if answer.verdict == "unknown" and answer.source == "rule":
        return "Explained"  # the rules answered a what/how question ("What are my options?"): no yes or no to give
    return VERDICT_LABELS.get(answer.verdict, (str(answer.verdict), "gray"))[0]


def source_label(answer: Answer) -> str:
    label = SOURCE_LABELS.get(answer.source, str(answer.source))
    if answer.source == "rule" and answer.rule_id:
        label += f" {answer.rule_id}"
    return label


def year_line(answer: Answer) -> str:
    if answer.tax_year is None:
        return "Tax year: not applicable"
    if answer.year_assumed:
        return f"Tax year {answer.tax_year} (assumed: the question names no year)"
    return f"Tax year {answer.tax_year}"


def is_article(citation: Citation) -> bool:
    return citation.authority >= AUTHORITY_ARTICLE


def article_flag(answer: Answer) -> str | None:
    """The warning shown when the low-authority web article disagrees with, or is cited beside, the IRS."""
    if answer.article_conflict:
        return f"The source article conflicts with the IRS here: {answer.article_conflict}"
    if any(is_article(c) for c in answer.citations):
        return (
            "This answer quotes the source web article, the lowest-authority document in the corpus; several of "
            "its claims conflict with the IRS publications, which govern."
        )
    return None


def citation_title(index: int, citation: Citation) -> str:
    return f"[{index}] {citation.label()}"


def render_citation(index: int, citation: Citation) -> None:
    with st.expander(inert(citation_title(index, citation)), icon=":material/menu_book:"):
        facts = []
        if citation.section:
            facts.append(f"**Section:** {inert(citation.section)}")
        if citation.page:
            facts.append(f"**Page:** {citation.page}")
        if citation.chunk_id:
            facts.append(f"**Chunk:** `{citation.chunk_id.replace('`', '')}`")
        if is_article(citation):
            facts.append("**Authority:** lowest (web article)")
        if facts:
            st.markdown(" · ".join(facts))
        if citation.quote:
            st.markdown("> " + inert(citation.quote).replace("\n", "\n> "))
        url = safe_url(citation.url)
        if url:
            where = f" at page {citation.page}" if citation.page else ""
            what = "the source article" if is_article(citation) else "the official PDF"
            st.link_button(f"Open {what}{where}", url, icon=":material/open_in_new:")


def ask_line(n: int, ask: AskAnswer) -> str:
    """"2. Is there a penalty? :red-badge[No]": the question as asked (literal) and its own verdict."""
    label, color = VERDICT_LABELS.get(ask.verdict or "", ("Answered below", "gray"))
    return f"{n}\\. {inert(ask.question.strip())} :{color}-badge[{inert(label)}]"


def render_choices(answer: Answer, key: str, on_pick: Callable[[str], None]) -> None:
    """The replies that decide an open question, as buttons that send the reply."""
    if not answer.choices:
        return
    cols = st.columns(len(answer.choices))
    for i, (col, choice) in enumerate(zip(cols, answer.choices)):
        col.button(choice, key=f"{key}-{i}", on_click=on_pick, args=(choice,), width="stretch")


def render_answer(answer: Answer) -> None:
    """One assistant turn, everything except the feedback widget (the page owns widget keys)."""
    color = VERDICT_LABELS.get(answer.verdict, ("", "gray"))[1]
    icon = {"rule": ":material/gavel:", "retrieval": ":material/description:", "llm": ":material/smart_toy:"}
    # Both badges in one markdown line: they wrap instead of being truncated in narrow columns.
    st.markdown(
        f":{color}-badge[Verdict: {inert(verdict_label(answer))}] "
        f":violet-badge[{icon.get(answer.source, '')} {inert(source_label(answer))}]"
    )
    st.caption(year_line(answer))
    if len(answer.asks) > 1:  # one verdict per question asked, in the user's order
        st.markdown("  \n".join(ask_line(n, a) for n, a in enumerate(answer.asks, 1)))
    flag = article_flag(answer)
    if flag:
        st.warning(inert(flag), icon=":material/report:")
    st.markdown(disarm(answer.text))
    for warning in answer.warnings:
        st.info(inert(warning), icon=":material/info:")
    if answer.citations:
        st.caption(f"Sources ({len(answer.citations)})")
        for i, citation in enumerate(answer.citations, start=1):
            render_citation(i, citation)
