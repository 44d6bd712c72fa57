"""The reviewer's own challenge set of session 18: new wordings of the kinds reviewer set 17 still finds judged wrong,
written over set 17's saved results (tests/data/fresh/reviewer17) before any change to the reviewer, then scored once.

Kinds (the general rule: every claim is backed by an evidence item of the same meaning; prose that restates cited
values in other words is fine): a cited evidence value altered to match a wrong answer (`alter` edits the result's
evidence item; miss); main and extension Couinaud segments swapped (miss); a diagnosis claimed beyond what CT
attenuation decides (miss); a comparison with a prior study on a case without one (miss); a knowledge answer's
further band wrong (miss); a threshold's direction reversed (miss); a wrong interpretation appended to a right
value (miss); a prior count said in words (false alarm); a value named by a label before it (false alarm); a
burden given with its volumes (false alarm); a percent change given with the sizes it compares (false alarm); a
prior value stated beside a current one (false alarm); a total with its parts and "RECIST 1.1" (false alarm) - each
with wrong and right variants, in terse, report, patient, chatty and markdown voices, free form and multiple choice.
"""

from __future__ import annotations

SPLEEN_Q, SPLEEN_EV = "What is the volume of the spleen in mL?", ["measurement:spleen:volume_ml"]
LKID_Q, LKID_EV = "What is the volume of the left kidney in mL?", ["measurement:kidney_left:volume_ml"]
LIVER_Q, LIVER_EV = "What is the volume of the liver in mL?", ["measurement:liver:volume_ml"]
TOTAL_Q, TOTAL_EV = "What is the total volume of the liver lesions in cm3?", ["measurement:liver_lesion:total_lesion_volume_ml"]
LS_Q, LS_EV = "What is the liver-to-spleen HU ratio?", ["measurement:liver/spleen:hu_ratio"]
DIAM_Q, DIAM_EV = "What is the longest diameter of the largest liver lesion in mm?", ["measurement:liver_lesion:largest_lesion_diameter_mm"]
BURDEN_Q, BURDEN_EV = "What percentage of the liver volume is occupied by tumor?", ["measurement:liver_lesion:tumor_burden_pct"]
PBURDEN_Q, PBURDEN_EV = "What percentage of the pancreas volume is occupied by tumor?", ["measurement:pancreas_lesion:tumor_burden_pct"]
SHU_Q, SHU_EV = "What is the mean attenuation of the spleen in HU?", ["measurement:spleen:mean_hu"]
VOL2_Q, VOL2_EV = "What is the volume of the second-largest liver lesion?", ["measurement:liver_lesion_2:volume_ml"]
LHU_Q, LHU_EV = "What is the mean attenuation of the liver in HU?", ["measurement:liver:mean_hu"]
SEG_Q = "In which Couinaud segment is the largest liver lesion located?"
SEG_EV_67 = ["measurement:liver_lesion_1:locations", "measurement:liver_lesion_1:share_in_liver_segment_6_pct",
             "measurement:liver_lesion_1:share_in_liver_segment_7_pct"]
SEG_EV_65 = ["measurement:liver_lesion_1:locations", "measurement:liver_lesion_1:share_in_liver_segment_6_pct",
             "measurement:liver_lesion_1:share_in_liver_segment_5_pct"]
