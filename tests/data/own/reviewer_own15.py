"""The reviewer's own challenge set of session 15 (answers15): new wordings of the kinds the held-out material of
session 14 still found judged wrong, written over the saved results of tests/data/own/reviewer13 (see reviewer_own13
and reviewer_own14b for their values) before any change to the reviewer, then scored once.

False alarms: a cyst's HU "at or below the solid-mass cut-off"; a quoted threshold beside a criterion named in other
words; a two-part answer whose yes/no comes before the ratio asked first. Misses: "stable" for a large volume
change; a sub-region on a whole-organ number; a wrong interval (studies 6 months apart); a wrong Couinaud number in
a segment's label; a pertinent negative nothing assessed.
"""

from __future__ import annotations

KID_TYPE = "Is the right kidney lesion a cyst or a solid tumour?"
KID_TYPE_EV = ["measurement:kidney_lesion:largest_lesion_mean_hu", "criterion:kidney:dtvqa-kidney-lesion-solid-vs-cyst"]
CYST_EV = ["measurement:kidney_lesion:largest_lesion_mean_hu"]
LS_FIRST = "What is the liver-to-spleen attenuation ratio, and is there fatty liver?"
LS_Q = "Is there fatty liver, and what is the liver-to-spleen attenuation ratio?"
LS_EV = ["measurement:liver:mean_hu", "measurement:liver/spleen:hu_ratio", "criterion:liver:dtvqa-fatty-liver"]
BURDEN_Q = "Has the liver tumour burden changed since the prior CT?"
BURDEN_EV = ["measurement:liver_lesion:total_lesion_volume_change_pct",
             "measurement:liver_lesion:prior_total_lesion_volume_ml", "measurement:liver_lesion:total_lesion_volume_ml"]
WHERE = "In which Couinaud segment is the largest liver lesion?"
WHERE_EV = ["measurement:liver_lesion:largest_lesion_location", "measurement:liver_lesion_1:location"]


def _i(kind, wrong, base, text, choice=None, question=None, choices=None, ev=None, borrow=None):
    return {"kind": kind, "wrong": wrong, "base": base, "text": text, "choice": choice, "question": question,
            "choices": choices, "evidence_ids": ev, "borrow": borrow}


CYST_CRITERION = ("r13q14", "criterion:kidney:dtvqa-kidney-lesion-solid-vs-cyst")
"""The kidney cyst/solid criterion as the pipeline cites it (r13q14), put beside the cyst of r13q08."""
CYST_EV = [*CYST_EV, CYST_CRITERION[1]]


