"""The independent reviewer challenge sets kept as regression material (tests/data/fresh/reviewerNN, traces dropped),
each written by a helper who never saw the code. Every kept item must be judged as labelled: a wrong answer
inconsistent, a correct one consistent; items still judged wrong are strict xfail naming what is missing (`left`).

Set 15:
    Reviewer challenge set 15 (copied from /work/fresh/reviewer15: written by a helper who never saw the code; 14
    phantoms, 5 re-stored as PIR, ASL, a rotated oblique and two resampled grids, a prior/current pair; 79 questions, 75
    answered and all right by the helper's own numpy truth; 163 wrong answers of 30 kinds, 24 new - a decimal slip, a
    count off by one, a citation retargeted to another structure, a misquoted cut-off, a letter that is not its text, a
    value from another patient, a radius as a diameter, the right answer for the wrong reason, ... - and 161 correct
    ones). Held-out figures: 154/163 caught, 6/161 false alarms on main 926927e (first); 159/163, 5/161 merged (the
    engineers worked from the lead's paraphrase of the miss kinds; the lead mended two false alarms of the new checks
    after seeing the set). Kept here: up to two items of every kind, every item main judged wrong (`first_missed`), and
    every item the merged reviewer still judges wrong (`left`, strict xfail: each names what is still missing; none since
    round 17).

Set 16:
    Reviewer challenge set 16 (copied from /work/fresh/reviewer16: written by a helper who never saw the code; 15
    phantoms, seeds 16001-16010 plus five re-stored as PIR, a 12-degree oblique, ASL resampled to 1.5 x 2.5 x 3 mm and LAI,
    a prior/current pair stored twice; 126 questions, 121 answered right by the helper's own numpy truth; 262 wrong
    answers of 51 kinds, 28 new - a voxel count given as mL, 1 mm^3 voxels assumed, a diameter in voxels, a wrong unit
    conversion in prose, a wrong interpretation appended to a right number, categories of other grading systems, sphere-
    formula volumes, a 3D extent for an axial diameter, the resection rule applied with "and" - and 280 correct ones; two
    labels corrected by the lead: r16_456 / r16_459). Held-out figures: 254/262 caught, 9/280 false alarms on main
    37f740a (first); 258/262, 4/280 on the session's final main. Kept here: up to two items of every kind, every item
    main judged wrong (`first_missed`), and every item the final reviewer still judges wrong (`left`, strict xfail:
    each names what is still missing; none since round 17).

Set 17:
    Reviewer challenge set 17 (copied from /work/fresh/reviewer17, traces dropped: written by a helper who never saw
    the code; 18 phantoms, seeds 17001-17012 plus six re-stored as PIR, ASL, LIP, a 12-degree oblique, a 1.6 x 2.4 x 3 mm
    grid and a header spacing changed on the same voxels; a prior/current pair; 102 questions, 98 answered and all right by
    the helper's own numpy truth; 173 wrong answers of 99 kinds, 32 new - a window level as a measurement, a short axis
    for the long axis, RECIST from a single lesion, vascular involvement misattributed, a prior comparison without a prior,
    cited evidence altered to match, an overclaimed diagnosis - and 201 correct ones in terse, report, patient and chatty
    voices). Held-out figures: 163/173 caught, 13/201 false alarms on main 2da6aba (first); 163/173, 12/201 merged
    (engineers never saw it); 163/173, 6/201 after the lead's fix of one kind it showed (an option's label first, its
    letter in brackets: "T2 (B): 2.3 cm"). Kept: up to two items of every kind, every item main judged wrong
    (`first_missed`), and every item still judged wrong (`left`, strict xfail: each names what is still missing).
    Session 18 (branch review18) cleared all 16 left items by fixing their kinds (own set 18): the kept items went from
    137/147 caught, 6/43 false alarms to 147/147, 0/43.

Set 18:
    Reviewer challenge set 18 (copied from /work/fresh/reviewer18, traces dropped: written by a helper who never saw
    the code in session 19; 338 items, 143 wrong answers of 72 kinds, 16 new - markdown bold and tables, option texts
    without their letter, a threshold or normal range quoted beside the value, digits and words that disagree, a fold
    word wrong, a size analogy wrong, a truncated organ's volume claimed complete, a verdict reversed in the closing
    sentence - and 195 correct ones rewritten in other words). Held-out figures: 132/143 caught, 26/195 false alarms on
    main ccdec95 (first); 135/143, 25/195 on session 19's merge (review18 never saw it) and at this commit. Kept: up to
    two items of every kind, every item main judged wrong (`first_missed`), and every item still judged wrong (`left`,
    strict xfail: each names what is still missing - issue 11's reviewer work left). Session 21 fixed 26 of the 33
    left by their kinds (a side after its value or in an unsided pair, SD and slice asides, segment lists with shares,
    cut-offs with a sign, negative band ends, Markdown, "Count: three", a no to a further category part, a place option
    with its extension, digits and words that disagree, a fold word of two cited sizes, a bound said exact, an arrow
    between studies, the inputs of a derived deciding quantity); 7 left.

Set 19:
    Reviewer challenge set 19 (copied from /work/fresh/reviewer19, traces dropped: written in session 21 by a helper
    who never saw the code; 14 phantoms of its own generator, six re-stored LPS, PIR or oblique, a prior/current pair;
    112 questions, 106 answered right by its own numpy truth; 344 items, 172 wrong answers of 24 kinds and 172 correct
    ones in 11 voices - markdown, bullet lists, report style with an IMPRESSION label, chatty preambles, option texts
    without their letter, quoted reference ranges, patient language). Held-out figures: 167/172 caught, 46/172 false
    alarms on main d9cdeea (first); 167/172, 30/172 after the session's fixes of set 18's kinds (set 19 unseen); then
    170/172, 3/172 tuned on its kinds (tests/agents/test_review_kinds21.py varies each in our own words). Kept: up to
    two items of every kind, every item first judged wrong, every item still judged wrong (`left`, strict xfail).
    Then 172/172, 1/172 with set 20's kinds (the one left: 30.2 HU said of a lesion measured 30.146 HU).

Set 20:
    Reviewer challenge set 20 (copied from /work/fresh/reviewer20, traces dropped: written in session 21 by another
    helper who never saw the code or set 19; 13 phantoms of its own generator, six re-stored LPS, PIR or oblique, a
    prior/current pair with progressive disease; 96 questions, 94 answered right by its own truth; 394 items, 197 wrong
    answers of 20 kinds and 197 correct ones - chatty "That makes the answer D, Severe.", patient language ("three
    spots", "moderately enlarged", "larger than normal"), bullets with a reference line). Held-out figures: 193/197
    caught, 46/197 false alarms on main d9cdeea; 195/197, 29/197 after the fixes of sets 18 and 19 (set 20 unseen);
    197/197, 3/197 tuned on its kinds. Left: two sums of target diameters asked "now and at baseline" that question
    understanding reads as a RECIST response, a reworded work-up placing a mass by its organ words.

Set 21:
    Reviewer challenge set 21 (copied from /work/fresh/reviewer21, traces dropped: written in session 22 by a helper who
    never saw the code or sets 15-20; 13 phantoms of its own generator, six re-stored LPS, PIR, ASL or oblique, a
    prior/current pair; 88 questions, 85 answered right by its own truth; 325 items, 162 wrong answers of 22 kinds and
    163 correct ones in 11 voices). Held-out figures: 159/162 caught, 21/163 false alarms on main 7a77943 (first);
    161/162, 12/163 tuned on its kinds (tests/agents/test_review_kinds22.py varies each in our own words). Left: "both
    simple cysts" said of two lesions one of which is indeterminate; patient-language and bulleted breakdowns of
    counts per side and kind; a category's cut-off named beside the option ("just under the 800 mL severe cut-off").
    Session 23 fixed 12 of the 13 left by their kinds (tests/agents/test_review_kinds23.py): 162/162, 1/163 (left:
    "not atrophic (not under 600 mL)" where the criterion calls 645 mL "below normal range").

Set 22:
    Reviewer challenge set 22 (copied from /work/fresh/reviewer22, traces dropped: written in session 23 by a helper who
    never saw the code or sets 15-21; 14 phantoms of its own generator, six stored LPS, PIR, LAI, rotated in-plane or
    tilted, a prior/current pair; 99 questions, 96 used; 466 items, 224 wrong answers of 20 kinds and 242 correct ones
    in 15 voices). Held-out figures: 216/224 caught, 47/242 false alarms on main df0ef92 and on the session's merged
    main 7b54f08 (first); 216/224, 20/242 after fixing the kinds it showed (tests/agents/test_review_kinds23b.py: lists
    of Measurement / Value / Interpretation fields, a findings section before its impression, a category's band in
    brackets beside a value, a generic criterion's limit for a lesion group). Left (strict xfail): 8 missed (a
    rounding that changes the category, a hedge committing to the wrong option, ...) and 20 false alarms (sums and
    conversions of a difference, a ratio as a percentage, per-lesion volumes listed, patient-language categories).
    Session 24 fixed 26 of the 28 by their kinds (tests/agents/test_review_kinds24.py): 223/224, 1/242. Left: "0.590
    — the kidneys are symmetric" (no knowledge entry says how far from 1 a left/right ratio stops being symmetric
    when the question states no cut-off) and "the largest grew from 27.7 to 39.6 mm" beside cited RECIST targets
    (the uncited prior largest diameter, and a target lesion not read as the liver lesion it is).

Set 23:
    Reviewer challenge set 23 (copied from /work/fresh/reviewer23, traces dropped: written in session 24 by a helper who
    never saw the code or sets 15-22; 14 phantoms of its own generator, LPS / PIR / three oblique grids, a
    prior/current pair; 447 items, 247 wrong answers of 41 kinds and 200 correct ones in 19 voices). First on main
    c5c20db 243/247 caught, 20/200 false alarms; 243/247, 12/200 after review24 (never saw it: the held-out figure).
    Session 25 tuned on it (tests/test_reviewer_kinds23_end_to_end.py varies each kind on our own phantom): a lesion of
    one kind placed in the other kidney, a count of the side asked, a cyst called solid, a kind-labelled count
    ("kidney cyst count 2"), a bare number in the unit the question sets, a finding stated present as the yes, "counts
    as progression", segments listed in brackets, a change's two studies' values, a fold beside an arrowed pair, an
    open band's limit quoted with its category: 247/247, 0/200. Kept here: 111 items (up to two of every kind, every
    item first judged wrong).

Set 25d:
    Reviewer challenge set 25d (copied from /work/fresh/reviewer25d, traces dropped: written in session 27 by a helper
    who never saw the code, from 22 results of suite AC's own questions (another author's phantoms) that clinorch had
    answered right; 287 items, 163 wrong answers of 17 kinds and 124 correct ones in 12 voices). First on main ad6a773
    158/163 caught, 26/124 false alarms (11 reports whose IMPRESSION is the verdict, 5 bulleted "Splenomegaly: **No
    (B)**" fields, patient and worked forms); session 28 tuned on its kinds (tests/agents/test_review_kinds28.py varies
    each in our own words): 163/163, 0/124. Kept here: 79 items (up to two of every kind, every item first judged wrong).

Set 25e:
    Reviewer challenge set 25e (copied from /work/fresh/reviewer25e, traces dropped: written in session 28 by a helper
    who never saw the code, from the same 22 right answers on suite AC; 264 items, 164 wrong answers of 25 kinds and 100
    correct ones in 12 voices). First on main 6682a5c: 158/164 caught, 7/100 false alarms (missed two citation swaps, a
    wrong side, a hedge, an inverted ratio, a short axis for the long axis; flagged three worked computations, bullets,
    a Markdown table, patient language, a report IMPRESSION); session 29 tuned on its kinds
    (tests/agents/test_review_kinds29.py varies each in our own words): 164/164, 0/100. Kept here: 78 items (up to two
    of every kind, every item first judged wrong).

Set 25f:
    Reviewer challenge set 25f (copied from /work/fresh/reviewer25f, traces dropped: written in session 29 by a helper
    who never saw the code, from 24 results of suite AD's own questions (another author's phantoms, re-stored with the
    right anatomy) that clinorch had answered right; 237 items, 141 wrong answers of 27 kinds and 96 correct ones in 14
    voices). First on main 03911ac: 132/141 caught, 13/96 false alarms (missed reasons contradicting the letter, wrong
    segments, a hedge, a citation swap, a wrong side, another lesion's value; flagged bullets, chatty and patient
    voices, quoted thresholds, Markdown tables, a report IMPRESSION, a computation shown). Kept here: 95 items (up to
    two of every kind, every item first judged wrong); the ones still judged wrong are marked xfail (strict).
    Session 30 tuned on its kinds (tests/agents/test_review_kinds30.py): 141/141 caught, 2/96 false alarms.

Set 25g:
    Reviewer challenge set 25g (copied from /work/fresh/reviewer25g, traces dropped: written in session 30 by a helper
    who never saw the code, from 23 results of suite AE's own questions that clinorch had answered right; 270 items,
    162 wrong answers of 33 kinds and 108 correct ones in 17 voices, JSON objects and tweets among them). First, on
    session 30's working tree before any tuning on it: 155/162 caught, 12/108 false alarms (missed: inverted ratios, a
    hedge, a long axis called the short axis, an abstaining "Not applicable" option, a reason contradicting the letter;
    flagged: JSON objects, Markdown tables, a letter alone for a number in the question's unit, "left 109 mL vs right
    49 mL: left larger"). Kept here: 114 items (up to two of every kind, every item first judged wrong); the ones still
    judged wrong are marked xfail (strict).

Set 25h:
    Reviewer challenge set 25h (copied from /work/fresh/reviewer25h, traces dropped: written in session 31 by a helper
    who never saw the code, from 28 results of suite AF's own questions that clinorch had answered right; 268 items,
    154 wrong answers of 32 kinds and 114 correct ones in 17 voices). First, on e39b878 before any tuning on it:
    145/154 caught, 17/114 false alarms (missed: a question's cut-off said as the measured value, a count off by one
    read as a ratio rounded, a citation swap, "Both equal", a difference called a mean, an organ's volume called the
    tumour's, an invented cut-off; flagged: an impression on the findings' line, "Pancreas not fatty", "the count is
    zero", a slice index for "where", per-part zeros, a total of rounded addends, a letter alone for an HU ratio).
    Session 31 tuned on its kinds (tests/agents/test_review_kinds31.py): 154/154 caught, 4/114 false alarms. Kept here:
    110 items (up to two of every kind, every item first judged wrong); the ones still judged wrong are marked xfail.

Set 25i:
    Reviewer challenge set 25i (copied from /work/fresh/reviewer25i, traces dropped: written in session 31 by a helper
    who never saw the code, from 28 results of suite AG's own questions that clinorch had answered right; 295 items,
    171 wrong answers of 29 kinds and 124 correct ones in 21 voices). First, on 68535f8 (the session's code after set
    25h's kinds, before any tuning on 25i): 158/171 caught, 35/124 false alarms (missed: ratios named in reverse, a
    cut-off said as the value; flagged: an option another author rounded, "not" phrasings, JSON booleans, worked sums).
    A few of its kinds tuned on late in session 31 (tests/agents/test_review_kinds31.py). Kept here: 140 items (up to
    two of every kind, every item first judged wrong); the ones still judged wrong are marked xfail (strict).
    Session 32 fixed 15 of its 31 left items by their kinds (tests/agents/test_review_kinds32.py): 166/171, 11/124.

Set 25j:
    Reviewer challenge set 25j (copied from /work/fresh/reviewer25j: written in session 32 by a helper who never saw
    the code, from 100 results clinorch had answered right on `make-suite --n-cases 4 --seed 3201`, free-form and
    multiple choice; 306 items, 169 wrong answers of 44 kinds and 137 correct ones in 24 voices). First, on 77c4cff
    (before any tuning on 25j): 169/169 caught, 15/137 false alarms (flagged: "Not enlarged (...)", a patient's "does
    not show fatty change", "No, it is not free of masses" to a negated question, "steatosis requires < 0.70", "below
    the 130 mL lower bound of the normal range", a gap "4 mm away from the biggest pancreatic tumour", JSON answers with
    a letter, a list or a segment number, a truncated spleen's lower bound beside a cut-off). Kept here: 125 items.
    Session 40 passes r25j_054 (left until then): a cut spleen's lower bound "above the 800 mL severe cut-off" is held
    against the volume's own bands (`foreign_thresholds`, set 26q's kind).

Set 25k:
    Reviewer challenge set 25k (copied from /work/fresh/reviewer25k: written in session 33 by a helper who never saw
    the code, from 100 results clinorch had answered right on suite AI, another author's phantoms, free-form and
    multiple choice; 308 items, 178 wrong answers of 57 kinds and 130 correct ones in 16 voices). First, on c320971
    (before any tuning on 25k): 174/178 caught, 16/130 false alarms (flagged: "Nope", "## Answer / **Yes**", "33 %
    (not > 50 %)", "encasing the SMA" beside a cited 360-degree contact, a sum over a solitary kidney given as the option
    alone or with "no left kidney is present", "3 mL and 3 cm size triggers", a bracketed sum worked out, 21.1 mL for
    21.047 mL, a JSON boolean field "pancreatic_lesion_present": false; missed: the organ named against the largest
    cited lesion volume, "equal burden", "No lesions in any of these", "No pancreatic lesion" of a measured one).
    Now 178/178, 2/130. Kept here: 138 items.

Set 25l:
    Reviewer challenge set 25l (copied from /work/fresh/reviewer25l: written in session 34 by a helper who never saw
    the code, from 100 results clinorch had answered right on suite AJ, another author's phantoms, free-form and
    multiple choice; 310 items, 169 wrong answers of 49 kinds and 141 correct ones in 13 voices). First, on 426d44f
    plus the session's understanding changes (before any tuning on 25l): 166/169 caught, 15/141 false alarms (flagged:
    "B, no colonic lesion", "kidneys, pancreas and colon 0 %" beside a 0.24 % liver, one lesion as the threshold of
    "present", "the right kidney (175.2 mL) is larger than the left", "more than 180°" after the SMA's 360°, "The left
    kidney has no lesions" as a count, "Renal cysts present", "relative size" read as a size, "4/6 = 67 %", "389.9 mL
    (200.7 + 189.2)", the celiac trunk's uncited 0° contact, JSON keys naming their organ, "does not show any growth",
    the segment after "vs"; missed: the spleen's volume for the combined volume, "Both kidneys are about the same
    size", "several additional satellite nodules" beside one lesion). Now 169/169, 0/141. Kept here: 122 items.

Set 25m:
    Reviewer challenge set 25m (copied from /work/fresh/reviewer25m: written in session 35 by a helper who never saw
    the code, from 100 results clinorch had answered right on suite AK, another author's phantoms, free-form and
    multiple choice; 306 items, 173 wrong answers of 38 kinds and 133 correct ones in 13 voices). First, on 2bc2136
    plus the session's kidney-existence change (before any tuning on 25m): 171/173 caught, 13/133 false alarms
    (flagged: "166.9 mL (left) + 129.7 mL (right) = 296.6 mL", "bigger than normal ... when normal is under 314.5 mL",
    "well short of the 3x needed for an outlier", bullets read across a line break as a quoted cut-off, "above the
    34.8 HU cyst/solid cut-off", "far too dense to be a simple fluid cyst", "lies 1.1 mm from the stomach", "1 mL = 1
    cm³", "3.66 mL ÷ 2.17 mL"; missed: "the liver is free of focal lesions" beside five measured, the colon lesion's
    volume said of "a pancreatic mass"). Now 173/173, 2/133 (left: "abuts the SMA" of a 360-degree contact, which
    `claims._contact_said` holds to encasement; a burden's uncited numerator). Kept here: 101 items.

Set 25n:
    Reviewer challenge set 25n (copied from /work/fresh/reviewer25n: written in session 36 by a helper who never saw
    the code, from 100 results clinorch had answered right on suite AL, free-form and multiple choice; 300 items, 170
    wrong answers of 53 kinds and 130 correct ones in 13 voices). First, on 633e01a (before any tuning on 25n):
    169/170 caught, 15/130 false alarms (flagged: an answer said at the end after its reasons, "So the answer to your
    question is No." / "My answer: Yes."; a Markdown "### Answer" heading over "**3**"; a JSON answer to a slice
    question whose "counted from the inferior end of the volume" had been read as a further part asking a volume;
    "80.0 HU (lesion) - 151.6 HU (left kidney) = -71.6 HU"; missed: "a single cyst in the right kidney" of the
    other side's cyst). Now 169/170, 7/130 (left: computations shown with inputs the answer does not cite, "the gland
    only counts as enlarged above 100 mL" read as the value's claim, options' values listed in order). Kept here.
    Session 37 fixed three of those by their kinds (tests/agents/test_review_kinds37.py): 169/170, 3/130.

Set 25o:
    Reviewer challenge set 25o (copied from /work/fresh/reviewer25o: written in session 37 by a helper who never saw
    the code, from 100 results clinorch had answered right on suite AM, free-form and multiple choice; 310 items, 172
    wrong answers of 48 kinds and 138 correct ones in 13 voices). First, on this session's reviewer before any tuning
    on 25o (cbe797c): 171/172 caught, 8/138 false alarms (flagged: "8 lesions spread over 7 segments", "no segment
    with more than 2", "24.6 mL of lesion / 54.9 mL of pancreas = 44.85%", a ratio after ", and" read with the
    threshold before it, "(5 and 6) — at least 75%", "(not over 50%)" read as the given category's limit, a
    per-part list before its verdict, "largest kidney lesion organ: kidney_left"; missed: "B — 0: no lesion involves
    segment III" of a cited count of 1). Now 172/172, 0/138. Kept here: 107 items.

Set 25p:
    Reviewer challenge set 25p (copied from /work/fresh/reviewer25p: written in session 38 by a helper who never saw
    the code, from 100 results clinorch had answered right on suite AN, free-form and multiple choice; 306 items, 171
    wrong answers of 43 kinds and 135 correct ones in 13 voices). First, on this session's reviewer before any tuning
    on 25p (9ac4612): 168/171 caught, 4/135 false alarms (flagged: "Mild fatty liver." to "Fatty liver? If so, what
    degree?" read as also asking an HU; "the stomach - the big liver lesion sits just 1.3 mm from it"; "nothing can be
    an outlier" read as stating one; "a cyst rather than a solid mass" read as the solid label; missed: "Liver" as the
    heaviest burden where no organ has a lesion, "with perforation and free intraperitoneal air", "can neither be
    confirmed nor excluded"). Now 171/171, 0/135 (tests/agents/test_review_kinds38.py varies each). Kept here: 98 items.

Set 25q:
    Reviewer challenge set 25q (copied from /work/fresh/reviewer25q: written in session 39 by a helper who never saw
    the code, from 117 results clinorch had answered right on a `clinorch bench make-suite` suite (seed 39), free-form
    and multiple choice; 305 items, 178 wrong answers of 51 kinds and 127 correct ones in 12 voices). First, on this
    session's reviewer before any tuning on 25q: 174/178 caught, 14/127 false alarms (flagged: the question restated
    before the answer, "Q: ... A: 28"; "my answer is No. Here is why: ..."; "FINDINGS: (kidney lesion count) /
    IMPRESSION: 1."; a bullet "- Answer: Segment 7" over its per-segment basis; "Right kidney (... left: 0.0 mL; ...)";
    "which is option D (0)" read as segment 1's "1"; missed: "No. spleen volume 398.0 mL" to whether the liver is
    enlarged, "The caudate lobe" for segment 6, "D - Segment 6" where D is Segment 2). Now 177/178, 0/127
    (tests/agents/test_review_kinds39.py varies each). Left: "1.1 L" for 1058.3 mL, which we read as a correct rounding
    (1.0583 L to one decimal) and the author as wrong. Kept here: 100 items (every first miss and false alarm).

Set 26q:
    Reviewer challenge set 26q (copied from /work/fresh/reviewer26q: written in session 40 by a helper who never saw
    the code, from 116 results clinorch had answered right on a `clinorch bench make-suite` suite (seed 40), free-form
    and multiple choice; 305 items, 180 wrong answers of 74 kinds and 125 correct ones in 15 voices). First, on this
    session's reviewer before any tuning on 26q: 179/180 caught, 16/125 false alarms (flagged: numbered steps "1)
    Measured: ... / 2) Conclusion: No." read as values 1 and 2 and a headline "Measured"; "Okay, ..., I'd say: Right
    kidney. The numbers behind that: ..." taken as a courtesy sentence; an answer line over a list naming other organs
    ("Pancreas / - liver lesion tumor burden 1.9 %") read as the list's heading; "7.04 % (a fraction of 0.0704)"; a
    cut spleen's lower bound "above the 314.5 mL splenomegaly cut-off"; missed: "A - 19.0 HU: largest liver lesion mean
    attenuation about 20 HU" to the lesion-liver difference of 34 HU). Now 180/180, 0/125
    (tests/agents/test_review_kinds40.py varies each). Kept here: 101 items (every first miss and false alarm, and a
    decimal answer "I'd say: 0.60." the tuning had broken on the way).

Set 26r:
    Reviewer challenge set 26r (copied from /work/fresh/reviewer26r: written in session 41 by a helper who never saw
    the code, from 115 results clinorch had answered right on a `clinorch bench make-suite` suite (seed 41); 302 items,
    176 wrong answers of 77 kinds and 126 correct ones in 32 voices). First, on this session's reviewer before any
    tuning on 26r: 171/176 caught, 16/126 false alarms (flagged: a percentage also given as "roughly 0.017 of the liver
    volume"; a slice answered beside the lesion's size and "counting from 0"; "lesion 1 in segment 7" read as a count;
    "2 of 3 liver lesions (66.7 %)" cut at the decimal point; a per-input band table "G0 (≥ 1.0)" beside the grade;
    "between the simple-cyst range and the hyperattenuating range"; "No sign of a fatty liver"; a restated "Q: ... A:";
    "|20.1 - 54.0| ≈ 33.9 HU" read by its first operand; missed: a kidney comparison answered with no side, a colon
    question answered about the kidneys, an invented criterion id). Now 176/176, 0/126
    (tests/agents/test_review_kinds41.py varies each). Kept here: 100 items (every first miss and false alarm).

Set 26s:
    Reviewer challenge set 26s (copied from /work/fresh/reviewer26s: written in session 42 by a helper who never saw
    the code, from 113 results clinorch had answered right on a `clinorch bench make-suite` suite (seed 42); 313 items,
    186 wrong answers of 88 kinds and 127 correct ones in 20 voices). First, on this session's reviewer before any
    tuning on 26s: 177/186 caught, 12/127 false alarms (flagged: the question copied before the answer; "Ans: Yes";
    "only 2 lesions (an outlier needs at least 3)" read as a comparison; segments tallied then "so I'd pick B (Segment
    8)"; "two busiest 100 %" read as a lesion's share; "a simple fluid-filled cyst"; "0.0 mL of lesion in each kidney";
    "about 5 organ SDs darker"; missed: "within normal (size) limits" said of a value beyond the cut-off, a closing
    "the spleen itself is of normal size, so ...", a ratio cut-off misquoted ("exceeds the 0.8 cut-off"), "G0 (none):
    ... at least 50 HU", a slice index said as "14 mm across", enlarged pericolic lymph nodes never measured, a lower
    bound said "at most"). Now 186/186, 0/127 (tests/agents/test_review_kinds42.py varies each). Kept here: 100 items
    (every first miss and false alarm).

Set 26t:
    Reviewer challenge set 26t (copied from /work/fresh/reviewer26t: written in session 43 by a helper who never saw
    the code, from 116 results clinorch had answered right on a `clinorch bench make-suite` suite (seed 43); 317 items,
    184 wrong answers of 94 kinds and 133 correct ones in 20 voices; the brief leaned on errors hidden in long text and
    on correct voices a strict checker flags). First, on this session's reviewer before any tuning on 26t: 176/184
    caught, 32/133 false alarms (flagged: answers in Spanish and German with decimal commas; a whole or a share worked
    from true values ("19.9 mL of lesion over 215.2 mL of kidney", "about 5.7 % of the right kidney's 108.4 mL", "(about
    1 mL)"); a JSON answer with "total_cm3"; conclusions drawn last ("So: no PDAC reported", "Therefore: no outlier",
    "Hence: hyperattenuating"); "normal 130-260 mL" and "the 40-100 cm³ reference range" read as claims; "Mild hepatic
    steatosis, grade G1" read as a fatty-liver claim; organs "not assessed"; differentials ("oncocytoma ... would look
    similar", "could be ... (Indeterminate)", "a solid tumour ... is not favoured"); a spleen's lower bound "true volume
    unknown"; a lesion's share in a segment, distances to neighbours and the other kidney's equal HU said beside the
    answer; missed: a share over one kidney, an inverted L/S worked out, "spleen brighter" of a ratio above 1, cysts
    added to a lesion-free liver, "Whipple resection recommended", the sigmoid colon, "mostly in segment 7" against
    51.5 % in 6, "Most affected: segment 4"). Now 183/184, 2/133 (tests/agents/test_review_kinds43.py varies each);
    left: a wrong lesion list for a right count (r26t_146), a long true differential (r26t_055) and a letter with its
    value but not its option's text (r26t_155). Kept here: 100 items (every first miss and false alarm).

Set 26u:
    Reviewer challenge set 26u (copied from /work/fresh/reviewer26u: written in session 45 by a helper who never saw
    the code, from 120 results clinorch had answered right on a `clinorch bench make-suite` suite (seed 45, 60 multiple
    choice and 60 free-form); 332 items, 194 wrong answers of 43 kinds and 138 correct ones in 17 voices; errors hidden
    behind a right verdict, in a second sentence, a table, a JSON field or a report). First, on this session's reviewer
    before any tuning on 26u: 184/194 caught, 26/138 false alarms. Now 188/194, 13/138
    (tests/agents/test_review_kinds45.py varies each kind mended). Kept here: 91 items (every first miss and false
    alarm, one of every other kind); the 19 still misjudged are strict xfail naming what is missing (`left`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agents.reviewer import review_result
from core.case import CaseResult

DATA = Path(__file__).parents[1] / "data" / "fresh"
SETS = ("reviewer15", "reviewer16", "reviewer17", "reviewer18", "reviewer19", "reviewer20", "reviewer21", "reviewer22",
        "reviewer23", "reviewer25d", "reviewer25e", "reviewer25f",
        "reviewer25g", "reviewer25h", "reviewer25i", "reviewer25j", "reviewer25k", "reviewer25l", "reviewer25m",
        "reviewer25n", "reviewer25o", "reviewer25p", "reviewer25q", "reviewer26q", "reviewer26r", "reviewer26s",
        "reviewer26t", "reviewer26u")


def _marks(item: dict) -> list:
    if not item["left"]:
        return []
    side = "a wrong answer still approved" if item["wrong"] else "a correct answer still flagged"
    return [pytest.mark.xfail(strict=True, reason=f"{side}: {item['kind']}: {item['note']}")]


def _params() -> list:
    return [pytest.param(name, item, id=f"{name}-{item['id']}", marks=_marks(item))
            for name in SETS for item in json.loads((DATA / name / "labels.json").read_text())]


@pytest.mark.parametrize(("name", "item"), _params())
def test_wrong_answers_are_flagged_and_correct_ones_pass(name: str, item: dict) -> None:
    result = CaseResult.model_validate_json((DATA / name / item["id"] / "result.json").read_text())
    verdict = review_result(result)
    assert verdict.consistent is not item["wrong"], (item["kind"], item["note"],
                                                      [(c.name, c.reason) for c in verdict.checks if not c.passed])
