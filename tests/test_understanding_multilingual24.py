"""Task words of German, Japanese and Chinese an independent author's questions (set AA, session 24) used and the
vocabulary did not read: adjacency, dominance of one lesion, distribution over segments, attenuation classes,
resection, totals, left-right difference, slice numbers, HU difference, simple cyst / indeterminate, grades of
enlargement, "in general". Each is asked here in wordings of our own, about other organs where the task allows."""

from __future__ import annotations

import pytest

from questions.understanding import understand


@pytest.mark.parametrize(("question", "task"), [
    ("Grenzt die Nierenläsion an die Milz?", "adjacent organ"),
    ("肝臓腫瘍に隣接する臓器は？", "adjacent organ"),
    ("胰腺病灶与哪些器官相邻？", "adjacent organ"),
    ("Ist eine dominante Läsion in der Leber vorhanden?", "lesion outlier"),
    ("肝脏的病灶是集中分布吗？", "liver lesion clustering"),
    ("腎腫瘍の濃度は腎実質と比べて低吸収・等吸収・高吸収のどれ？", "largest lesion attenuation"),
    ("膵嚢胞は切除適応ですか？", "pancreatic cyst resectability"),
    ("両腎の合計体積を教えてください", "organ aggregation"),
    ("左右差：腎臓の体積に差はありますか？", "bilateral kidney asymmetry"),
    ("最大の肝病変が最も大きく写っているスライス番号は？", "largest lesion slice"),
    ("Dichtedifferenz der größten Nierenläsion minus Niere in HE?", "tumor organ HU difference"),
    ("Rechte Nierenzyste einordnen: einfache Zyste, unklar oder hyperdens?", "renal mass characterization"),
    ("Leber: leicht, mäßig oder massiv vergrößert?", "organ enlargement"),
    ("Ab welchem Lebervolumen spricht man allgemein von Hepatomegalie?", "knowledge question"),
])
def test_task_words_of_other_languages(question: str, task: str) -> None:
    intent = understand(question, None)
    assert intent.task == task, (question, intent.task)


GRADES = {"A": "Grade 0", "B": "Grade 1", "C": "Grade 2", "D": "Grade 3"}


@pytest.mark.parametrize(("question", "task"), [
    ("What grade of hepatic steatosis does the attenuation pattern indicate?", "hepatic steatosis grading"),
    ("Which steatosis grade do these liver measurements suggest?", "hepatic steatosis grading"),
    ("What grade of splenomegaly does the spleen's appearance indicate?", "splenomegaly grading"),
    ("What does a liver attenuation below 40 HU indicate?", "knowledge question"),  # a value stated: the rule
])
def test_what_this_images_findings_indicate_is_the_patients(question: str, task: str) -> None:
    """Suite AA abstained on 11 "What grade of hepatic steatosis does the attenuation pattern indicate?": read as a
    knowledge question ("what ... attenuation ... indicate"), though the pattern is this image's."""
    assert understand(question, GRADES).task == task