KID_Q, KID_CH = "Is the kidney lesion a cyst or a solid tumor?", {"A": "Cyst", "B": "Solid tumor (RCC)"}
KID_EV = ["measurement:kidney_lesion:largest_lesion_mean_hu", "criterion:kidney:dtvqa-kidney-lesion-solid-vs-cyst"]
FAT_Q, FAT_CH = "Does this patient have a fatty liver?", {"A": "Yes", "B": "No"}
FAT_EV = ["measurement:liver:mean_hu", "criterion:liver:dtvqa-fatty-liver"]
FATR_EV = ["measurement:liver/spleen:hu_ratio", "criterion:liver:dtvqa-fatty-liver"]
PSC_Q, PSC_CH = "Is the pancreatic cystic lesion a pseudocyst or a mucinous cyst?", {"A": "Pseudocyst", "B": "Mucinous cyst"}
PSC_EV = ["measurement:pancreas_lesion:largest_lesion_mean_hu", "criterion:pancreas:dtvqa-pseudocyst-vs-mucinous"]
T_Q, T_CH = "What is the AJCC T stage of the pancreatic tumor?", {"A": "T1", "B": "T2", "C": "T3", "D": "T4"}
T_EV = ["measurement:pancreas_lesion:largest_lesion_diameter_mm", "criterion:pancreas:ajcc8-pancreas-t"]
COUNT_Q, COUNT_EV = "How many liver lesions are there?", ["measurement:liver_lesion:lesion_count"]
SPL_KQ = "What spleen volume threshold defines splenomegaly?"
SPL_KEV = ["criterion:spleen:dtvqa-splenomegaly-detection", "criterion:spleen:dtvqa-spleen-volume-grade"]
KID_KQ = "Above what mean attenuation in HU is a kidney lesion considered solid rather than a cyst?"
KID_KEV = ["criterion:kidney:dtvqa-kidney-lesion-solid-vs-cyst", "criterion:kidney:dtvqa-renal-mass-hu"]
NOWPRIOR_Q = "How many liver lesions are there now, and how many were there on the prior study?"
NOWPRIOR_EV = ["measurement:liver_lesion:lesion_count", "measurement:liver_lesion:prior_lesion_count"]
PCT_Q = "By what percentage has the longest diameter of the largest liver lesion changed since the prior study?"
PCT_EV = ["measurement:liver_lesion:largest_lesion_diameter_change_pct",
          "measurement:liver_lesion:prior_largest_lesion_diameter_mm", "measurement:liver_lesion:largest_lesion_diameter_mm"]
NOW_Q = "What is the longest diameter of the largest liver lesion now?"
KSUM_Q = "What is the combined volume of both kidneys in mL?"
KSUM_EV = ["finding:kidney_left+kidney_right:volume_ml", "measurement:kidney_left:volume_ml",
           "measurement:kidney_right:volume_ml"]


def _i(kind, wrong, base, text, choice=None, question=None, choices=None, ev=None, alter=None):
    return {"kind": kind, "wrong": wrong, "base": base, "text": text, "choice": choice, "question": question,
            "choices": choices, "evidence_ids": ev, "alter": alter or {}}


