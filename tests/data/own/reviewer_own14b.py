"""The reviewer's own challenge set of session 14 (review14b): wrong answers made by editing the text of correct
results (a correct number with a wrong plane, sub-region or Couinaud name; a pertinent negative nothing assessed; a
wrong interval between studies; "stable" for a real change and "grew" for none; a tissue word the HU contradicts; a
threshold of another organ) and correct answers of kinds the reviewer flagged (a criterion's threshold quoted as
context, a category word inside a criterion's description, a comparative, a decimal change, a two-part answer with
the yes/no first). Written over the saved results of tests/data/own/reviewer13 (see reviewer_own13 for their values)
before any change to the reviewer. `half` splits by a hash of the id: "tune" was looked at while fixing, "held" not.

119 items (89 in two halves, then `BATCH2`, 30 more). Study dates: prior 2025-12-01, current 2026-06-01 (6 months). p1 right kidney cyst 24.3 mm of 5.9 HU; p2 right
kidney solid tumour 24.3 mm of 60.2 HU; p2 pancreas 38.6 mL (head 18.9 mL); p4 follow-up liver volume unchanged (0.0 %).
"""

from __future__ import annotations

import hashlib

WHERE = "In which Couinaud segment is the largest liver lesion?"
WHERE_EV = ["measurement:liver_lesion:largest_lesion_location", "measurement:liver_lesion_1:location"]
PANC_VOL = "What is the volume of the pancreas?"
PANC_VOL_EV = ["measurement:pancreas:volume_ml"]
LIVER_CHANGE = "Has the liver volume changed since the prior CT?"
LIVER_CHANGE_EV = ["measurement:liver:volume_change_pct", "measurement:liver:prior_volume_ml",
                   "measurement:liver:volume_ml"]
KID_TYPE = "Is the right kidney lesion a cyst or a solid tumour?"
KID_TYPE_EV = ["measurement:kidney_lesion:largest_lesion_mean_hu", "criterion:kidney:dtvqa-kidney-lesion-solid-vs-cyst"]
RATIO_Q = "Is the largest liver lesion more than three times the volume of the second largest?"
RATIO_EV = ["measurement:liver_lesion_1:volume_ml", "measurement:liver_lesion_2:volume_ml",
            "finding:liver_lesion:largest_to_second_volume_ratio"]
LS_Q = "Is there fatty liver, and what is the liver-to-spleen attenuation ratio?"
LS_EV = ["measurement:liver:mean_hu", "measurement:liver/spleen:hu_ratio", "criterion:liver:dtvqa-fatty-liver"]


def _i(kind, wrong, base, text, choice=None, question=None, choices=None, ev=None):
    return {"kind": kind, "wrong": wrong, "base": base, "text": text, "choice": choice, "question": question,
            "choices": choices, "evidence_ids": ev}


