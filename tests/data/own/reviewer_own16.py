"""The reviewer's own challenge set of session 16: new wordings of the kinds reviewer set 15 still finds judged
wrong, written over the saved results of tests/data/fresh/reviewer15 (other organs, sides, numbers, phrasings than
the set's own items) before any change to the reviewer, then scored once.

Kinds: a left/right ratio named "left-to-right" read as one side's value (false alarm); a RECIST cut-off misquoted
(miss) beside the right ones (30 % is the partial-response decrease); an organ's SD given as its mean HU (miss);
attenuation given as what decides a size category (miss); answers that state nothing checkable for the quantity
asked (hedged, empty, "N/A", "see above"), which must never be approved.
"""

from __future__ import annotations

RATIO_Q = "What is the ratio of left to right kidney volume?"
RATIO_EV = ["measurement:kidney_left/kidney_right:volume_ratio"]
RECIST_Q = "What is the RECIST 1.1 response compared with the prior study?"
RECIST_EV = ["measurement:new_lesions:lesion_count", "measurement:target_lesions:change_from_nadir_pct",
             "measurement:target_lesions:increase_from_nadir_mm", "measurement:target_lesions:sum_diameters_mm",
             "measurement:target_lesions:change_from_baseline_pct", "criterion:-:recist11-response",
             "measurement:target_lesions:baseline_sum_diameters_mm", "measurement:recist:response"]
LIVER_HU_Q = "What is the mean attenuation of the liver in HU?"
LIVER_HU_EV = ["measurement:liver:mean_hu", "measurement:liver:std_hu"]
SPLEEN_HU_Q = "What is the mean HU of the spleen?"
SPLEEN_HU_EV = ["measurement:spleen:mean_hu", "measurement:spleen:std_hu"]
PANC_Q = "Is the pancreatic lesion hypoattenuating, isoattenuating or hyperattenuating relative to the pancreas?"
PANC_EV = ["finding:pancreas_lesion:hu_difference_in_organ_sd", "measurement:pancreas_lesion:largest_lesion_mean_hu",
           "measurement:pancreas:mean_hu", "measurement:pancreas:std_hu",
           "criterion:pancreas_lesion:dtvqa-lesion-attenuation"]
LIVER_VOL_Q = "Is the liver volume within normal limits?"
LIVER_VOL_EV = ["measurement:liver:volume_ml", "criterion:liver:dtvqa-liver-volume"]
SPLEEN_Q = "Is the spleen enlarged?"
SPLEEN_EV = ["measurement:spleen:volume_ml", "criterion:spleen:dtvqa-splenomegaly-detection"]
GRADE_Q = "What grade of splenomegaly does the spleen volume represent?"
GRADE_EV = ["measurement:spleen:volume_ml", "criterion:spleen:dtvqa-spleen-volume-grade"]


def _i(kind, wrong, base, text, choice=None, question=None, choices=None, ev=None):
    return {"kind": kind, "wrong": wrong, "base": base, "text": text, "choice": choice, "question": question,
            "choices": choices, "evidence_ids": ev}


