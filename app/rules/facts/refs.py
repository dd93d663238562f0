"""Where authorities live and how an Authority is built: the official PDFs of the corpus (with the printed-to-PDF
page offset), statute, regulation and form URLs. The authority tables (authorities.py, pages_*.py, sources.py) share
these so a URL pattern or a page offset is written once."""
from __future__ import annotations

from app.rules.facts.model import Authority

P17 = "https://www.irs.gov/pub/irs-pdf/p17.pdf"
P550 = "https://www.irs.gov/pub/irs-pdf/p550.pdf"
P590A = "https://www.irs.gov/pub/irs-pdf/p590a.pdf"
P590B = "https://www.irs.gov/pub/irs-pdf/p590b.pdf"

# doc_id -> (title, official URL, PDF page minus printed page). Only Pub 17 has front matter before printed page 1.
CORPUS_DOCS = {
    "p17-2025": ("Publication 17 (2025)", P17, 2),
    "p550-2025": ("Publication 550 (2025)", P550, 0),
    "p590a-2025": ("Publication 590-A (2025)", P590A, 0),
    "p590b-2025": ("Publication 590-B (2025)", P590B, 0),
}


def usc(section: str) -> str:
    return f"https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title26-section{section}&num=0&edition=prelim"


def ecfr(section: str) -> str:
    """eCFR Title 26 URL of a regulation section ("1.402A-1", "301.9100-2"): Part 1 is income tax (subchapter A),
    Part 301 procedure and administration (subchapter F)."""
    part = section.split(".")[0]
    subchapter = {"1": "A", "301": "F"}[part]
    return f"https://www.ecfr.gov/current/title-26/chapter-I/subchapter-{subchapter}/part-{part}/section-{section}"


def form_url(slug: str) -> str:
    """IRS "About Form ..." page, e.g. form_url("form-8606"), form_url("schedule-d-form-1040")."""
    return f"https://www.irs.gov/forms-pubs/about-{slug}"


def authority(id: str, doc_id: str, title: str, section: str = "", page: int | None = None,
              pdf_page: int | None = None, url: str = "", quote: str = "") -> Authority:
    return Authority(id, doc_id, title, section, page, pdf_page, url, quote)


def corpus(id: str, doc_id: str, section: str, page: int, quote: str) -> Authority:
    """A corpus page: `page` is the printed page; title, URL and PDF page follow from the document."""
    title, url, offset = CORPUS_DOCS[doc_id]
    return Authority(id, doc_id, title, section, page, page + offset, url, quote)
