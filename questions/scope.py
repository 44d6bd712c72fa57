"""Questions no task answers: what they ask about, so the case abstains saying so instead of measuring something else.

clinorch answers questions on the abdominal organs AbdomenAtlas segments and the lesions of four groups (liver,
kidney, pancreas, colon): their size, attenuation, count, place and the criteria graded from them
(`core.tasks.REGISTRY`). "What is the thickness of the bowel wall?", "Measure the L3 vertebral body height", "Is
there a lung nodule?" or "What dose of metformin?" ask about something no task measures or decides; ranked like any
question they come out as the nearest measurement task (the bowel's volume, an organ's HU), a confident wrong answer.
`beyond_scope` names what such a question asks about, or None when the question is within scope.

Three kinds, each a word list below:

- a structure outside the segmented set (bones and spine, muscles, bile ducts, lymph nodes, the appendix, pelvic
  organs, peritoneal fluid, organs outside the abdomen: thyroid, heart, brain, breast) named with no in-scope organ or lesion beside it;
- an attribute no task measures, of any structure (wall thickness, a fracture, a stone, a lesion of an organ without
  a lesion group - a lung or adrenal nodule);
- treatment (a drug, its dose, a prescription, a contrast dose, a chemotherapy regimen): decided by the clinician,
  never by the image;
- prognosis and personal advice (how long to live, whether to drive again), whatever organ is named;
- a disease named by its own word (a pneumothorax, a pleural effusion, an aneurysm, a thrombosis, free air, a bowel
  obstruction, hydronephrosis): no task decides it, whichever organ or vessel it is of;
- booking, scheduling and laboratory values (an MRI to schedule, the eGFR): the clinic's, not the image's;
- a value of another study (a PET's SUVmax) with no CT measurement asked beside it;
- the image's quality (an artefact, motion, streaks, noise): a technologist's check, not a clinical finding;
- the urinary bladder asked anything but its volume or attenuation (distension, its wall, a bladder mass): its mask is
  measured (`core.anatomy.ORGANS`), no task decides a finding of it.
"""

from __future__ import annotations

import re

from core.anatomy import family
from questions.gates_options import FINDING
from questions.intents import extract

HOSTS = ("colon", "intestine", "gall_bladder", "stomach", "duodenum", "lung", "adrenal_gland", "kidney", "bladder")
"""Organs an out-of-scope attribute is of (a bowel's wall, a lung nodule, a kidney stone): naming them keeps it out."""
FINDING = (rf"{FINDING}|\bgrow\w*|\bgrowth\b|\bportal hypertension\b|\b(?:spleno|hepato)megaly\b|\bsteatosis\b|"
           r"\bfatty (?:liver|pancreas)\b|\brecist\b")
"""A finding asked beside the out-of-scope words ("wall thickening on US; is there a colonic tumour?", "platelets 72k;
does the CT suggest portal hypertension?"): in scope."""

