"""Question understanding on phrasings written by an independent author (set A, copied from /work/fresh)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from questions.understanding import Understanding, default_understanding

FRESH = Path(__file__).parent / "data" / "fresh" / "questions_fresh_A.yaml"


@pytest.fixture(scope="module")
def reader() -> Understanding:
    return default_understanding()


def test_fresh_set_a_task_organ_and_polarity(reader: Understanding) -> None:
    """First score before any tuning: task 0.850, organ 0.966; after tuning: 0.979, 1.000; after the kinds of
    issue 11's third round (context, polarity, spelling, routing, the kind asked): task 0.995, polarity 0.997."""
    records = yaml.safe_load(FRESH.read_text())["questions"]
    assert len(records) == 379
    intents = [reader.understand(r["q"], r.get("choices")) for r in records]
    pairs = list(zip(intents, records, strict=True))
    task = sum(i.task == r["task"] for i, r in pairs) / len(pairs)
    organ = sum(i.organ == r["organ"] for i, r in pairs if "organ" in r) / sum("organ" in r for r in records)
    polarity = sum(i.negated == bool(r.get("negated", False)) for i, r in pairs) / len(pairs)
    assert task >= 0.99, task
    assert organ >= 0.99, organ
    assert polarity >= 0.99, polarity


@pytest.mark.parametrize(("name", "size", "floors"), [
    # first score (scored once, before tuning on it) -> final; floors at the final figures
    # B: task 0.825 (first) -> 0.863 -> 0.872 (start of issue 11's fourth round) -> 0.891 with D's kinds -> 0.972
    # -> 0.995 (organ 1.000) with F's kinds (a named basis before a finding, a polar difference of the kidneys, ...)
    ("questions_fresh_B.yaml", 211, (0.99, 0.99, 0.99)),
    ("questions_fresh_C.yaml", 386, (0.99, 0.99, 0.99)),  # task 0.909 (first, commit 1b3fbfa's tree) -> 0.927 -> 0.995 -> 0.997
    # D: task 0.849 (first, f8ea75d) -> 0.887 (start of the fourth round) -> 0.996 tuned on D -> 0.998
    ("questions_fresh_D.yaml", 469, (0.99, 0.99, 0.99)),
    # E: task 0.858 (first, f8ea75d) -> 0.881 (start of the fourth round) -> 0.914 held out while D alone was tuned
    # (organ 0.967 -> 0.983, polarity 0.974 -> 0.980) -> 1.000 tuned on E
    ("questions_fresh_E.yaml", 302, (0.99, 0.99, 0.99)),
    # F (fifth round, held out from everyone tuning): task 0.925 / organ 0.986 / polarity 0.980 (first, aa09fd1)
    # -> 0.957 / 0.991 / 0.988 on the merge (held out until then) -> 1.000 / 1.000 / 1.000 tuned on its kinds in the
    # sixth round (tests/test_understanding_kinds_f.py varies each kind with phrasings none of the sets uses)
    ("questions_fresh_F.yaml", 345, (0.99, 0.99, 0.99)),
    # G (sixth round's held-out set, scored on main before any tuning): task 0.904 / organ 0.946 / polarity 0.982;
    # 0.907 / 0.946 / 0.979 on the merged main -> 0.982 / 0.961 / 0.997 tuned on its kinds in the seventh round
    # (tests/test_understanding_kinds_g.py). Organ stays at 0.961: G labels every knowledge and portal-hypertension
    # question with no organ, A-F with the organ it is about (see the test below), and the understanding keeps A-F's.
    ("questions_fresh_G.yaml", 333, (0.98, 0.96, 0.99)),
    # H (seventh round's held-out set; the lead's vocabulary map applied, `questions_fresh_H_norm.yaml`): task 0.819 /
    # organ 0.918 / polarity 0.995 (first, ff495db) -> 0.842 / 0.923 / 0.998 on the merged main -> 0.970 / 0.946 / 0.998
    # tuned on its kinds in the eighth round (tests/test_understanding_kinds_h.py varies each). Of the 12 task misses
    # left, 5 ask the largest lesion's mean HU as a number, which H (like G) labels `largest lesion attenuation` (the
    # registry's hypo/iso/hyper category task) and understanding reads as that lesion group's own HU measurement.
    ("questions_fresh_H.yaml", 404, (0.97, 0.94, 0.99)),
    # I (eighth round's held-out set, clinorch's own label names): task 0.913 / organ 0.969 / polarity 0.993 (first,
    # 7692958) -> 0.920 / 0.967 / 0.993 on the merged main -> 0.981 / 0.979 / 1.000 tuned on its kinds in the ninth
    # round (tests/test_understanding_kinds_i.py varies each). Of the 8 task misses left, 4 ask the largest lesion's mean
    # HU as a number (labelled `largest lesion attenuation`, read as the lesion's own HU, as for G and H), 2 a kidney
    # lesion's solid-or-cystic / cyst-or-RCC (labelled renal mass characterization; A-F label it the lesion type), one a
    # kidney volume ratio, one a count in the left kidney; 9 organ misses are portal hypertension, which I labels with
    # no organ and A-F with the liver (the understanding keeps A-F's, see the test below).
    ("questions_fresh_I.yaml", 425, (0.975, 0.975, 0.99)),
    # J (ninth round's held-out set, referral letters, tumour-board notes, options in many formats): task 0.851 / organ
    # 0.929 / polarity 0.962 (first, 64953ba) -> 0.865 / 0.929 / 0.965 on the merged main -> 0.910 / 0.941 / 0.965 in the
    # tenth round, tuned on its odd-numbered half only (0.854 -> 0.939 task) while the even half was held back (task
    # 0.877 -> 0.882, organ 0.934 -> 0.938): tests/test_understanding_kinds_j.py varies each kind fixed. Left, with
    # reasons: the largest lesion's mean HU asked as a number (J, like G-I, labels it `largest lesion attenuation`, the
    # registry's hypo/iso/hyper category, which the reviewer holds a category answer to; understanding answers the
    # lesion's own HU); ratios between organs and portal hypertension, which J labels with no organ (A-I: the liver);
    # "rule out X" read as negated, as set D labels it (J: not negated). Eleventh round (understand11, rules for set K's
    # kinds, J not tuned on): 0.920 / 0.941 / 0.965, no J item newly missed.
    ("questions_fresh_J.yaml", 423, (0.905, 0.94, 0.96)),
    # L (eleventh round's held-out set, copied from /work/fresh/questionsL: non-radiologist voices, forms, chained
    # questions, numbers that are not the answer, Couinaud names, ALL CAPS, 46 labels x 9): task 0.896 / organ 0.978 /
    # polarity 0.969 (first, ef14732) -> 0.923 / 0.986 / 0.966 on the merged main, nobody tuned on it -> 0.988 / 0.986 /
    # 0.986 tuned on its kinds in the twelfth round (tests/test_understanding_kinds_u12.py: the head of the question -
    # presence, an entity asked, a noun phrase's head noun, the options' kinds - and context read apart from the ask).
    # Left: a count in the left kidney (L: lesion counting; I: by location), a TNM table, "fluid or tissue" of a
    # pancreatic lesion, "visible on the baseline scan" (read as a follow-up), a mask overlapping the largest lesion.
    ("questions_fresh_L.yaml", 414, (0.985, 0.98, 0.98)),
    # M (session 12: typos, shorthand, British spellings, dictation, histories, 1-3 word queries): first on 4553b92
    # 0.959 / 0.983 / 0.983 (task / organ / polarity) -> merged int12 0.971 / 0.986 / 0.983, not tuned on. Left: PNET
    # existence read as PDAC-vs-PNET, steatosis grading as fatty liver, pancreatic steatosis as fatty liver, a report
    # request as portal hypertension, splenomegaly vs organ enlargement both ways, "which kidney" asymmetry vs comparison.
    ("questions_fresh_M.yaml", 414, (0.97, 0.98, 0.98)),
    # P (session 15: analysis requests "Compute X and report whether Y", form fields and JSON keys, numbers that are not
    # the answer, conditionals, tumour-board / surgeon voices, organ only in the options): first on main 926927e task
    # 0.819 / organ 0.890 / polarity 1.000 -> 0.872 / 0.944 / 1.000 merged (understand15 tuned on the lead's paraphrase
    # of P's miss kinds, never on P). Left: terse stems whose options alone carry the task, a stated threshold read as
    # a knowledge question, context numbers and histories steering the task, near-neighbour tasks. Session 16
    # (understand16, tests/test_understanding_kinds_u16.py: a stated rule before the patient question, a prior study's
    # value as history, the options' kind - counts, absence, distribution - and a key's bracketed organ): 0.894 / 0.951.
    ("questions_fresh_P.yaml", 414, (0.89, 0.95, 0.99)),
    # Q (session 16: dictation errors, report templates with a blank, checklists, non-native word order, British
    # spellings, near-empty "Which?" stems with the task in the options, near-neighbour pairs, "r/o" / "query",
    # consequences): first on main 37f740a task 0.911 / organ 0.977 / polarity 0.995 -> 0.928 / 0.977 / 0.995 on the
    # session's final main (engineers never saw it; the lead's fixes of its kinds). Left: "Which?" stems whose options
    # alone carry the task (22), template blanks, out-of-scope questions read as measurements. Session 17
    # (understand17, tuning material): the options' finding kind on near-empty stems, fatty pancreas -> 0.935. Session 18
    # (understand18, R's kinds and the kinds left, Q not tuned on): 0.947 / 0.979 / 0.995.
    ("questions_fresh_Q.yaml", 417, (0.945, 0.975, 0.99)),
    # R (session 17's independent set: e-mails, chats, a voice assistant, a wrong guess to confirm, templates, double
    # negatives, Roman segments, units): first on main ccdec95 task 0.917 / organ 0.977 / polarity 0.974 (lesion 0.968);
    # tuning material from session 18 (understand18, tests/test_understanding_kinds_u18.py) -> 0.953 / 0.979 / 0.998.
    # Left: terse stems whose options or blanks alone carry the task, a guess to confirm that names only a number
    # ("I got 310 mL when I added the two kidneys - is that the right total?"), organs named by their place ("the
    # organ under the right hemidiaphragm"), a kidney volume ratio (R: kidney volume comparison; understanding: the
    # ratio's own measurement), "how fatty" after "is it fatty" in one question.
    ("questions_fresh_R.yaml", 507, (0.95, 0.975, 0.995)),
    # S (session 19's independent set: patient-portal messages, planner steps, SMS shorthand, markdown, EXCEPT /
    # "which statement is true" stems, eligibility criteria, technologist QA): first on main ccdec95 task 0.899 / organ
    # 0.987 / polarity 0.980 (lesion 0.985); 0.905 / 0.987 / 0.988 after session 18's understanding work (held out from
    # it). Session 21 (understand21, tuning material: its misses' kinds, tests/test_understanding_kinds_u21.py varies each
    # with phrasings of its own): 0.997 / 1.000 / 1.000 (lesion 1.000). Left: "Is the spleen enlarged by volume?",
    # labelled organ enlargement, read as splenomegaly detection (S labels "Is the spleen enlarged?" the latter).
    ("questions_fresh_S.yaml", 346, (0.99, 0.99, 0.99)),
    # V (session 21's first independent set: questions wholly in German, Spanish, French, Portuguese and Japanese,
    # JSON / tool-call wrappers, long context with old numbers, label stems, confirmation tags): first on main d9cdeea
    # task 0.768 / organ 0.893 / polarity 0.968 (lesion 0.853); 0.768 after understand21 (S's kinds, held out from
    # it); 0.927 / 0.986 / 0.979 (lesion 0.989) tuned on its causes (understand21b: questions.multilingual, label stems,
    # "asked in general", tests/test_understanding_kinds_u21b.py). Left: yes/no "solid tumour?" of one kidney read as
    # its type, long tables and MDT notes, knowledge cues without a "general" remark, double negatives. Session 22
    # (understand22, W's and V's misses grouped by cause, tests/test_understanding_kinds_u22.py): 0.959 / 0.988 / 0.981.
    ("questions_fresh_V.yaml", 466, (0.955, 0.985, 0.975)),
    # W (session 21's second independent set, another author, never seen by anyone tuning): first on main d9cdeea task
    # 0.728 / organ 0.874 / polarity 0.976 (lesion 0.821); 0.730 after understand21 (S's kinds); 0.854 / 0.974 / 0.987
    # (lesion 0.974) after understand21b (V's causes): the held-out figure of this session's understanding work. Kept
    # as regression at that figure; the next round needs a new independent set. Session 22 (understand22) tuned on its
    # causes with V's: 0.961 / 0.990 / 0.989 (lesion 0.993). Left: checklists and tumour-board notes whose asked line
    # names another organ or a lesion, terse "Right kidney:" / "Pancreatic parenchyma:" stems with mixed options.
    ("questions_fresh_W.yaml", 460, (0.955, 0.985, 0.985)),
    # X (session 22's independent set, another author: ward-round shorthand, Chinese beside five other languages,
    # checklists, JSON/CSV, tumour-board notes, conditionals; never seen by anyone tuning): first on main 7a77943 task
    # 0.851 / organ 0.968 / polarity 0.965 (lesion 0.992); 0.875 / 0.981 / 0.965 (lesion 0.996) after understand22,
    # which tuned on W's and V's causes only: the held-out figure of session 22's understanding work. Session 23
    # (understand23, X's misses grouped by cause, tests/test_understanding_kinds_u23.py: polarity of any question asked
    # yes/no, negations cancelling in pairs, a story after the question, more words of the languages read, "pancreatic
    # cancer" as PDAC): 0.919 / 0.988 / 0.987 (lesion 0.996), tuned on X, so a regression floor, no held-out figure.
    ("questions_fresh_X.yaml", 456, (0.915, 0.985, 0.98)),
    # Z (session 23's independent set, another author: ward-round shorthand, five languages, JSON/CSV and tool-call
    # prompts, checklists, tumour-board notes, consent wording, double negatives; never seen by anyone tuning): first
    # on main df0ef92 task 0.920 / organ 0.978 / polarity 0.986 (lesion 0.995); 0.926 / 0.987 / 0.989 (lesion 1.000)
    # after understand23, which tuned on X only: the held-out figure of session 23's understanding work. Kept as
    # regression at that figure; the next round needs a new independent set. understand24 tuned on Z (and X, W, V):
    # 0.934 / 0.987 / 0.989 (lesion 1.000), X 0.930 / 0.988 / 0.987, W and V unchanged (0.961, 0.959).
    # Session 24 (the AA set's German, Japanese and Chinese task words, what this image's findings indicate): 0.946.
    ("questions_fresh_Z.yaml", 350, (0.94, 0.985, 0.985)),
    # AA (session 24's independent set, another author: 388 questions, 48 tasks, ward shorthand, CSV rows, checklists,
    # German / Spanish / Japanese / Chinese, double negatives): first on main c5c20db task 0.861 / organ 0.977 /
    # polarity 0.985 (lesion 0.987); 0.866 after understand24 (tuned on Z, X, W, V: the held-out figure of session
    # 24's understanding work); 0.912 / 0.980 / 0.985 after the lead tuned on AA's languages and its steatosis stem.
    ("questions_fresh_AA.yaml", 388, (0.91, 0.975, 0.98)),
    # AB (session 25's independent set, another author: 435 questions, 48 tasks, prior and vessel questions, lay words,
    # lesion names for organs, six languages, CSV / JSON / tool-call prompts): first on main a05ec96 task 0.910 / organ
    # 0.980 / polarity 0.986 (lesion 0.966), the round's held-out figure; 0.945 / 0.987 / 0.986 (lesion 0.981) after the
    # lead tuned on its misses (tests/test_understanding_kinds25.py: a named lesion's side, lesions counted again,
    # lay cyst words, AAA / lung bases / bookings out of scope, "a clean SMA", Chinese / German / French / Spanish
    # words). AA 0.920, Z 0.946, X 0.930, W 0.961, V 0.959 with it.
    ("questions_fresh_AB.yaml", 435, (0.94, 0.98, 0.98)),
    # AC (session 26's independent set, another author: 484 questions, 48 tasks, seven languages with Dutch and
    # Italian, vital signs / genetics / a knee out of scope, terse option stems, double negatives): first on main
    # b761952 task 0.890 / organ 0.973 / polarity 0.973 (lesion 0.972), the round's held-out figure; 0.946 / 0.992 /
    # 0.973 (lesion 0.986) after the lead tuned on its misses (tests/test_understanding_kinds26.py). Left: "rule out X"
    # (AC labels it negated, J does not), a kidney mass "solid or cystic" (AC: renal mass characterization; A-F: the
    # lesion type), "capital of France" (a question with no clinical word at all).
    ("questions_fresh_AC.yaml", 484, (0.95, 0.99, 0.97)),
    # AD (session 28's independent set, another author: 483 questions, 48 tasks, Dutch / Italian / Portuguese / Chinese,
    # histories with numbers that are not the answer, "don't break it down by segment"): first on main 6682a5c task
    # 0.888 / organ 0.942 / polarity 0.969 (lesion 0.958), the round's held-out figure.
    ("questions_fresh_AD.yaml", 483, (0.885, 0.94, 0.965)),
    # AE (session 29's independent set, another author: 528 questions, 11 per task, options as "(a)" / "1)" / "Option
    # A:", instructions instead of questions, the organ named not the one asked): first on main f1d95d1 task 0.911 /
    # organ 0.979 / polarity 0.962 (lesion 0.984), the round's held-out figure.
    ("questions_fresh_AE.yaml", 528, (0.91, 0.975, 0.96)),
    # AF (session 30's independent set, another author: 480 questions, 10 per task, prior reports and measurement
    # tables before the question, EHR order text, long-sentence options, an organ named through its neighbour, signed
    # differences asked): first on main 1d0c498 task 0.902 / organ 0.960 / polarity 0.988 (lesion 0.979), the round's
    # held-out figure; 0.923 / 0.971 / 0.988 (lesion 0.982) after tuning on its kinds (tests/test_understanding_kinds30.py).
    # Left: a count "on the left kidney" (AF: count by location; sets A-J mostly: counting; the count answered is the
    # same side's), "cystic or solid" of a renal mass (the AC/A-F split again), EHR orders naming several organs.
    ("questions_fresh_AF.yaml", 480, (0.92, 0.97, 0.985)),
    # AG (session 30's second independent set, another author: 501 questions, worklist and PACS comments, two organs
    # asked with one task, units that are not the answer's, places asked without "which", dictation errors): first on
    # main 5781545 task 0.890 / organ 0.962 / polarity 0.964 (lesion 0.962), held out; 0.918 / 0.966 / 0.964 (lesion
    # 0.976) after tuning on its kinds (tests/test_understanding_kinds30.py).
    ("questions_fresh_AG.yaml", 501, (0.925, 0.965, 0.96)),
    # AH (session 31's independent set, another author: 528 questions, 11 per task, stated assumptions, yes/no plus a
    # number, lesions named by descriptor, quoted reference values, agents with a JSON reply schema, organs implied by
    # a disease name): first on e39b878 task 0.928 / organ 0.941 / polarity 0.973 (lesion 0.953), held out; 0.955 /
    # 0.949 / 0.973 (lesion 0.962) after tuning on its kinds (tests/test_understanding_kinds31.py). Left: "cystic or
    # solid" of a renal mass (the AC/A-F split), EHR orders and worklist lines naming several tasks, a ratio of renal
    # volumes labelled a comparison.
    ("questions_fresh_AH.yaml", 528, (0.95, 0.945, 0.97)),
    # AI (session 31's second independent set, another author: 528 questions, things put aside, reference organs,
    # lesions named by place, disease names with history, one kidney or after surgery, ordinal lesions): scored once
    # on 68535f8, the session's final understanding, before any tuning on it: task 0.902 / organ 0.934 / polarity
    # 0.972 (lesion 0.942), held out. Not tuned on yet: these floors are its first figure.
    ("questions_fresh_AI.yaml", 528, (0.90, 0.93, 0.97)),
    # AJ (session 32's held-out set, copied from /work/fresh/questionsAJ: 48 labels x 11, options inline in many
    # formats, JSON and tool prompts, seven languages, symptom histories): task 0.953 / organ 0.960 / polarity 0.945
    # (first, on session 31's final understanding plus this session's reviewer label synonyms) -> 0.973 / 0.966 / 0.996
    # tuned on its kinds (tests/test_understanding_kinds32.py varies each). Organ misses are mostly the label convention
    # (AJ labels knowledge questions and sums of organs with no organ; A-F with the organ named).
    ("questions_fresh_AJ.yaml", 528, (0.97, 0.96, 0.99)),
    # AK (session 33's held-out set, copied from /work/fresh/questionsAK: 48 labels x 11, options after ":" / "-" /
    # "1.", JSON templates, laboratory histories, five languages): task 0.949 / organ 0.973 / polarity 0.983 (first,
    # on c320971) -> 0.970 / 0.977 / 0.998 tuned on its kinds (tests/test_understanding_kinds33.py varies each). Organ
    # misses are mostly its label convention (knowledge questions labelled with no organ).
    ("questions_fresh_AK.yaml", 528, (0.965, 0.97, 0.99)),
    # AL (session 34's held-out set, copied from /work/fresh/questionsAL: 48 labels x 11, options in bracketed and
    # numbered formats, shorthand such as "hep" and "LD", seven languages): task 0.966 / organ 0.960 / polarity 0.994
    # (first, on 426d44f plus the exclusion polarity of this session) -> 0.985 / 0.981 / 0.996 tuned on its kinds
    # (tests/test_understanding_kinds34.py varies each). Organ misses are mostly its label convention (knowledge
    # questions labelled with no organ).
    ("questions_fresh_AL.yaml", 528, (0.98, 0.975, 0.99)),
    # AM (session 35's held-out set, copied from /work/fresh/questionsAM: 48 labels x 11, options as "(i) present (ii)
    # absent", "1 = yes, 2 = no", JSON enums; six languages): task 0.968 / organ 0.966 / polarity 0.979 (first, on
    # 2bc2136) -> 0.975 / 0.972 / 0.991 tuned on its kinds (tests/test_kinds35.py varies each). Left: "Rule out X"
    # labelled negated, organs on knowledge questions, three image questions read as rules.
    ("questions_fresh_AM.yaml", 528, (0.97, 0.97, 0.985)),
    # AN (session 36's held-out set, copied from /work/fresh/questionsAN: 48 labels x 11, agent prompts with JSON
    # templates and tool calls, lay severity words, five languages): task 0.964 / organ 0.975 / polarity 0.998 (first,
    # on cbea32c plus this session's earlier understanding changes) -> 0.996 / 0.983 / 0.998 tuned on its kinds
    # (tests/test_kinds36.py varies each). Left: "cT ...; N and M from the PET" (out of scope), organs on knowledge
    # questions.
    ("questions_fresh_AN.yaml", 528, (0.985, 0.975, 0.99)),
    # AO (session 37's held-out set, copied from /work/fresh/questionsAO: 48 labels x 11, one-pair JSON templates
    # with "?" and bare types, count options in words, six languages): task 0.951 / organ 0.973 / polarity 0.998
    # (first, on 9082d0d) -> 1.000 / 0.979 / 0.998 tuned on its kinds (tests/test_kinds37.py varies each). Left:
    # organs on knowledge questions.
    ("questions_fresh_AO.yaml", 528, (0.99, 0.975, 0.99)),
    # AP (session 38's held-out set, copied from /work/fresh/questionsAP: 48 labels x 11, lay and tumour-board voices,
    # inline "1)" options, five languages): task 0.960 / organ 0.972 / polarity 0.998 (first, on 9ac4612) -> 1.000 /
    # 0.975 / 1.000 tuned on its kinds (tests/test_kinds38.py varies each). Left: organs on knowledge questions and on
    # a sum of both kidneys (the brief wants none).
    ("questions_fresh_AP.yaml", 528, (0.99, 0.97, 0.99)),
    # AQ (session 39's held-out set, copied from /work/fresh/questions_fresh_AQ.yaml: 48 labels x 11, JSON requests
    # naming their task by a key, options written after the question as "A. yes B. no", verbless findings asked yes or
    # no, four languages): task 0.956 / organ 0.970 / polarity 0.992 (first, on fc09d00 plus this session's earlier
    # understanding change) -> 0.979 / 0.972 / 0.992 tuned on its kinds (tests/test_kinds39.py varies each). Left: a
    # surgical context before a colon read as a rule ("Right hemihepatectomy being considered: how many lesions ...?"),
    # "What's her MELD score ...?", "Is more than half the liver replaced ...? Give me the exact percentage.", organs on
    # knowledge questions and sums of both kidneys.
    ("questions_fresh_AQ.yaml", 528, (0.975, 0.97, 0.99)),
    # AR (session 40's held-out set, copied from /work/fresh/questions_fresh_AR.yaml: 48 labels x 11, dictated speech,
    # vignettes with numbers in passing, form fields "Field: ... | Value:", template variables, British spellings):
    # task 0.966 / organ 0.970 / polarity 0.994 (first, on cb1aa74) -> 0.998 / 0.981 / 1.000 tuned on its kinds
    # (tests/test_kinds40.py varies each). Left: organs on knowledge questions (the brief wants none) and "Is the spleen
    # enlarged?" labelled organ enlargement (we read splenomegaly detection; the same answer).
    ("questions_fresh_AR.yaml", 528, (0.995, 0.975, 0.995)),
    # AS (session 41's held-out set, copied from /work/fresh/questions_fresh_AS.yaml: 48 labels x 11, prompts as an LLM
    # agent or a script passes them ("Task: ...", "instruction: ... input: ... output:", "Q: ... A:"), asks inside
    # e-mails, voice-to-text slips, values stated in passing, options that carry the task): task 0.934 / organ 0.951 /
    # polarity 0.996 (first, on 7de66f9) -> 0.981 / 0.966 / 0.996 tuned on its kinds (tests/test_kinds41.py varies
    # each). Left: values stated as context steering the task ("The left kidney is 150 mL. Are the two kidneys unequal
    # in size?"), "Is more than half of the liver tumour? Give me the exact percentage.", organs on knowledge questions
    # and sums of both kidneys (the brief wants none), "is the spleen enlarged" labelled organ enlargement.
    ("questions_fresh_AS.yaml", 528, (0.98, 0.965, 0.995)),
    # AT (session 42's held-out set, copied from /work/fresh/questions_fresh_AT.yaml: 48 labels x 11, order-entry
    # shorthand, tumour-board talk, beliefs put to be confirmed, values stated that are not what is asked, agent tool
    # calls, options inline): task 0.943 / organ 0.960 / polarity 0.992 (first, on 51bae06) -> 0.989 / 0.972 / 0.996
    # tuned on its kinds (tests/test_kinds42.py varies each). Left: "Bosniak I-looking thing ... is there really a cyst
    # there?" read as the Bosniak class, a tumour's side said as "upper pole of the left kidney" before an ask of no
    # side, "Quel organe porte la plus grande charge lésionnelle ?", organs on knowledge questions, sums of both kidneys
    # and portal hypertension asked by the spleen (the brief wants none or the spleen), "Is the spleen enlarged?".
    ("questions_fresh_AT.yaml", 528, (0.985, 0.97, 0.995)),
    # AU (session 43's held-out set, copied from /work/fresh/questions_fresh_AU.yaml: 48 labels x 11, dictation with
    # spoken punctuation, patient-portal letters, pasted report text, system-prompt wrappers, conditional asks, double
    # negatives, anatomical shorthand): task 0.928 / organ 0.943 / polarity 0.975 (first, on ed1b90cd) -> 0.972 / 0.970
    # / 0.985 tuned on its kinds (tests/test_kinds43.py varies each). Left: "there isn't no lesion ..., is there?"
    # (labelled not negated), organs on knowledge questions and sums of both kidneys (the brief wants none), "Is the
    # spleen enlarged?" labelled organ enlargement, "Characterise the renal lesion as cyst or solid neoplasm" (the
    # characterisation word against the kind's options), "Colon mass: progression since the last CT?" (RECIST or the
    # lesion's change), a JSON "Whipple vs distal pancreatectomy depends on this: where ...?".
    ("questions_fresh_AU.yaml", 528, (0.965, 0.96, 0.98)),
    # AV (session 45's held-out set, copied from /work/fresh/qAV/questions_fresh_AV.yaml: 48 labels x 11, resident
    # sign-outs, vignettes with distractor numbers and lab values, teaching-file quiz stems, radiology shorthand, answer
    # formats said as labels ("one word (cyst/tumor): ..."), surgeons' and oncologists' asks, non-native English,
    # leave asked to write a quoted statement): task 0.953 / organ 0.994 / polarity 0.979 (first, on aa3495a2) -> 0.998
    # / 1.000 / 1.000 tuned on its kinds (tests/test_kinds45.py varies each). Left: "renal mass?" (labelled a solid
    # tumour; a renal mass may be cystic, and clinorch asks any kidney lesion).
    ("questions_fresh_AV.yaml", 528, (0.99, 0.99, 0.99)),
])
def test_later_fresh_sets_hold_their_final_figures(reader: Understanding, name: str, size: int,
                                                    floors: tuple[float, float, float]) -> None:
    records = yaml.safe_load((FRESH.parent / name).read_text())["questions"]
    assert len(records) == size
    pairs = [(reader.understand(r["q"], r.get("choices")), r) for r in records]
    task = sum(i.task == r["task"] for i, r in pairs) / len(pairs)
    organ = sum(i.organ == r["organ"] for i, r in pairs if "organ" in r) / sum("organ" in r for r in records)
    polarity = sum(i.negated == bool(r.get("negated", False)) for i, r in pairs) / len(pairs)
    assert task >= floors[0], task
    assert organ >= floors[1], organ
    assert polarity >= floors[2], polarity


