"""The reviewer's own challenge set of session 13 (review13): meaning-preserving rewrites of correct answers and wrong
answers of kinds earlier sets did not hold, written over clinorch's own results on five new phantoms (`clinorch
phantom` seeds 1301-1304 and a follow-up of 1304, provided masks; `clinorch batch` on main c6b53cb; saved in
tests/data/own/reviewer13 without their traces). Each item: the saved result it rewrites (`base`), optionally another
question, choices or cited evidence, the answer text (and letter), whether it is wrong, its kind. `half` splits by a
hash of the id: "tune" was looked at while fixing, "held" was not. Written before any change to the reviewer.

Values of the phantoms (as measured): p1 spleen 659.9 mL (moderate splenomegaly), liver 912.2 mL and 60.0 HU, three
liver lesions (largest 26.8 mm), right kidney cyst 24.3 mm, liver/spleen HU ratio 1.202; p2 liver 30.0 HU (fatty),
pancreatic tumour 23.3 mm (T2) of 25.3 HU (indeterminate, hypoattenuating), 22.4 mm from the aorta and 6.0 mm from the
IVC, left kidney 114.0 mL, right kidney solid tumour 5.6 mL, L/S 0.599; p3 pancreatic tumour 33.0 mm (T2) of 25.1 HU,
6.3 mm from the aorta and 8.2 mm from the IVC, spleen 396.2 mL (splenomegaly), liver lesion 12.6 mm; p4 largest liver
lesion 2.9 mL, right kidney 114.5 mL, tumour burden 0.38 %; p4 follow-up: largest liver lesion 17.9 -> 26.8 mm,
target sum 30.5 -> 38.1 mm (+24.9 %, PD).
"""

from __future__ import annotations

import hashlib

RESECT_P2 = "r13q16"
RESECT_P3 = "r13q21"
PDAC_P2 = "r13q17"


def _i(kind, wrong, base, text, choice=None, question=None, choices=None, ev=None):
    return {"kind": kind, "wrong": wrong, "base": base, "text": text, "choice": choice, "question": question,
            "choices": choices, "evidence_ids": ev}


