"""`writeoff bench`: ingest, retrieval and answering timings beside the tutorial RAG baseline, as one table.

Modules: `stats` (sample summaries, machine facts), `gold` (the retrieval gold set and recall@k / MRR), `baseline` (the
tutorial pipeline built in the same run), `harness` (runs every section), `table` (ratios, targets, text + JSON).
Nothing here asserts a timing: a benchmark reports, people judge.
"""