STRUCTURES = (
    r"\b(?:bones?|osseous|skelet\w*|vertebra\w*|spine|spinal|lumbar|thoracic spine|l[1-5]|ribs?|pelvic bone|"
    r"sacrum|sacral|femur|femoral head|hips?|psoas|muscles?|sarcopeni\w*|(?:common )?bile ducts?|cbd|choledoch\w*|"
    r"lymph ?nodes?|lymphadenopath\w*|appendix|appendic\w*|prostat\w*|uter\w*|ovar\w*|ascites|free fluid|"
    r"peritone\w*|omentum|omental|hernia\w*|abdominal wall|thyroid|heart|cardiac|brain|breasts?|testes|testis|"
    r"testicles?|intracranial|cerebral|skull|knees?|acl|cruciate|ligaments?|menisc\w*|shoulders?|elbows?|wrists?|"
    r"ankles?)(?!\w)"
)
"""Structures the segmenters do not delineate: asked alone, no task answers about them."""
ATTRIBUTES = (
    r"\b(?:wall thickness|wall thickening|thickness of the (?:\w+ )*?wall|wall of the|(?:\w+ )?wall (?:is )?thick\w*|"
    r"fractures?|fractured|calculi|calculus|(?:kidney|renal|gall) ?stones?|gallstones?|"
    r"\baaa\b|(?:lung|pulmonary) bases?\W{0,4}(?:\w+\W{1,4}){0,3}?(?:nodules?|mass\w*|lesions?|opacit\w*)|"
    r"(?:lung|pulmonary|adrenal)(?: glands?)?(?: (?!and\b|or\b)\w+){0,3} (?:nodules?|mass\w*|lesions?|tumou?rs?|adenomas?|"
    r"incidentalomas?)|(?:aortic|aorta|caval|vena cava|portal vein|vessel)(?: \w+)? (?:diameter|calibre|caliber|width)|"
    r"(?:diameter|calibre|caliber|width) of the (?:\w+ )?(?:aorta|vena cava|ivc|portal vein|vessels?)\b|how (?:wide|broad) is the (?:\w+ )?(?:aorta|vena cava|ivc|portal vein)\b|nodules? (?:in|of|at) the (?:lung|adrenal|"
    r"bases)\w*|(?:bone|bony|osseous|skeletal|vertebral|spinal|lytic|sclerotic|blastic) (?:lesions?|metasta\w*|mets|"
    r"tumou?rs?|deposits?))"
)
"""Attributes no task measures or decides, whichever structure they are of."""
TREATMENT = (
    r"\b(?:(?:what|which|right|correct|recommended)(?: \w+){0,2} (?:doses?|dosage)|dos(?:es?|age|ing) (?:of|for)|"
    r"\d+ ?mg(?!/)|milligrams?|prescribe|what medication|which (?:drug|medication)|"
    r"metformin|chemotherapy regimen|regimen|how much contrast|antibiotics?|prescri(?:be|bing|ption)s?|"
    r"contrast (?:doses?|dosage|volume)|(?:doses?|dosage) of (?:the )?contrast|folfirinox|folfox|gemcitabine|"
    r"chimioth[ée]rapie|quimioterapia|chemotherapie|chemioterapia|paclitaxel|capecitabine|beta[ -]?blockers?|propranolol|carvedilol|nadolol|statins?|anticoagula\w*|oxaliplatin|irinotecan|sorafenib|lenvatinib|immunotherapy|(?:switch|change) (?:from|to) "
    r"(?:\w+ ){0,3}(?:chemo\w*|drugs?|regimen|therapy|treatment))(?!\w)"
)
"""Treatment asked: a drug, a dose, a regimen - the clinician's decision, never the image's."""
TREATMENT_ASKED = (r"\b(?:what|which|how much)\b[^?.;]{0,30}\b(?:dos(?:es?|age|ing)|regimens?|drugs?|medications?|chemo\w*)\b|"
                   r"\b(?:quel(?:le)?s?|qu[ée]|cu[áa]l(?:es)?|welche[rs]?|quale)\b[^?.;]{0,30}\b(?:chimio\w*|quimio\w*|chemo\w*|"
                   r"traitements?|tratamientos?|behandlung\w*|terapi[ae])\b|\b(?:recommend\w*|recommand\w*|recomiend\w*|empfehl\w*|raccomand\w*)\b|"
                   r"\bdos(?:e|age|ing) (?:of|for)\b|\bprescri\w*")
"""A treatment asked for ("what dose", "which regimen", "dose of", "prescribe"), not a drug or a regimen named beside a
finding asked ("Is the pancreatic cancer resectable after FOLFIRINOX?", "the regimen differs, so is it a PDAC?")."""
ADVICE = (r"\b(?:how long (?:do|does|will|would|have|has) (?:i|he|she|they|we|you|the patient|my \w+) (?:have|got|live|"
          r"survive)|how (?:many|much) (?:\w+ )?(?:months|years|weeks|time)\b[^?]{0,60}\b(?:left|(?:to )?live|survive|remain\w*)|"
          r"life expectancy|prognosis|survival (?:time|rate|odds|chances?|prediction|probabilit\w*|estimate)|(?:\d+|one|two|three|five|ten)[ -]?(?:yr|year)s?[ -]survival|predict\w* survival|chances? of (?:survival|surviving|cure)|"
          r"(?:can|may|could|should|am i allowed to) (?:i|he|she|they|we|the patient|my \w+|her \w+|his \w+) (?:\w+ )?(?:drive|fly|travel|work|"
          r"exercise|play|return to (?:work|sport|driving)|drink(?: any)? alcohol|drink|smoke|eat)|(?:drive|driving) a car|"
          r"fit to (?:drive|fly|work))(?!\w)")
