"""The reviewer's own challenge set of session 12 (review12): varied wrong and correct rewrites of saved results of
reviewer set 11, one group per kind the brief names. Each item: the saved result it rewrites (`base`), optionally
another question, choices and cited evidence on the same case, the answer text (and letter), whether it is wrong,
its kind. `half` splits the set by a hash of the id: "tune" was looked at while fixing, "held" was not.
Written before any change to the reviewer (first scored on main 4553b92)."""

from __future__ import annotations

import hashlib

KIDNEY_Q = "What are the volumes of the two kidneys?"
KV = ["measurement:kidney_left:volume_ml", "measurement:kidney_right:volume_ml"]
RECIST = {"A": "Complete response", "B": "Partial response", "C": "Stable disease", "D": "Progressive disease"}
SIDES = {"A": "Left", "B": "Right", "C": "They are equal"}
KHU_Q = "What is the mean attenuation of each kidney?"
KHU = ["measurement:kidney_left:mean_hu", "measurement:kidney_right:mean_hu"]
DIAM_Q = "How big is the largest liver lesion?"
DIAM = ["measurement:liver_lesion:largest_lesion_diameter_mm"]
LVOL_Q = "What is the liver volume?"
LVOL = ["measurement:liver:volume_ml"]


def _i(kind, wrong, base, text, choice=None, question=None, choices=None, ev=None):
    return {"kind": kind, "wrong": wrong, "base": base, "text": text, "choice": choice, "question": question,
            "choices": choices, "evidence_ids": ev}


