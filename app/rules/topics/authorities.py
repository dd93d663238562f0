"""An authority the user cites that Writeoff does not know (a notice, ruling, procedure or regulation number that is
not among the project's authorities, app/rules/facts) is never confirmed, whatever the topic: the answer says it
cannot be verified, is not relied on, and where such documents are published. The topic's own rules still answer on
the law they cite. A topic that already said so in its own words (the capital and wash topics name the figure the
notice is said to change) keeps its sentence: this one is dropped when the citation was already named.
"""
from __future__ import annotations

from app.rules.finding import Finding
from app.rules.propositions import unverified_cites
from app.understand.asks import Ask
from app.understand.case import Case


def unverified_authority(case: Case, asks: list[Ask]) -> list[Finding]:
    cites = unverified_cites(case)
    if not cites:
        return []
    named = ", ".join(cites)
    text = (f"I can't verify {named}: it is not among the IRS texts and authorities I know, so I can't confirm that it "
            "exists or says what it is said to say, and I don't rely on it. Ask for the document itself and check it "
            "on IRS.gov (notices, rulings and procedures are published in the Internal Revenue Bulletin, IRS.gov/irb).")
    return [Finding("authority-unverified", {}, text, (), weight=10, unless_said=cites[0])]


RULES = [unverified_authority]