"""Prognosis and personal advice asked ("how long do I have?", "Can I drive again?"): the clinician's to give, never the
image's."""
WORKFLOW = (r"\b(?:schedul\w*|meld(?:-na)?(?: score)?|child[- ]pugh|ecog|karnofsky|performance (?:status|score)|(?:listed|listing) for (?:a )?transplant\w*|ecg|ekg|electrocardiog\w*|book (?:me |us |them )?(?:a|an|the|her|him|in)\b|appointments?|e?gfr|creatinine clearance|"
            r"(?:lab|blood) (?:values?|results?|tests?)|blood pressure|heart rate|pulse rate|body temperature|"
            r"(?:mutation|germline|genetic|genomic|molecular) (?:status|testing|profile|result|subtype|marker)s?|brca\d?|kras|"
            r"microsatellite|what medications?|which medications?|medications? should|\bcbc\b|lfts?|"
            r"(?:order|request|arrange) (?:a|an|some|the)? ?(?:\w+ )?(?:tests?|labs?|panel|consult\w*|referral)|"
            r"blood (?:group|type)|weather|wetter|m[ée]t[ée]o|forecast|ejection fraction|echo(?:cardiogra\w*)?|(?:chest )?x-?rays?|"
            r"radiographs?|hba1c|a1c|glycated|cholesterol|ldl|hdl|triglycerides?|lipid (?:panel|profile|levels?)|blood (?:sugar|glucose)|(?:what|which) time (?:is|does|will|should|do)\b|what(?:'s| is) the time|wie sp[äa]t|quelle heure|"
            r"qu[ée] hora|che ore|potassium|sodium|electrolytes?|haemoglobin|hemoglobin|platelets?|inr\b|lactate|troponin|"
            r"(?:pr[óo]xima|siguiente) cita|rendez-vous|termin\b|(?:prior|pre-?) ?authori[sz]ation|insurer|insurance|"
            r"(?:referral|discharge|sick|cover(?:ing)?) (?:letter|note)|billing|icd-?10 codes?|cpt codes?|costs?|price|"
            r"fees?|how much (?:will|would|does|do) (?:i|we|they|he|she|it) (?:have to )?pay)(?!\w)")
"""Booking, scheduling, laboratory values and orders (a CBC, LFTs), vital signs, performance status (ECOG, Karnofsky),
genetics and which medication to take:
the clinic's work, the blood's or the genome's, never this image's."""
GENETICS_ASKED = (r"\b(?:what|which)\b[^?.;]{0,40}\b(?:mutation|germline|genetic|genomic|molecular|kras|brca\d?|microsatellite)\b|"
                  r"\b(?:kras|brca\d?|mutation|genetic|genomic|molecular|microsatellite)\b[^?.;]{0,20}\b(?:status|profile|subtype|"
                  r"result)\b[^.;]{0,60}\?")
"""A gene's or molecular status asked of a tumour (not a carrier's history beside an imaging question)."""
ADMIN = (r"\b(?:insur\w*|costs?|price|fees?|pay|billing|authori[sz]ation|codes?|schedul\w*|book|appointments?|"
         r"letter|note)\b")
"""The workflow words of money and paperwork: an organ named beside them is the form's ("my insurance coverage for a
liver transplant"), never asked; a laboratory value beside an organ ("platelets low. Big spleen?") is the question's
context."""
CREATIVE = r"\b(?:write|compose|make up|tell)\b[^?.]{0,30}\b(?:poem|song|haiku|limerick|joke|story|sonnet|rap)s?\b"
"""Writing asked that is no finding ("Write me a poem about the liver"): whatever organ it names."""
EXTRA_ABDOMINAL = (r"\b(?:(?:(?:left|right) )?thyroid(?: (?:lobes?|gland|isthmus|bed))?|heart|cardiac|brain|breasts?|mammogra\w*|bi-?rads|intracranial|cerebral|skull|testes|testis|testicles?|"
                   r"(?:subdural|extradural|epidural|subarachnoid) (?:haematoma|hematoma|bleed|haemorrhage|hemorrhage)s?|alzheimer\w*|dementia|parkinson\w*|multiple sclerosis|stroke|epilep\w*|migraine|glaucoma|"
                   r"cataracts?|asthma|copd|(?:upper|middle|lower) lobes?(?: of the (?:right |left )?lungs?)?|pulmonary|"
                   r"lung (?:nodules?|masse?s?|lesions?|tumou?rs?|cancers?)|(?:in|of) (?:the |my |his |her )?lungs|chest ct)(?!\w)")
