"""Question kinds found in session 39, each varied in our own words.

- A burden compared "proportionally", "proportionately", "for its size" or "relative burden": the share of each organ (tumour burden %),
  not the summed lesion volume (`questions.intents.entities.SHARE_OF_WHOLE`). Found on `clinorch bench make-suite`'s
  own held-out template "Where is the disease burden proportionally heaviest?", answered by volume since session 38.
- A whole JSON request naming its task by a key ('{"task": "outlier", "organ": "liver"}', '{"query_type": "existence",
  "lesion": "PNET", ...}', '{"type": "knowledge", "query": ...}', '"classes": [...]', '"return": "larger"'): read as
  words (`questions.fields.object_asked`), not as the organ's attenuation. Question set AQ (another author's phrasings).
- "Compare renal volumes; which side is bigger?": one question, the comparison's result (`resolve.split_parts`).
- Options written after the question as "A. yes B. no" as well as given: the stem asks, not the options' words
  (`choices.inline_choices` reads "A." / "A:" letters).
- A finding named without a verb and asked yes or no ("Solid kidney neoplasm: A. yes B. no", "HYPERENHANCING
  PANCREATIC NET - YES OR NO"): whether it is there, its qualifier the kind (`gates_head.finding_named_yes_no`); a
  predicate after the noun ("Largest liver lesion hypodense? yes/no") still asks the attenuation.
"""

from __future__ import annotations

import pytest

from questions.understanding import understand

BURDEN = "multi-organ lesion burden comparison"


@pytest.mark.parametrize(("question", "quantity"), [
    ("Where is the disease burden proportionally heaviest?", "tumor_burden_pct"),
    ("Which organ is proportionately most involved by tumour?", "tumor_burden_pct"),
    ("Which organ carries the most tumour for its size?", "tumor_burden_pct"),
    ("Proportionally, is the liver or the pancreas more replaced by lesions?", "tumor_burden_pct"),
    ("Comparing liver, kidneys and pancreas, which carries the greatest relative lesion burden?", "tumor_burden_pct"),
    ("Which organ has the highest relative tumour load?", "tumor_burden_pct"),
    ("Which organ has the highest tumor burden?", "total_lesion_volume_ml"),
    ("Which organ carries the largest lesion load?", "total_lesion_volume_ml"),
])
def test_a_burden_compared_proportionally_is_the_share(question: str, quantity: str) -> None:
    intent = understand(question)
    assert intent.task == BURDEN
    burdens = [key.split(".", 1)[1] for key in intent.quantities if key.split(".", 1)[0].endswith("_lesion")]
    assert burdens and set(burdens) == {quantity}


@pytest.mark.parametrize(("question", "task", "organ"), [
    ('{"task": "outlier", "organ": "liver", "rule": "largest >= 3x second"}', "lesion outlier", "liver"),
    ('{"task":"outlier","organ":"kidney"}', "lesion outlier", "kidney"),
    ('{"query_type": "existence", "lesion": "PNET", "organ": "pancreas"}', "PNET existence", "pancreas"),
    ('{"question": "exists", "organ": "liver", "lesion": "any"}', "liver lesion existence", "liver"),
    ('{"task": "count", "organ": "kidney", "lesion": "all"}', "lesion counting", "kidney"),
    ('{"task": "resectability", "organ": "pancreas"}', "pancreatic lesion resectability", "pancreas"),
    ('{"task": "t_staging", "organ": "pancreas", "system": "AJCC8"}', "pancreatic tumor staging", "pancreas"),
    ('{"task": "classify", "lesion": "pancreas_lesion", "classes": ["PDAC", "PNET"]}', "PDAC vs PNET classification",
     "pancreas"),
    ('{"task": "compare_volume", "organs": ["kidney_left", "kidney_right"], "return": "larger"}',
     "kidney volume comparison", "kidney"),
    ('{"type": "knowledge", "query": "upper limit of normal spleen volume"}', "knowledge question", None),
    ("Compare renal volumes; which side is bigger?", "kidney volume comparison", "kidney"),
    ("Compare the two kidneys: which one is smaller?", "kidney volume comparison", "kidney"),
    ("r kidney solid neoplasm? yes/no", "kidney tumor existence", "kidney_right"),
    ("HYPERENHANCING PANCREATIC NET - YES OR NO", "PNET existence", "pancreas"),
    ("Hypodense hepatic mass - present?", "liver lesion existence", "liver"),
    ("Largest liver lesion hypodense? yes/no", "largest lesion attenuation", "liver"),
])
def test_requests_and_verbless_findings_ask_their_task(question: str, task: str, organ: str | None) -> None:
    intent = understand(question)
    assert (intent.task, intent.organ if organ else None) == (task, organ)


@pytest.mark.parametrize(("question", "choices", "task"), [
    ("Solid kidney neoplasm: A. yes B. no", {"A": "yes", "B": "no"}, "kidney tumor existence"),
    ("Incidental renal cyst seen? A. Yes B. No", {"A": "Yes", "B": "No"}, "kidney cyst existence"),
    ("Hypoenhancing pancreatic mass c/w adenocarcinoma - present? A: yes B: no", {"A": "yes", "B": "no"},
     "PDAC existence"),
    ("Nature of the renal lesion? A. cyst B. solid tumour", {"A": "cyst", "B": "solid tumour"},
     "lesion type classification"),
])
def test_options_written_after_the_question_as_given(question: str, choices: dict, task: str) -> None:
    assert understand(question, choices).task == task


@pytest.mark.parametrize("question", [
    "58F, cirrhosis. What's her MELD score and should she be listed for transplant?",
    "Child-Pugh class of this patient?",
    "MELD-Na please",
])
def test_liver_failure_scores_are_out_of_scope(question: str) -> None:
    """MELD and Child-Pugh are computed from laboratory values and clinical signs, not from the CT."""
    assert understand(question).task == "out of scope"
