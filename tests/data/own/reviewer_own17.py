"""The reviewer's own challenge set of session 17: new wordings of the kinds reviewer sets 16 and 15 still find judged
wrong, written over the saved results of tests/data/fresh/reviewer16 and reviewer15 (other organs, sides, numbers,
phrasings and voices than the sets' own items, free form and multiple choice) before any change to the reviewer,
then scored once.

Kinds (the general rule: every claim is backed by an evidence item of the same meaning; prose that restates cited
values in other words is fine): a rank label on a number of another rank (miss); a lesion-organ difference given the
wrong direction (miss); a wrong interpretation against a stated threshold appended to a right number (miss); a total
followed by its parts per side (false alarm); a count said in words that follows from the cited evidence (false
alarm); a ratio given with the two values it divides (false alarm); a two-part yes/category answer (false alarm);
"under the 3x outlier rule" said of a lesion that is no outlier (false alarm) - each with wrong and right variants.
"""

from __future__ import annotations

DIAM_Q = "What is the longest diameter of the largest liver lesion in mm?"
DIAM_EV = ["measurement:liver_lesion:largest_lesion_diameter_mm"]
SECOND_Q = "What is the longest diameter of the second-largest liver lesion?"
SECOND_EV = ["measurement:liver_lesion_2:longest_diameter_mm"]
VOL_Q = "What is the volume of the largest liver lesion in mL?"
VOL_EV = ["measurement:liver_lesion:largest_lesion_volume_ml"]
RANK_EV = ["measurement:liver_lesion:largest_lesion_diameter_mm", "measurement:liver_lesion_1:longest_diameter_mm", "measurement:liver_lesion_2:longest_diameter_mm"]


def _diff(organ: str) -> tuple[str, list[str]]:
    label = {"liver": "liver tumor", "pancreas": "pancreatic tumor", "kidney": "kidney lesion"}[organ]
    return (f"What is the HU difference between the {label} and the {organ}?",
            [f"finding:{organ}_lesion:hu_difference", f"finding:{organ}_lesion:hu_difference_magnitude"])


LIVER_D, PANC_D, KID_D = _diff("liver"), _diff("pancreas"), _diff("kidney")
BURDEN_Q = "What percentage of the pancreas volume is occupied by tumor?"
BURDEN_EV = ["measurement:pancreas_lesion:tumor_burden_pct"]
KBURDEN_Q = "What percentage of the kidney volume is occupied by tumor?"
KBURDEN_EV = ["measurement:kidney_lesion:tumor_burden_pct"]
PDIAM_Q = "What is the largest diameter of the pancreatic tumor in mm?"
PDIAM_EV = ["measurement:pancreas_lesion:largest_lesion_diameter_mm"]
SPLEEN_Q = "What is the volume of the spleen in mL?"
SPLEEN_EV = ["measurement:spleen:volume_ml"]
TOTAL_Q = "What is the total volume of both kidneys in mL?"
TOTAL_EV = ["finding:kidney_left+kidney_right:volume_ml", "measurement:kidney_left:volume_ml",
            "measurement:kidney_right:volume_ml"]
CLUSTER_Q = "How are the liver lesions distributed across Couinaud segments?"
CLUSTER_CH = {"A": "Highly clustered", "B": "Somewhat clustered", "C": "Widely distributed"}
CLUSTER_EV = ["finding:liver_lesion:top_segment_pct", "measurement:liver_lesion:lesion_count",
              "measurement:liver_lesion_1:location", "measurement:liver_lesion_2:location",
              "measurement:liver_lesion_3:location", "measurement:liver_lesion_4:location",
              "finding:liver_lesion:top_two_segments_pct", "criterion:liver:dtvqa-liver-lesion-clustering"]
COUNT_Q = "How many liver lesions are there?"
COUNT_EV = ["measurement:liver_lesion:lesion_count"]
RATIO_Q = "What is the ratio of left to right kidney volume?"
RATIO_EV = ["measurement:kidney_left/kidney_right:volume_ratio"]
LS_Q = "What is the liver-to-spleen HU ratio?"
LS_EV = ["measurement:liver/spleen:hu_ratio"]
PS_Q = "What is the pancreas-to-spleen attenuation ratio?"
PS_EV = ["measurement:pancreas/spleen:hu_ratio"]
TWO_Q = "Is there a kidney lesion, and is it solid or cystic?"
TWO_EV = ["measurement:kidney_lesion:lesion_count", "criterion:kidney:dtvqa-lesion-existence",
          "measurement:kidney_lesion:largest_lesion_mean_hu", "criterion:kidney:dtvqa-kidney-lesion-solid-vs-cyst"]