"""Organs outside the abdomen: a lesion asked of them ("Is there a brain metastasis?", "Is the thyroid nodule TI-RADS
4?") is theirs, out of scope unless an abdominal organ is named beside them."""
OTHER_STUDY = r"\b(?:suv ?(?:max|mean|peak)?|pet(?:[ /-]?ct)?|fdg|tracer uptake)(?!\w)"
"""A value of another study (a PET's SUV): out of scope unless a CT value is asked beside it (`CT_MEASURE`)."""
CT_MEASURE = r"\b(?:hu|hounsfield\w*|attenuation|density|ct number|volume|ml|diameter|mm|cm)\b"
"""A CT measurement named beside a PET word ("the liver SUV - I mean HU"): the PET word is a slip."""
DISEASES = (
    r"\b(?:pneumothora\w*|pleural (?:effusions?|fluid)|effusions?|consolidat\w*|pneumonia|atelecta\w*|"
    r"aneurysm\w*|dissections?(?! plane)|thromb(?:osis|osed|us|i)|embol(?:us|i|ism)|"
    r"free (?:intra-?peritoneal |abdominal )?(?:air|gas)|pneumoperitoneum|(?:bowel|intestinal|colonic|small bowel) "
    r"obstruct\w*|obstructed|ileus|intussuscept\w*|volvulus|diverticul\w*|appendicitis|colitis|enteritis|"
    r"cholecystitis|hydronephro\w*|hydroureter\w*|pyelonephritis)(?!\w)"
)
QUALITY = (r"\b(?:art[ei]facts?|image quality|scan quality|diagnostic quality|(?:motion|breathing|respiratory) "
           r"(?:blur\w*|degrad\w*)|streak\w*|beam[- ]hardening|(?:image )?noise)(?!\w)")
"""The image's own quality asked (an artefact, motion, streaks, noise): a technologist's QA, no task decides it."""
LOCATION_WORD = r"\b(?:para|peri|retro|juxta|supra|infra)-?[a-z]+\W*$"
"""A place word just before an out-of-scope structure ("para-aortic lymph nodes", "peripancreatic nodes"): where the
structure is, not an in-scope organ asked."""
"""Diseases named by their own word that no task decides: of the chest, the vessels, the bowel, the urinary tract."""
ASKED_BESIDE = (r"\b(?:enlarg\w*|volumes?|size[ds]?|bigger|larger|smaller|shrunk\w*|atroph\w*|hu|attenuation|density|"
                r"steato\w*|fatty|splenomegal\w*|hepatomegal\w*|portal hypertension|portal htn|asymmetr\w*|symmetr\w*|"
                r"resect\w*|t ?stage|staging)\b")
"""What a task measures or decides, asked beside a named disease ("Right kidney enlarged? Hydronephrosis was
queried."): the question is in scope."""
VESSELS = ("aorta", "postcava", "portal_vein_and_splenic_vein", "hepatic_vessel", "celiac_trunk", "lung")
"""Structures a named disease is of (an aortic aneurysm, a caval thrombus): naming them keeps it out of scope."""
BLADDER = r"(?<!gall )(?<!gall)\b(?:urinary )?bladder\b"
BLADDER_MEASURED = (r"\b(?:volume|ml|millilit\w*|cc|cm3|cm³|how (?:big|large|much)|size|capacity|hu|hounsfield|"
                    r"attenuation|density|ct number)\b")
"""The urinary bladder's own measurements, which its mask answers (`core.anatomy.ORGANS`)."""


