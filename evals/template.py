"""The downloadable template: three example cases (one with a follow-up) in both encodings, so a person starts from
a file that validates and runs. The cases follow ../shared/docs/tax-law.md; tests/test_eval_uploads.py runs them."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from evals.encodings import FIELDS, LIST_FIELDS

TEMPLATE_CASES: list[dict[str, Any]] = [
    {
        "id": "my-ira-loss-2025",
        "question": "My traditional IRA lost $8,000 in 2025 when the market fell. Can I deduct the loss?",
        "tax_year": 2025,
        "expected_verdict": "no",
        "expected": "No. A loss inside a traditional IRA is not deductible for 2025: the old rule for closing all "
                    "IRAs below basis was a miscellaneous itemized deduction, suspended from 2018 (IRC 67(g)).",
        "must_include": ["not deductible|cannot deduct|can't deduct|no deduction"],
        "authority": ["Pub 590-B", "IRC 67"],
        "category": "my-ira",
    },
    {
        "id": "my-capital-loss-single",
        "question": "I'm single and my net capital loss from selling stocks in 2025 is $10,000. How much can I "
                    "deduct against my salary?",
        "tax_year": 2025,
        "expected": "$3,000 against other income for 2025; the remaining $7,000 carries over to 2026.",
        "must_include": ["3,000|3000"],
        "must_not_include": ["10,000 against"],
        "authority": ["IRC 1211", "Pub 550"],
        "category": "my-capital-loss",
    },
    {
        "id": "my-capital-loss-mfs",
        "question": "What if I'm married filing separately?",
        "follow_up_of": "my-capital-loss-single",
        "expected": "$1,500 for married filing separately; the rest carries over.",
        "must_include": ["1,500|1500"],
        "authority": ["IRC 1211", "Pub 550"],
        "category": "my-capital-loss",
    },
]


def template_jsonl() -> str:
    return "".join(json.dumps(case, ensure_ascii=False) + "\n" for case in TEMPLATE_CASES)


def template_csv() -> str:
    """Every column in the header (so a person sees what exists); list cells as items separated by ";"."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for case in TEMPLATE_CASES:
        writer.writerow(["; ".join(case.get(f, [])) if f in LIST_FIELDS else case.get(f, "") for f in FIELDS])
    return out.getvalue()