ITEMS = [
    # -- 1. a correct number with a wrong qualifier: plane, sub-region, Couinaud name
    _i("qualifier_wrong", True, "r13q02", "26.8 mm craniocaudal extent of the largest liver lesion."),
    _i("qualifier_wrong", True, "r13q02", "The largest liver lesion measures 26.8 mm in the coronal plane."),
    _i("qualifier_wrong", True, "r13q12", "The pancreatic tumour spans 23.3 mm craniocaudally."),
    _i("qualifier_wrong", True, "r13q19", "33.0 mm on the sagittal reformat."),
    _i("qualifier_wrong", True, "r13q08", "24.3 mm in cranio-caudal length (right kidney lesion)."),
    _i("qualifier_wrong", True, "r13q15", "Left renal cortex volume 114.0 mL."),
    _i("qualifier_wrong", True, "r13q27", "The right renal parenchyma excluding the sinus measures 114.5 mL."),
    _i("qualifier_wrong", True, "r13q12", "The pancreatic head measures 38.6 mL.", None, PANC_VOL, None, PANC_VOL_EV),
    _i("qualifier_wrong", True, "r13q12", "Pancreatic tail volume 38.6 mL.", None, PANC_VOL, None, PANC_VOL_EV),
    _i("qualifier_wrong", True, "r13q06", "Right hepatic lobe volume 912.2 mL."),
    _i("qualifier_wrong", True, "r13q26", "Segment 7, the anterior superior segment.", None, WHERE, None, WHERE_EV),
    _i("qualifier_wrong", True, "r13q26", "Segment VII (left lobe).", None, WHERE, None, WHERE_EV),
    _i("qualifier_wrong", True, "r13q02", "Segment 5, the posterior inferior segment of the right lobe.", None, WHERE,
       None, WHERE_EV),
    _i("qualifier_wrong", True, "r13q02", "Segment V, in the left lateral section.", None, WHERE, None, WHERE_EV),
    _i("qualifier_wrong", True, "r13q02", "Segment 5 (caudate lobe).", None, WHERE, None, WHERE_EV),
    _i("qualifier_ok", False, "r13q02", "26.8 mm in longest axial diameter."),
    _i("qualifier_ok", False, "r13q12", "23.3 mm, the longest diameter on axial images."),
    _i("qualifier_ok", False, "r13q15", "The whole left kidney measures 114.0 mL."),
    _i("qualifier_ok", False, "r13q12", "The whole pancreas measures 38.6 mL.", None, PANC_VOL, None, PANC_VOL_EV),
    _i("qualifier_ok", False, "r13q26", "Segment 7, the posterior superior segment of the right lobe.", None, WHERE,
       None, WHERE_EV),
    _i("qualifier_ok", False, "r13q02", "Segment V (anterior inferior right lobe).", None, WHERE, None, WHERE_EV),
    _i("qualifier_ok", False, "r13q26", "Couinaud segment VII, posterosuperior.", None, WHERE, None, WHERE_EV),
    # -- 2. a pertinent negative nothing assessed
    _i("negative_wrong", True, "r13q22", "396.2 mL; no focal splenic lesion."),
    _i("negative_wrong", True, "r13q02", "26.8 mm. No ascites."),
    _i("negative_wrong", True, "r13q15", "114.0 mL, without renal vein invasion."),
    _i("negative_wrong", True, "r13q06", "912.2 mL; no lymphadenopathy."),
    _i("negative_wrong", True, "r13q24", "12.6 mm, with no vascular invasion."),
    _i("negative_wrong", True, "r13q00", "659.9 mL. There is no splenic infarct."),
    _i("negative_wrong", True, "r13q27", "114.5 mL; no hydronephrosis."),
    _i("negative_ok", False, "r13q26", "2.9 mL; no kidney tumour is seen."),
    _i("negative_ok", False, "r13q14", "Right kidney; the left kidney has no lesion (0.0 mL)."),
    _i("negative_ok", False, "r13q19", "33.0 mm; no kidney tumour.", None, None, None,
       ["measurement:pancreas_lesion:largest_lesion_diameter_mm", "segmentation:kidney_tumor:present"]),
    _i("negative_ok", False, "r13q00", "659.9 mL; no pancreatic tumour.", None, None, None,
       ["measurement:spleen:volume_ml", "segmentation:pancreas_tumor:present"]),
    # -- 3. a wrong interval between the studies (6 months apart)
    _i("interval_wrong", True, "r13q30", "+8.9 mm over the past year (17.9 -> 26.8 mm)."),
    _i("interval_wrong", True, "r13q30", "It grew 8.9 mm in 3 months, from 17.9 mm to 26.8 mm."),
    _i("interval_wrong", True, "r13q30", "Increased by 8.9 mm (17.9 to 26.8 mm) over 12 months."),
    _i("interval_wrong", True, "r13q30", "Grew from 17.9 to 26.8 mm, about 3 mm per month."),
    _i("interval_wrong", True, "r13q30", "8.9 mm larger than two years ago (17.9 -> 26.8 mm)."),
    _i("interval_ok", False, "r13q30", "+8.9 mm in 6 months (17.9 -> 26.8 mm)."),
    _i("interval_ok", False, "r13q30", "Grew 8.9 mm over the six months since the prior CT (17.9 to 26.8 mm)."),
    _i("interval_ok", False, "r13q30", "From 17.9 to 26.8 mm, about 1.5 mm per month."),
    # -- 4. stable for a real change, grew for none
    _i("stability_wrong", True, "r13q30", "Stable: 17.9 mm before, 26.8 mm now (+8.9 mm)."),
    _i("stability_wrong", True, "r13q30", "Essentially unchanged at 26.8 mm (17.9 mm on the prior)."),
    _i("stability_wrong", True, "r13q30", "No significant change; 8.9 mm larger (17.9 -> 26.8 mm)."),
    _i("stability_wrong", True, "r13q30", "The largest liver lesion is unchanged in size, 26.8 mm versus 17.9 mm."),
    _i("stability_wrong", True, "r13q30", "The liver grew: 967.1 mL now, 967.1 mL before.", None, LIVER_CHANGE, None,
       LIVER_CHANGE_EV),
    _i("stability_wrong", True, "r13q30", "Yes, the liver has enlarged (967.1 mL, 0.0 %).", None, LIVER_CHANGE, None,
       LIVER_CHANGE_EV),
    _i("stability_ok", False, "r13q30", "No, the liver volume is stable at 967.1 mL (0.0 %).", None, LIVER_CHANGE,
       None, LIVER_CHANGE_EV),
    _i("stability_ok", False, "r13q30", "It grew by 8.9 mm, from 17.9 mm to 26.8 mm."),
    _i("stability_ok", False, "r13q30", "Unchanged: 967.1 mL on both studies.", None, LIVER_CHANGE, None,
       LIVER_CHANGE_EV),
    # -- 5. a tissue word the HU contradicts
    _i("tissue_wrong", True, "r13q25", "25.1 HU, a fat-containing lesion."),
    _i("tissue_wrong", True, "r13q25", "25.1 HU, in keeping with a calcified mass."),
    _i("tissue_wrong", True, "r13q25", "25.1 HU: the tumour is hyperdense to the pancreas."),
    _i("tissue_wrong", True, "r13q05", "60.0 HU, a cystic (fluid-attenuation) liver."),
    _i("tissue_wrong", True, "r13q11", "30.0 HU, consistent with hepatic calcification."),
    _i("tissue_wrong", True, "r13q24", "12.6 mm, a fat-density lesion.", None, None, None,
       ["measurement:liver_lesion:largest_lesion_diameter_mm", "measurement:liver_lesion:largest_lesion_mean_hu"]),
    _i("tissue_ok", False, "r13q25", "25.1 HU, hypoattenuating relative to the pancreas."),
    _i("tissue_ok", False, "r13q25", "25.1 HU (hypodense to the pancreatic parenchyma)."),
    _i("tissue_ok", False, "r13q11", "30.0 HU, low attenuation for a liver."),
    # -- 6. a threshold of another organ or guideline
    _i("threshold_wrong", True, "r13q12", "38.6 mL, below the 600 mL atrophy limit: atrophic.", None, PANC_VOL, None,
       PANC_VOL_EV),
    _i("threshold_wrong", True, "r13q22", "396.2 mL, under the 1500 mL hepatomegaly cut-off.", None),
    _i("threshold_wrong", True, "r13q23", "Yes: 396.2 mL exceeds the 250 mL splenomegaly threshold."),
    _i("threshold_wrong", True, "r13q10", "Yes: 30.0 HU is below the 34.8 HU fatty-liver cut-off."),
    _i("threshold_wrong", True, "r13q15", "114.0 mL, above the 314.5 mL limit for the kidney."),
    # -- 7. a criterion's threshold quoted as context (correct)
    _i("threshold_ok", False, "r13q23", "Yes — splenomegaly from 314.5 mL; the spleen is 396.2 mL."),
    _i("threshold_ok", False, "r13q23", "Yes. At 396.2 mL the spleen is above the 314.5 mL splenomegaly cut-off."),
    _i("threshold_ok", False, "r13q10", "Yes; at 30.0 HU the liver is below the 40 HU threshold."),
    _i("threshold_ok", False, "r13q01", "Yes, moderate: 659.9 mL lies in the 500-800 mL band."),
    _i("threshold_ok", False, "r13q14", "It is a solid tumour: 60.2 HU, above the 34.8 HU cut-off.", None, KID_TYPE,
       None, KID_TYPE_EV),
    # -- 8. a category word inside a criterion's description (correct)
    _i("criterion_word_ok", False, "r13q14", "Solid tumour (60.2 HU; a cyst is at or below the 34.8 HU cut-off).",
       None, KID_TYPE, None, KID_TYPE_EV),
    _i("criterion_word_ok", False, "r13q14", "Solid: 60.2 HU exceeds the 34.8 HU ceiling for a simple cyst.",
       None, KID_TYPE, None, KID_TYPE_EV),
    _i("criterion_word_ok", False, "r13q14", "A solid tumour; 60.2 HU is not at or below the 34.8 HU cut-off for a "
       "cyst.", None, KID_TYPE, None, KID_TYPE_EV),
    _i("criterion_word_wrong", True, "r13q14", "A cyst (60.2 HU; a solid mass is above the 34.8 HU cut-off).", None,
       KID_TYPE, None, KID_TYPE_EV),
    _i("criterion_word_wrong", True, "r13q14", "Cyst: 60.2 HU, at or below the 34.8 HU cut-off for a solid mass.",
       None, KID_TYPE, None, KID_TYPE_EV),
    # -- 9. comparatives
    _i("comparative_ok", False, "r13q02", "Yes: the largest (8.8 mL) is more than three times the second largest "
       "(1.3 mL).", None, RATIO_Q, None, RATIO_EV),
    _i("comparative_ok", False, "r13q26", "Yes; 2.9 mL is 3.7 times the second largest lesion (0.8 mL).", None,
       RATIO_Q, None, RATIO_EV),
    _i("comparative_ok", False, "r13q02", "Yes, the second largest (1.3 mL) is less than a third of the largest "
       "(8.8 mL).", None, RATIO_Q, None, RATIO_EV),
    _i("comparative_wrong", True, "r13q02", "No: the largest (8.8 mL) is less than three times the second largest "
       "(1.3 mL).", None, RATIO_Q, None, RATIO_EV),
    _i("comparative_wrong", True, "r13q26", "Yes: the largest lesion is 1.3 mL, three times the second (0.8 mL).",
       None, RATIO_Q, None, RATIO_EV),
    # -- 10. decimal changes
    _i("decimal_ok", False, "r13q30", "Increased by 8.9 mm, from 17.9 to 26.8 mm."),
    _i("decimal_ok", False, "r13q30", "Liver volume changed by 0.0 % (967.1 mL).", None, LIVER_CHANGE, None,
       LIVER_CHANGE_EV),
    _i("decimal_ok", False, "r13q28", "Tumour occupies 0.4 % of the liver."),
    _i("decimal_ok", False, "r13q29", "D — progressive disease: the target sum increased by 24.9 % (30.5 to 38.1 mm).",
       "D"),
    _i("decimal_wrong", True, "r13q29", "D — progressive disease: the target sum increased by 42.9 % (30.5 to 38.1 "
       "mm).", "D"),
    # -- 11. a two-part answer with the yes/no first
    _i("two_part_ok", False, "r13q10", "Yes, fatty liver (moderate to severe: liver 30.0 HU); the L/S ratio is 0.60.",
       None, LS_Q, None, LS_EV),
    _i("two_part_ok", False, "r13q10", "Yes — fatty liver (liver 30.0 HU, moderate to severe). Liver/spleen ratio "
       "0.599.", None, LS_Q, None, LS_EV),
    _i("two_part_ok", False, "r13q10", "Yes (moderate to severe fatty liver, 30.0 HU); L/S 0.599.", None, LS_Q, None,
       LS_EV),
    _i("two_part_ok", False, "r13q01", "Yes, splenomegaly (moderate: 659.9 mL).", None),
    _i("two_part_wrong", True, "r13q10", "No fatty liver (liver 30.0 HU); the L/S ratio is 0.60.", None, LS_Q, None,
       LS_EV),
]

