"""The reviewer's own challenge set of session 15 (review15): wrong answers made by editing the text of correct
results (one side's value for a combined quantity; a criterion's threshold misquoted; a standard deviation given as
the mean; a right category justified by a measurement that does not decide it; attenuation reversed) and correct
rewrites of kinds the reviewer flagged (a number next to another phrase; both sides named in one sentence; a
criterion's constant or a ratio of two cited values quoted; "no dominant outlier"; "Yes — a cyst" to an either/or
question). Written over the saved results of tests/data/own/reviewer13 (values in reviewer_own13's docstring) before
any change to the reviewer.

Values used here: p1 (r13q01/q05/q06) liver 912.2 mL, 60.0 HU (SD 8.0), spleen 659.9 mL, 49.9 HU (SD 8.0), L/S 1.20,
largest liver lesion 8.78 mL of 19.8 HU, second 1.26 mL (ratio 6.97); p2 (r13q10/q14/q15/q17) liver 30.0 HU, L/S
0.599, kidneys left 114.0 / right 115.3 mL, right kidney solid tumour 60.2 HU, pancreas 45.1 HU (SD 8.1), pancreatic
tumour 25.3 HU; p3 (r13q22/q23) spleen 396.2 mL, 49.9 HU (SD 8.0); p4 (r13q27) kidneys left 110.0 / right 114.5 mL,
right kidney cyst 4.6 HU, right kidney 118.1 HU (SD 28.2); p4 follow-up (r13q29) target sum +24.9 % (+7.6 mm), PD.
"""

from __future__ import annotations

TOTAL_KID = "What is the total kidney volume?"
KID_EV = ["measurement:kidney_left:volume_ml", "measurement:kidney_right:volume_ml"]
LES_TOTAL = "What is the total volume of the liver lesions?"
LES_TOTAL_EV = ["measurement:liver_lesion:total_lesion_volume_ml", "measurement:liver_lesion_1:volume_ml",
                "measurement:liver_lesion_2:volume_ml"]
FATTY = "Is there fatty liver?"
FATTY_EV = ["measurement:liver:mean_hu", "measurement:spleen:mean_hu", "measurement:liver/spleen:hu_ratio"]
SPLEEN_Q = "Is the spleen enlarged?"
SPLEEN_EV = ["measurement:spleen:volume_ml", "measurement:spleen:mean_hu", "criterion:spleen:dtvqa-splenomegaly-detection"]
PANC_HU = "What is the mean attenuation of the pancreas?"
PANC_HU_EV = ["measurement:pancreas:mean_hu", "measurement:pancreas:std_hu"]
SPL_HU = "What is the mean attenuation of the spleen?"
SPL_HU_EV = ["measurement:spleen:mean_hu", "measurement:spleen:std_hu"]
LIV_HU = "What is the mean attenuation of the liver?"
LIV_HU_EV = ["measurement:liver:mean_hu", "measurement:liver:std_hu"]
RK_HU = "What is the mean attenuation of the right kidney?"
RK_HU_EV = ["measurement:kidney_right:mean_hu", "measurement:kidney_right:std_hu"]
LES_ATT = "Is the largest liver lesion hypoattenuating or hyperattenuating relative to the liver?"
LES_ATT_EV = ["measurement:liver_lesion_1:mean_hu", "measurement:liver:mean_hu", "measurement:liver_lesion_1:attenuation"]
PL_ATT = "Is the pancreatic tumour hypo- or hyperattenuating compared with the pancreas?"
PL_ATT_EV = ["measurement:pancreas_lesion_1:mean_hu", "measurement:pancreas:mean_hu",
             "measurement:pancreas_lesion_1:attenuation"]
KL_ATT = "Is the right kidney lesion hypodense or hyperdense relative to the kidney?"
KL_ATT_EV = ["measurement:kidney_lesion_1:mean_hu", "measurement:kidney_right:mean_hu",
             "measurement:kidney_lesion_1:attenuation"]
