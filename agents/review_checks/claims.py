"""Support: every finding the answer asserts rests on cited evidence, and a comparison with a prior study on a
cited prior value or change.

The right answer with a finding added that nothing measured ("1003.9 mL, with a nodular surface contour
suggesting cirrhosis", "Right kidney; the mass invades the renal vein", "unchanged from the prior study"
on a case with no prior) is a claim without evidence. The findings clinorch can support are what its
cited items measure and what its cited criteria decide (their labels and quantities), plus what the
question itself asks; a named finding outside those is unsupported. A pertinent negative ("no ascites", "no
focal splenic lesion") is a finding too: it stands only on evidence that looked for it (`negatives.py`).
"""

from __future__ import annotations

import re

from agents.review_checks.base import ReviewInput, failed, items_stating, passed, stated_numbers, target_families
from agents.review_checks.character import bosniak_claims, contradicted_character
from agents.review_checks.clauses import asserted, exemplified
from agents.review_checks.context_claims import context_claims
from agents.review_checks.contradictions import self_contradictions
from agents.review_checks.forecasts import forecast_claims
from agents.review_checks.interval import interval_claims, resolved_claims
from agents.review_checks.overclaims import overclaims
from agents.review_checks.presence import presence_claims
from agents.review_checks.quantities import another_ratio, changes_as_states, misnamed_changes
from core.case import Check
from questions.intents import extract

NAME = "support"
FINDINGS: dict[str, str] = {
    "cirrhosis": r"cirrho\w*|nodular (?:surface|contour|liver|margin)\w*",
    "hydronephrosis": r"hydroneph\w*|hydroureter\w*|pelvicalyceal dilat\w*",
    "enhancement pattern": r"(?:arterial|rim|peripheral|nodular|portal venous) (?:phase )?(?:hyper)?enhanc\w*|"
                           r"wash-?out|capsule appearance|LR-?[1-5M]\b|LI-RADS ?[1-5]\b",
    "enhancement against the organ": r"\b(?:hyper|hypo|iso)-?enhanc\w*",
    "vascular involvement": r"encas\w*|invad\w*|invasion|(?<!fatty )(?<!fat )infiltrat\w*|thromb\w*|occlu\w*|"
                            r"abut(?:s|ted|ting|ment)?\b(?!\s+(?:on\s+|against\s+)?(?:the\s+)?(?:liver|spleen|stomach|gall\s*bladder|"
                            r"gallbladder|kidneys?|pancreas|colon|bowel|duodenum|diaphragm|adrenal|organs?)\b)",
    "steatosis": r"steato\w*|fatty (?:infiltration|change|liver|infiltrat\w*)|fat(?:ty)? deposition",
    "infarction": r"infarct\w*",
    "ascites": r"ascites|free (?:intraperitoneal )?fluid",
    "perforation or free air": r"perforat\w*|pneumoperitoneum|free (?:intraperitoneal |intra-abdominal )?(?:air|gas)|"
                               r"extraluminal (?:air|gas)|fistul\w*|abscess\w*",
    "varices": r"varic\w*|collateral\w*|portosystemic shunt\w*",
    "portal hypertension": r"portal hypertension",
    "metastatic disease": r"metasta\w*|lymphadenopath\w*|(?:enlarged|pathological|suspicious|bulky|necrotic)(?: [\w-]+)? "
                          r"(?:lymph )?nodes?|nodal (?:spread|disease|involvement|metasta\w*)|"
                          r"carcinomatosis",
    "calcification": r"calcifi\w*",
    "haemorrhage": r"h(?:a)?emorrhag\w*|hematoma|haematoma|bleed\w*",
    "necrosis": r"necro\w*",
    "dilatation": r"(?:biliary|ductal|duct) dilat\w*|dilated (?:main |common )?(?:bile |pancreatic |biliary |hepatic )*"
                  r"ducts?|(?:wirsung|ductal ectasia|biliary ectasia)|dilated\b|dilatation\b|distended|distension|ectatic",
    "obstruction or narrowing": r"obstruct\w*|stenos[ie]s|stenotic|strictur\w*|narrow(?:ed|ing)\b",
    "inflammation": r"inflam\w*|o?edema\w*|oedema|fat stranding|peri\w+ stranding",
    "scar or retraction": r"scar(?:s|ring|red)?\b|capsular retraction",
    "lobar hypertrophy or atrophy": r"hypertroph\w*|(?:enlarged|prominent) caudate|(?:lobar|segmental|caudate) atroph\w*",
    "septa or wall thickening": r"septa(?:tions?|ted|e)?\b|(?:wall|mural) (?:thicken\w*|nodul\w*)|thick(?:ened)? walls?|thicken\w*|"
                                r"enhancing (?:nodules?|components?|walls?)",
    "margin morphology": r"spicula\w*|lobulated|ill-defined|irregular (?:margins?|borders?)|infiltrative margins?",
    "stones": r"calcul(?:us|i)\b|(?:gall|kidney |renal )?stones?\b|(?:nephro|chole|uro)lithiasis",
    "a place within the kidney": r"(?:upper|lower|superior|inferior|mid)[- ]?poles?\b|interpolar|(?:renal )?hil(?:um|ar)\b|"
                                 r"(?:renal )?sinus\b|exophytic|endophytic",
    "nodal or distant metastatic stage": r"(?<=[\s,;(])(?-i:[cp]?[NM](?:[0-3][a-c]?|x))\b|(?:overall |anatomic |prognostic )?"
                                          r"stage (?:IV|III|II|I)[A-C]?\b",
}
"""Findings an answer may name that no clinorch measurement reports: each stands only on a cited item,
a cited criterion's labels or quantities, or the question's own words. A state no measurement gives (a duct or
vessel dilated, a wall thickened, a lumen narrowed, an organ inflamed) is a finding whatever it is said of."""
SUPPORTED_BY: dict[str, str] = {
    "lobar hypertrophy or atrophy": r"caudate|hypertroph\w*|atroph\w*",
    "septa or wall thickening": r"septa\w*|wall|bosniak",
    "a place within the kidney": r"pol(?:e|ar)\w*|hil(?:um|ar)|sinus|\w*phytic",
    "steatosis": r"steato\w*|fatty|mean hu|hu ratio",
    "enhancement against the organ": r"attenuation|hu difference|enhanc\w*",  # a lesion brighter than its organ on a
    # contrast CT is hyperenhancing: the cited attenuation against the organ speaks to it (its side: `attenuation_words`)
    "nodal or distant metastatic stage": r"nod(?:e|al)\w*|metasta\w*|[NM] (?:stage|category)",
}
"""Findings that other words of the support stand for (a cited caudate/right-lobe ratio speaks to the caudate's
size; a cited Bosniak entry to septa and walls); the rest need their own words."""
TEMPORAL = re.compile(r"\b(since the (?:prior|previous|last)|(?:prior|previous|earlier|last|baseline) "
                      r"(?:study|studies|exam\w*|scan|ct|imaging)|unchanged|interval (?:growth|increase|decrease|change)|"
                      r"compared (?:with|to) (?:the )?(?:prior|previous)|new since|has (?:grown|shrunk|progressed|regressed)|"
                      r"previously|(?:than|as|vs\.?|versus) (?:before|last time)|(?:has|have) (?:resolved|disappeared)|"
                      r"no longer (?:seen|visible|present|identified))\b",
                      re.IGNORECASE)