BATCH2 = [  # written after the changes to the reviewer, before scoring them: a second held-back estimate
    _i("qualifier_wrong", True, "r13q24", "12.6 mm in height (liver lesion)."),
    _i("qualifier_wrong", True, "r13q08", "The right renal cyst is 24.3 mm along the z-axis."),
    _i("qualifier_wrong", True, "r13q27", "Right renal medulla: 114.5 mL."),
    _i("qualifier_wrong", True, "r13q00", "659.9 mL (splenic hilum volume)."),
    _i("qualifier_wrong", True, "r13q26", "Segment 7 (anteroinferior).", None, WHERE, None, WHERE_EV),
    _i("qualifier_wrong", True, "r13q02", "Couinaud segment 5, left lobe.", None, WHERE, None, WHERE_EV),
    _i("qualifier_ok", False, "r13q19", "33.0 mm maximal axial diameter."),
    _i("qualifier_ok", False, "r13q26", "Segment 7 of the right lobe.", None, WHERE, None, WHERE_EV),
    _i("qualifier_ok", False, "r13q02", "Segment 5 (right anterior sector, inferior).", None, WHERE, None, WHERE_EV),
    _i("negative_wrong", True, "r13q19", "33.0 mm; no peripancreatic lymph nodes."),
    _i("negative_wrong", True, "r13q08", "24.3 mm. No hydroureter."),
    _i("negative_wrong", True, "r13q12", "23.3 mm, no free fluid."),
    _i("negative_wrong", True, "r13q22", "396.2 mL; no splenic mass."),
    _i("negative_ok", False, "r13q12", "23.3 mm; the tumour does not contact the aorta (22.4 mm away).", None, None,
       None, ["measurement:pancreas_lesion:largest_lesion_diameter_mm", "measurement:aorta:distance_from_pancreas_lesion_1_mm"]),
    _i("negative_ok", False, "r13q06", "912.2 mL. No ascites was assessed."),
    _i("interval_wrong", True, "r13q30", "Up 8.9 mm in the 9 months since the prior (17.9 -> 26.8 mm)."),
    _i("interval_wrong", True, "r13q30", "Growth of 8.9 mm over eighteen months (17.9 to 26.8 mm)."),
    _i("interval_ok", False, "r13q30", "8.9 mm of growth over half a year (17.9 -> 26.8 mm)."),
    _i("stability_wrong", True, "r13q30", "Largely stable (17.9 -> 26.8 mm)."),
    _i("stability_wrong", True, "r13q30", "The spleen enlarged since the prior study: 144.1 mL on both.", None,
       "Has the spleen volume changed since the prior CT?", None,
       ["measurement:spleen:volume_change_pct", "measurement:spleen:prior_volume_ml", "measurement:spleen:volume_ml"]),
    _i("stability_ok", False, "r13q30", "The spleen is stable at 144.1 mL.", None,
       "Has the spleen volume changed since the prior CT?", None,
       ["measurement:spleen:volume_change_pct", "measurement:spleen:prior_volume_ml", "measurement:spleen:volume_ml"]),
    _i("tissue_wrong", True, "r13q12", "23.3 mm, fat-attenuation mass.", None, None, None,
       ["measurement:pancreas_lesion:largest_lesion_diameter_mm", "measurement:pancreas_lesion:largest_lesion_mean_hu"]),
    _i("tissue_wrong", True, "r13q25", "25.1 HU, fluid density, i.e. a cyst."),
    _i("tissue_ok", False, "r13q08", "24.3 mm, fluid attenuation (5.9 HU).", None, None, None,
       ["finding:kidney_lesion_right:largest_lesion_diameter_mm", "measurement:kidney_lesion:largest_lesion_mean_hu"]),
    _i("threshold_wrong", True, "r13q00", "659.9 mL, above the 1800 mL splenomegaly limit."),
    _i("threshold_wrong", True, "r13q06", "912.2 mL, under the 314.5 mL atrophy threshold."),
    _i("threshold_ok", False, "r13q06", "912.2 mL, below the 1000 mL lower limit of normal."),
    _i("threshold_ok", False, "r13q22", "396.2 mL, above the 314.5 mL splenomegaly cut-off."),
    _i("comparative_ok", False, "r13q02", "Yes, about 7 times: 8.8 mL versus 1.3 mL for the next largest.", None,
       RATIO_Q, None, RATIO_EV),
    _i("two_part_ok", False, "r13q01", "Yes; moderate. Spleen 659.9 mL (splenomegaly, moderate).", None),
]


def _half(item_id: str) -> str:
    return "held" if int(hashlib.sha256(item_id.encode()).hexdigest(), 16) % 2 else "tune"


for _n, _item in enumerate(ITEMS):
    _item["id"] = f"{_item['kind']}_{_n:03d}"
    _item["half"] = _half(_item["id"])
for _n, _item in enumerate(BATCH2):
    _item["id"] = f"{_item['kind']}_b2_{_n:03d}"
    _item["half"] = "second"
ITEMS += BATCH2
