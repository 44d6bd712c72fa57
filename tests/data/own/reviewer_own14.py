"""The reviewer's own challenge set of session 14 (review14): wrong answers made by editing correct results' answer
text (evidence untouched) for the kinds reviewer set 13 still slipped past (a quantifier said after its lesions, "all of
them", "each", "none of them"; a mean named by a statistic word inside a bracketed label; a superlative of rank or in
its own clause; a comparison denied in a subordinate clause; a fold word against the numbers the sentence gives; an
invented finding about a structure nothing measured; a size word against the organ's criterion; a rounding that
crosses a band limit), and correct answers on both sides of each (true context, reordered clauses, a broader label).
Each item: the saved result it rewrites (`base`, under tests/data/fresh/reviewer12), the question and cited evidence,
the answer text (and letter), whether it is wrong, its kind. `half` splits the set by a hash of the id: "tune" was
looked at while fixing, "held" was not. Written before any change to the reviewer (first scored on main 6fe6fe6)."""

from __future__ import annotations

import hashlib

L3 = "c_synonym_q04_1"  # lesions 28.8 (s7), 25.3 (s7+s6), 17.0 (s6) mm, 11.06/7.3/2.34 mL; liver 60.0 HU; spleen 398.7 mL
FAT = "c_choice_rephrase_q09_2"  # liver 30.0 HU, L/S 0.605, spleen 142.0 mL 49.7 HU; one lesion 25.3 mm s4; criteria
PRI = "w_change_direction_wrong_q50_1"  # lesions 26.8 (s8) 23.3 (s4) 12.6 (s8) mm; prior largest 17.9; total 7.14->14.62 mL;
#                                         target sums 35.8 -> 50.2 mm (+40.2 %)
W29 = "w_rounding_crosses_threshold_q29_2"  # liver 979.6 mL 30.0 HU; lesions 23.3 (s6) 21.5 (s6) 17.9 (s7) 12.6 (s8) mm
PAN = "c_reorder_q22_2"  # pancreas 39.8 mL 45.2 HU; P/S 0.908; tumour 29.1 mm head 24.7 HU
KCY = "w_swapped_numbers_q11_6"  # right kidney cyst 24.3 mm 4.5 HU; left 105.1 mL 117.2 HU, right 108.3 mL 123.3 HU
SPL = "c_synonym_q43_2"  # spleen 647.7 mL
PV = "w_rounding_crosses_threshold_q23_1"  # pancreas 39.78 mL

M = "measurement:"
COUNT = [f"{M}liver_lesion:lesion_count"]
HOW_MANY = "How many liver lesions are there?"
LARGEST = "What is the longest axial diameter of the largest liver lesion?"
LDIAM = [f"{M}liver_lesion:largest_lesion_diameter_mm"]
CHANGE_D = "How has the longest diameter of the largest liver lesion changed since the prior CT?"
CHANGE_D_EV = [f"{M}liver_lesion:largest_lesion_diameter_change_mm", f"{M}liver_lesion:prior_largest_lesion_diameter_mm",
               f"{M}liver_lesion:largest_lesion_diameter_mm"]
CHANGE_V = "How has the total liver lesion volume changed?"
CHANGE_V_EV = [f"{M}liver_lesion:total_lesion_volume_change_ml", f"{M}liver_lesion:prior_total_lesion_volume_ml",
               f"{M}liver_lesion:total_lesion_volume_ml", f"{M}liver_lesion:total_lesion_volume_change_pct"]
RECIST = "What is the RECIST 1.1 response compared with the prior study?"
RECIST_EV = [f"{M}target_lesions:{q}" for q in ("sum_diameters_mm", "baseline_sum_diameters_mm", "nadir_sum_diameters_mm",
                                                 "change_from_baseline_pct", "change_from_nadir_pct",
                                                 "increase_from_nadir_mm")] + [f"{M}recist:response",
                                                                               f"{M}new_lesions:lesion_count",
                                                                               "criterion:-:recist11-response"]
PRR = "w_change_direction_wrong_q49_6"  # the same pair, with the RECIST 1.1 criterion in its evidence
YN = {"A": "Yes", "B": "No"}
GRADES = {"A": "Normal", "B": "Mild", "C": "Moderate", "D": "Severe"}


def _i(kind, wrong, base, text, question, ev, choice=None, choices=None):
    return {"kind": kind, "wrong": wrong, "base": base, "text": text, "choice": choice, "question": question,
            "choices": choices, "evidence_ids": ev}


