"""find_contradictions: affirmative false claims are flagged with the fact id; negations and true statements are not."""
from __future__ import annotations

import pytest

from app.rules import find_contradictions

FLAGGED = [
    ("An IRA loss offsets capital gains.", 2025, "article-ltcg-offset"),
    ("You may be able to deduct your retirement account loss up to the amount of your long-term capital gains.", 2025,
     "article-ltcg-offset"),
    ("You can deduct IRA losses in 2022.", 2025, "ira-loss-2018-2025"),
    ("Losses in your Roth IRA are deductible.", 2026, "roth-loss-2026-on"),
    ("Your 401(k) losses are tax deductible.", 2024, "plan-loss-2018-2025"),
    ("Losses on a Roth conversion are deductible.", 2025, "article-roth-conversion-loss"),
    ("Report your IRA loss on Schedule D.", 2025, "article-reporting"),
    ("IRA losses are reported on Form 8949.", 2025, "article-reporting"),
    ("You can deduct your retirement account losses against the NOL on Form 1045.", 2025, "article-nol-offset"),
    ("You can still recharacterize a Roth conversion made in 2021.", 2025, "recharacterize-conversion-2018-on"),
    ("In a wash sale with your IRA, the disallowed loss is added to the basis of the IRA shares.", 2025,
     "wash-sale-ira"),
    ("Capital losses can be carried back to the previous three years.", 2025, "capital-loss-carryover"),
    ("The capital loss deduction limit is $5,000 per year.", 2025, "capital-loss-limit"),
]

CLEAN = [
    ("An IRA loss cannot offset capital gains.", 2025),
    ("IRA losses are not deductible for 2018 through 2025.", 2025),
    ("You can't deduct losses in a Roth IRA.", 2025),
    ("Losses on a Roth conversion are not deductible.", 2025),
    ("Never report an IRA loss on Schedule D or Form 8949.", 2025),
    ("Before 2018, you could deduct an IRA loss only if all IRAs were fully distributed.", 2016),
    ("For 2016 you can deduct the IRA loss as a miscellaneous itemized deduction.", 2016),
    ("Conversions made in 2018 or later cannot be recharacterized.", 2025),
    ("A 2017 conversion could be recharacterized until October 15, 2018.", 2017),
    ("The capital loss limit is $3,000 ($1,500 if married filing separately).", 2025),
    ("Capital losses offset capital gains without limit.", 2025),
    ("The wash sale loss is not added to the basis of shares bought in an IRA.", 2025),
    ("The source article claims IRA losses offset capital gains, which is wrong.", 2025),
    ("Worthless securities are treated as sold on the last day of the tax year.", 2025),
    ("Report the sale on Form 8949 with code W.", 2025),
]


@pytest.mark.parametrize("sentence, year, fact_id", FLAGGED)
def test_flags_false_claims(sentence: str, year: int, fact_id: str) -> None:
    assert fact_id in find_contradictions(sentence, year)


@pytest.mark.parametrize("sentence, year", CLEAN)
def test_leaves_true_or_negated_sentences(sentence: str, year: int) -> None:
    assert find_contradictions(sentence, year) == []


def test_year_decides_for_pre2018() -> None:
    s = "You can deduct your IRA losses."
    assert find_contradictions(s, 2016) == []
    assert find_contradictions(s, 2020) == ["ira-loss-2018-2025"]
    assert find_contradictions(s, 2030) == ["ira-loss-2026-on"]