TWO_EV_294 = [TWO_EV[0], *TWO_EV[2:]]
OUT_Q = "Is one liver lesion an outlier, much larger than the others?"
OUT_CH = {"A": "Yes", "B": "No"}
OUT_EV = ["finding:liver_lesion:largest_to_second_volume_ratio", "measurement:liver_lesion_1:volume_ml",
          "measurement:liver_lesion_2:volume_ml", "criterion:liver:dtvqa-lesion-outlier"]


def _i(kind, wrong, base, text, choice=None, question=None, choices=None, ev=None):
    return {"kind": kind, "wrong": wrong, "base": base, "text": text, "choice": choice, "question": question,
            "choices": choices, "evidence_ids": ev}


ITEMS = [
    # -- a rank label (r16_206: liver lesions 29.1 / 20.4 / 20.0 / 12.6 mm, 10.82 / 4.02 / 3.38 / 1.06 mL;
    # r16_200: 22.6 / 17.9 / 16.0 mm; r15_008: 26.8 / 17.9 / 16.5 mm)
    _i("rank_wrong", True, "r16_200", "22.6 mm (second-largest liver lesion diameter)", None, DIAM_Q, None, DIAM_EV),
    _i("rank_wrong", True, "r16_206", "The second biggest hepatic lesion measures 29.1 mm.", None, DIAM_Q, None,
       DIAM_EV),
    _i("rank_wrong", True, "r16_206", "10.8 mL, the volume of the second-largest lesion.", None, VOL_Q, None, VOL_EV),
    _i("rank_wrong", True, "r15_008", "Largest liver lesion: 17.9 mm.", None, DIAM_Q, None,
       ["measurement:liver_lesion_2:longest_diameter_mm"]),
    _i("rank_wrong", True, "r16_200", "Sure! The smallest of the liver lesions is the 22.6 mm one, so that's your "
       "answer: 22.6 mm.", None, DIAM_Q, None, DIAM_EV),
    _i("rank_ok", False, "r16_200", "22.6 mm (largest liver lesion diameter); the second-largest measures 17.9 mm.",
       None, DIAM_Q, None, RANK_EV),
    _i("rank_ok", False, "r16_206", "20.4 mm (second-largest liver lesion diameter)", None, SECOND_Q, None,
       SECOND_EV),
    _i("rank_ok", False, "r15_008", "The second largest lesion spans 17.9 mm.", None, SECOND_Q, None, SECOND_EV),
    _i("rank_ok", False, "r16_206", "The biggest liver lesion is 29.1 mm across.", None, DIAM_Q, None, DIAM_EV),
    # -- a lesion-organ difference and its direction (all hypo: liver r16_486 -39.9 HU, pancreas r16_535 -19.8 HU,
    # kidney r16_474 -61.5 HU)
    _i("direction_wrong", True, "r16_535", "The pancreatic tumour is 19.8 HU higher than the pancreas.", None,
       PANC_D[0], None, PANC_D[1]),
    _i("direction_wrong", True, "r16_474", "Kidney lesion: 61.5 HU above the renal parenchyma.", None, KID_D[0], None, KID_D[1]),
    _i("direction_wrong", True, "r16_486", "It's brighter than the liver by about 40 HU.", None, LIVER_D[0], None, LIVER_D[1]),
    _i("direction_wrong", True, "r16_486", "The lesion exceeds the liver's attenuation by 39.9 HU.", None, LIVER_D[0], None, LIVER_D[1]),
    _i("direction_wrong", True, "r16_535", "+19.8 HU (tumour denser than the gland)", None, PANC_D[0], None, PANC_D[1]),
    _i("direction_ok", False, "r16_535", "The pancreatic tumour is 19.8 HU lower than the pancreas.", None, PANC_D[0], None, PANC_D[1]),
    _i("direction_ok", False, "r16_474", "Kidney lesion: 61.5 HU below the renal parenchyma.", None, KID_D[0], None, KID_D[1]),
    _i("direction_ok", False, "r16_486", "It's darker than the liver by about 40 HU.", None, LIVER_D[0], None, LIVER_D[1]),
    _i("direction_ok", False, "r16_486", "-39.9 HU (lesion minus liver): the lesion is hypoattenuating.", None,
       LIVER_D[0], None, LIVER_D[1]),
    # -- an interpretation against a stated threshold appended to a right number (pancreas burden 49.9 %, kidney
    # burden 2.25 %, pancreatic tumour 41.8 mm, spleen 129.0 mL on r16_535)
    _i("interpretation_wrong", True, "r16_535", "49.9 % — an advanced tumour burden (≥ 50 %).", None, BURDEN_Q, None,
       BURDEN_EV),
    _i("interpretation_wrong", True, "r16_474", "2.25 % (kidney tumor burden), above 5 %", None, KBURDEN_Q, None,
       KBURDEN_EV),
    _i("interpretation_wrong", True, "r16_535", "41.8 mm, i.e. under 4 cm.", None, PDIAM_Q, None, PDIAM_EV),
    _i("interpretation_wrong", True, "r16_535", "The spleen measures 129.0 mL, which is over the 314.5 mL limit.",
       None, SPLEEN_Q, None, SPLEEN_EV),
    _i("interpretation_wrong", True, "r16_535", "Tumour occupies 49.9 % of the pancreas, more than 50 %.", None,
       BURDEN_Q, None, BURDEN_EV),
    _i("interpretation_ok", False, "r16_535", "49.9 % — just under the 50 % mark of an advanced burden.", None,
       BURDEN_Q, None, BURDEN_EV),
    _i("interpretation_ok", False, "r16_474", "2.25 % (kidney tumor burden), below 5 %", None, KBURDEN_Q, None,
       KBURDEN_EV),
    _i("interpretation_ok", False, "r16_535", "41.8 mm, i.e. over 4 cm.", None, PDIAM_Q, None, PDIAM_EV),
    _i("interpretation_ok", False, "r16_535", "The spleen measures 129.0 mL, which is under the 314.5 mL limit.",
       None, SPLEEN_Q, None, SPLEEN_EV),
    # -- a total with its per-side parts (r16_322: left 112.2, right 101.4, sum 213.6; r16_326: 106.2, 115.1, 221.3)
    _i("total_parts_ok", False, "r16_322", "213.6 mL in total: right kidney 101.4 mL, left kidney 112.2 mL.", None,
       TOTAL_Q, None, TOTAL_EV),
    _i("total_parts_ok", False, "r16_326", "Both kidneys together measure 221.3 mL (R 115.1 mL, L 106.2 mL).", None,
       TOTAL_Q, None, TOTAL_EV),
    _i("total_parts_ok", False, "r16_326", "Total 221.3 mL = 106.2 mL (left) + 115.1 mL (right)", None, TOTAL_Q,
       None, TOTAL_EV),
    _i("total_parts_ok", False, "r16_322", "Your two kidneys add up to about 214 mL; the left one is about 112 mL "
       "and the right one about 101 mL.", None, TOTAL_Q, None, TOTAL_EV),
    _i("total_parts_wrong", True, "r16_322", "213.6 mL in total: right kidney 112.2 mL, left kidney 101.4 mL.", None,
       TOTAL_Q, None, TOTAL_EV),
    _i("total_parts_wrong", True, "r16_326", "Both kidneys together measure 231.3 mL (R 115.1 mL, L 106.2 mL).",
       None, TOTAL_Q, None, TOTAL_EV),
    _i("total_parts_wrong", True, "r16_326", "Total 221.3 mL = 115.1 mL (left) + 106.2 mL (right)", None, TOTAL_Q,
       None, TOTAL_EV),
    _i("total_parts_wrong", True, "r16_322", "Combined renal volume 213.6 mL (left 112.2 mL + right 110.4 mL).", None,
       TOTAL_Q, None, TOTAL_EV),
    # -- counts said in words (r16_522: four liver lesions in segments 7, 8, 4, 7; r16_200: three lesions)
    _i("word_count_ok", False, "r16_522", "B — somewhat clustered: two of the four lesions share segment 7 and "
       "three lie in segments 7 and 8.", "B", CLUSTER_Q, CLUSTER_CH, CLUSTER_EV),
    _i("word_count_ok", False, "r16_522", "Somewhat clustered. Four lesions; three of them sit in segments 7 and 8.",
       None, CLUSTER_Q, None, CLUSTER_EV),
    _i("word_count_ok", False, "r16_200", "There are three liver lesions.", None, COUNT_Q, None, COUNT_EV),
    _i("word_count_ok", False, "r16_522", "B (somewhat clustered). Three out of four hepatic lesions fall in the two busiest segments.",
       "B", CLUSTER_Q, CLUSTER_CH, CLUSTER_EV),
    _i("word_count_wrong", True, "r16_522", "B — somewhat clustered: two of the four lesions lie in segments 7 and 8.",
       "B", CLUSTER_Q, CLUSTER_CH, CLUSTER_EV),
    _i("word_count_wrong", True, "r16_522", "Somewhat clustered. Five lesions; three of them sit in segments 7 and 8.",
       None, CLUSTER_Q, None, CLUSTER_EV),
    _i("word_count_wrong", True, "r16_200", "There are two liver lesions.", None, COUNT_Q, None, COUNT_EV),
    _i("word_count_wrong", True, "r16_522", "B (somewhat clustered). Four out of four hepatic lesions fall in the two busiest segments.",
       "B", CLUSTER_Q, CLUSTER_CH, CLUSTER_EV),
    # -- a ratio given with the two values it divides (r16_474: kidneys 110.7 / 112.0 mL, 0.989; r16_104: liver 59.9 /
    # spleen 49.8 HU, 1.202; r16_535: pancreas 44.8 HU, P/S 0.895)
    _i("ratio_parts_ok", False, "r16_474", "0.99 (left 110.7 mL / right 112.0 mL)", None, RATIO_Q, None, RATIO_EV),
    _i("ratio_parts_ok", False, "r16_474", "The left kidney (110.7 mL) is almost the size of the right (112.0 mL): "
       "a left-to-right ratio of 0.99.", None, RATIO_Q, None, RATIO_EV),
    _i("ratio_parts_ok", False, "r16_104", "1.20 — liver 59.9 HU divided by spleen 49.8 HU.", None, LS_Q, None, LS_EV),
    _i("ratio_parts_ok", False, "r16_474", "L:R = 110.7:112.0 mL, i.e. 0.989.", None, RATIO_Q, None, RATIO_EV),
    _i("ratio_parts_wrong", True, "r16_474", "0.99 (left 112.0 mL / right 110.7 mL)", None, RATIO_Q, None, RATIO_EV),
    _i("ratio_parts_wrong", True, "r16_474", "The left kidney (110.7 mL) is almost the size of the right (121.0 mL): "
       "a left-to-right ratio of 0.99.", None, RATIO_Q, None, RATIO_EV),
    _i("ratio_parts_wrong", True, "r16_104", "1.20 — liver 49.8 HU divided by spleen 59.9 HU.", None, LS_Q, None,
       LS_EV),
    _i("ratio_parts_wrong", True, "r16_474", "L:R = 100.7:112.0 mL, i.e. 0.989.", None, RATIO_Q, None, RATIO_EV),
    # -- yes plus a category for a two-part question (r15_007: one right-kidney cyst 5.7 HU; r15_294: cyst 14.2 HU)
    _i("two_part_ok", False, "r15_007", "Yes; cystic (5.7 HU).", None, TWO_Q, None, TWO_EV),
    _i("two_part_ok", False, "r15_007", "Yes - one lesion, and it is a cyst.", None, TWO_Q, None, TWO_EV),
    _i("two_part_ok", False, "r15_294", "Yes. Cystic.", None, TWO_Q, None, TWO_EV_294),
    _i("two_part_ok", False, "r15_007", "Yes, there is a renal lesion. It is a simple cyst by attenuation.", None,
       TWO_Q, None, TWO_EV),
    _i("two_part_wrong", True, "r15_007", "Yes. Solid.", None, TWO_Q, None, TWO_EV),
    _i("two_part_wrong", True, "r15_294", "No. Cyst.", None, TWO_Q, None, TWO_EV_294),
    _i("two_part_wrong", True, "r15_007", "Yes.", None, TWO_Q, None, TWO_EV),
    _i("two_part_wrong", True, "r15_294", "Yes - one lesion, and it is a solid tumour.", None, TWO_Q, None,
       TWO_EV_294),
    # -- an outlier rule said of a lesion that is no outlier (r15_008: 7.78 / 3.18 mL, 2.45 x)
    _i("outlier_rule_ok", False, "r15_008", "B — No: the largest is only 2.4× the second, below the 3-fold outlier "
       "threshold.", "B", OUT_Q, OUT_CH, OUT_EV),
    _i("outlier_rule_ok", False, "r15_008", "No; not an outlier (ratio 2.45 < 3).", None, OUT_Q, None, OUT_EV),
    _i("outlier_rule_ok", False, "r15_008", "B — No. The 3x outlier criterion is not met (2.4x).", "B", OUT_Q, OUT_CH,
       OUT_EV),
    _i("outlier_rule_ok", False, "r15_008", "No. At 7.78 mL vs 3.18 mL the largest lesion stays under the outlier "
       "rule of three times the second.", None, OUT_Q, None, OUT_EV),
    _i("outlier_rule_wrong", True, "r15_008", "A — Yes: 2.4 times the second, meeting the 3× outlier rule.", "A",
       OUT_Q, OUT_CH, OUT_EV),
    _i("outlier_rule_wrong", True, "r15_008", "Yes, an outlier: the largest is 2.4× the second.", None, OUT_Q, None,
       OUT_EV),
    _i("outlier_rule_wrong", True, "r15_008", "No: 3.4 times the second, under the 3x outlier rule.", None, OUT_Q,
       None, OUT_EV),
    _i("outlier_rule_wrong", True, "r15_008", "B — No. The 3x outlier criterion is not met (1.4x).", "B", OUT_Q, OUT_CH,
       OUT_EV),
]
