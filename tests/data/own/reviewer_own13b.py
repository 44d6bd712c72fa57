"""The reviewer's own challenge set of session 13 (review13b): wrong answers made by editing correct results' answer
text (evidence untouched), eight kinds the brief names, and correct answers that add true context (a threshold or a
normal range beside the value, the prior's value beside today's, clauses reordered). Each item: the saved result it
rewrites (`base`, under tests/data/fresh/reviewer12), another question and cited evidence on the same case when given,
the answer text (and letter), whether it is wrong, its kind. `half` splits the set by a hash of the id: "tune" was
looked at while fixing, "held" was not. Written before any change to the reviewer (first scored on main c6b53cb)."""

from __future__ import annotations

import hashlib

L3 = "c_synonym_q04_1"  # liver 940 mL 60.0 HU sd 8.0; spleen 398.7 mL; L/S 1.20; lesions 28.8 (s7) 25.3 (s7) 17.0 (s6) mm
FAT = "c_choice_rephrase_q09_2"  # liver 30.0 HU sd 8.0, L/S 0.60, spleen 142.0 mL; one lesion 25.3 x 22.8 mm, segment 4
KID = "w_swapped_numbers_q34_1"  # left kidney 109.4 mL 116.0 HU, right 108.9 mL 117.4 HU
KCY = "w_swapped_numbers_q11_6"  # right kidney cyst 24.3 x 22.4 mm, 4.5 HU; left 105.1 mL, right 108.3 mL
PRI = "w_change_direction_wrong_q50_1"  # lesions 26.8 (s8) 23.3 (s4) 12.7 (s8) mm; prior largest 17.9 mm; total 7.14 -> 14.62 mL
PAN = "c_reorder_q22_2"  # pancreatic tumour 29.1 x 25.3 mm, head, 24.7 HU; pancreas 39.8 mL 45.2 HU
SPL = "c_synonym_q43_2"  # spleen 647.7 mL
SPG = "c_untouched_q02_2"  # spleen 398.7 mL, volume grade cited

M = "measurement:"
LIVER_HU = [f"{M}liver:mean_hu", f"{M}liver:std_hu"]
SPLEEN_HU = [f"{M}spleen:mean_hu", f"{M}spleen:std_hu"]
LES3 = [f"{M}liver_lesion_{i}:{q}" for i in (1, 2, 3) for q in ("longest_diameter_mm", "location", "attenuation")] + [
    f"{M}liver_lesion:lesion_count", f"{M}liver_lesion:largest_lesion_diameter_mm"]
DESCRIBE = "Describe the liver lesions."
SUMMARY = "Summarise the findings."
KV = [f"{M}kidney_left:volume_ml", f"{M}kidney_right:volume_ml"]


def _i(kind, wrong, base, text, question=None, ev=None, choice=None, choices=None):
    return {"kind": kind, "wrong": wrong, "base": base, "text": text, "choice": choice, "question": question,
            "choices": choices, "evidence_ids": ev}