"""A comparison with an earlier study: it needs a cited prior value or change."""
ONLY_AGAINST_PRIOR = re.compile(r"\b(?:new (?:lesions?|foci|focus|tumou?rs?|nodules?|masses|mass|findings?)|"
                                r"(?:change|different|differs?) from (?:the )?(?:prior|previous|before|baseline)|"
                                r"again (?:seen|noted|demonstrated|identified)|persist(?:s|ent|ing)?|no longer|interval|(?:down|up) from|"
                                r"ha(?:s|ve) (?:enlarged|increased|decreased|grown|shrunk|reduced|regressed|progressed))\b",
                                re.IGNORECASE)
"""Words that, denied or not, compare with an earlier study ("no change from prior", "no new lesions"): on a case
with no prior study they claim what nothing measured."""
NO_PRIOR = re.compile(r"\b(?:no|without|lacks?|lack of)\s+(?:a\s+)?(?:prior|previous|earlier|comparison|baseline)|"
                      r"\b(?:prior|previous|earlier|comparison)\b[^.;]{0,30}\b(?:not available|unavailable|not provided|"
                      r"absent)\b", re.IGNORECASE)
"""The answer says there is no earlier study to compare with."""


SYSTEMS = re.compile(r"\b(Bosniak|LI-?RADS|Kodama|m?RECIST|AJCC|TNM|Bezerra|Fleischner|[OTPB]I?-?RADS|Choi|Lugano|"
                     r"Child-?Pugh|MELD|Balthazar|Atlanta|Milan|BCLC|Barcelona|Okuda|Bismuth|Mayo|Fuhrman|ISUP|NCCN)\b",
                     re.IGNORECASE)