LEFT_KID = "What is the volume of the left kidney?"
RIGHT_KID = "What is the volume of the right kidney?"
KID_TYPE = "Is the right kidney lesion a solid tumour or a cyst?"
KID_TYPE_EV = ["measurement:kidney_lesion:largest_lesion_mean_hu", "criterion:kidney:dtvqa-kidney-lesion-solid-vs-cyst"]
RATIO_Q = "Is the largest liver lesion more than twice the volume of the second largest?"
RATIO_EV = ["measurement:liver_lesion_1:volume_ml", "measurement:liver_lesion_2:volume_ml",
            "finding:liver_lesion:largest_to_second_volume_ratio"]
OUTLIER_Q = "Is there an outlier lesion in the pancreas?"
OUTLIER_EV = ["measurement:pancreas_lesion:outlier_lesion", "measurement:pancreas_lesion:lesion_count",
              "criterion:pancreas:dtvqa-lesion-outlier"]
KOUT_Q = "Is any kidney lesion an outlier?"
KOUT_EV = ["measurement:kidney_lesion:outlier_lesion", "measurement:kidney_lesion:lesion_count"]


def _i(kind, wrong, base, text, question=None, ev=None, choice=None, choices=None):
    return {"kind": kind, "wrong": wrong, "base": base, "text": text, "choice": choice, "question": question,
            "choices": choices, "evidence_ids": ev}


