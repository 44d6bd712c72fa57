"""Hand-built evidence of one abdomen with answers to check: a question per DeepTumorVQA subtype.

Shared by the reasoner and reviewer tests and by `scripts/bench_reviewer.py` (which can also
build its cases from phantoms through the whole graph).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.case import Evidence
from core.state import Intent
from questions.understanding import understand

E = Evidence.make


def _m(target: str, name: str, value: float | int | str, unit: str | None = None) -> Evidence:
    return E("measurement", "measurement", name, target, value=value, unit=unit,
             provenance={"method": "hand-built", "mask": f"mask:case:{target}"})


def hand_measured(target: str, name: str, value: object, unit: str | None = None) -> Evidence:
    """A measurement evidence item made by hand (no mask behind it)."""
    return E("measurement", "measurement", name, target, value=value, unit=unit, provenance={"method": "hand-built"})


def replacing(evidence: list[Evidence], *items: Evidence) -> list[Evidence]:
    """`evidence` with the items of the same (target, name) as `items` replaced by them."""
    keys = {(e.target, e.name) for e in items}
    return [e for e in evidence if (e.target, e.name) not in keys] + list(items)


def patient_evidence() -> list[Evidence]:
    """Segmentation, measurements and a triage check of one synthetic abdomen."""
    organs = ["liver", "spleen", "pancreas", "kidney_left", "kidney_right", "colon"]
    out = [E("check", "triage", "modality", value="CT", passed=True, reason="CT by header")]
    out += [E("segmentation", "segmentation", "present", o, value=True) for o in organs]
    out += [
        _m("liver", "volume_ml", 1650.4, "mL"), _m("liver", "mean_hu", 45.2, "HU"), _m("liver", "std_hu", 12.1, "HU"),
        _m("liver", "caudate_right_lobe_ratio", 0.52, "ratio"),
        _m("spleen", "volume_ml", 420.3, "mL"), _m("spleen", "mean_hu", 50.4, "HU"), _m("spleen", "std_hu", 10.2, "HU"),
        _m("pancreas", "volume_ml", 70.6, "mL"), _m("pancreas", "mean_hu", 40.3, "HU"), _m("pancreas", "std_hu", 9.8, "HU"),
        _m("kidney_left", "volume_ml", 150.2, "mL"), _m("kidney_left", "mean_hu", 33.1, "HU"),
        _m("kidney_left", "std_hu", 8.4, "HU"),
        _m("kidney_right", "volume_ml", 171.9, "mL"), _m("kidney_right", "mean_hu", 31.7, "HU"),
        _m("kidney_right", "std_hu", 8.9, "HU"),
        # liver lesions: three, the largest much bigger than the others
        _m("liver_lesion", "lesion_count", 3, "count"), _m("liver_lesion", "largest_lesion_volume_ml", 18.6, "mL"),
        _m("liver_lesion", "total_lesion_volume_ml", 21.9, "mL"), _m("liver_lesion", "largest_lesion_diameter_mm", 36.4, "mm"),
        _m("liver_lesion", "largest_lesion_slice", 17, "slice"), _m("liver_lesion", "largest_lesion_mean_hu", 21.5, "HU"),
        _m("liver_lesion", "tumor_burden_pct", 1.33, "%"),
        _m("liver_lesion_1", "volume_ml", 18.6, "mL"), _m("liver_lesion_1", "location", "liver_segment_7"),
        _m("liver_lesion_1", "mean_hu", 21.5, "HU"), _m("liver_lesion_1", "adjacent_organs", "kidney_right"),
        _m("liver_lesion_2", "volume_ml", 2.1, "mL"), _m("liver_lesion_2", "location", "liver_segment_7"),
        _m("liver_lesion_3", "volume_ml", 1.2, "mL"), _m("liver_lesion_3", "location", "liver_segment_4"),
        # one pancreatic tumour in the head
        _m("pancreas_lesion", "lesion_count", 1, "count"), _m("pancreas_lesion", "largest_lesion_volume_ml", 4.1, "mL"),
        _m("pancreas_lesion", "total_lesion_volume_ml", 4.1, "mL"),
        _m("pancreas_lesion", "largest_lesion_diameter_mm", 23.3, "mm"), _m("pancreas_lesion", "largest_lesion_slice", 12, "slice"),
        _m("pancreas_lesion", "largest_lesion_mean_hu", 33.4, "HU"), _m("pancreas_lesion", "tumor_burden_pct", 5.81, "%"),
        _m("pancreas_lesion_1", "volume_ml", 4.1, "mL"), _m("pancreas_lesion_1", "location", "pancreas_head"),
        _m("pancreas_lesion_1", "adjacent_organs", "duodenum"),
        # one right kidney cyst
        _m("kidney_lesion", "lesion_count", 1, "count"), _m("kidney_lesion", "largest_lesion_volume_ml", 3.2, "mL"),
        _m("kidney_lesion", "largest_lesion_diameter_mm", 18.9, "mm"), _m("kidney_lesion", "largest_lesion_mean_hu", 8.3, "HU"),
        _m("kidney_lesion", "tumor_burden_pct", 0.99, "%"),
        _m("kidney_lesion_1", "volume_ml", 3.2, "mL"), _m("kidney_lesion_1", "location", "kidney_right"),
        _m("kidney_lesion_1", "mean_hu", 8.3, "HU"),
        _m("colon_lesion", "lesion_count", 0, "count"),
    ]
    return out


def criterion(entry_id: str, target: str | None = None) -> Evidence:
    """A criterion item as the knowledge agent writes it."""
    return E("criterion", "knowledge", entry_id, target, value=entry_id, citation="see the knowledge base",
             provenance={"entry_id": entry_id, "profile": "deeptumorvqa", "route": "subtype"})


@dataclass
class Question:
    subtype: str
    question: str
    choices: dict[str, str] | None = None
    criteria: tuple[str, ...] = ()

    def intent(self) -> Intent:
        return understand(self.question, self.choices, hint_subtype=self.subtype)


Q = Question
QUESTIONS: list[Question] = [
    Q("PDAC existence", "Is there a PDAC?", criteria=("dtvqa-lesion-existence", "pancreatic-lesion-solid-vs-cystic")),
    Q("PNET existence", "Is there a PNET in the pancreas?", {"A": "Yes", "B": "No"},
      ("dtvqa-lesion-existence", "pancreatic-lesion-solid-vs-cystic")),
    Q("colon lesion existence", "Is there a colon lesion?", criteria=("dtvqa-lesion-existence",)),
    Q("kidney cyst existence", "Is there a kidney cyst?", {"A": "No", "B": "Yes"}, ("dtvqa-lesion-existence",)),
    Q("kidney lesion existence", "Is there a kidney lesion?", criteria=("dtvqa-lesion-existence",)),
    Q("kidney tumor existence", "Is there a kidney tumor?", criteria=("dtvqa-lesion-existence",)),
    Q("liver lesion existence", "Is there a liver lesion?", {"A": "Yes", "B": "No"}, ("dtvqa-lesion-existence",)),
    Q("pancreatic lesion existence", "Is there a pancreatic lesion?", criteria=("dtvqa-lesion-existence",)),
    Q("splenomegaly detection", "Is the spleen enlarged?", criteria=("dtvqa-splenomegaly-detection",)),
    Q("lesion volume measurement", "What is the volume of the largest liver lesion?",
      {"A": "18.6 cm³", "B": "9.3 cm³", "C": "27.9 cm³", "D": "2.1 cm³"}),
    Q("lesion volume measurement", "What is the volume of the pancreatic lesion in mL?"),
    Q("organ HU measurement", "What is the mean HU of the liver?"),
    Q("organ HU measurement", "What is the mean attenuation of the spleen?", {"A": "50 HU", "B": "30 HU", "C": "70 HU", "D": "10 HU"}),
    Q("organ HU ratio", "What is the liver to spleen HU ratio?"),
    Q("organ volume measurement", "What is the volume of the spleen?"),
    Q("organ volume measurement", "What is the volume of the left kidney?", {"A": "150.2 cm³", "B": "210.0 cm³", "C": "95.5 cm³", "D": "300.1 cm³"}),
    Q("tumor burden percentage", "What percentage of the pancreas is tumor?"),
    Q("largest lesion diameter", "What is the diameter of the largest liver lesion in cm?"),
    Q("largest lesion diameter", "What is the longest diameter of the pancreatic lesion?", {"A": "23 mm", "B": "40 mm", "C": "12 mm", "D": "55 mm"}),
    Q("largest lesion slice", "Which slice shows the largest liver lesion diameter?"),
    Q("lesion counting", "How many liver lesions are there?"),
    Q("lesion counting", "How many lesions are in the liver?", {"A": "1", "B": "2", "C": "3", "D": "4"}),
    Q("lesion count by location", "How many liver lesions are in segment 7?"),
    Q("lesion count by location", "How many liver lesions are in segment 2?"),
    Q("organ aggregation", "What is the total volume of the liver and spleen?"),
    Q("tumor organ HU difference", "What is the HU difference between the liver lesion and the liver?"),
    Q("lesion outlier", "Is there an outlier lesion in the liver?", criteria=("dtvqa-lesion-outlier",)),
    Q("organ enlargement", "Is the liver enlarged?", {"A": "Yes", "B": "No"}, ("dtvqa-liver-volume",)),
    Q("organ enlargement", "Is the pancreas enlarged?", criteria=("dtvqa-pancreas-volume",)),
    Q("adjacent organ", "Which organ is adjacent to the largest liver lesion?",
      {"A": "Stomach", "B": "Right kidney", "C": "Spleen", "D": "Colon"}),
    Q("bilateral kidney asymmetry", "Which kidney is bigger, are they asymmetric?",
      {"A": "Left kidney larger", "B": "Right kidney larger"}),
    Q("inter-segment comparison", "Which liver segment has more lesion volume, segment 4 or segment 7?"),
    Q("kidney volume comparison", "Which kidney is larger?", {"A": "Left kidney", "B": "Right kidney"}),
    Q("kidney volume comparison", "Is the left kidney larger than the right kidney?"),
    Q("largest lesion attenuation", "Is the largest liver lesion hypo-, iso- or hyperattenuating?",
      {"A": "Hypoattenuating", "B": "Isoattenuating", "C": "Hyperattenuating"}, ("dtvqa-lesion-attenuation",)),
    Q("largest lesion location", "Where is the largest liver lesion?",
      {"A": "Segment 4", "B": "Segment 7", "C": "Segment 2", "D": "Segment 8"}),
    Q("largest lesion location", "In which part of the pancreas is the largest lesion?"),
    Q("liver lesion clustering", "Are the liver lesions clustered?", criteria=("dtvqa-liver-lesion-clustering",)),
    Q("multi-organ lesion burden comparison", "Which organ has the greater lesion burden, the liver or the pancreas?",
      {"A": "Liver", "B": "Pancreas"}),
    Q("pancreatic steatosis", "Is there pancreatic steatosis?", criteria=("dtvqa-pancreatic-steatosis",)),
    Q("pancreatic cyst resectability", "Should the pancreatic cyst be resected?", {"A": "Yes", "B": "No"},
      ("dtvqa-pancreatic-cyst-resection",)),
    Q("pseudocyst determination", "Is the pancreatic cyst a pseudocyst?", criteria=("dtvqa-pseudocyst-vs-mucinous",)),
    Q("portal hypertension assessment", "Is there portal hypertension?", criteria=("dtvqa-portal-hypertension",)),
    Q("fatty liver", "Does the patient have fatty liver?",
      {"A": "No fatty liver", "B": "Fatty liver", "C": "Moderate to severe fatty liver"}, ("dtvqa-fatty-liver",)),
    Q("hepatic steatosis grading", "What is the grade of hepatic steatosis?", criteria=("dtvqa-hepatic-steatosis-grade",)),
    Q("hepatic steatosis grading", "Grade the liver fat.", {"A": "G0 none", "B": "G1 mild", "C": "G2 moderate", "D": "G3 severe"},
      ("dtvqa-hepatic-steatosis-grade",)),
    Q("lesion type classification", "Is the kidney lesion a cyst or a solid tumor?", {"A": "Cyst", "B": "Solid tumor"},
      ("dtvqa-kidney-lesion-solid-vs-cyst",)),
    Q("pancreatic tumor staging", "What is the T stage of the pancreatic tumor?", {"A": "T1", "B": "T2", "C": "T3"},
      ("ajcc8-pancreas-t",)),
    Q("PDAC vs PNET classification", "Is the pancreatic lesion PDAC or PNET?", {"A": "PDAC", "B": "PNET"},
      ("dtvqa-lesion-attenuation", "pancreatic-lesion-solid-vs-cystic")),
    Q("renal mass characterization", "How would you characterize the renal mass?", criteria=("dtvqa-renal-mass-hu",)),
    Q("splenomegaly grading", "How would you classify the splenic enlargement based on volume?",
      {"A": "Normal (no splenomegaly)", "B": "Moderate", "C": "Severe", "D": "Mild"}, ("dtvqa-spleen-volume-grade",)),
    Q("splenomegaly grading", "What is the grade of splenomegaly?", criteria=("dtvqa-spleen-volume-grade",)),
    Q("knowledge question", "What liver to spleen ratio defines fatty liver?", criteria=("dtvqa-fatty-liver",)),
    Q("report", "", criteria=("dtvqa-spleen-volume-grade", "dtvqa-fatty-liver")),
]
UNANSWERABLE = {"pancreatic lesion resectability": "no vessel contact angles are measured"}


def solve(q: Question, evidence: list[Evidence] | None = None):  # noqa: ANN201 - (intent, answer or None, evidence)
    """Runs the guideline reasoner the way its node does; returns the intent, answer and full evidence."""
    from agents.reasoner import InsufficientEvidence, build_input
    from agents.reasoners.base import resolve
    from core.case import Case
    from core.state import CaseState, Plan
    from knowledge import shared_base

    intent = q.intent()
    items = (patient_evidence() if evidence is None else evidence) + [criterion(c) for c in q.criteria]
    state = CaseState(case=Case(case_id="hand-built", question=q.question or None, choices=q.choices),
                      plan=Plan(intent=intent), evidence=items, track="abdomen_ct")
    task, _ = build_input(state, intent, shared_base("deeptumorvqa"))
    try:
        answer = resolve("guideline").answer(task)
    except InsufficientEvidence:
        answer = None
    return intent, answer, task.evidence


def review_of(q: Question, intent: Intent, answer, evidence: list[Evidence]):  # noqa: ANN001, ANN201
    """The reviewer's verdict on an answer to `q`."""
    from agents.reviewer import ReviewInput, review
    from knowledge import shared_base

    subject = ReviewInput(question=q.question or None, choices=q.choices, intent=intent, answer=answer,
                          evidence=evidence, base=shared_base("deeptumorvqa"), track="abdomen_ct")
    return review(subject)