ITEMS = [
    # side-bound values: each number belongs to the side the sentence attaches it to
    _i("side_values", False, "r11q20__synonym_reworded", "B: Right. Right kidney 112.3 mL, left kidney 108.6 mL.", "B"),
    _i("side_values", True, "r11q20__synonym_reworded", "B: Right. Right kidney 108.6 mL, left kidney 112.3 mL.", "B"),
    _i("side_values", False, "r11q20__synonym_reworded", "B: Right — the left kidney measures 108.6 mL and the right "
       "112.3 mL.", "B"),
    _i("side_values", True, "r11q20__synonym_reworded", "B: Right — the left kidney measures 112.3 mL and the right "
       "108.6 mL.", "B"),
    _i("side_values", False, "r11q24__abbreviation", "Right kidney; lesion volume 6.0 mL on the right, 0 mL on the left."),
    _i("side_values", True, "r11q24__abbreviation", "Right kidney; lesion volume 6.0 mL on the left, 0 mL on the right."),
    _i("side_values", True, "r11q24__abbreviation", "Right kidney (left kidney lesion volume 6.0 mL; right kidney "
       "lesion volume 0.0 mL)."),
    _i("side_values", False, "r11q24__abbreviation", "Right kidney (right kidney lesion volume 6.0 mL; left kidney "
       "lesion volume 0.0 mL)."),
    _i("side_values", False, "r11q46__abbreviation", "Left kidney 104.5 mL, right kidney 112.7 mL.", None, KIDNEY_Q, None, KV),
    _i("side_values", True, "r11q46__abbreviation", "Left kidney 112.7 mL, right kidney 104.5 mL.", None, KIDNEY_Q, None, KV),
    _i("side_values", False, "r11q54__abbreviation", "Right 112.9 mL; left 115.5 mL.", None, KIDNEY_Q, None, KV),
    _i("side_values", True, "r11q54__abbreviation", "Right 115.5 mL; left 112.9 mL.", None, KIDNEY_Q, None, KV),
    _i("side_values", False, "r11q54__abbreviation", "The right kidney is 112.9 mL and the left kidney 115.5 mL.", None,
       KIDNEY_Q, None, KV),
    _i("side_values", True, "r11q54__abbreviation", "The right kidney is 115.5 mL and the left kidney 112.9 mL.", None,
       KIDNEY_Q, None, KV),
    _i("side_values", False, "r11q19__synonym_reworded", "Left kidney 116.8 HU, right kidney 118.3 HU.", None, KHU_Q, None, KHU),
    _i("side_values", True, "r11q19__synonym_reworded", "Left kidney 118.3 HU, right kidney 116.8 HU.", None, KHU_Q, None, KHU),
    _i("side_values", True, "r11q19__synonym_reworded", "Right kidney 116.8 HU; left kidney 118.3 HU.", None, KHU_Q, None, KHU),
    # baseline/prior and current values swapped
    _i("prior_current", False, "r11q46__abbreviation", "D: Progressive disease. Sum of diameters 45.3 mm now, "
       "30.9 mm at baseline (+46.5 %).", "D"),
    _i("prior_current", True, "r11q46__abbreviation", "D: Progressive disease. Sum of diameters 30.9 mm now, "
       "45.3 mm at baseline.", "D"),
    _i("prior_current", False, "r11q46__abbreviation", "D: Progressive disease — the target sum rose from 30.9 mm at "
       "baseline to 45.3 mm.", "D"),
    _i("prior_current", True, "r11q46__abbreviation", "D: Progressive disease — target sum 30.9 mm (baseline 45.3 mm, "
       "+46.5 %).", "D"),
    _i("prior_current", False, "r11q54__abbreviation", "B: Partial response. Target sum 17.0 mm (baseline 43.3 mm).", "B"),
    _i("prior_current", True, "r11q54__abbreviation", "B: Partial response. Target sum 43.3 mm (baseline 17.0 mm).", "B"),
    _i("prior_current", True, "r11q54__abbreviation", "B: Partial response — sum of diameters 43.3 mm now versus "
       "17.0 mm at baseline (-60.8 %).", "B"),
    _i("prior_current", False, "r11q55__synonym_reworded", "The largest liver lesion shrank from 28.8 mm to 17.0 mm.",
       None, "How has the largest liver lesion changed since the prior CT?", None,
       ["measurement:liver_lesion:largest_lesion_diameter_change_mm",
        "measurement:liver_lesion:prior_largest_lesion_diameter_mm", "measurement:liver_lesion:largest_lesion_diameter_mm"]),
    _i("prior_current", True, "r11q55__synonym_reworded", "The largest liver lesion measures 28.8 mm now (17.0 mm on the "
       "prior CT).", None, "How has the largest liver lesion changed since the prior CT?", None,
       ["measurement:liver_lesion:largest_lesion_diameter_change_mm",
        "measurement:liver_lesion:prior_largest_lesion_diameter_mm", "measurement:liver_lesion:largest_lesion_diameter_mm"]),
    _i("prior_current", False, "r11q48__synonym_reworded", "Grew by 8.8 mm: 16.5 mm on the prior study, 25.3 mm now.",
       None, "How has the diameter of the largest liver lesion changed since the prior CT?", None,
       ["measurement:liver_lesion:largest_lesion_diameter_change_mm",
        "measurement:liver_lesion:prior_largest_lesion_diameter_mm", "measurement:liver_lesion:largest_lesion_diameter_mm"]),
    _i("prior_current", True, "r11q48__synonym_reworded", "Grew by 8.8 mm: now 16.5 mm, previously 25.3 mm.",
       None, "How has the diameter of the largest liver lesion changed since the prior CT?", None,
       ["measurement:liver_lesion:largest_lesion_diameter_change_mm",
        "measurement:liver_lesion:prior_largest_lesion_diameter_mm", "measurement:liver_lesion:largest_lesion_diameter_mm"]),
    # a rounding judged by its stated precision (of the value as shown)
    _i("rounding", False, "r11q33__rounded", "31 mm (largest pancreas lesion diameter)"),
    _i("rounding", False, "r11q33__rounded", "The pancreatic tumour measures 30 mm."),
    _i("rounding", True, "r11q33__rounded", "32 mm (largest pancreas lesion diameter)"),
    _i("rounding", True, "r11q33__rounded", "The pancreatic tumour measures 29 mm."),
    _i("rounding", False, "r11q47__percent_wrong", "25 mm.", None, DIAM_Q, None, DIAM),
    _i("rounding", True, "r11q47__percent_wrong", "26 mm.", None, DIAM_Q, None, DIAM),
    _i("rounding", False, "r11q01__rounded", "953 mL (liver volume)"),
    _i("rounding", True, "r11q01__rounded", "955 mL (liver volume)"),
    _i("rounding", False, "r11q17__grade_one_step_down", "649 mL.", None, "What is the spleen volume?", None,
       ["measurement:spleen:volume_ml"]),
    _i("rounding", True, "r11q17__grade_one_step_down", "650.5 mL.", None, "What is the spleen volume?", None,
       ["measurement:spleen:volume_ml"]),
    _i("rounding", False, "r11q62__synonym_reworded", "24 mm.", None, DIAM_Q, None, DIAM),
    _i("rounding", True, "r11q62__synonym_reworded", "23 mm.", None, DIAM_Q, None, DIAM),
    # a unit converted
    _i("unit_converted", False, "r11q33__rounded", "3.05 cm (largest pancreas lesion diameter)"),
    _i("unit_converted", False, "r11q33__rounded", "About 3 cm across."),
    _i("unit_converted", True, "r11q33__rounded", "3.5 cm (largest pancreas lesion diameter)"),
    _i("unit_converted", False, "r11q01__rounded", "0.95 L (liver volume)"),
    _i("unit_converted", True, "r11q01__rounded", "0.59 L (liver volume)"),
    _i("unit_converted", False, "r11q17__grade_one_step_down", "0.65 L.", None, "What is the spleen volume?", None,
       ["measurement:spleen:volume_ml"]),
    _i("unit_converted", True, "r11q17__grade_one_step_down", "6.5 L.", None, "What is the spleen volume?", None,
       ["measurement:spleen:volume_ml"]),
    _i("unit_converted", False, "r11q62__synonym_reworded", "2.4 cm.", None, DIAM_Q, None, DIAM),
    _i("unit_converted", True, "r11q62__synonym_reworded", "2.8 cm.", None, DIAM_Q, None, DIAM),
    _i("unit_converted", False, "r11q57__unit_converted", "Unchanged: 0 % change (0 mL)."),
    _i("unit_converted", False, "r11q57__unit_converted", "Stable, no change in volume (0 mL)."),
    _i("unit_converted", True, "r11q57__unit_converted", "Stable: 12 mL change."),
    _i("unit_converted", True, "r11q57__unit_converted", "Increased by 10 mL."),
    # abbreviations of a category, a side or a structure
    _i("abbreviation", False, "r11q46__abbreviation", "D: PD (sum of diameters 45.3 mm vs 30.9 mm at baseline).", "D"),
    _i("abbreviation", True, "r11q46__abbreviation", "D: PR (sum of diameters 45.3 mm vs 30.9 mm at baseline).", "D"),
    _i("abbreviation", False, "r11q54__abbreviation", "B: PR — target sum 17.0 mm vs 43.3 mm at baseline.", "B"),
    _i("abbreviation", True, "r11q54__abbreviation", "B: SD — target sum 17.0 mm vs 43.3 mm at baseline.", "B"),
    _i("abbreviation", True, "r11q54__abbreviation", "B: PD — target sum 17.0 mm vs 43.3 mm at baseline.", "B"),
    _i("abbreviation", False, "r11q24__abbreviation", "Rt. kidney."),
    _i("abbreviation", True, "r11q24__abbreviation", "L kidney."),
    _i("abbreviation", True, "r11q24__abbreviation", "Lt kidney."),
    _i("abbreviation", False, "r11q24__abbreviation", "R kidney (6.0 mL lesion)."),
    _i("abbreviation", False, "r11q20__synonym_reworded", "B: R kidney larger (112.3 vs 108.6 mL).", "B"),
    _i("abbreviation", True, "r11q20__synonym_reworded", "B: L kidney larger (112.3 vs 108.6 mL).", "B"),
    _i("abbreviation", False, "r11q41__synonym_reworded", "G3 (severe) steatosis; liver 29.9 HU."),
    _i("abbreviation", True, "r11q41__synonym_reworded", "G1 (mild) steatosis; liver 29.9 HU."),
    # changes in words: signed differences
    _i("change_words", False, "r11q55__synonym_reworded", "One fewer: three lesions on the prior CT, two now."),
    _i("change_words", False, "r11q55__synonym_reworded", "Decreased by one lesion (3 to 2)."),
    _i("change_words", False, "r11q55__synonym_reworded", "One lesion has resolved; two remain of the three seen before."),
    _i("change_words", True, "r11q55__synonym_reworded", "Two fewer: three lesions on the prior CT, one now."),
    _i("change_words", True, "r11q55__synonym_reworded", "One more: three lesions on the prior CT, two now."),
    _i("change_words", True, "r11q55__synonym_reworded", "One fewer: four lesions on the prior CT, three now."),
    _i("change_words", True, "r11q55__synonym_reworded", "Unchanged: two liver lesions on both studies."),
    _i("change_words", False, "r11q48__synonym_reworded", "Unchanged: two liver lesions on both studies."),
    _i("change_words", False, "r11q48__synonym_reworded", "No change — two lesions before and two now."),
    _i("change_words", False, "r11q48__synonym_reworded", "The same number (two) as on the prior CT."),
    _i("change_words", True, "r11q48__synonym_reworded", "Unchanged: three liver lesions on both studies."),
    _i("change_words", True, "r11q48__synonym_reworded", "One more: two before, three now."),
    _i("change_words", True, "r11q48__synonym_reworded", "One fewer than on the prior CT."),
    # Couinaud segment with a section or lobe name
    _i("segment_section", False, "r11q06__synonym_reworded", "Segment 7 (right posterior section)."),
    _i("segment_section", False, "r11q62__synonym_reworded", "Segment VII of the right lobe."),
    _i("segment_section", False, "r11q06__synonym_reworded", "The largest lesion is in segment 7, posterior right liver."),
    _i("segment_section", True, "r11q06__synonym_reworded", "Segment 7 (left lateral section)."),
    _i("segment_section", True, "r11q62__synonym_reworded", "Segment 7 (right anterior section)."),
    _i("segment_section", True, "r11q06__synonym_reworded", "Segment 6 (right posterior section)."),
    _i("segment_section", True, "r11q62__synonym_reworded", "Segment VIII, right anterior section."),
    _i("segment_section", False, "r11q62__synonym_reworded", "Right posterior section, segment 7."),
    # a distance to a structure is not a size
    _i("distance", False, "r11q33__rounded", "30.5 mm; the tumour lies 6.0 mm from the IVC.", None, None, None,
       ["measurement:pancreas_lesion:largest_lesion_diameter_mm", "measurement:postcava:distance_from_pancreas_lesion_1_mm"]),
    _i("distance", False, "r11q33__rounded", "30.5 mm, 4.0 mm from the stomach."),
    _i("distance", True, "r11q33__rounded", "30.5 mm; the tumour lies 16.0 mm from the IVC.", None, None, None,
       ["measurement:pancreas_lesion:largest_lesion_diameter_mm", "measurement:postcava:distance_from_pancreas_lesion_1_mm"]),
    _i("distance", True, "r11q33__rounded", "A 6.0 mm tumour, 30.5 mm from the IVC."),
    _i("distance", False, "r11q62__synonym_reworded", "Segment 7; it lies 18.4 mm from the IVC.", None, None, None,
       ["measurement:liver_lesion_1:location", "measurement:postcava:distance_from_liver_lesion_1_mm"]),
    _i("distance", True, "r11q62__synonym_reworded", "Segment 7; it lies 28.4 mm from the IVC.", None, None, None,
       ["measurement:liver_lesion_1:location", "measurement:postcava:distance_from_liver_lesion_1_mm"]),
    _i("distance", False, "r11q01__rounded", "953 mL (liver volume); its largest lesion lies 18.4 mm from the IVC."),
    _i("distance", True, "r11q01__rounded", "953 mL (liver volume); its largest lesion measures 18.4 mm."),
    # numbers in words
    _i("number_words", False, "r11q33__rounded", "Thirty and a half millimetres."),
    _i("number_words", False, "r11q33__rounded", "Thirty point five millimetres (largest pancreas lesion diameter)."),
    _i("number_words", True, "r11q33__rounded", "Thirty-five and a half millimetres."),
    _i("number_words", True, "r11q33__rounded", "Twenty and a half millimetres."),
    _i("number_words", False, "r11q62__synonym_reworded", "Twenty-four point three millimetres.", None, DIAM_Q, None, DIAM),
    _i("number_words", True, "r11q62__synonym_reworded", "Twenty-eight point three millimetres.", None, DIAM_Q, None, DIAM),
    # multiple choice worded with both values
    _i("option_reworded", False, "r11q20__synonym_reworded", "B: Right — 112.3 mL versus 108.6 mL on the left.", "B"),
    _i("option_reworded", True, "r11q20__synonym_reworded", "B: Right — 108.6 mL versus 112.3 mL on the left.", "B"),
    _i("option_reworded", False, "r11q20__synonym_reworded", "B: Right — larger than the left (108.6 mL) at 112.3 mL.", "B"),
    _i("option_reworded", True, "r11q20__synonym_reworded", "B: Right — larger than the left (112.3 mL) at 108.6 mL.", "B"),
    _i("option_reworded", False, "r11q34__synonym_reworded", "B: Body — the tumour sits mostly in the body of the "
       "pancreas.", "B"),
    _i("option_reworded", True, "r11q34__synonym_reworded", "B: Body — the tumour sits mostly in the pancreatic tail.", "B"),
    _i("option_reworded", False, "r11q46__abbreviation", "D: Progression — target sum up 46.5 % from baseline.", "D"),
    _i("option_reworded", True, "r11q46__abbreviation", "D: Progression — target sum down 46.5 % from baseline.", "D"),
    # a category's limits quoted
    _i("quoted_band", False, "r11q19__synonym_reworded", "A: Simple cyst — 5.3 HU, within the -10 to 20 HU fluid "
       "range.", "A"),
    _i("quoted_band", True, "r11q19__synonym_reworded", "A: Simple cyst — 25.3 HU, within the -10 to 20 HU fluid "
       "range.", "A"),
    _i("quoted_band", False, "r11q41__synonym_reworded", "Severe (grade 3) steatosis: the liver measures 29.9 HU, "
       "below 39 HU."),
    _i("quoted_band", True, "r11q41__synonym_reworded", "Severe (grade 3) steatosis: the liver measures 39.9 HU, "
       "below 39 HU."),
    _i("quoted_band", True, "r11q41__synonym_reworded", "Moderate (grade 2) steatosis: the liver measures 29.9 HU."),
    # kidney side of a lesion named in prose
    _i("side_prose", False, "r11q19__side_correct_added", "A: Simple cyst in the R kidney (5.3 HU).", "A"),
    _i("side_prose", True, "r11q19__side_correct_added", "A: Simple cyst in the L kidney (5.3 HU).", "A"),
    _i("side_prose", False, "r11q24__abbreviation", "The lesion is in the right kidney (6.0 mL); the left has none."),
    _i("side_prose", True, "r11q24__abbreviation", "The lesion is in the left kidney (6.0 mL); the right has none."),
    _i("side_prose", False, "r11q24__abbreviation", "Right. The left kidney is lesion-free."),
    _i("side_prose", True, "r11q24__abbreviation", "Left. The right kidney is lesion-free."),
    # liver volume and other organ values reworded
    _i("organ_reworded", False, "r11q01__rounded", "Hepatic volume is 953 mL."),
    _i("organ_reworded", True, "r11q01__rounded", "Splenic volume is 953 mL."),
    _i("organ_reworded", False, "r11q17__grade_one_step_down", "Moderate splenomegaly: the spleen measures 649.3 mL.", None,
       "How would you grade the splenomegaly?"),
    _i("organ_reworded", True, "r11q17__grade_one_step_down", "Moderate splenomegaly: the liver measures 649.3 mL.", None,
       "How would you grade the splenomegaly?"),
    _i("organ_reworded", False, "r11q46__abbreviation", "Hepatic volume 974.5 mL on the prior "
       "study.", None, "What was the liver volume on the prior study?", None, ["measurement:liver:prior_volume_ml"]),
    _i("organ_reworded", True, "r11q46__abbreviation", "Hepatic volume 138.8 mL on the prior study.", None,
       "What was the liver volume on the prior study?", None, ["measurement:liver:prior_volume_ml"]),
]


def _half(i: int, item: dict) -> str:
    digest = hashlib.sha256(f"{item['base']}|{item['text']}|{item['kind']}".encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "held"


for _n, _item in enumerate(ITEMS):
    _item["id"] = f"own12-{_n:03d}-{_item['kind']}"
    _item["half"] = _half(_n, _item)