def beyond_scope(text: str) -> str | None:
    """What a question asks about that no task answers, or None when it is within scope.

    Args:
        text: the question (any case; options may be appended).

    Returns:
        The words naming what is out of scope ("bowel wall thickness" -> "wall thickness"), or None. Each counts
        only when the rest of the question names no lesion and no in-scope organ (an attribute: none but its host
        organs `HOSTS`): "Is the liver lesion near the bile duct?", "For the dose audit, the liver's mean HU?" and
        "Creatinine 1.9 mg/dL; is one kidney smaller?" are within scope.
    """
    low = text.lower()
    bladder = re.search(BLADDER, low)
    if bladder and not re.search(BLADDER_MEASURED, low) and not set(map(family, extract(
            low[:bladder.start()] + " " + low[bladder.end():]).organs)) - {"bladder"}:
        return bladder.group(0).strip()  # "Is the urinary bladder distended?", "Any bladder mass?": no task decides it
    other = re.search(OTHER_STUDY, low)
    if other and not re.search(CT_MEASURE, low):
        return other.group(0).strip()  # "SUVmax of the liver lesion on the PET": another study's value, whatever organ
    if (creative := re.search(CREATIVE, low)) is not None:
        return creative.group(0).strip()  # "Write me a poem about the liver"
    if (advice := re.search(ADVICE, low)) is not None:
        return advice.group(0).strip()  # "How long do I have?", "Can she drive with this?": whatever organ
    extra = re.search(EXTRA_ABDOMINAL, low)
    if extra and not set(map(family, extract(low[:extra.start()] + " " + low[extra.end():]).organs)) - {"lung"}:
        return extra.group(0).strip()  # "Is there a brain metastasis?": the lesion is the brain's
    for pattern, hosts in ((TREATMENT, ()), (WORKFLOW, ()), (ATTRIBUTES, (*HOSTS, *VESSELS)), (DISEASES, (*HOSTS, *VESSELS)), (STRUCTURES, ()),
                           (QUALITY, ())):
        found = re.search(pattern, low)
        if found is None:
            continue
        if pattern in (TREATMENT, WORKFLOW) and _asked_alone(low, found, pattern):
            return found.group(0).strip()  # "Liver 1500 mL, spleen normal. Anyway, what's her HbA1c?": the organs are
            # the context; the last sentence asks the laboratory value alone
        before = re.sub(LOCATION_WORD, " ", low[:found.start()]) if pattern == STRUCTURES else low[:found.start()]
        rest = before + " " + low[found.end():]
        named = extract(rest)
        measured = re.search(CT_MEASURE, rest) or re.search(ASKED_BESIDE, rest)
        if pattern == TREATMENT and re.search(TREATMENT_ASKED, low) and not measured and not re.search(
                r"\b(?:is|are|does|do|has|have|any)\b[^?]*\b(?:there|present|seen|show|contain)|\bwhether\b", rest):
            return found.group(0).strip()  # "What dose of gemcitabine for this pancreatic cancer?": the lesion is the
            # treatment's, not asked
        if pattern == WORKFLOW and re.search(GENETICS_ASKED, low):
            return found.group(0).strip()  # "What is the KRAS mutation status of the pancreatic tumour?": the lesion is
            # the sample's; its genome is not on the image
        if pattern == WORKFLOW and re.search(ADMIN, found.group(0)) and not measured and not named.lesion_kinds \
                and not re.search(FINDING, rest):
            return found.group(0).strip()  # "my insurance coverage for a liver transplant": the organ is the form's
        if named.lesion_kinds or re.search(FINDING, rest) or set(map(family, named.organs)) - set(hosts) or (
                pattern == DISEASES and re.search(ASKED_BESIDE, rest) and not found.group(0).startswith("aneurysm")):
            # an aneurysm's size is its diameter, which no task measures
            return None  # "Wall thickening on US; is there a colonic tumour?", "bilirubin 5 mg/dL; is the liver ...?"
        return found.group(0).strip()
    return None


def _asked_alone(low: str, found: re.Match[str], pattern: str) -> bool:
    """Whether the out-of-scope words `found` lie in the last sentence, after a sentence of context, and that sentence
    names no organ, lesion, finding or CT measure beside them (a treatment: and asks for it)."""
    starts = [0, *(m.end() for m in re.finditer(r"[.!?;]\s+", low))]
    last = starts[-1]
    if last == 0 or found.start() < last or "?" in low[:last]:
        return False  # "Portal hypertension? Cirrhotic, platelets 78.": the question comes first, the values after
    sentence = low[last:]
    if "?" not in sentence and not re.match(r"\s*(\w+,?\s+)?(what|which|how|give|tell|report|state|list)\b", sentence):
        return False  # "R/O PDAC. New-onset diabetes, HbA1c 8.1.": a history after the order, nothing asked in it
    rest = sentence[:found.start() - last] + " " + sentence[found.end() - last:]
    named = extract(rest)
    return not (named.organs or named.lesion_kinds or re.search(FINDING, rest) or re.search(CT_MEASURE, rest)
                or re.search(ASKED_BESIDE, rest) or (pattern == TREATMENT and not re.search(TREATMENT_ASKED, sentence)))