ITEMS = [
    # -- 1. one side's value given for a combined quantity
    _i("side_total_wrong", True, "r13q15", "Total kidney volume 115.3 mL.", TOTAL_KID, KID_EV),
    _i("side_total_wrong", True, "r13q15", "Both kidneys together measure 114.0 mL.", TOTAL_KID, KID_EV),
    _i("side_total_wrong", True, "r13q27", "Combined renal volume: 114.5 mL.", TOTAL_KID, KID_EV),
    _i("side_total_wrong", True, "r13q27", "The kidneys total 110.0 mL.", TOTAL_KID, KID_EV),
    _i("side_total_wrong", True, "r13q05", "The liver lesions total 8.8 mL.", LES_TOTAL, LES_TOTAL_EV),
    _i("side_total_ok", False, "r13q15", "229.3 mL in total (left 114.0 mL + right 115.3 mL).", TOTAL_KID, KID_EV),
    _i("side_total_ok", False, "r13q27", "Both kidneys together: 224.6 mL (left 110.0 mL, right 114.5 mL).",
       TOTAL_KID, KID_EV),
    _i("side_total_ok", False, "r13q05", "10.9 mL in all; the largest lesion alone is 8.8 mL.", LES_TOTAL, LES_TOTAL_EV),
    # -- 2. a criterion's threshold misquoted in the rationale
    _i("threshold_wrong", True, "r13q29", "D — Progressive disease: the sum rose 24.9 % (+7.6 mm); PD needs a 30 % "
       "increase.", None, None, "D"),
    _i("threshold_wrong", True, "r13q29", "D — Progressive disease: +24.9 % from the nadir, above the 10 % increase "
       "that defines progression.", None, None, "D"),
    _i("threshold_wrong", True, "r13q10", "Yes — moderate to severe fatty liver: liver 30.0 HU, below the 58 HU "
       "cut-off for moderate-severe steatosis."),
    _i("threshold_wrong", True, "r13q10", "Yes — moderate-severe steatosis, as the liver (30.0 HU) is under the "
       "50 HU limit for moderate-severe disease."),
    _i("threshold_wrong", True, "r13q23", "Yes. The spleen (396.2 mL) exceeds the 250 mL splenomegaly threshold."),
    _i("threshold_ok", False, "r13q29", "D — Progressive disease: +24.9 % (+7.6 mm) from the nadir; PD needs at "
       "least a 20 % and 5 mm increase.", None, None, "D"),
    _i("threshold_ok", False, "r13q10", "Yes — moderate-severe steatosis: liver 30.0 HU, below 40 HU."),
    _i("threshold_ok", False, "r13q23", "Yes: spleen 396.2 mL, above the 314.5 mL splenomegaly cut-off."),
    # -- 3. a standard deviation given as the mean
    _i("sd_mean_wrong", True, "r13q17", "Pancreas attenuation 8.1 HU.", PANC_HU, PANC_HU_EV),
    _i("sd_mean_wrong", True, "r13q22", "The spleen averages 8.0 HU.", SPL_HU, SPL_HU_EV),
    _i("sd_mean_wrong", True, "r13q05", "Mean liver attenuation: 8.0 HU.", LIV_HU, LIV_HU_EV),
    _i("sd_mean_wrong", True, "r13q27", "The right kidney's mean density is 28.2 HU.", RK_HU, RK_HU_EV),
    _i("sd_mean_ok", False, "r13q17", "45.1 HU (SD 8.1 HU).", PANC_HU, PANC_HU_EV),
    _i("sd_mean_ok", False, "r13q22", "Mean 49.9 HU, standard deviation 8.0 HU.", SPL_HU, SPL_HU_EV),
    _i("sd_mean_ok", False, "r13q05", "60.0 ± 8.0 HU.", LIV_HU, LIV_HU_EV),
    _i("sd_mean_ok", False, "r13q27", "118.1 HU on average (spread 28.2 HU).", RK_HU, RK_HU_EV),
    # -- 4. a right category with a reason that does not decide it
    _i("criterion_wrong", True, "r13q23", "Yes, splenomegaly: the spleen's attenuation is 49.9 HU.", SPLEEN_Q,
       SPLEEN_EV),
    _i("criterion_wrong", True, "r13q05", "No fatty liver: the spleen volume is 659.9 mL.", FATTY, [*FATTY_EV, "measurement:spleen:volume_ml"]),
    _i("criterion_wrong", True, "r13q10", "Yes — fatty liver, because the liver/spleen ratio is above 1.0.", FATTY,
       ["measurement:liver:mean_hu", "measurement:liver/spleen:hu_ratio", "criterion:liver:dtvqa-fatty-liver"]),
    _i("criterion_wrong", True, "r13q01", "Yes, the spleen is enlarged because its attenuation is 49.9 HU.",
       SPLEEN_Q, SPLEEN_EV),
    _i("criterion_ok", False, "r13q23", "Yes, splenomegaly: spleen volume 396.2 mL.", SPLEEN_Q, SPLEEN_EV),
    _i("criterion_ok", False, "r13q05", "No fatty liver: liver attenuation 60.0 HU.", FATTY, FATTY_EV),
    _i("criterion_ok", False, "r13q01", "Enlarged: 659.9 mL, though its attenuation (49.9 HU) is normal.", SPLEEN_Q,
       SPLEEN_EV),
    # -- 5. attenuation reversed
    _i("attenuation_wrong", True, "r13q05", "Hyperattenuating: 19.8 HU against the liver's 60.0 HU.", LES_ATT, LES_ATT_EV),
    _i("attenuation_wrong", True, "r13q17", "The tumour is hyperdense relative to the pancreas (25.3 vs 45.1 HU).",
       PL_ATT, PL_ATT_EV),
    _i("attenuation_wrong", True, "r13q27", "It is brighter than the kidney: 4.6 HU vs 118.1 HU.", KL_ATT, KL_ATT_EV),
    _i("attenuation_wrong", True, "r13q05", "The lesion (19.8 HU) enhances more than the liver (60.0 HU).", LES_ATT,
       LES_ATT_EV),
    _i("attenuation_ok", False, "r13q05", "Hypoattenuating: 19.8 HU, lower than the liver's 60.0 HU.", LES_ATT,
       LES_ATT_EV),
    _i("attenuation_ok", False, "r13q17", "Darker than the pancreas (25.3 vs 45.1 HU): hypoattenuating.", PL_ATT,
       PL_ATT_EV),
    _i("attenuation_ok", False, "r13q27", "Hypodense: 4.6 HU against 118.1 HU in the kidney.", KL_ATT, KL_ATT_EV),
    # -- 6. a number next to another phrase (correct)
    _i("nearest_ok", False, "r13q05", "No fatty liver: L/S 1.20, liver 60.0 HU, spleen 49.9 HU.", FATTY, FATTY_EV),
    _i("nearest_ok", False, "r13q05", "No hepatic steatosis — liver/spleen ratio 1.20; spleen 49.9 HU; liver 60.0 HU.",
       FATTY, FATTY_EV),
    _i("nearest_ok", False, "r13q10", "Yes, fatty liver: liver 30.0 HU, L/S 0.60.", FATTY,
       ["measurement:liver:mean_hu", "measurement:liver/spleen:hu_ratio", "criterion:liver:dtvqa-fatty-liver"]),
    _i("nearest_wrong", True, "r13q05", "No fatty liver: L/S 1.20, liver 49.9 HU, spleen 60.0 HU.", FATTY, FATTY_EV),
    # -- 7. both sides in one sentence (correct)
    _i("sides_ok", False, "r13q15", "Left kidney 114.0 mL, right 115.3 mL; left/right ratio 0.99.", LEFT_KID, KID_EV),
    _i("sides_ok", False, "r13q27", "Right kidney 114.5 mL, left 110.0 mL (left/right 0.96).", RIGHT_KID, KID_EV),
    _i("sides_ok", False, "r13q27", "114.5 mL on the right versus 110.0 mL on the left.", RIGHT_KID, KID_EV),
    _i("sides_wrong", True, "r13q15", "Left kidney 115.3 mL, right 114.0 mL.", LEFT_KID, KID_EV),
    # -- 8. a criterion's constant or a derivable ratio quoted (correct)
    _i("constant_ok", False, "r13q14", "A solid tumour: 60.2 HU, above the simple-cyst range of -10 to 20 HU.",
       KID_TYPE, KID_TYPE_EV),
    _i("constant_ok", False, "r13q05", "Yes: 8.78 mL vs 1.26 mL, 6.97 x the second largest.", RATIO_Q, RATIO_EV),
    _i("constant_ok", False, "r13q05", "Yes — 8.8 mL is 6.97 times 1.26 mL.", RATIO_Q, RATIO_EV),
    _i("constant_ok", False, "r13q15", "Left 114.0 mL, right 115.3 mL: left/right 0.99.", LEFT_KID, KID_EV),
    # -- 9. a negated outlier (correct)
    _i("outlier_ok", False, "r13q17", "No: a single lesion, not an outlier pattern.", OUTLIER_Q, OUTLIER_EV),
    _i("outlier_ok", False, "r13q17", "No dominant outlier.", OUTLIER_Q, OUTLIER_EV),
    _i("outlier_ok", False, "r13q27", "No — the single kidney lesion is not an outlier.", KOUT_Q, KOUT_EV),
    _i("outlier_wrong", True, "r13q17", "Yes, an outlier lesion.", OUTLIER_Q, OUTLIER_EV),
    # -- 10. either/or answered "Yes — <one option>" (correct)
    _i("either_ok", False, "r13q14", "Yes — a solid tumour (60.2 HU).", KID_TYPE, KID_TYPE_EV),
    _i("either_ok", False, "r13q14", "Yes, solid tumour: 60.2 HU.", KID_TYPE, KID_TYPE_EV),
    _i("either_wrong", True, "r13q14", "Yes — a cyst (60.2 HU).", KID_TYPE, KID_TYPE_EV),
]
for _n, _item in enumerate(ITEMS):
    _item["id"] = f"{_item['kind']}_{_n:03d}"
