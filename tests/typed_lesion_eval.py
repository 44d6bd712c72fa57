"""Own varied examples for "the largest <kind>" questions: build them once, then score any tree on them.

    python -m tests.typed_lesion_eval build OUT          # cases + questions.json (tune = even case, held = odd)
    python -m tests.typed_lesion_eval score OUT HALF     # right / wrong / abstained with the tree on PYTHONPATH

The truth of every question comes from the painted lesions (`tests.typed_lesion_cases`), never from clinorch.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

LAYOUTS = [[("PNET", 26), ("cyst", 16)], [("cyst", 24), ("PDAC", 18)], [("PDAC", 30), ("pseudocyst", 18)],
           [("cyst", 14), ("PDAC", 30), ("pseudocyst", 18)], [("PNET", 22), ("cyst", 26)], [("pseudocyst", 24), ("PNET", 14)],
           [("PDAC", 28), ("cyst", 12), ("cyst", 22)], [("pseudocyst", 14), ("PNET", 30)]]
PLACES = [("LPS", (2.0, 2.0, 5.0)), ("RAS", (1.5, 1.5, 3.0)), ("PIR", (2.0, 2.0, 4.0)), ("LAS", (1.8, 1.8, 5.0))]
RESECTION = ["Does the largest pancreatic cyst meet the resection criterion (volume above 3.0 cm³ or diameter above 3 cm)?",
             "Should the largest pancreatic cyst be considered for resection (volume > 3.0 cm3 or diameter > 3 cm)?",
             "Per the volume/diameter rule (> 3 mL or > 30 mm), is resection indicated for the biggest cyst of the pancreas?"]
PSEUDO = ["Is the largest pancreatic cyst more consistent with a pseudocyst than a mucinous cyst (pseudocyst if mean HU "
          "above 14.5)?",
          "Is the largest pancreatic cyst more likely a pseudocyst than a mucinous cyst (pseudocyst if mean HU > 14.5)?",
          "Judging by its attenuation (pseudocyst above 14.5 HU), is the dominant cyst in the pancreas a pseudocyst?"]
FILLERS = [["Cannot be determined: the organ is outside the scanned range", "Cannot be determined: the images are "
            "non-diagnostic"], ["Indeterminate", "Not assessable on CT"]]


def _options(rng: random.Random, correct: str) -> tuple[dict[str, str], str]:
    texts = ["Yes", "No", *rng.choice(FILLERS)]
    rng.shuffle(texts)
    letters = dict(zip("ABCD", texts, strict=True))
    return letters, next(k for k, v in letters.items() if v == correct)


def _expected(truth: list, typed: str, question: str) -> tuple[str, bool]:
    """The correct option text, and whether the evidence can name the largest cyst (without typed masks, only the
    content criterion types a lesion: fluid <= 20 HU, solid > 30 HU; a 21-30 HU lesion larger than every fluid one
    leaves the largest cyst unknown, and abstaining is then right)."""
    cysts = [t for t in truth if t.kind in ("cyst", "pseudocyst")]
    largest = max(cysts, key=lambda t: t.volume_ml)
    knowable = True
    if typed == "none":
        first = next(t for t in sorted(truth, key=lambda t: -t.volume_ml) if t.kind not in ("PDAC", "PNET"))
        knowable = first.kind == "cyst"
    if "resect" in question:
        return ("Yes" if largest.volume_ml > 3.0 else "No"), knowable
    return ("Yes" if largest.kind == "pseudocyst" else "No"), knowable


def build(out: Path) -> None:
    from tests.typed_lesion_cases import make_case

    rng = random.Random(14)
    questions = []
    for n in range(16):
        layout = LAYOUTS[n % len(LAYOUTS)]
        orientation, spacing = PLACES[(n // 2) % len(PLACES)]
        typed = ("all", "present", "none")[n % 3]
        case = out / f"case{n:02d}"
        truth = make_case(case, 100 + n, orientation, spacing, layout, typed)
        for kind, wordings in (("resection", RESECTION), ("pseudo", PSEUDO)):
            question = rng.choice(wordings)
            expected, knowable = _expected(truth, typed, question)
            options, letter = _options(rng, expected)
            questions.append({"id": f"{case.name}-{kind}", "half": "tune" if n % 2 == 0 else "held", "case": str(case),
                              "typed": typed, "question": question, "choices": options,
                              "expected": letter, "knowable": knowable,
                              "truth": [t.__dict__ for t in truth]})
    (out / "questions.json").write_text(json.dumps(questions, indent=1))


def score(out: Path, half: str) -> None:
    from orchestrator.api import run

    right = wrong = abstained = 0
    for q in json.loads((out / "questions.json").read_text()):
        if q["half"] != half:
            continue
        result = run({"case_id": q["id"], "question": q["question"], "choices": q["choices"],
                      "images": [{"path": f"{q['case']}/ct.nii.gz", "masks": f"{q['case']}/segmentations"}]})
        got = result.answer if result.status == "answered" else None
        if got is None:
            abstained, verdict = abstained + 1, "abstained" if q["knowable"] else "abstained (cannot be known)"
        elif got == q["expected"]:
            right, verdict = right + 1, "right"
        else:
            wrong, verdict = wrong + 1, "WRONG"
        print(q["id"], q["typed"], verdict, got, q["expected"], (result.reasons or [""])[0][:120], flush=True)
    total = right + wrong + abstained
    print(f"{half}: {right}/{total} right, {wrong} wrong, {abstained} abstained")


if __name__ == "__main__":
    {"build": lambda: build(Path(sys.argv[2])), "score": lambda: score(Path(sys.argv[2]), sys.argv[3])}[sys.argv[1]]()