ITEMS = [
    # 1. a quantifier said of the lesions after they are counted ("3 lesions, all of them ...")
    _i("quantifier", True, L3, "3 liver lesions, all of them in segment 7.", HOW_MANY, COUNT),
    _i("quantifier", True, L3, "Three hepatic lesions, each located in segment 6.", HOW_MANY, COUNT),
    _i("quantifier", True, W29, "4 liver lesions, all measuring over 15 mm.", HOW_MANY, COUNT),
    _i("quantifier", True, PRI, "3 liver lesions; none of them lies in segment 4.", HOW_MANY, COUNT),
    _i("quantifier", True, PRI, "Three liver lesions, all in the left lobe.", HOW_MANY, COUNT),
    _i("quantifier", True, L3, "3 lesions in the liver, all of which measure more than 20 mm.", HOW_MANY, COUNT),
    _i("quantifier", True, L3, "There are 3 liver lesions, each of them smaller than 20 mm.", HOW_MANY, COUNT),
    _i("quantifier", True, W29, "Four hepatic lesions, every one of them in segment 6.", HOW_MANY, COUNT),
    _i("quantifier", False, L3, "3 liver lesions, all of them in the right lobe.", HOW_MANY, COUNT),
    _i("quantifier", False, W29, "4 liver lesions, all larger than 10 mm.", HOW_MANY, COUNT),
    _i("quantifier", False, PRI, "3 liver lesions; none of them in segment 2.", HOW_MANY, COUNT),
    _i("quantifier", False, L3, "Three liver lesions, each over 15 mm.", HOW_MANY, COUNT),
    _i("quantifier", False, W29, "Four liver lesions, all located in the right lobe.", HOW_MANY, COUNT),
    _i("quantifier", False, PRI, "3 liver lesions, all of which are hypodense.", HOW_MANY, COUNT),
    # 2. a mean named by another statistic inside a bracketed label or after the value
    _i("statistic", True, L3, "60.0 HU (liver peak attenuation)", "What is the mean liver attenuation?",
       [f"{M}liver:mean_hu"]),
    _i("statistic", True, FAT, "49.7 HU (splenic maximum density)", "What is the mean attenuation of the spleen?",
       [f"{M}spleen:mean_hu"]),
    _i("statistic", True, PAN, "45.2 HU (highest pancreatic attenuation)", "What is the mean attenuation of the pancreas?",
       [f"{M}pancreas:mean_hu"]),
    _i("statistic", True, KCY, "123.3 HU (right kidney, maximum value)", "What is the mean attenuation of the right "
       "kidney?", [f"{M}kidney_right:mean_hu"]),
    _i("statistic", True, L3, "49.9 HU (the spleen's minimum attenuation)", "What is the mean attenuation of the spleen?",
       [f"{M}spleen:mean_hu"]),
    _i("statistic", True, PAN, "24.7 HU, the tumour's peak value", "What is the mean HU of the pancreatic tumor?",
       [f"{M}pancreas_lesion:largest_lesion_mean_hu"]),
    _i("statistic", False, L3, "60.0 HU (liver mean attenuation)", "What is the mean liver attenuation?",
       [f"{M}liver:mean_hu"]),
    _i("statistic", False, FAT, "49.7 HU (average splenic density)", "What is the mean attenuation of the spleen?",
       [f"{M}spleen:mean_hu"]),
    _i("statistic", False, PAN, "45.2 HU (mean pancreatic attenuation; SD 8.0 HU)", "What is the mean attenuation of the "
       "pancreas?", [f"{M}pancreas:mean_hu", f"{M}pancreas:std_hu"]),
    _i("statistic", False, KCY, "123.3 HU (right kidney, mean of the voxels)", "What is the mean attenuation of the "
       "right kidney?", [f"{M}kidney_right:mean_hu"]),
    # 3. a superlative of rank ("second largest") or in a clause of its own
    _i("superlative", True, L3, "28.8 mm in segment 7; the smallest of the three liver lesions.", LARGEST, LDIAM),
    _i("superlative", True, PRI, "26.8 mm — the second largest of the three liver lesions.", LARGEST, LDIAM),
    _i("superlative", True, W29, "23.3 mm. It is the smallest of the four lesions.", LARGEST, LDIAM),
    _i("superlative", True, W29, "21.5 mm, the third-largest liver lesion.", "What is the longest diameter of the second "
       "largest liver lesion?", [f"{M}liver_lesion_2:longest_diameter_mm"]),
    _i("superlative", True, PRI, "12.6 mm; this is the largest of the three liver lesions.", "What is the longest "
       "diameter of the smallest liver lesion?", [f"{M}liver_lesion_3:longest_diameter_mm"]),
    _i("superlative", False, L3, "28.8 mm in segment 7; the largest of the three liver lesions.", LARGEST, LDIAM),
    _i("superlative", False, PRI, "26.8 mm — the largest of the three liver lesions; the next measures 23.3 mm.",
       LARGEST, [*LDIAM, f"{M}liver_lesion_2:longest_diameter_mm"]),
    _i("superlative", False, W29, "23.3 mm. The smallest of the four lesions measures 12.6 mm.", LARGEST,
       [*LDIAM, f"{M}liver_lesion_4:longest_diameter_mm"]),
    _i("superlative", False, W29, "21.5 mm — the second largest of the four liver lesions.", "What is the longest "
       "diameter of the second largest liver lesion?", [f"{M}liver_lesion_2:longest_diameter_mm", *COUNT]),
    # 4. a comparison denied in a subordinate clause
    _i("negation", True, PAN, "0.908, which does not exceed the 0.70 cut-off for pancreatic steatosis.",
       "What is the pancreas-to-spleen attenuation ratio?", [f"{M}pancreas/spleen:hu_ratio"]),
    _i("negation", True, L3, "L/S 1.20, which is not above the 1.0 threshold.", "What is the liver-to-spleen attenuation "
       "ratio?", [f"{M}liver/spleen:hu_ratio"]),
    _i("negation", True, SPL, "647.7 mL, a volume that does not reach the 500 mL limit.", "What is the spleen volume?",
       [f"{M}spleen:volume_ml"]),
    _i("negation", True, FAT, "A — Yes: the liver's 30.0 HU, which is not below 40 HU, indicates fatty liver.",
       "Does this patient have fatty liver?", [f"{M}liver:mean_hu", "criterion:liver:dtvqa-fatty-liver"], "A", YN),
    _i("negation", True, L3, "398.7 mL; this volume, which fails to exceed 314.5 mL, is enlarged.", "What is the spleen "
       "volume?", [f"{M}spleen:volume_ml"]),
    _i("negation", False, PAN, "0.908, which does not fall below the 0.70 cut-off for pancreatic steatosis.",
       "What is the pancreas-to-spleen attenuation ratio?", [f"{M}pancreas/spleen:hu_ratio"]),
    _i("negation", False, SPL, "647.7 mL, which does not exceed the 800 mL limit of severe splenomegaly.",
       "What is the spleen volume?", [f"{M}spleen:volume_ml"]),
    _i("negation", False, FAT, "A — Yes: the liver's 30.0 HU, which does not reach 40 HU, indicates fatty liver.",
       "Does this patient have fatty liver?", [f"{M}liver:mean_hu", "criterion:liver:dtvqa-fatty-liver"], "A", YN),
    _i("negation", False, L3, "L/S 1.20, which is not below the 1.0 threshold.", "What is the liver-to-spleen "
       "attenuation ratio?", [f"{M}liver/spleen:hu_ratio"]),
    # 5. a fold word against the numbers the sentence gives or the change cited
    _i("fold", True, PRR, "Progressive disease: the sum of target diameters has doubled, from 35.8 mm to 50.2 mm.",
       RECIST, RECIST_EV),
    _i("fold", True, PRI, "Tripled: from 7.14 mL to 14.62 mL.", CHANGE_V, CHANGE_V_EV),
    _i("fold", True, PRI, "The largest lesion has doubled in diameter, from 17.9 mm to 26.8 mm.", CHANGE_D, CHANGE_D_EV),
    _i("fold", True, PRR, "The sum of the target lesions is now three times the baseline (50.2 mm vs 35.8 mm): "
       "progressive disease.", RECIST, RECIST_EV),
    _i("fold", False, PRI, "Total liver lesion volume has doubled, from 7.14 mL to 14.62 mL (+7.48 mL).", CHANGE_V,
       CHANGE_V_EV),
    _i("fold", False, PRR, "Progressive disease: the sum of target diameters rose by 40 %, from 35.8 mm to 50.2 mm.",
       RECIST, RECIST_EV),
    _i("fold", False, PRI, "Increased by 8.9 mm, from 17.9 mm to 26.8 mm.", CHANGE_D, CHANGE_D_EV),
    # 6. an invented finding about a structure nothing measured
    _i("invented", True, PV, "39.8 mL (pancreas volume); the main pancreatic duct is dilated.", "What is the pancreas "
       "volume?", [f"{M}pancreas:volume_ml"]),
    _i("invented", True, L3, "939.9 mL; the common bile duct is dilated.", "What is the liver volume?",
       [f"{M}liver:volume_ml"]),
    _i("invented", True, SPL, "Splenic volume 647.7 mL, with thrombosis of the splenic vein.", "What is the spleen "
       "volume?", [f"{M}spleen:volume_ml"]),
    _i("invented", True, KCY, "Left 105.1 mL, right 108.3 mL; mild hydronephrosis on the right.", "What are the kidney "
       "volumes?", [f"{M}kidney_left:volume_ml", f"{M}kidney_right:volume_ml"]),
    _i("invented", True, FAT, "30.0 HU; the gallbladder wall is thickened.", "What is the mean liver attenuation?",
       [f"{M}liver:mean_hu"]),
    _i("invented", False, PAN, "39.8 mL (pancreas volume); the pancreatic tumour lies in the head.", "What is the "
       "pancreas volume?", [f"{M}pancreas:volume_ml"]),
    _i("invented", False, L3, "939.9 mL; the liver holds three lesions.", "What is the liver volume?",
       [f"{M}liver:volume_ml"]),
    _i("invented", False, KCY, "Left 105.1 mL, right 108.3 mL; a cyst in the right kidney.", "What are the kidney "
       "volumes?", [f"{M}kidney_left:volume_ml", f"{M}kidney_right:volume_ml"]),
    # 7. a size word said of an organ against its criterion
    _i("size_word", True, SPL, "C — Moderate: a small spleen of 647.7 mL.", "How would you grade the splenomegaly?",
       [f"{M}spleen:volume_ml"], "C", GRADES),
    _i("size_word", True, L3, "398.7 mL, a normal-sized spleen.", "What is the spleen volume?", [f"{M}spleen:volume_ml"]),
    _i("size_word", True, FAT, "A large spleen of 142.0 mL.", "What is the spleen volume?", [f"{M}spleen:volume_ml"]),
    _i("size_word", False, FAT, "A normal-sized spleen of 142.0 mL.", "What is the spleen volume?",
       [f"{M}spleen:volume_ml"]),
    _i("size_word", False, SPL, "A large spleen, 647.7 mL.", "What is the spleen volume?", [f"{M}spleen:volume_ml"]),
    _i("size_word", False, L3, "398.7 mL: the spleen is mildly enlarged; the smallest liver lesion is 17.0 mm.",
       "What is the spleen volume?", [f"{M}spleen:volume_ml", f"{M}liver_lesion_3:longest_diameter_mm"]),
    # 8. a rounding that crosses a band limit
    _i("rounding", True, PV, "About 40 mL, within the 40–100 mL normal range.", "What is the pancreas volume?",
       [f"{M}pancreas:volume_ml"]),
    _i("rounding", True, W29, "Liver volume about 1.0 L, inside the 1000–1800 mL normal range.", "What is the liver "
       "volume?", [f"{M}liver:volume_ml"]),
    _i("rounding", True, PV, "Roughly 40 mL, which reaches the 40 mL lower limit of normal.", "What is the pancreas "
       "volume?", [f"{M}pancreas:volume_ml"]),
    _i("rounding", False, PV, "About 40 mL, just below the 40–100 mL normal range.", "What is the pancreas volume?",
       [f"{M}pancreas:volume_ml"]),
    _i("rounding", False, W29, "About 980 mL, just under the 1000 mL lower limit of normal.", "What is the liver volume?",
       [f"{M}liver:volume_ml"]),
    # 9. true context and reordered clauses (none wrong): a broader label, the prior's value first or last
    _i("context", False, FAT, "A — Yes: fatty liver; L/S 0.60, below 1.0.", "Does this patient have fatty liver?",
       [f"{M}liver/spleen:hu_ratio", "criterion:liver:dtvqa-fatty-liver"], "A", YN),
    _i("context", False, FAT, "A — Yes, a fatty liver: 30.0 HU, under 40 HU.", "Does this patient have fatty liver?",
       [f"{M}liver:mean_hu", "criterion:liver:dtvqa-fatty-liver"], "A", YN),
    _i("context", False, PRI, "Increased: 26.8 mm now versus 17.9 mm on the prior study (+8.9 mm).", CHANGE_D,
       CHANGE_D_EV),
    _i("context", False, PRI, "Grew: 26.8 mm today against 17.9 mm before, an increase of 8.9 mm.", CHANGE_D,
       CHANGE_D_EV),
    _i("context", False, PRI, "Larger now (26.8 mm; prior 17.9 mm; +8.9 mm).", CHANGE_D, CHANGE_D_EV),
]
for n, item in enumerate(ITEMS):
    item["id"] = f"{item['kind']}_{n:03d}"
    item["half"] = "tune" if hashlib.sha256(item["id"].encode()).digest()[0] % 2 == 0 else "held"