ITEMS = [
    # -- a cited evidence value altered to match (r17_001 spleen 6836 voxels x 0.02 mL = 136.7; r17_074 left kidney
    # 114.3; r17_207 liver 968.6; r17_038 three lesions 10.62 + 9.94 + 4.22 = 24.78; r17_027 L/S 29.97 / 49.93 = 0.60;
    # r17_122 largest lesion = liver_lesion_1 22.6 mm; r17_251 burden 18.81 / 959.8 = 1.96 %)
    _i("altered_wrong", True, "r17_001", "182.4 mL (spleen volume)", None, SPLEEN_Q, None, SPLEEN_EV,
       {"measurement:spleen:volume_ml": 182.4}),
    _i("altered_wrong", True, "r17_074", "Left kidney: 141.3 cm³.", None, LKID_Q, None, LKID_EV,
       {"measurement:kidney_left:volume_ml": 141.3}),
    _i("altered_wrong", True, "r17_207", "The liver measures about 1.07 litres (1068.6 mL).", None, LIVER_Q, None,
       LIVER_EV, {"measurement:liver:volume_ml": 1068.6}),
    _i("altered_wrong", True, "r17_038", "**Total lesion volume:** 31.2 mL across the three lesions.", None, TOTAL_Q,
       None, TOTAL_EV, {"measurement:liver_lesion:total_lesion_volume_ml": 31.2}),
    _i("altered_wrong", True, "r17_027", "L/S 0.82", None, LS_Q, None, LS_EV, {"measurement:liver/spleen:hu_ratio": 0.82}),
    _i("altered_wrong", True, "r17_122", "Sure! The largest liver lesion is about 27.4 mm across.", None, DIAM_Q, None,
       DIAM_EV, {"measurement:liver_lesion:largest_lesion_diameter_mm": 27.4}),
    _i("altered_wrong", True, "r17_251", "Tumour occupies 2.6 % of the liver.", None, BURDEN_Q, None, BURDEN_EV,
       {"measurement:liver_lesion:tumor_burden_pct": 2.6}),
    _i("altered_ok", False, "r17_001", "Spleen ~137 mL.", None, SPLEEN_Q, None, SPLEEN_EV),
    _i("altered_ok", False, "r17_074", "Left kidney: 114.3 cm³.", None, LKID_Q, None, LKID_EV),
    _i("altered_ok", False, "r17_207", "Your liver is roughly a litre in volume - 968.6 mL.", None, LIVER_Q, None,
       LIVER_EV),
    _i("altered_ok", False, "r17_038", "**Total lesion volume:** 24.8 mL across the three lesions.", None, TOTAL_Q,
       None, TOTAL_EV),
    _i("altered_ok", False, "r17_027", "L/S 0.60", None, LS_Q, None, LS_EV),
    _i("altered_ok", False, "r17_122", "Sure! The largest liver lesion is about 22.6 mm across.", None, DIAM_Q, None,
       DIAM_EV),
    _i("altered_ok", False, "r17_251", "Tumour occupies 1.96 % of the liver.", None, BURDEN_Q, None, BURDEN_EV),
    # (added after the first score: a value that only an item derived from it recomputes - r17_027 spleen 49.9 HU and
    # liver 30.0 HU in the L/S ratio 0.60, lesion 2 9.94 mL in the 24.78 mL total)
    _i("altered_wrong", True, "r17_027", "Spleen 59.9 HU.", None, SHU_Q, None, SHU_EV, {SHU_EV[0]: 59.9}),
    _i("altered_wrong", True, "r17_027", "The second lesion measures 12.1 mL.", None, VOL2_Q, None, VOL2_EV,
       {VOL2_EV[0]: 12.1}),
    _i("altered_wrong", True, "r17_027", "Mean hepatic attenuation: 39.9 HU", None, LHU_Q, None, LHU_EV,
       {LHU_EV[0]: 39.9}),
    _i("altered_ok", False, "r17_027", "Spleen 49.9 HU.", None, SHU_Q, None, SHU_EV),
    _i("altered_ok", False, "r17_027", "The second lesion measures 9.9 mL.", None, VOL2_Q, None, VOL2_EV),
    # -- main and extension segments (r17_034: largest lesion 63.8 % in segment 6, 36.2 % in 7; r17_207: 89.6 % in
    # 6, 10.4 % in 5)
    _i("segments_wrong", True, "r17_034", "Mainly segment VII, with extension into segment VI.", None, SEG_Q, None,
       SEG_EV_67),
    _i("segments_wrong", True, "r17_034", "Centred in segment 7; a smaller part reaches segment 6.", None, SEG_Q,
       None, SEG_EV_67),
    _i("segments_wrong", True, "r17_207", "Segment 5, extending into segment 6.", None, SEG_Q, None, SEG_EV_65),
    _i("segments_wrong", True, "r17_207", "The largest lesion sits predominantly in segment V and partly in segment "
       "VI.", None, SEG_Q, None, SEG_EV_65),
    _i("segments_wrong", True, "r17_034", "It's mostly in segment 7 (the rest is in segment 6).", None, SEG_Q, None,
       SEG_EV_67),
    _i("segments_ok", False, "r17_034", "Mainly segment VI, with extension into segment VII.", None, SEG_Q, None,
       SEG_EV_67),
    _i("segments_ok", False, "r17_207", "Segment 6, extending slightly into segment 5.", None, SEG_Q, None, SEG_EV_65),
    _i("segments_ok", False, "r17_207", "Predominantly segment VI (about 90 %), a sliver in segment V.", None, SEG_Q,
       None, SEG_EV_65),
    _i("segments_ok", False, "r17_034", "It's mostly in segment 6 (the rest is in segment 7).", None, SEG_Q, None,
       SEG_EV_67),
    _i("segments_ok", False, "r17_034", "Centred in segment 6; a smaller part reaches segment 7.", None, SEG_Q, None,
       SEG_EV_67),
    # -- a diagnosis beyond what attenuation decides (r17_319 kidney lesion 59.4 HU; r17_103 liver 29.9 HU; r17_143
    # pancreatic cyst 25.9 HU; r17_059 pancreatic tumour 23.3 mm)
    _i("overclaim_wrong", True, "r17_319", "B - solid tumour; this is renal cell carcinoma, proven on CT.", "B",
       KID_Q, KID_CH, KID_EV),
    _i("overclaim_wrong", True, "r17_103", "A - Yes. Liver 29.9 HU, which confirms non-alcoholic steatohepatitis.",
       "A", FAT_Q, FAT_CH, FAT_EV),
    _i("overclaim_wrong", True, "r17_143", "A: pseudocyst, definitively excluding a mucinous neoplasm; no follow-up "
       "is needed.", "A", PSC_Q, PSC_CH, PSC_EV),
    _i("overclaim_wrong", True, "r17_059", "B - T2; the tumour is certainly a ductal adenocarcinoma.", "B", T_Q, T_CH,
       T_EV),
    _i("overclaim_wrong", True, "r17_319", "Solid tumor (RCC) (B): 59.4 HU, diagnostic of clear cell carcinoma - "
       "biopsy is unnecessary.", "B", KID_Q, KID_CH, KID_EV),
    _i("overclaim_ok", False, "r17_319", "B - solid tumour by attenuation (59.4 HU, above 34.8 HU); suspicious for "
       "renal cell carcinoma.", "B", KID_Q, KID_CH, KID_EV),
    _i("overclaim_ok", False, "r17_103", "A - Yes. Liver 29.9 HU, consistent with hepatic steatosis.", "A", FAT_Q,
       FAT_CH, FAT_EV),
    _i("overclaim_ok", False, "r17_143", "A: favours a pseudocyst by attenuation (25.9 HU).", "A", PSC_Q, PSC_CH,
       PSC_EV),
    _i("overclaim_ok", False, "r17_059", "B - T2 (23.3 mm, more than 2 cm and at most 4 cm).", "B", T_Q, T_CH, T_EV),
    _i("overclaim_ok", False, "r17_319", "Solid tumor (RCC) (B): 59.4 HU.", "B", KID_Q, KID_CH, KID_EV),
    # -- a comparison with a prior study on a case without one (r17_119 three lesions, r17_012 two, r17_001 spleen
    # 136.7 mL, r17_122 22.6 mm; r17_128 / r17_269 / r17_137 hold a prior)
    _i("no_prior_wrong", True, "r17_119", "Three liver lesions, one of them new since the last scan.", None, COUNT_Q,
       None, COUNT_EV),
    _i("no_prior_wrong", True, "r17_001", "136.7 mL, unchanged from the previous CT.", None, SPLEEN_Q, None, SPLEEN_EV),
    _i("no_prior_wrong", True, "r17_122", "22.6 mm, slightly smaller than before.", None, DIAM_Q, None, DIAM_EV),
    _i("no_prior_wrong", True, "r17_012", "Two lesions (previously three).", None, COUNT_Q, None, COUNT_EV),
    _i("no_prior_wrong", True, "r17_119", "3 hepatic lesions; stable compared with prior imaging.", None, COUNT_Q,
       None, COUNT_EV),
    _i("no_prior_ok", False, "r17_119", "Three liver lesions; no prior study is available for comparison.", None,
       COUNT_Q, None, COUNT_EV),
    _i("no_prior_ok", False, "r17_012", "Two liver lesions.", None, COUNT_Q, None, COUNT_EV),
    _i("no_prior_ok", False, "r17_128", "Two lesions now; there were three on the prior study.", None, NOWPRIOR_Q,
       None, NOWPRIOR_EV),
    _i("no_prior_ok", False, "r17_269", "It grew from 22.6 mm on the prior study to 33.9 mm now: +50 %.", None, PCT_Q,
       None, PCT_EV),
    # -- a knowledge answer's further band (splenic volume grades: mild from 314.5, moderate from 500, severe above 800)
    _i("band_wrong", True, "r17_273", "Splenomegaly from 314.5 mL; 500-800 mL counts as mild.", None, SPL_KQ, None,
       SPL_KEV),
    _i("band_wrong", True, "r17_273", ">= 314.5 mL. Severe splenomegaly starts at 500 mL.", None, SPL_KQ, None,
       SPL_KEV),
    _i("band_wrong", True, "r17_273", "314.5 cc. A spleen above 800 mL is moderately enlarged.", None, SPL_KQ, None,
       SPL_KEV),
    _i("band_wrong", True, "r17_273", "Splenomegaly is a splenic volume of 314.5 mL or more; mild enlargement runs "
       "up to 800 mL.", None, SPL_KQ, None, SPL_KEV),
    _i("band_ok", False, "r17_273", "Splenomegaly from 314.5 mL; 500-800 mL counts as moderate.", None, SPL_KQ, None,
       SPL_KEV),
    _i("band_ok", False, "r17_273", ">= 314.5 mL. Severe splenomegaly starts above 800 mL.", None, SPL_KQ, None,
       SPL_KEV),
    _i("band_ok", False, "r17_273", "314.5 cc. A spleen above 800 mL is severely enlarged.", None, SPL_KQ, None,
       SPL_KEV),
    _i("band_ok", False, "r17_273", "Splenomegaly is a splenic volume of 314.5 mL or more; mild enlargement runs "
       "up to 500 mL.", None, SPL_KQ, None, SPL_KEV),
    # -- a threshold's direction (kidney lesion solid above 34.8 HU; splenomegaly from 314.5 mL)
    _i("direction_wrong", True, "r17_277", "34.8 HU - lesions below this value are solid.", None, KID_KQ, None,
       KID_KEV),
    _i("direction_wrong", True, "r17_277", "A kidney lesion at or under 34.8 HU is considered solid.", None, KID_KQ,
       None, KID_KEV),
    _i("direction_wrong", True, "r17_273", "Splenomegaly: a splenic volume below 314.5 mL.", None, SPL_KQ, None,
       SPL_KEV),
    _i("direction_wrong", True, "r17_277", "Solid if < 34.8 HU; cyst if higher.", None, KID_KQ, None, KID_KEV),
    _i("direction_ok", False, "r17_277", "34.8 HU: anything denser than that is treated as solid.", None, KID_KQ,
       None, KID_KEV),
    _i("direction_ok", False, "r17_277", "Above 34.8 HU = solid; 34.8 HU or lower = cyst.", None, KID_KQ, None,
       KID_KEV),
    _i("direction_ok", False, "r17_273", "A spleen of 314.5 mL or more is enlarged.", None, SPL_KQ, None, SPL_KEV),
    _i("direction_ok", False, "r17_277", "Lesions under 34.8 HU are cysts; over it, solid.", None, KID_KQ, None,
       KID_KEV),
    # -- an interpretation appended to a right value (r17_027 L/S 0.60; r17_207 L/S 1.20 and spleen 647.6 mL;
    # r17_001 spleen 136.7 mL; r17_099 liver 29.9 HU)
    _i("interpretation_wrong", True, "r17_027", "L/S 0.60, no evidence of steatosis.", None, LS_Q, None, LS_EV),
    _i("interpretation_wrong", True, "r17_207", "1.20 - consistent with fatty infiltration of the liver.", None, LS_Q,
       None, LS_EV),
    _i("interpretation_wrong", True, "r17_001", "136.7 mL - the spleen is enlarged.", None, SPLEEN_Q, None, SPLEEN_EV),
    _i("interpretation_wrong", True, "r17_207", "The spleen measures 647.6 mL, a normal-sized spleen.", None,
       SPLEEN_Q, None, SPLEEN_EV),
    _i("interpretation_wrong", True, "r17_099", "30 HU - normal hepatic attenuation.", None, LHU_Q, None, LHU_EV),
    _i("interpretation_ok", False, "r17_027", "L/S 0.60, in keeping with hepatic steatosis.", None, LS_Q, None, LS_EV),
    _i("interpretation_ok", False, "r17_207", "1.20 - no sign of fatty liver.", None, LS_Q, None, LS_EV),
    _i("interpretation_ok", False, "r17_001", "136.7 mL - normal spleen size.", None, SPLEEN_Q, None, SPLEEN_EV),
    _i("interpretation_ok", False, "r17_207", "The spleen measures 647.6 mL: moderate splenomegaly.", None, SPLEEN_Q,
       None, SPLEEN_EV),
    _i("interpretation_ok", False, "r17_099", "30 HU - low, suggesting a fatty liver.", None, LHU_Q, None, LHU_EV),
    # (added after the first score: set 17's own wording of the kind, "liver attenuation normal", on other bases)
    _i("interpretation_wrong", True, "r17_027", "L/S 0.60: the hepatic parenchyma appears normal.", None, LS_Q, None,
       LS_EV),
    _i("interpretation_ok", False, "r17_207", "L/S 1.20: hepatic attenuation is normal.", None, LS_Q, None, LS_EV),
    # -- a prior count said in words (r17_128: two now, three on the prior)
    _i("prior_words_ok", False, "r17_128", "Two now; three on the prior study.", None, NOWPRIOR_Q, None, NOWPRIOR_EV),
    _i("prior_words_ok", False, "r17_128", "Now 2 liver lesions, previously three.", None, NOWPRIOR_Q, None,
       NOWPRIOR_EV),
    _i("prior_words_ok", False, "r17_128", "There are two lesions today compared with three before.", None,
       NOWPRIOR_Q, None, NOWPRIOR_EV),
    _i("prior_words_ok", False, "r17_128", "**Current:** two lesions. **Prior:** three lesions.", None, NOWPRIOR_Q,
       None, NOWPRIOR_EV),
    _i("prior_words_wrong", True, "r17_128", "Two now; four on the prior study.", None, NOWPRIOR_Q, None, NOWPRIOR_EV),
    _i("prior_words_wrong", True, "r17_128", "Now 2 liver lesions.", None, NOWPRIOR_Q, None, NOWPRIOR_EV),
    _i("prior_words_wrong", True, "r17_128", "There are three lesions today compared with two before.", None,
       NOWPRIOR_Q, None, NOWPRIOR_EV),
    _i("prior_words_wrong", True, "r17_128", "**Current:** two lesions. **Prior:** two lesions.", None, NOWPRIOR_Q,
       None, NOWPRIOR_EV),
    # -- a value named by a label before it (r17_143 cyst 25.9 HU, cut 14.5 HU; r17_319 kidney lesion 59.4 HU;
    # r17_103 L/S 0.60)
    _i("label_ok", False, "r17_143", "Pseudocyst (A) - cyst attenuation 25.9 HU, above the 14.5 HU cut-off.", "A",
       PSC_Q, PSC_CH, PSC_EV),
    _i("label_ok", False, "r17_143", "A - pseudocyst: lesion mean HU 25.9.", "A", PSC_Q, PSC_CH, PSC_EV),
    _i("label_ok", False, "r17_319", "B - solid tumour - lesion attenuation 59.4 HU exceeds 34.8 HU.", "B", KID_Q,
       KID_CH, KID_EV),
    _i("label_ok", False, "r17_103", "A - fatty liver - liver-to-spleen ratio 0.60 is below 1.0.", "A", FAT_Q,
       FAT_CH, FATR_EV),
    _i("label_wrong", True, "r17_143", "Pseudocyst (A) - cyst attenuation 52.9 HU, above the 14.5 HU cut-off.", "A",
       PSC_Q, PSC_CH, PSC_EV),
    _i("label_wrong", True, "r17_143", "A - pseudocyst: lesion mean HU 14.4.", "A", PSC_Q, PSC_CH, PSC_EV),
    _i("label_wrong", True, "r17_319", "B - solid tumour - lesion attenuation 24.3 HU exceeds 34.8 HU.", "B", KID_Q,
       KID_CH, KID_EV),
    _i("label_wrong", True, "r17_103", "A - fatty liver - liver-to-spleen ratio 1.20 is below 1.0.", "A", FAT_Q,
       FAT_CH, FATR_EV),
    # -- a burden with its volumes (r17_251 18.81 / 959.8 mL = 1.96 %; r17_027 24.78 / 994.6 = 2.49 %; r17_059
    # pancreas 5.54 / 38.74 = 14.3 %)
    _i("burden_parts_ok", False, "r17_251", "About 2 % (18.8 of 959.8 mL).", None, BURDEN_Q, None, BURDEN_EV),
    _i("burden_parts_ok", False, "r17_027", "2.5 % — 24.8 mL of tumour in a 994.6 mL liver.", None, BURDEN_Q, None,
       BURDEN_EV),
    _i("burden_parts_ok", False, "r17_059", "Pancreatic tumour burden 14.3 % (5.54 mL / 38.74 mL).", None, PBURDEN_Q,
       None, PBURDEN_EV),
    _i("burden_parts_ok", False, "r17_251", "Tumor occupies 1.96% of the liver: 18.81 mL of lesions out of 959.8 mL.",
       None, BURDEN_Q, None, BURDEN_EV),
    _i("burden_parts_wrong", True, "r17_251", "About 2 % (18.8 of 995.8 mL).", None, BURDEN_Q, None, BURDEN_EV),
    _i("burden_parts_wrong", True, "r17_027", "2.5 % — 42.8 mL of tumour in a 994.6 mL liver.", None, BURDEN_Q, None,
       BURDEN_EV),
    _i("burden_parts_wrong", True, "r17_059", "Pancreatic tumour burden 14.3 % (5.54 mL / 141.3 mL).", None,
       PBURDEN_Q, None, PBURDEN_EV),
    _i("burden_parts_wrong", True, "r17_251", "Tumor occupies 1.96% of the liver: 6.60 mL of lesions out of 959.8 mL.",
       None, BURDEN_Q, None, BURDEN_EV),
    # -- a percent change with the sizes it compares (r17_269: 22.6 -> 33.9 mm, +50 %, +11.3 mm)
    _i("percent_ok", False, "r17_269", "From 22.6 mm to 33.9 mm: +50 %.", None, PCT_Q, None, PCT_EV),
    _i("percent_ok", False, "r17_269", "It grew by half (50 %), 22.6 -> 33.9 mm.", None, PCT_Q, None, PCT_EV),
    _i("percent_ok", False, "r17_269", "It increased 50% (prior 22.6 mm, now 33.9 mm).", None, PCT_Q, None, PCT_EV),
    _i("percent_ok", False, "r17_269", "The lesion went from 22.6 mm to 33.9 mm, which is a 50 % increase.", None,
       PCT_Q, None, PCT_EV),
    _i("percent_wrong", True, "r17_269", "It increased 60% (prior 22.6 mm, now 33.9 mm).", None, PCT_Q, None, PCT_EV),
    _i("percent_wrong", True, "r17_269", "Grew from 22.6 to 33.9 mm.", None, PCT_Q, None, PCT_EV),
    _i("percent_wrong", True, "r17_269", "The lesion went from 22.6 mm to 33.9 mm, which is a 50 % decrease.", None,
       PCT_Q, None, PCT_EV),
    _i("percent_wrong", True, "r17_269", "From 22.6 mm to 38.9 mm: +50 %.", None, PCT_Q, None, PCT_EV),
    # -- a prior value beside a current one (r17_137: 33.9 mm now, 22.6 mm on the prior)
    _i("prior_value_ok", False, "r17_137", "33.9 mm now; it measured 22.6 mm on the previous CT.", None, NOW_Q, None,
       DIAM_EV),
    _i("prior_value_ok", False, "r17_137", "Currently 3.4 cm (was 22.6 mm on the prior study).", None, NOW_Q, None,
       DIAM_EV),
    _i("prior_value_ok", False, "r17_137", "The largest liver lesion now measures 33.9 mm, up from 22.6 mm on the "
       "prior scan.", None, NOW_Q, None, DIAM_EV),
    _i("prior_value_ok", False, "r17_137", "**Now:** 33.9 mm (prior study: 22.6 mm).", None, NOW_Q, None, DIAM_EV),
    _i("prior_value_wrong", True, "r17_137", "33.9 mm now; it measured 25.6 mm on the previous CT.", None, NOW_Q,
       None, DIAM_EV),
    _i("prior_value_wrong", True, "r17_137", "Currently 3.4 cm (was 22.6 mm on the prior study, so it has shrunk).",
       None, NOW_Q, None, DIAM_EV),
    _i("prior_value_wrong", True, "r17_137", "The largest liver lesion now measures 22.6 mm, up from 33.9 mm on the "
       "prior scan.", None, NOW_Q, None, DIAM_EV),
    _i("prior_value_wrong", True, "r17_137", "**Now:** 33.9 mm (prior study: 15.9 mm).", None, NOW_Q, None, DIAM_EV),
    # -- a total with its parts, "RECIST 1.1" in the text (r17_200: 221.1 = left 112.3 + right 108.8; r17_359: 87.1
    # = 44.2 + 42.9; r17_122 22.6 mm)
    _i("named_ok", False, "r17_200", "Both kidneys: 221.1 mL (right 108.8, left 112.3).", None, KSUM_Q, None, KSUM_EV),
    _i("named_ok", False, "r17_359", "Kidneys combined 87.1 mL; the left is 44.2 mL and the right 42.9 mL.", None,
       KSUM_Q, None, KSUM_EV),
    _i("named_ok", False, "r17_122", "22.6 mm - measurable under RECIST 1.1 (at least 10 mm).", None, DIAM_Q, None,
       DIAM_EV),
    _i("named_ok", False, "r17_122", "Per RECIST 1.1 the longest axial diameter is used: 22.6 mm.", None, DIAM_Q, None,
       DIAM_EV),
    _i("named_wrong", True, "r17_200", "Both kidneys: 221.1 mL (right 112.3, left 108.8).", None, KSUM_Q, None,
       KSUM_EV),
    _i("named_wrong", True, "r17_359", "Kidneys combined 88.4 mL; the left is 44.2 mL and the right 42.9 mL.", None,
       KSUM_Q, None, KSUM_EV),
    _i("named_wrong", True, "r17_122", "22.6 mm - too small to measure under RECIST 1.1 (below 10 mm).", None, DIAM_Q,
       None, DIAM_EV),
    _i("named_wrong", True, "r17_122", "Per RECIST 1.1 the longest axial diameter is used: 26.2 mm.", None, DIAM_Q,
       None, DIAM_EV),
    # -- added after the first score: further wordings of the kinds above, probed while fixing them
    _i("segments_wrong", True, "r17_034", "Primarily within segment 7, but also involving segment 6.", None, SEG_Q,
       None, SEG_EV_67),
    _i("segments_wrong", True, "r17_034", "Segment 7 (about two thirds) and segment 6 (about one third).", None,
       SEG_Q, None, SEG_EV_67),
    _i("segments_ok", False, "r17_034", "Segment 6 (about two thirds) and segment 7 (about one third).", None, SEG_Q,
       None, SEG_EV_67),
    _i("segments_ok", False, "r17_034", "The bulk of the lesion lies in segment 6, with a portion in segment 7.",
       None, SEG_Q, None, SEG_EV_67),
    _i("no_prior_wrong", True, "r17_119", "Three lesions. No change from prior.", None, COUNT_Q, None, COUNT_EV),
    _i("no_prior_wrong", True, "r17_119", "Three liver lesions, including a new lesion in segment 4.", None, COUNT_Q,
       None, COUNT_EV),
    _i("no_prior_wrong", True, "r17_119", "Three lesions, down from four.", None, COUNT_Q, None, COUNT_EV),
    _i("no_prior_ok", False, "r17_001", "136.7 mL. No prior imaging available.", None, SPLEEN_Q, None, SPLEEN_EV),
    _i("direction_wrong", True, "r17_277", "34.8 HU; lesions with lower attenuation are solid tumours.", None, KID_KQ,
       None, KID_KEV),
    _i("direction_ok", False, "r17_277", "34.8 HU; lesions with higher attenuation are solid tumours.", None, KID_KQ,
       None, KID_KEV),
    _i("overclaim_wrong", True, "r17_319", "B - solid tumour; renal cell carcinoma. Histology is not required.", "B",
       KID_Q, KID_CH, KID_EV),
    _i("overclaim_ok", False, "r17_103", "A - Yes, fatty liver (29.9 HU). NASH cannot be assessed on CT.", "A", FAT_Q,
       FAT_CH, FAT_EV),
    _i("interpretation_wrong", True, "r17_027", "0.60, which argues against hepatic steatosis.", None, LS_Q, None,
       LS_EV),
    _i("interpretation_ok", False, "r17_027", "0.60, which argues for hepatic steatosis.", None, LS_Q, None, LS_EV),
]
