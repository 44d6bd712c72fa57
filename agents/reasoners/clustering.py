"""Liver lesion clustering when lesions span Couinaud segments: two readings of one criterion.

DeepTumorVQA's rule (`dtvqa-liver-lesion-clustering`: highly if > 50 % of the lesions lie in one segment, somewhat if
the two busiest hold >= 75 %, else widely distributed) does not say where a lesion spanning segments counts. One
reader counts it in its main segment (`liver_lesion.top_segment_pct`), another in every segment holding > 10 % of
its voxels, as "lesion count by location" does (`liver_lesion.top_segment_pct_spanning`). The same cited criterion
is applied to both; when they agree that is the answer, when they disagree the question cannot be answered without
choosing a reading, and the abstention names both.
"""

from __future__ import annotations

from dataclasses import replace

from agents.reasoners.base import InsufficientEvidence, ReasonerInput
from agents.reasoners.compose import Draft, number
from knowledge.clustering import READINGS, spanning_values


def clustering(task: ReasonerInput, main: Draft) -> Draft:
    """`main` (the criterion on the main-segment reading) when the every-segment reading gives the same label, the
    both readings' shares in its support; raises InsufficientEvidence naming both labels when they differ."""
    from agents.reasoners.handlers import apply, entry_for, numeric_values

    values = spanning_values(numeric_values(task))
    known = task.by_key()
    if values is None or main.criterion_id is None:
        return main
    other, _, _ = apply(task, entry_for(task, task.intent.task), None, values)
    items = [known[k] for k in READINGS.values()]
    said = (f"with a lesion that spans segments counted in any segment holding over a tenth of it: busiest segment "
            f"{number(items[0]):.1f} %, two busiest {number(items[1]):.1f} % -> {other.label}")
    if other.label == main.label:
        return replace(main, statement=f"{main.statement}; {said}", evidence_ids=[*main.evidence_ids, *(e.id for e in items)])
    raise InsufficientEvidence(
        f"the clustering depends on where a lesion spanning segments is counted: in its main segment the lesions are "
        f"{main.label} ({main.statement}); {said}. The criterion does not say which reading holds", agent="reasoner")