"""Named grading and staging systems: naming one says the answer applied it, so a cited entry must be it."""


def misattributed(review: ReviewInput) -> list[str]:
    """The grading systems the answer names that no cited criterion is ("cyst by LI-RADS" on a renal HU cut-off)."""
    cited = " ".join(f"{entry.id} {entry.title} {entry.citation} {entry.render()}" for entry in review.criterion_entries())
    cited += " " + " ".join(e.citation or "" for e in review.cited if e.kind == "criterion")
    plain = re.sub(r"[-\s]", "", cited).lower()
    return [f"names {said.group(0)!r}, which none of the cited criteria is" for said in SYSTEMS.finditer(review.claim_text)
            if re.sub(r"[-\s]", "", said.group(0)).lower() not in plain]


def _supporting_text(review: ReviewInput) -> str:
    """What the case supports, as words: cited items, cited criteria's labels and quantities, the question."""
    words = [review.question or ""]
    for e in review.cited:
        words += [e.name, e.target or "", str(e.value) if isinstance(e.value, str) else ""]
    for entry in review.criterion_entries():
        words.append(entry.id)  # the system it applies (a Bosniak entry speaks to septa)
        if review.intent.task == "knowledge question":
            words.append(entry.render())  # a knowledge answer quotes its entry, prose and all
        elif entry.criterion is not None:
            words += [*entry.criterion.labels, *entry.criterion.quantity_keys]
    return " ".join(words).replace("_", " ")


def unsupported_findings(review: ReviewInput) -> list[str]:
    """The findings the answer asserts that nothing cited, and nothing asked, supports."""
    text = review.claim_text
    support = _supporting_text(review)
    problems = []
    for finding, words in FINDINGS.items():
        pattern = re.compile(rf"\b(?:{words})", re.IGNORECASE)
        said = next((m for m in pattern.finditer(text) if asserted(text, m) and not exemplified(text, m)), None)
        backing = re.compile(rf"\b(?:{SUPPORTED_BY.get(finding, words)})", re.IGNORECASE)
        if said is not None and finding == "vascular involvement" and _contact_said(review, said.group(0)):
            continue
        if said is not None and not backing.search(support):
            problems.append(f"asserts {finding} ({said.group(0)!r}), which no cited measurement or criterion supports")
    return problems


ENCASEMENT_DEG = 180.0
"""Tumour-vessel contact above 180 degrees of the vessel's circumference is encasement, 180 or less abutment
(NCCN pancreatic adenocarcinoma resectability; Al-Hawary et al., Radiology 2014)."""


def _contact_said(review: ReviewInput, word: str) -> bool:
    """Whether a cited tumour-vessel contact (`*_contact_deg`) supports the word: "encasing" over 180 degrees,
    "abutting" above 0 up to 180; invasion, thrombosis and occlusion no contact angle measures."""
    degrees = [float(e.value) for e in review.cited if e.name.endswith("contact_deg")
               and isinstance(e.value, int | float) and not isinstance(e.value, bool)]
    low = word.lower()
    if low.startswith("encas"):
        return any(d > ENCASEMENT_DEG for d in degrees)
    if low.startswith("abut"):
        return any(0 < d <= ENCASEMENT_DEG for d in degrees)
    return False


MORE_LESIONS = re.compile(r"\b(?P<many>several|multiple|numerous|many|a few|few|some|scattered|innumerable)?\s*"
                          r"(?:additional|further|other|more|extra|satellite|accompanying)\s+(?:[\w-]+\s+){0,2}?"
                          r"(?:lesions?|nodules?|foci|focus|metasta\w*|deposits?|cysts?|tumou?rs?|masses)\b", re.IGNORECASE)
"""Lesions said beside the one(s) counted ("with several additional sub-centimetre satellite nodules")."""


FOUND_LESIONS = re.compile(r"\bthere (?:is|are)\s+(?:an?|one|two|three|several|multiple)\s+(?:[\w-]+\s+){0,3}?(?:cysts?|lesions?|"
                           r"nodules?|tumou?rs?|masses|mass|ha?emangiomas?|metasta\w*)\b|"
                           r"\b(?:an?|one|two|three|four|five|several|multiple|numerous|(?<![\d.])[1-9]\d*)\s+(?:[\w-]+\s+){0,3}?"
                           r"(?:cysts?|lesions?|nodules?|tumou?rs?|masses|mass|ha?emangiomas?|metasta\w*)\b(?!\s+(?:count|"
                           r"burden|volume|size|diameter|load|mask|search|criteri\w*|rule|band|range|cut-?off|threshold))"
                           r"[^.;\n]{0,40}?\b(?:noted|seen|present|identified|found|visible|detected|also|too)\b", re.IGNORECASE)
