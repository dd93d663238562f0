"""The source article's claims (lowest authority), quoted verbatim, each with its rebuttal and the facts that refute it."""
from __future__ import annotations

from app.rules.facts.model import ArticleClaim

ARTICLE_DOC_ID = "article-retirement-losses"
ARTICLE_CLAIMS: dict[str, ArticleClaim] = {c.id: c for c in [
    ArticleClaim(
        "article-ltcg-offset",
        "you may be able to deduct the loss up to the amount of the capital gain",
        "No rule lets a retirement-account loss offset a long-term capital gain: losses inside the account are not "
        "capital losses of the owner (IRC 408(d)(1), 72; Pub 550 capital loss rules cover only your own sales).",
        ("market-loss-inside-account",)),
    ArticleClaim(
        "article-nol-offset",
        "you may be able to deduct your retirement account losses against the NOL",
        "An NOL (IRC 172) comes from business deductions exceeding income; nonbusiness deductions count only up to "
        "nonbusiness income, so an IRA loss never creates or joins an NOL, and Form 1045 is no way to claim one.",
        ("market-loss-inside-account", "nol-post-2017")),
    ArticleClaim(
        "article-roth-conversion-loss",
        "any losses incurred during the conversion may be deductible",
        "A conversion is taxed on the value converted; a later drop is not deductible, and since 2018 a conversion "
        "cannot be recharacterized (Pub 590-B (2025) p. 7; IRC 408A(d)(6)(B)(iii)).",
        ("roth-conversion-loss", "recharacterize-conversion-2018-on")),
    ArticleClaim(
        "article-reporting",
        "you will need to complete Schedule D and Form 8949. For net operating losses, you will need to complete "
        "Form 1045, Schedule C, or Schedule E",
        "Retirement-account losses are never reported on Schedule D / Form 8949 (they are not capital losses) nor on "
        "Form 1045, Schedule C or Schedule E (they are not business or rental losses).",
        ("market-loss-inside-account",)),
]}