ITEMS = [
    # -- a left/right ratio (r15_027: left 102.7 mL, right 112.7 mL, ratio 0.911)
    _i("pair_ratio_ok", False, "r15_027", "0.911 (left-to-right kidney volume ratio)", None, RATIO_Q, None, RATIO_EV),
    _i("pair_ratio_ok", False, "r15_027", "The left-to-right kidney volume ratio is 0.91.", None, RATIO_Q, None,
       RATIO_EV),
    _i("pair_ratio_ok", False, "r15_027", "Left/right ratio 0.91: the left kidney is slightly smaller.", None,
       RATIO_Q, None, RATIO_EV),
    _i("pair_ratio_ok", False, "r15_027", "B", "B", RATIO_Q, {"A": "0.81", "B": "0.91 (left:right)", "C": "1.10"},
       RATIO_EV),
    _i("pair_ratio_wrong", True, "r15_027", "0.81 (left-to-right kidney volume ratio)", None, RATIO_Q, None,
       RATIO_EV),
    _i("pair_ratio_wrong", True, "r15_027", "C", "C", RATIO_Q, {"A": "0.81", "B": "0.91", "C": "1.10 (left:right)"},
       RATIO_EV),
    # -- a RECIST cut-off quoted (r15_200 / r15_133: +10.6 %, 43.8 -> 48.4 mm, SD)
    _i("recist_cutoff_wrong", True, "r15_133", "Stable disease: the target sum rose 10.6 % (43.8 to 48.4 mm), short "
       "of the 30 % increase that defines progression.", None, RECIST_Q, None, RECIST_EV),
    _i("recist_cutoff_wrong", True, "r15_200", "SD — progression would need a rise of at least 25 %; the sum rose "
       "10.6 %.", None, RECIST_Q, None, RECIST_EV),
    _i("recist_cutoff_wrong", True, "r15_133", "Stable disease, since the 10.6 % increase is under the 50 % PD "
       "threshold.", None, RECIST_Q, None, RECIST_EV),
    _i("recist_cutoff_wrong", True, "r15_200", "Stable disease (a partial response needs a 20 % decrease; the sum "
       "rose 10.6 %).", None, RECIST_Q, None, RECIST_EV),
    _i("recist_cutoff_ok", False, "r15_133", "Stable disease: the target sum rose 10.6 % (43.8 to 48.4 mm), short "
       "of the 20 % increase that defines progression.", None, RECIST_Q, None, RECIST_EV),
    _i("recist_cutoff_ok", False, "r15_200", "SD — the sum rose 10.6 %, neither the 30 % decrease of a partial "
       "response nor the 20 % increase of progression.", None, RECIST_Q, None, RECIST_EV),
    _i("recist_cutoff_ok", False, "r15_133", "Stable disease; progression needs at least a 20 % and 5 mm increase "
       "and the sum rose 10.6 %.", None, RECIST_Q, None, RECIST_EV),
    # -- an SD given as the mean
    _i("sd_as_mean_wrong", True, "r15_002", "8.1 HU (liver mean attenuation)", None, LIVER_HU_Q, None, LIVER_HU_EV),
    _i("sd_as_mean_wrong", True, "r15_002", "The spleen's mean attenuation is 7.9 HU.", None, SPLEEN_HU_Q, None,
       SPLEEN_HU_EV),
    _i("sd_as_mean_wrong", True, "r15_233", "Hyperattenuating: the lesion (25.5 HU) is brighter than the pancreas, "
       "which averages 8.6 HU.", None, PANC_Q, None, PANC_EV),
    _i("sd_as_mean_wrong", True, "r15_002", "The liver averages 8.07 HU.", None, LIVER_HU_Q, None, LIVER_HU_EV),
    # (these two added after the first score, for the bare wording of r15_233 the first four did not vary)
    _i("sd_as_mean_wrong", True, "r15_002", "The spleen measures 7.9 HU.", None, SPLEEN_HU_Q, None, SPLEEN_HU_EV),
    _i("sd_as_mean_ok", False, "r15_002", "The liver measures 60.0 HU ± 8.1 HU.", None, LIVER_HU_Q, None,
       LIVER_HU_EV),
    _i("sd_as_mean_ok", False, "r15_002", "60.0 HU (SD 8.1)", None, LIVER_HU_Q, None, LIVER_HU_EV),
    _i("sd_as_mean_ok", False, "r15_002", "The spleen's mean attenuation is 50.0 HU, with an SD of 7.9 HU.", None,
       SPLEEN_HU_Q, None, SPLEEN_HU_EV),
    _i("sd_as_mean_ok", False, "r15_233", "Hypoattenuating: the lesion measures 25.5 HU against a pancreas mean of "
       "44.7 HU (SD 8.6 HU).", None, PANC_Q, None, PANC_EV),
    # -- attenuation as the deciding criterion of a size category
    _i("deciding_wrong", True, "r15_022", "Yes: the liver is normal, its mean of 59.9 HU lying in the normal range.",
       None, LIVER_VOL_Q, None, LIVER_VOL_EV),
    _i("deciding_wrong", True, "r15_244", "Not enlarged, because splenic attenuation (49.9 HU) is normal.", None,
       SPLEEN_Q, None, SPLEEN_EV),
    _i("deciding_wrong", True, "r15_166", "Moderate, given the spleen's attenuation of 50.0 HU.", None, GRADE_Q,
       None, GRADE_EV),
    _i("deciding_wrong", True, "r15_244", "B", "B", SPLEEN_Q, {"A": "Yes, its attenuation is high",
                                                                 "B": "No, its attenuation of 49.9 HU is normal"},
       SPLEEN_EV),
    _i("deciding_ok", False, "r15_022", "Yes: 1026.8 mL lies within the normal 1000–1800 mL.", None, LIVER_VOL_Q,
       None, LIVER_VOL_EV),
    _i("deciding_ok", False, "r15_244", "No — the spleen measures 140.1 mL, well under the enlargement cut-off.",
       None, SPLEEN_Q, None, SPLEEN_EV),
    _i("deciding_ok", False, "r15_166", "Moderate splenomegaly: 647.7 mL (500–800 mL).", None, GRADE_Q, None,
       GRADE_EV),
    # -- nothing checkable stated for the quantity asked: never approved
    _i("unparsed_wrong", True, "r15_002", "N/A", None, LIVER_HU_Q, None, LIVER_HU_EV),
    _i("unparsed_wrong", True, "r15_002", "See above.", None, SPLEEN_HU_Q, None, SPLEEN_HU_EV),
    _i("unparsed_wrong", True, "r15_027", "Probably about normal, hard to say.", None, RATIO_Q, None, RATIO_EV),
    _i("unparsed_wrong", True, "r15_166", "", None, GRADE_Q, None, GRADE_EV),
    _i("unparsed_wrong", True, "r15_133", "Not assessable here; see the report.", None, RECIST_Q, None, RECIST_EV),
    # -- added after the first fixes (from r15_122 / r15_294): a signed difference said with "below"; a cited
    # criterion's band quoted as a range
    _i("diff_sd_ok", False, "r15_233", "Hypoattenuating: 2.24 pancreatic SDs below the parenchyma.", None, PANC_Q,
       None, PANC_EV),
    _i("diff_sd_wrong", True, "r15_233", "Hypoattenuating: 3.2 pancreatic SDs below the parenchyma.", None, PANC_Q,
       None, PANC_EV),
    _i("band_quote_ok", False, "r15_294", "Yes — 14.2 HU, inside the simple-cyst range of -10 to 20 HU.", None,
       "Is the kidney cyst a simple cyst?", None, ["measurement:kidney_lesion:largest_lesion_mean_hu",
                                                   "criterion:kidney:dtvqa-renal-mass-hu"]),
    _i("band_quote_wrong", True, "r15_294", "Yes — 14.2 HU, inside the simple-cyst range of 0 to 10 HU.", None,
       "Is the kidney cyst a simple cyst?", None, ["measurement:kidney_lesion:largest_lesion_mean_hu",
                                                   "criterion:kidney:dtvqa-renal-mass-hu"]),
    _i("band_quote_ok", False, "r15_294", "A simple cyst (14.2 HU; simple-cyst band −10 to 20 HU).", None,
       "Is the kidney cyst a simple cyst?", None, ["measurement:kidney_lesion:largest_lesion_mean_hu",
                                                   "criterion:kidney:dtvqa-renal-mass-hu"]),
]