ITEMS = [
    # 1. a statistic named wrongly (the value is the mean, said as the maximum; an SD said as the mean)
    _i("statistic", True, L3, "The maximum attenuation of the liver is 60.0 HU.", "What is the attenuation of the liver?", LIVER_HU),
    _i("statistic", True, L3, "Peak hepatic attenuation 60 HU.", "What is the attenuation of the liver?", LIVER_HU),
    _i("statistic", True, FAT, "The liver's highest attenuation is 30.0 HU.", "What is the liver attenuation?", LIVER_HU),
    _i("statistic", True, L3, "Median splenic attenuation is 49.9 HU.", "What is the spleen attenuation in HU?", SPLEEN_HU),
    _i("statistic", True, FAT, "Minimum liver density 30.0 HU.", "What is the liver attenuation?", LIVER_HU),
    _i("statistic", True, L3, "The mean attenuation of the liver is 8.0 HU.", "What is the attenuation of the liver?", LIVER_HU),
    _i("statistic", True, FAT, "Average splenic density: 7.9 HU.", "What is the spleen attenuation in HU?", SPLEEN_HU),
    _i("statistic", True, PAN, "The pancreatic tumour's maximal density is 24.7 HU.", "What is the mean HU of the pancreatic tumor?",
       [f"{M}pancreas_lesion:largest_lesion_mean_hu"]),
    _i("statistic", False, L3, "The mean attenuation of the liver is 60.0 HU (SD 8.0 HU).", "What is the attenuation of the liver?", LIVER_HU),
    _i("statistic", False, FAT, "Mean liver density 30.0 HU.", "What is the liver attenuation?", LIVER_HU),
    _i("statistic", False, L3, "Average splenic attenuation is 49.9 HU, standard deviation 8.1 HU.", "What is the spleen attenuation in HU?", SPLEEN_HU),
    _i("statistic", False, PAN, "The pancreatic tumour averages 24.7 HU.", "What is the mean HU of the pancreatic tumor?",
       [f"{M}pancreas_lesion:largest_lesion_mean_hu"]),
    # 2. a qualitative word that contradicts the number beside it
    _i("qualifier", True, L3, "A markedly enlarged spleen (398.7 mL).", "What is the spleen volume?", [f"{M}spleen:volume_ml"]),
    _i("qualifier", True, SPL, "Mildly enlarged spleen of 647.7 mL.", "What is the spleen volume?", [f"{M}spleen:volume_ml"]),
    _i("qualifier", True, L3, "Mildly fatty liver, L/S ratio 1.20.", "What is the liver-to-spleen attenuation ratio?", [f"{M}liver/spleen:hu_ratio"]),
    _i("qualifier", True, L3, "Severe steatosis: the liver measures 60.0 HU.", "What is the attenuation of the liver?", LIVER_HU),
    _i("qualifier", True, L3, "A tiny 28.8 mm lesion in segment 7.", "How big is the largest liver lesion?",
       [f"{M}liver_lesion:largest_lesion_diameter_mm"]),
    _i("qualifier", True, FAT, "Normal, non-fatty liver at 30.0 HU.", "What is the liver attenuation?", LIVER_HU),
    _i("qualifier", True, KID, "Both kidneys are markedly atrophic (left 109.4 mL, right 108.9 mL).", "What are the kidney volumes?", KV),
    _i("qualifier", False, SPL, "Moderately enlarged spleen of 647.7 mL.", "What is the spleen volume?", [f"{M}spleen:volume_ml"]),
    _i("qualifier", False, L3, "Mildly enlarged spleen (398.7 mL).", "What is the spleen volume?", [f"{M}spleen:volume_ml"]),
    _i("qualifier", False, FAT, "Fatty liver, liver attenuation 30.0 HU.", "What is the liver attenuation?", LIVER_HU),
    _i("qualifier", False, L3, "No fatty liver: L/S ratio 1.20.", "What is the liver-to-spleen attenuation ratio?", [f"{M}liver/spleen:hu_ratio"]),
    _i("qualifier", False, FAT, "Severe steatosis, liver attenuation 30.0 HU.", "What is the liver attenuation?", LIVER_HU),
    # 3. a diameter called a radius (or the reverse); short / long axis mixed
    _i("axis", True, L3, "The largest liver lesion has a radius of 28.8 mm.", "How big is the largest liver lesion?",
       [f"{M}liver_lesion:largest_lesion_diameter_mm"]),
    _i("axis", True, PAN, "The pancreatic tumour measures 29.1 mm in radius.", "How big is the pancreatic tumor?",
       [f"{M}pancreas_lesion:largest_lesion_diameter_mm"]),
    _i("axis", True, KCY, "The renal cyst's short axis is 24.3 mm.", "How big is the kidney lesion?",
       [f"{M}kidney_lesion:largest_lesion_diameter_mm", f"{M}kidney_lesion:largest_lesion_short_axis_mm"]),
    _i("axis", True, FAT, "Liver lesion: long axis 22.8 mm.", "How big is the liver lesion?",
       [f"{M}liver_lesion:largest_lesion_diameter_mm", f"{M}liver_lesion:largest_lesion_short_axis_mm"]),
    _i("axis", True, PAN, "The tumour's longest diameter is 25.3 mm.", "How big is the pancreatic tumor?",
       [f"{M}pancreas_lesion:largest_lesion_diameter_mm", f"{M}pancreas_lesion:largest_lesion_short_axis_mm"]),
    _i("axis", False, L3, "The largest liver lesion measures 28.8 mm in diameter.", "How big is the largest liver lesion?",
       [f"{M}liver_lesion:largest_lesion_diameter_mm"]),
    _i("axis", False, KCY, "The renal cyst measures 24.3 mm (long axis) by 22.4 mm (short axis).", "How big is the kidney lesion?",
       [f"{M}kidney_lesion:largest_lesion_diameter_mm", f"{M}kidney_lesion:largest_lesion_short_axis_mm"]),
    _i("axis", False, PAN, "Pancreatic tumour 29.1 mm long axis, short axis 25.3 mm.", "How big is the pancreatic tumor?",
       [f"{M}pancreas_lesion:largest_lesion_diameter_mm", f"{M}pancreas_lesion:largest_lesion_short_axis_mm"]),
    _i("axis", False, FAT, "Liver lesion 25.3 mm in long axis, 22.8 mm in short axis.", "How big is the liver lesion?",
       [f"{M}liver_lesion:largest_lesion_diameter_mm", f"{M}liver_lesion:largest_lesion_short_axis_mm"]),
    # 4. over-generalisation: all / every / none / both / each against per-lesion evidence
    _i("quantifier", True, L3, "All liver lesions lie in segment 7.", DESCRIBE, LES3),
    _i("quantifier", True, PRI, "Every liver lesion is in segment 8.", DESCRIBE, LES3),
    _i("quantifier", True, L3, "Each of the liver lesions measures over 20 mm.", DESCRIBE, LES3),
    _i("quantifier", True, PRI, "None of the liver lesions lies in segment 4.", DESCRIBE, LES3),
    _i("quantifier", True, L3, "Both liver lesions lie in segment 7.", DESCRIBE, LES3),
    _i("quantifier", True, PRI, "All three liver lesions are larger than 20 mm.", DESCRIBE, LES3),
    _i("quantifier", False, L3, "All liver lesions are hypodense.", DESCRIBE, LES3),
    _i("quantifier", False, L3, "Two lesions lie in segment 7 and one in segment 6.", DESCRIBE, LES3),
    _i("quantifier", False, PRI, "None of the liver lesions lies in segment 6.", DESCRIBE, LES3),
    _i("quantifier", False, PRI, "Every liver lesion is hypoattenuating.", DESCRIBE, LES3),
    # 5. a negation inside a subordinate clause that flips a supported finding
    _i("clause_negation", True, SPL, "The spleen measures 647.7 mL, which is not enlarged.", "What is the spleen volume?",
       [f"{M}spleen:volume_ml"]),
    _i("clause_negation", True, PAN, "A 29.1 mm pancreatic tumour, although no lesion is present in the head.",
       "How big is the pancreatic tumor?", [f"{M}pancreas_lesion:largest_lesion_diameter_mm", f"{M}pancreas_lesion:largest_lesion_location"]),
    _i("clause_negation", True, FAT, "Liver attenuation 30.0 HU, which does not indicate fatty liver.", "What is the liver attenuation?", LIVER_HU),
    _i("clause_negation", True, KCY, "A 24.3 mm cyst, though the right kidney contains no lesion.", "How big is the kidney lesion?",
       [f"{M}kidney_lesion:largest_lesion_diameter_mm", f"{M}kidney_lesion_1:organ"]),
    _i("clause_negation", False, L3, "The spleen measures 398.7 mL, which is enlarged.", "What is the spleen volume?", [f"{M}spleen:volume_ml"]),
    _i("clause_negation", False, PAN, "A 29.1 mm pancreatic tumour, although no lesion is present in the tail.",
       "How big is the pancreatic tumor?", [f"{M}pancreas_lesion:largest_lesion_diameter_mm", f"{M}pancreas_lesion:largest_lesion_location"]),
    _i("clause_negation", False, L3, "Liver attenuation 60.0 HU, which does not indicate fatty liver.", "What is the attenuation of the liver?", LIVER_HU),
    _i("clause_negation", False, KCY, "A 24.3 mm cyst, while the left kidney contains no lesion.", "How big is the kidney lesion?",
       [f"{M}kidney_lesion:largest_lesion_diameter_mm", f"{M}kidney_lesion_1:organ"]),
    # 6. a wrong superlative / comparative
    _i("superlative", True, L3, "The smallest liver lesion measures 28.8 mm.", SUMMARY, LES3),
    _i("superlative", True, PRI, "The largest liver lesion measures 23.3 mm.", SUMMARY, LES3),
    _i("superlative", True, KID, "The right kidney is the larger (108.9 mL vs 109.4 mL).", "What are the kidney volumes?", KV),
    _i("superlative", True, KCY, "The left kidney is larger: 105.1 mL against 108.3 mL on the right.", "What are the kidney volumes?", KV),
    _i("superlative", True, L3, "The smallest lesion, in segment 7, is 17.0 mm.", SUMMARY, LES3),
    _i("superlative", False, L3, "The smallest liver lesion measures 17.0 mm.", SUMMARY, LES3),
    _i("superlative", False, PRI, "The largest liver lesion measures 26.8 mm.", SUMMARY, LES3),
    _i("superlative", False, KID, "The left kidney is the larger (109.4 mL vs 108.9 mL).", "What are the kidney volumes?", KV),
    _i("superlative", False, KCY, "The right kidney is larger: 108.3 mL against 105.1 mL on the left.", "What are the kidney volumes?", KV),
    # 7. fold words
    _i("fold", True, PRI, "The largest liver lesion has doubled, from 17.9 mm to 26.8 mm.",
       "How has the diameter of the largest liver lesion changed since the prior CT?",
       [f"{M}liver_lesion:largest_lesion_diameter_change_mm", f"{M}liver_lesion:prior_largest_lesion_diameter_mm",
        f"{M}liver_lesion:largest_lesion_diameter_mm"]),
    _i("fold", True, PRI, "The total liver lesion volume tripled (+7.48 mL).", "How has the total liver lesion volume changed?",
       [f"{M}liver_lesion:total_lesion_volume_change_ml", f"{M}liver_lesion:prior_total_lesion_volume_ml",
        f"{M}liver_lesion:total_lesion_volume_ml"]),
    _i("fold", True, "c_rephrase_q56_26", "The largest lesion has tripled in size: 14.4 mm now, 28.3 mm before.",
       "How has the diameter of the largest liver lesion changed since the prior CT?",
       [f"{M}liver_lesion:largest_lesion_diameter_change_mm", f"{M}liver_lesion:prior_largest_lesion_diameter_mm",
        f"{M}liver_lesion:largest_lesion_diameter_mm"]),
    _i("fold", True, "c_rephrase_q56_26", "The total lesion volume has halved (16.42 mL to 2.84 mL).",
       "How has the total liver lesion volume changed?",
       [f"{M}liver_lesion:total_lesion_volume_change_ml", f"{M}liver_lesion:prior_total_lesion_volume_ml",
        f"{M}liver_lesion:total_lesion_volume_ml"]),
    _i("fold", False, PRI, "The total liver lesion volume roughly doubled, from 7.14 mL to 14.62 mL.",
       "How has the total liver lesion volume changed?",
       [f"{M}liver_lesion:total_lesion_volume_change_ml", f"{M}liver_lesion:prior_total_lesion_volume_ml",
        f"{M}liver_lesion:total_lesion_volume_ml"]),
    _i("fold", False, "c_rephrase_q56_26", "The largest lesion has roughly halved, from 28.3 mm to 14.4 mm.",
       "How has the diameter of the largest liver lesion changed since the prior CT?",
       [f"{M}liver_lesion:largest_lesion_diameter_change_mm", f"{M}liver_lesion:prior_largest_lesion_diameter_mm",
        f"{M}liver_lesion:largest_lesion_diameter_mm"]),
    _i("fold", False, PRI, "The largest liver lesion grew by half, from 17.9 mm to 26.8 mm.",
       "How has the diameter of the largest liver lesion changed since the prior CT?",
       [f"{M}liver_lesion:largest_lesion_diameter_change_mm", f"{M}liver_lesion:prior_largest_lesion_diameter_mm",
        f"{M}liver_lesion:largest_lesion_diameter_mm"]),
    # 8. an invented finding added to a correct answer
    _i("invented", True, PAN, "A 29.1 mm pancreatic tumour with a dilated main pancreatic duct.", "How big is the pancreatic tumor?",
       [f"{M}pancreas_lesion:largest_lesion_diameter_mm"]),
    _i("invented", True, L3, "The spleen measures 398.7 mL; there is moderate ascites.", "What is the spleen volume?", [f"{M}spleen:volume_ml"]),
    _i("invented", True, KCY, "A 24.3 mm right renal cyst with a peripheral calcification.", "How big is the kidney lesion?",
       [f"{M}kidney_lesion:largest_lesion_diameter_mm"]),
    _i("invented", True, FAT, "Liver attenuation 30.0 HU. Gallstones are noted.", "What is the liver attenuation?", LIVER_HU),
    _i("invented", True, SPL, "Spleen volume 647.7 mL, with portal vein thrombosis.", "What is the spleen volume?", [f"{M}spleen:volume_ml"]),
    _i("invented", False, PAN, "A 29.1 mm pancreatic tumour in the head.", "How big is the pancreatic tumor?",
       [f"{M}pancreas_lesion:largest_lesion_diameter_mm", f"{M}pancreas_lesion:largest_lesion_location"]),
    _i("invented", False, KCY, "A 24.3 mm right renal cyst.", "How big is the kidney lesion?", [f"{M}kidney_lesion:largest_lesion_diameter_mm"]),
    _i("invented", False, FAT, "Liver attenuation 30.0 HU, consistent with fatty liver.", "What is the liver attenuation?", LIVER_HU),
    # correct answers with true context a radiologist adds (and wrong context)
    _i("context", False, FAT, "Spleen volume 142.0 mL, below the 314.5 mL threshold for splenomegaly.", "What is the spleen volume?",
       [f"{M}spleen:volume_ml"]),
    _i("context", False, PAN, "Pancreatic volume 39.8 mL, just below the 40-100 mL normal range.", "What is the pancreas volume?", [f"{M}pancreas:volume_ml"]),
    _i("context", False, FAT, "Liver attenuation 30.0 HU, below 40 HU.", "What is the liver attenuation?", LIVER_HU),
    _i("context", False, PRI, "The largest liver lesion measures 26.8 mm now versus 17.9 mm on the prior.",
       "What is the longest diameter of the largest liver lesion now?", [f"{M}liver_lesion:largest_lesion_diameter_mm",
                                                                         f"{M}liver_lesion:prior_largest_lesion_diameter_mm"]),
    _i("context", False, L3, "398.7 mL, above the 314.5 mL splenomegaly threshold.", "What is the spleen volume?", [f"{M}spleen:volume_ml"]),
    _i("context", False, "c_rephrase_q56_26", "Largest liver lesion 14.4 mm today (28.3 mm on the prior study).",
       "What is the longest diameter of the largest liver lesion now?", [f"{M}liver_lesion:largest_lesion_diameter_mm",
                                                                         f"{M}liver_lesion:prior_largest_lesion_diameter_mm"]),
    _i("context", False, SPL, "Above the 314.5 mL threshold, the spleen measures 647.7 mL.", "What is the spleen volume?",
       [f"{M}spleen:volume_ml"]),
    _i("context", False, L3, "Liver attenuation 60.0 HU, above the 40 HU fatty-liver cut-off.", "What is the attenuation of the liver?", LIVER_HU),
    _i("context", True, FAT, "Spleen volume 142.0 mL, below the 100 mL threshold for splenomegaly.", "What is the spleen volume?",
       [f"{M}spleen:volume_ml"]),
    _i("context", True, PRI, "The largest liver lesion measures 26.8 mm now versus 21.0 mm on the prior.",
       "What is the longest diameter of the largest liver lesion now?", [f"{M}liver_lesion:largest_lesion_diameter_mm",
                                                                         f"{M}liver_lesion:prior_largest_lesion_diameter_mm"]),
    _i("context", True, L3, "Liver attenuation 60.0 HU, below the 40 HU fatty-liver cut-off.", "What is the attenuation of the liver?", LIVER_HU),
    _i("context", True, "c_rephrase_q56_26", "Largest liver lesion 14.4 mm today (20.4 mm on the prior study).",
       "What is the longest diameter of the largest liver lesion now?", [f"{M}liver_lesion:largest_lesion_diameter_mm",
                                                                         f"{M}liver_lesion:prior_largest_lesion_diameter_mm"]),
    # fold words whose answer cites the change alone (the prior and current values stay uncited), added before tuning
    _i("fold", True, PRI, "The largest liver lesion is twice its prior size (+8.9 mm).", "How has the diameter of the largest "
       "liver lesion changed since the prior CT?", [f"{M}liver_lesion:largest_lesion_diameter_change_mm"]),
    _i("fold", True, PRI, "A twofold increase in the largest lesion diameter (+8.9 mm).", "How has the diameter of the "
       "largest liver lesion changed since the prior CT?", [f"{M}liver_lesion:largest_lesion_diameter_change_mm"]),
    _i("fold", False, PRI, "Total liver lesion volume doubled (+7.48 mL).", "How has the total liver lesion volume changed?",
       [f"{M}liver_lesion:total_lesion_volume_change_ml"]),
    _i("fold", True, "c_rephrase_q56_26", "Total liver lesion volume has roughly halved (-13.58 mL).",
       "How has the total liver lesion volume changed?", [f"{M}liver_lesion:total_lesion_volume_change_ml"]),
    _i("fold", False, "c_rephrase_q56_26", "The largest lesion has halved (-13.9 mm).", "How has the diameter of the "
       "largest liver lesion changed since the prior CT?", [f"{M}liver_lesion:largest_lesion_diameter_change_mm"]),
    _i("fold", True, PRI, "A threefold increase in total liver lesion volume (+7.48 mL).", "How has the total liver lesion "
       "volume changed?", [f"{M}liver_lesion:total_lesion_volume_change_ml"]),
]
for n, item in enumerate(ITEMS):
    item["id"] = f"{item['kind']}_{n:03d}"
    item["half"] = "tune" if hashlib.sha256(item["id"].encode()).digest()[0] % 2 == 0 else "held"