"""Lesions said found ("two small simple liver cysts are also noted"), which a group measured with none cannot hold."""
NOT_FOUND_WORDS = re.compile(r"\b(?:would|could|might|if|whether|not|without|neither|nor|needed|required|to call|threshold|"
                             r"cut-?off|at least)\b", re.IGNORECASE)
"""Words near lesions said found that make them a supposition, a denial or the rule of presence ("below the 1 lesion
needed to call a lesion present"), not lesions found."""


def extra_lesions(review: ReviewInput) -> list[str]:
    """Lesions said beyond the group's measured count: lesions said found in a group measured with none
    (`FOUND_LESIONS`), any further one beside a single lesion, or several beside two (an exact count, not a lower
    bound, and asserted, not denied)."""
    group = review.intent.lesion
    count = review.number(f"{group}.lesion_count") if group else None
    text = review.claim_text
    said = next((m for m in MORE_LESIONS.finditer(text) if asserted(text, m)), None)
    if count == 0 and (found := next((m for m in FOUND_LESIONS.finditer(text) if asserted(text, m) and not NOT_FOUND_WORDS.search(
            text[max(0, m.start() - 30):m.end() + 30]) and set(extract(m.group(0)).organs) <= target_families(group)),
            None)) is not None:  # "0 hepatic tumors; two small simple liver cysts are also noted"
        return [f"says {found.group(0).strip()!r}, but no {group.replace('_', ' ')} is measured"]  # type: ignore[union-attr]
    if count is None or said is None:
        return []
    room = int(count) - 1  # the lesions beside the one described
    if room >= (2 if said.group("many") and said.group("many").lower() not in ("a few", "few", "some") else 1):
        return []
    return [f"says {said.group(0).strip()!r}, but {int(count)} {group.replace('_', ' ')}(s) are measured"]  # type: ignore[union-attr]


def unsupported_comparison(review: ReviewInput) -> str | None:
    """A comparison with an earlier study when the answer cites no prior value or change."""
    text = review.claim_text
    said = next((m for m in TEMPORAL.finditer(text) if asserted(text, m)), None)  # "no prior study to compare" is none
    if said is None and review.intent.task != "knowledge question" and not any(
            e.name.startswith("prior_") or "change" in e.name or e.target == "new_lesions" for e in review.evidence):
        said = next((m for m in ONLY_AGAINST_PRIOR.finditer(text) if not NO_PRIOR.search(text)), None)
    if said is None:
        return None
    if any(e.name.startswith("prior_") or "change" in e.name or e.target == "recist" for e in review.cited):
        return None
    if _prior_of_cited_stated(review, text):
        return None
    has_prior = any(e.name.startswith("prior_") or "change" in e.name for e in review.evidence)
    return (f"compares with an earlier study ({said.group(0)!r}) but cites no prior measurement"
            + ("" if has_prior else ", and the case has no prior study"))


def _prior_of_cited_stated(review: ReviewInput, text: str) -> bool:
    """Whether the text states the prior study's value of a cited quantity (`<target>:prior_<name>` of a cited
    `<target>:<name>`): the same meaning as a cited prior, though the answer did not cite it."""
    cited = {(e.target, e.name) for e in review.cited}
    priors = [e for e in review.evidence if e.name.startswith("prior_")
              and (e.target, e.name.removeprefix("prior_")) in cited]
    return bool(priors) and any(items_stating(m, priors) for m in stated_numbers(text))


def support(review: ReviewInput) -> Check:
    """Every finding asserted, and every comparison with a prior study, rests on cited evidence; a lesion's
    character stated (hyperdense, simple cyst, solid) agrees with what was measured of it."""
    problems = unsupported_findings(review) + misattributed(review) + contradicted_character(review) + \
        bosniak_claims(review) + presence_claims(review) + misnamed_changes(review) + changes_as_states(review) + \
        another_ratio(review) + \
        interval_claims(review) + resolved_claims(review) + forecast_claims(review) + \
        self_contradictions(review) + context_claims(review) + overclaims(review, _supporting_text(review)) + \
        extra_lesions(review)
    temporal = unsupported_comparison(review)
    if temporal is not None:
        problems.append(temporal)
    if problems:
        return failed(NAME, "; ".join(problems), "reasoner")
    return passed(NAME, "every finding stated rests on cited evidence")


__all__ = ["misattributed", "support", "unsupported_comparison", "unsupported_findings"]