def test_set_gs_organ_misses_are_its_label_convention_only(reader: Understanding) -> None:
    """G's organ misses are all knowledge or portal-hypertension questions that G labels with no organ while sets
    A-F label the organ they are about (A-F: 37 of 39 portal-hypertension questions liver, 2 spleen, none empty;
    their knowledge questions name the organ asked about, "What does Bosniak IIF mean?"-like ones the kidney)."""
    records = yaml.safe_load((FRESH.parent / "questions_fresh_G.yaml").read_text())["questions"]
    missed = [(r["task"], r["organ"]) for r in records if "organ" in r
              and reader.understand(r["q"], r.get("choices")).organ != r["organ"]]
    assert {task for task, _ in missed} <= {"knowledge question", "portal hypertension assessment"}, missed
    assert all(organ is None for _, organ in missed), missed
    earlier = [r for name in "ABCDEF" for r in yaml.safe_load((FRESH.parent / f"questions_fresh_{name}.yaml")
                                                                .read_text())["questions"]]
    portal = [r.get("organ") for r in earlier if r["task"] == "portal hypertension assessment"]
    assert portal and all(organ in ("liver", "spleen") for organ in portal), portal


@pytest.mark.parametrize(("question", "basis"), [
    ("Judging by spleen size alone, is there portal hypertension?", "spleen.volume_ml"),
    ("Based on the caudate-to-right-lobe ratio, is portal hypertension suggested?", "liver.caudate_right_lobe_ratio"),
    ("Using the liver-to-spleen ratio, does this patient have fatty liver?", "liver/spleen.hu_ratio"),
    ("Does this patient have portal hypertension?", None),
])
def test_a_named_basis_is_carried(reader: Understanding, question: str, basis: str | None) -> None:
    assert reader.understand(question).basis == basis