ITEMS = [
    # -- correct rewrites: units converted correctly and rounded sensibly
    _i("units_ok", False, "r13q00", "The spleen measures 660 cm3."),
    _i("units_ok", False, "r13q00", "Splenic volume: 0.66 L."),
    _i("units_ok", False, "r13q00", "About 0.66 litres."),
    _i("units_ok", False, "r13q00", "659.9 cc."),
    _i("units_ok", False, "r13q06", "Liver volume 0.91 L (912 mL)."),
    _i("units_ok", False, "r13q06", "The liver is 912 cm³."),
    _i("units_ok", False, "r13q02", "2.7 cm (largest liver lesion)."),
    _i("units_ok", False, "r13q02", "The largest hepatic lesion measures 2.68 cm."),
    _i("units_ok", False, "r13q12", "The pancreatic tumour measures 2.3 cm."),
    _i("units_ok", False, "r13q19", "3.3 cm pancreatic mass."),
    _i("units_ok", False, "r13q15", "Left kidney: 114 cm3."),
    _i("units_ok", False, "r13q27", "Right kidney volume approximately 0.11 L."),
    _i("units_ok", False, "r13q26", "Largest liver lesion about 2.9 cm3."),
    _i("units_ok", False, "r13q24", "1.3 cm."),
    _i("units_ok", False, "r13q08", "The right renal lesion measures 2.4 cm."),
    # -- correct rewrites: spelled-out numbers
    _i("spelt_ok", False, "r13q03", "Three liver lesions."),
    _i("spelt_ok", False, "r13q03", "There are three hepatic lesions."),
    _i("spelt_ok", False, "r13q11", "Thirty Hounsfield units."),
    _i("spelt_ok", False, "r13q05", "Sixty HU."),
    _i("spelt_ok", False, "r13q24", "About thirteen millimetres."),
    # -- correct rewrites: synonyms, reordering, abbreviations
    _i("synonym_ok", False, "r13q00", "Splenic volume is 659.9 mL."),
    _i("synonym_ok", False, "r13q06", "Hepatic volume 912.2 ml."),
    _i("synonym_ok", False, "r13q02", "Largest hepatic lesion: 26.8 mm in greatest diameter."),
    _i("synonym_ok", False, "r13q12", "The pancreatic mass measures 23.3 mm in its longest dimension."),
    _i("synonym_ok", False, "r13q05", "Mean hepatic attenuation is 60.0 HU."),
    _i("synonym_ok", False, "r13q09", "L/S ratio 1.20."),
    _i("synonym_ok", False, "r13q18", "Liver-to-spleen attenuation ratio of 0.60."),
    _i("synonym_ok", False, "r13q23", "Yes, splenomegaly (spleen 396.2 mL)."),
    _i("synonym_ok", False, "r13q10", "Yes. The liver is fatty: 30.0 HU, moderate to severe steatosis."),
    _i("synonym_ok", False, "r13q14", "The right kidney (5.6 mL lesion); the left kidney has none."),
    _i("synonym_ok", False, "r13q14", "Right. RK lesion 5.6 mL, LK 0 mL."),
    _i("synonym_ok", False, "r13q27", "Rt kidney 114.5 mL."),
    _i("synonym_ok", False, "r13q20", "T2 — the pancreatic tumour measures 33.0 mm (more than 20 mm and at most 40 mm)."),
    _i("synonym_ok", False, "r13q13", "B — T2: the pancreatic tumour is 23.3 mm.", "B"),
    _i("synonym_ok", False, "r13q07", "C — Moderate: the spleen is 659.9 mL.", "C"),
    _i("synonym_ok", False, "r13q01", "Yes, the spleen is enlarged at 659.9 mL: moderate splenomegaly."),
    _i("synonym_ok", False, "r13q01", "Moderate splenomegaly, yes — 659.9 mL."),
    _i("synonym_ok", False, "r13q28", "Tumour burden 0.4 % of the liver."),
    _i("synonym_ok", False, "r13q30", "Grown by 8.9 mm, from 17.9 mm on the prior CT to 26.8 mm now."),
    _i("synonym_ok", False, "r13q30", "It increased from 17.9 mm to 26.8 mm (+8.9 mm)."),
    _i("synonym_ok", False, "r13q29", "D — Progressive disease: the target sum rose from 30.5 mm to 38.1 mm (+24.9 %).",
       "D"),
    _i("synonym_ok", False, "r13q29", "D — PD: sum of diameters 38.1 mm against a nadir of 30.5 mm, up 24.9 %.", "D"),
    # -- correct rewrites: a radiologist's extra true context
    _i("context_ok", False, "r13q00", "659.9 mL, consistent with moderate splenomegaly."),
    _i("context_ok", False, "r13q02", "26.8 mm; three liver lesions in total."),
    _i("context_ok", False, "r13q12", "23.3 mm (T2 by size)."),
    _i("context_ok", False, "r13q11", "30.0 HU, in keeping with hepatic steatosis."),
    _i("context_ok", False, "r13q22", "396.2 mL, above the 314.5 mL splenomegaly threshold."),
    _i("context_ok", False, "r13q15", "114.0 mL; the right kidney holds a 5.6 mL solid lesion."),
    _i("context_ok", False, "r13q25", "25.1 HU, lower than the pancreas around it."),
    # -- correct answers on the stated vessel-contact basis and the indeterminate PDAC (the xfail kinds)
    _i("vessel_contact_ok", False, RESECT_P2, "A — Resectable: no contact with the aorta (22.4 mm) or the IVC (6.0 mm).",
       "A"),
    _i("vessel_contact_ok", False, RESECT_P2, "A — Resectable. The tumour lies 22.4 mm from the aorta and 6.0 mm from "
       "the inferior vena cava: neither vessel is touched.", "A"),
    _i("vessel_contact_ok", False, RESECT_P3, "B — Resectable: the mass is clear of the aorta (6.3 mm) and of the IVC "
       "(8.2 mm).", "B"),
    _i("vessel_contact_ok", False, RESECT_P3, "B", "B"),
    _i("indeterminate_ok", False, PDAC_P2, "B — Cannot be determined from this CT: the only pancreatic lesion measures "
       "25.3 HU, between cyst and solid tissue, and is hypoattenuating to the gland.", "B"),
    _i("indeterminate_ok", False, PDAC_P2, "B", "B"),

    # -- wrong: a unit that changes the value, or a conversion done wrong
    _i("unit_wrong", True, "r13q00", "659.9 L."),
    _i("unit_wrong", True, "r13q00", "The spleen measures 6.6 L."),
    _i("unit_wrong", True, "r13q00", "0.066 L."),
    _i("unit_wrong", True, "r13q06", "9.1 L."),
    _i("unit_wrong", True, "r13q02", "26.8 cm."),
    _i("unit_wrong", True, "r13q02", "0.27 cm."),
    _i("unit_wrong", True, "r13q12", "23.3 cm pancreatic tumour."),
    _i("unit_wrong", True, "r13q26", "2.9 L."),
    _i("unit_wrong", True, "r13q15", "11.4 cm3."),
    _i("unit_wrong", True, "r13q24", "12.6 cm."),
    # -- wrong: a number in words or digits off
    _i("number_wrong", True, "r13q03", "Two liver lesions."),
    _i("number_wrong", True, "r13q03", "Four."),
    _i("number_wrong", True, "r13q11", "Thirteen HU."),
    _i("number_wrong", True, "r13q05", "6.0 HU."),
    _i("number_wrong", True, "r13q09", "L/S ratio 2.10."),
    _i("number_wrong", True, "r13q22", "369.2 mL."),
    # -- wrong: a ratio inverted, a share misplaced
    _i("ratio_wrong", True, "r13q09", "0.83 (liver/spleen attenuation ratio)."),
    _i("ratio_wrong", True, "r13q18", "1.67 (liver/spleen attenuation ratio)."),
    _i("share_wrong", True, "r13q28", "4 % of the liver is tumour."),
    _i("share_wrong", True, "r13q28", "38 % tumour burden."),
    # -- wrong: the structure the value is said of
    _i("structure_wrong", True, "r13q00", "The liver measures 659.9 mL."),
    _i("structure_wrong", True, "r13q06", "Spleen volume 912.2 mL."),
    _i("structure_wrong", True, "r13q12", "The largest liver lesion measures 23.3 mm."),
    _i("structure_wrong", True, "r13q02", "The right kidney lesion measures 26.8 mm."),
    _i("structure_wrong", True, "r13q25", "25.1 HU (pancreas mean attenuation)."),
    # -- wrong: the side
    _i("side_wrong", True, "r13q14", "Left kidney. kidney lesion volume in kidney left: 5.6 mL; in kidney right: 0.0 mL."),
    _i("side_wrong", True, "r13q14", "The left kidney."),
    _i("side_wrong", True, "r13q15", "Right kidney 114.0 mL."),
    _i("side_wrong", True, "r13q08", "24.3 mm (largest left kidney lesion diameter)."),
    # -- wrong: the time point
    _i("timepoint_wrong", True, "r13q30", "Grown by 8.9 mm: 26.8 mm on the prior study, 17.9 mm now."),
    _i("timepoint_wrong", True, "r13q30", "It shrank from 26.8 mm to 17.9 mm."),
    _i("timepoint_wrong", True, "r13q29", "D — Progressive disease: the target sum is now 30.5 mm (baseline 38.1 mm).", "D"),
    _i("timepoint_wrong", True, "r13q02", "26.8 mm on the prior CT."),
    # -- wrong: the category one step off, or the wrong category for the value
    _i("category_wrong", True, "r13q07", "B — Mild: spleen volume 659.9 mL.", "B"),
    _i("category_wrong", True, "r13q07", "D — Severe: spleen volume 659.9 mL.", "D"),
    _i("category_wrong", True, "r13q01", "Yes — severe splenomegaly (659.9 mL)."),
    _i("category_wrong", True, "r13q20", "T3. largest pancreas lesion diameter 33.0 mm."),
    _i("category_wrong", True, "r13q13", "A — T1: pancreatic tumour 23.3 mm.", "A"),
    _i("category_wrong", True, "r13q10", "Yes — mild fatty liver (30.0 HU)."),
    # -- wrong: a citation of a criterion that does not decide it
    _i("citation_wrong", True, "r13q20", "T2. largest pancreas lesion diameter 33.0 mm -> T2 by ajcc8-kidney-t."),
    _i("citation_wrong", True, "r13q13", "B — T2: pancreatic tumour 23.3 mm (20 < x ≤ 40 mm) -> T2 by ajcc8-liver-t.", "B"),
    # -- wrong: negation
    _i("negation_wrong", True, "r13q23", "No. The spleen is 396.2 mL."),
    _i("negation_wrong", True, "r13q23", "The spleen is not enlarged (396.2 mL)."),
    _i("negation_wrong", True, "r13q10", "No hepatic steatosis; liver 30.0 HU."),
    _i("negation_wrong", True, "r13q01", "No, the spleen is within normal limits at 659.9 mL."),
    _i("negation_wrong", True, "r13q14", "Neither kidney."),
    # -- wrong: the quantity asked (a sum, a volume for a diameter)
    _i("quantity_wrong", True, "r13q02", "26.8 mL."),
    _i("quantity_wrong", True, "r13q26", "2.9 mm."),
    _i("quantity_wrong", True, "r13q12", "The pancreatic tumour measures 25.3 HU."),
    _i("quantity_wrong", True, "r13q27", "114.5 mm."),
    # -- wrong: on the stated vessel-contact basis
    _i("vessel_contact_wrong", True, RESECT_P2, "B — Borderline resectable (venous contact): the tumour abuts the IVC.",
       "B"),
    _i("vessel_contact_wrong", True, RESECT_P2, "C — Locally advanced (arterial contact): the tumour touches the aorta.",
       "C"),
    _i("vessel_contact_wrong", True, RESECT_P2, "A — Resectable: no contact with the aorta; the tumour abuts the IVC.",
       "A"),
    _i("vessel_contact_wrong", True, RESECT_P3, "A — Locally advanced (arterial contact): the aorta lies 6.3 mm away.",
       "A"),
    _i("vessel_contact_wrong", True, RESECT_P3, "D — Metastatic.", "D"),
    _i("vessel_contact_wrong", True, RESECT_P3, "C", "C"),
    # -- wrong: the indeterminate PDAC decided, or "cannot be determined" where the criteria decide
    _i("indeterminate_wrong", True, PDAC_P2, "A — No: the lesion is 25.3 HU.", "A"),
    _i("indeterminate_wrong", True, PDAC_P2, "C — Yes: a hypoattenuating pancreatic mass.", "C"),
    _i("indeterminate_wrong", True, "r13q13", "E — Cannot be determined: T stage needs more imaging.", "E", None,
       {"A": "T1", "B": "T2", "C": "T3", "D": "T4", "E": "Cannot be determined"}),
    _i("indeterminate_wrong", True, "r13q07", "E — Indeterminate.", "E", None,
       {"A": "No splenomegaly", "B": "Mild", "C": "Moderate", "D": "Severe", "E": "Indeterminate"}),
]


def _half(item_id: str) -> str:
    return "held" if int(hashlib.sha256(item_id.encode()).hexdigest(), 16) % 2 else "tune"


for _n, _item in enumerate(ITEMS):
    _item["id"] = f"{_item['kind']}_{_n:03d}"
    _item["half"] = _half(_item["id"])