ITEMS = [
    # -- 3a. a cyst's HU at or below the solid-mass cut-off (correct)
    _i("cutoff_side_ok", False, "r13q08", "Cyst: 5.9 HU, at or below the 34.8 HU cut-off for a solid mass.", None,
       KID_TYPE, None, CYST_EV, CYST_CRITERION),
    _i("cutoff_side_ok", False, "r13q08", "A cyst; its mean of 5.9 HU does not exceed the 34.8 HU solid-tumour "
       "threshold.", None, KID_TYPE, None, CYST_EV, CYST_CRITERION),
    _i("cutoff_side_ok", False, "r13q08", "Cystic (5.9 HU; a solid mass would measure above 34.8 HU).", None,
       KID_TYPE, None, CYST_EV, CYST_CRITERION),
    _i("cutoff_side_ok", False, "r13q08", "5.9 HU is under the 34.8 HU limit for a solid tumour, so a cyst.", None,
       KID_TYPE, None, CYST_EV, CYST_CRITERION),
    _i("cutoff_side_wrong", True, "r13q08", "Solid tumour: 5.9 HU, at or below the 34.8 HU cut-off for a solid mass.",
       None, KID_TYPE, None, CYST_EV, CYST_CRITERION),
    _i("cutoff_side_wrong", True, "r13q14", "Cyst: 60.2 HU, above the 34.8 HU cut-off for a solid mass.", None,
       KID_TYPE, None, KID_TYPE_EV),
    # -- 3b. a threshold quoted beside a criterion named in other words (correct)
    _i("criterion_named_ok", False, "r13q14", "Solid tumour: 60.2 HU exceeds the 34.8 HU threshold of the renal "
       "lesion attenuation rule.", None, KID_TYPE, None, KID_TYPE_EV),
    _i("criterion_named_ok", False, "r13q14", "Solid (60.2 HU > 34.8 HU, per the kidney solid-versus-cyst "
       "criterion).", None, KID_TYPE, None, KID_TYPE_EV),
    _i("criterion_named_ok", False, "r13q14", "By the cited kidney HU criterion (cyst at or below 34.8 HU), 60.2 HU "
       "is a solid tumour.", None, KID_TYPE, None, KID_TYPE_EV),
    # -- 3c. a two-part answer, the yes/no before the ratio asked first (correct)
    _i("two_part_order_ok", False, "r13q10", "Yes — moderate to severe fatty liver (liver 30.0 HU); the liver/spleen "
       "HU ratio is 0.60.", None, LS_FIRST, None, LS_EV),
    _i("two_part_order_ok", False, "r13q10", "Yes, fatty liver (30.0 HU, moderate to severe); L/S ratio 0.599.",
       None, LS_FIRST, None, LS_EV),
    _i("two_part_order_ok", False, "r13q10", "Fatty liver: yes (30.0 HU). Liver-to-spleen ratio: 0.60.", None,
       LS_FIRST, None, LS_EV),
    _i("two_part_order_wrong", True, "r13q10", "Yes — moderate to severe fatty liver (liver 30.0 HU).", None, LS_FIRST,
       None, LS_EV),
    _i("two_part_order_wrong", True, "r13q10", "No — the liver/spleen HU ratio is 0.60.", None, LS_Q, None, LS_EV),
    # -- 4a. stable for a large measured change
    _i("stable_wrong", True, "r13q30", "Stable tumour burden: 8.96 mL now, 3.64 mL before (+146.2 %).", None,
       BURDEN_Q, None, BURDEN_EV),
    _i("stable_wrong", True, "r13q30", "No, the burden is unchanged (+146.2 %, 3.64 -> 8.96 mL).", None, BURDEN_Q,
       None, BURDEN_EV),
    _i("stable_wrong", True, "r13q30", "The liver lesion volume remains stable at 8.96 mL (3.64 mL on the prior).",
       None, BURDEN_Q, None, BURDEN_EV),
    _i("stable_ok", False, "r13q30", "Yes, it increased by 146.2 % (3.64 -> 8.96 mL).", None, BURDEN_Q, None,
       BURDEN_EV),
    # -- 4b. a sub-region on a whole-organ number
    _i("subregion_wrong", True, "r13q15", "Left renal cortical volume: 114.0 mL."),
    _i("subregion_wrong", True, "r13q15", "The upper pole of the left kidney measures 114.0 mL."),
    _i("subregion_wrong", True, "r13q22", "Splenic lower pole volume 396.2 mL."),
    _i("subregion_wrong", True, "r13q06", "The left hepatic lobe measures 912.2 mL."),
    _i("subregion_ok", False, "r13q15", "The left kidney, including its cortex and medulla, measures 114.0 mL."),
    _i("subregion_ok", False, "r13q22", "Total splenic volume 396.2 mL."),
    # -- 4c. a wrong interval (studies 6 months apart)
    _i("interval_wrong", True, "r13q30", "Up 8.9 mm over a quarter (17.9 -> 26.8 mm)."),
    _i("interval_wrong", True, "r13q30", "8.9 mm of growth in the 90 days since the prior (17.9 -> 26.8 mm)."),
    _i("interval_wrong", True, "r13q30", "It has grown 8.9 mm across the last three months (17.9 -> 26.8 mm)."),
    _i("interval_ok", False, "r13q30", "Since last year it grew 8.9 mm (17.9 -> 26.8 mm)."),  # the prior is of 2025
    _i("interval_ok", False, "r13q30", "Over the 6-month interval it grew 8.9 mm (17.9 -> 26.8 mm)."),
    # -- 4d. a wrong Couinaud number in a segment's label
    _i("couinaud_wrong", True, "r13q26", "Segment 7 (S6).", None, WHERE, None, WHERE_EV),
    _i("couinaud_wrong", True, "r13q26", "Segment 7, i.e. Couinaud VIII.", None, WHERE, None, WHERE_EV),
    _i("couinaud_wrong", True, "r13q02", "Segment 5 (segment IV of Couinaud).", None, WHERE, None, WHERE_EV),
    _i("couinaud_ok", False, "r13q26", "Segment 7 (S7, posterosuperior).", None, WHERE, None, WHERE_EV),
    _i("couinaud_ok", False, "r13q02", "Couinaud segment V (segment 5).", None, WHERE, None, WHERE_EV),
    # -- 4e. a pertinent negative nothing assessed
    _i("negative_wrong", True, "r13q12", "23.3 mm; no vessel involvement."),
    _i("negative_wrong", True, "r13q19", "33.0 mm, without encasement of the superior mesenteric artery."),
    _i("negative_wrong", True, "r13q24", "12.6 mm; no portal vein invasion."),
    _i("negative_wrong", True, "r13q08", "24.3 mm; no renal vein thrombus."),
    _i("negative_ok", False, "r13q12", "23.3 mm (vascular involvement was not assessed)."),
]

_seen: dict[str, int] = {}
for _item in ITEMS:
    _seen[_item["kind"]] = _seen.get(_item["kind"], 0) + 1
    _item["id"] = f"{_item['kind']}_{_seen[_item['kind']]:02d}"