@pytest.mark.parametrize(("question", "first", "also", "key"), [
    ("Is there a colon lesion, and if so what is its volume in cc?", "colon lesion existence",
     "lesion volume measurement", "colon_lesion.largest_lesion_volume_ml"),
    ("Is PDAC present, and if so what is its T stage?", "PDAC existence", "pancreatic tumor staging",
     "pancreas_lesion.largest_lesion_diameter_mm"),
    ("Any suspicious liver lesions? How big is the largest?", "liver lesion existence", "largest lesion diameter",
     "liver_lesion.largest_lesion_diameter_mm"),
])
def test_every_part_of_a_multi_part_question_is_planned(reader: Understanding, question: str, first: str,
                                                        also: str, key: str) -> None:
    intent = reader.understand(question)
    assert intent.task == first
    assert also in intent.parts
    assert key in intent.quantities  # the later part's evidence is gathered too


@pytest.mark.parametrize(("typed", "task"), [
    ("Is there a kideny tumor on this CT?", "kidney tumor existence"),
    ("hepatomegally?", "organ enlargement"),
    ("Any liver mets?", "liver lesion existence"),
    ("Is there CT evidence of portal HTN?", "portal hypertension assessment"),
    ("how many lesons in liver segmnet 8?", "lesion count by location"),
])
def test_misspellings_and_shorthand(reader: Understanding, typed: str, task: str) -> None:
    assert reader.understand(typed).task == task


@pytest.mark.parametrize(("question", "task"), [
    ("Using a splenic volume cut-off of 314.5 cm³, is there splenomegaly in this patient?", "splenomegaly detection"),
    ("By volumetric criteria, is the liver enlarged?", "organ enlargement"),
    ("Per the guideline, does this patient have a fatty liver?", "fatty liver"),
    ("What spleen volume defines splenomegaly?", "knowledge question"),
    ("If a spleen measures 600 mL, what grade of splenomegaly is that?", "knowledge question"),
])
def test_criterion_words_on_a_patient_question_still_ask_about_the_patient(reader: Understanding, question: str,
                                                                            task: str) -> None:
    assert reader.understand(question).task == task


@pytest.mark.parametrize(("question", "negated"), [
    ("Is the splenic volume above the normal limit, i.e. is there splenomegaly?", False),
    ("Does the spleen exceed the upper limit of normal size?", False),
    ("Is the liver larger than normal?", False),
    ("Is there a solid kidney tumour (not a simple cyst) in this patient?", False),
    ("Is the spleen normal in size?", True),
    ("Is the pancreas free of masses?", True),
])
def test_polarity_of_a_limit_of_normal_and_of_a_qualifier(question: str, negated: bool) -> None:
    from questions.understanding import is_negated

    assert is_negated(question) == negated
