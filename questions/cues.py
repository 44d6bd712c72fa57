"""Word patterns of question understanding: cues that move the ranking, lesion and patient words.

Clinical phrasing, not exemplar wording. Patterns are linear-time friendly (no nested quantifiers).
"""

from __future__ import annotations

__all__ = ["KNOWLEDGE", "REPORT"]

from core.tasks import BENCHMARK_STAGES, KNOWLEDGE, REGISTRY, REPORT, subtypes_of, tasks_where

FOLLOW_UP = subtypes_of("follow-up")
"""Tasks comparing the current study with a prior one."""
LESION_TASKS = tasks_where(lesion=True)
"""Tasks about a lesion group (the task registry's `lesion` flag)."""
ORGAN_TASKS = frozenset(t for t in tasks_where(lesion=False) if REGISTRY[t].stage in BENCHMARK_STAGES) - {
    "bilateral kidney asymmetry", "multi-organ lesion burden comparison"}  # these two ask about lesion burden
"""Tasks answered from organs alone: a lesion word in the question weakens them."""
ATTENUATION_ADJECTIVE = r"\b(hypo|iso|hyper)-?(attenuat|dens(?!it(y|ies)\b)|enhanc|vascular|intens|lucen)\w*|\b(hypo|iso|hyper)\b"
"""A lesion's attenuation said by its prefix ("hypodense", "hyper-enhancing", "hypo, iso or hyper"); not the same
prefixes of other words ("hypoglycaemia", "hypertension", "hyperplasia") nor the nouns that name a lesion ("a
hypodensity in the right kidney")."""
# Cues: (pattern on the lower-cased question, tasks, bonus). Clinical phrasing, not exemplar wording.
GENERAL = (r"\b(threshold|cut-?offs?|defin\w*|criteri\w*|normal (range|size|value|volume)|normal ([\w-]+ ){1,3}range|(?<!being )considered|guidelines?|"
            r"according to|(?<!portal )(?<!venous )system|separates|distinguishes|what (is|are) the (normal|cut)|^\s*(please )?explain\w*|explain (how|what|why)|"
            r"in general|generally|typical\w*|stands? for|acronym|abbreviat\w*|correspond\w* to an? |"
            r"usually|upper limit|lower limit|reference (range|value)|"
            r"how (is|are) ([\w-]+ ){0,3}(\w+-)?(graded|classified|staged|defined|diagnosed|assessed)|called|regarded as|"
            r"classed as|what (counts|qualifies) as|remind (me|us) (of )?(what|how|the (rule|definition|cut-?off|threshold))|"
            r"grades of|stages of|what size|what \w+ warrants?|what does [\w' -]{1,40} (mean|refer to|denote)|how is [\w -]{1,40} "
            r"(calculated|computed|measured)|in general)\b")
# "A .* B .* C" written as "first A, then first B after it, then C": the same matches, found in linear
# time (a plain ".*\b...\b.*" backtracks cubically on "what value " repeated).
RULE_QUERY = (r"(?m)^(?>.*?\b(what|which|above|below)\b)(?>.*?\b(value|volume|size|hu|level|diameter|ratio|"
              r"attenuation)\b).*?\b(counts? as|marks?|indicates?|means?|qualif\w*|makes?|defines?|signals?|suggest\w*|becomes?|"
              r"indicative|diagnostic)\b")
SPLEEN_QUOTIENT = r"\bquotient\b|\b(as a )?fraction of (the )?(spleen|splenic)\b"
HU_SET_OVER = (r"\b(?P<one>liver|hepatic|spleen|splenic|pancreas|pancreatic|kidneys?|renal)(['’]s)?( (mean |average )?(hu|"
               r"hounsfield( units?)?|attenuation|density|ct number))?\s*(/|:|-to-|\bover\b|\bdivided by\b|\brelative to\b|"
               r"\bnormali[sz]ed (to|by|against)\b|\bcompared (to|with)\b|\bagainst\b|\bversus\b|\bvs\b\.?|\bas an? "
               r"(fraction|proportion|multiple|percentage) of\b)\s*(that of )?(the )?(mean |average )?(?P<other>liver|hepatic|spleen|splenic|"
               r"pancreas|pancreatic|kidneys?|renal)\b")
"""One organ set over another ("liver compared to spleen", "liver over spleen", "Liver:spleen", "hepatic attenuation
normalised to the spleen"): with an attenuation word, the attenuation ratio of the two (`Entities.hu_ratio`)."""
TIMES_DENSER = r"\btimes (denser|brighter|darker|higher|lower|greater|more attenuating)\b"
"""An attenuation asked as a multiple of another's ("How many times denser is the liver than the spleen?")."""
"""An organ's attenuation over the spleen's in other words: "the hepatic/splenic density quotient", "the liver attenuation
as a fraction of the spleen attenuation" ("liver/spleen" alone also names the L/S criterion of a steatosis question)."""
LESION_OVER_ORGAN = (r"\b(lesion|tumou?r|metasta\w*)s?( \w+)? (voxels?|volumes?|ml)\b[^?]{0,20}?(\bdivided by\b|\bover\b|/|\bas a share of\b)"
                     r" (the )?(\w+ )?(liver|hepatic|kidneys?|renal|pancrea\w*|spleen|organ)\b")
"""A lesion amount over its organ's ("liver tumor voxels divided by liver voxels"): the organ's share, a burden."""
LOPSIDED = (r"(?m)^(?=.*\b(kidneys?|renal|sides?|left|right)\b)(?=.*\b(lesion|tumou?r|cyst|mass)\w* (load|burden)\b).*\b("
            r"lopsided|laterality|lateralis\w*|lateraliz\w*|one-sided|skewed|uneven\w*|imbalanc\w*|balanced|"
            r"(left|right)-dominant|dominant side)\b")
"""A kidney lesion load called lopsided, lateralised or balanced between the sides: the asymmetry asked."""
PANCREATITIS_ORIGIN = (r"\b(left ?over|residual|after|following|due to|caused by|(result|sequela\w*|consequence) of|from)\b"
                       r"[^?]{0,30}\bpancreatitis\b")
"""A lesion said to come from pancreatitis ("a cyst left over from my pancreatitis"): whether it is a pseudocyst."""
CUES: list[tuple[str, tuple[str, ...], float]] = [
    (GENERAL, (KNOWLEDGE,), 0.25),
    (RULE_QUERY, (KNOWLEDGE,), 0.3),
    (r"\b(explain|tell me) what\b[^?]{0,60}\bmeans?\b|\bmeans? in (a|the|my|his|her) (ct |radiology |scan )?reports?\b",
     (KNOWLEDGE,), 0.3),  # "can you explain what 'hypoattenuating' means in a CT report?": a word's meaning, no report
    (r"\b(full work-?up|work-?up|report|all findings|the findings|write[- ]?up|summari[sz]e|summary|impression|dictat\w*)\b",
     (REPORT,), 0.25),
    (r"\b(how many|number of|count|tally|enumerate)\b", ("lesion counting", "lesion count by location"), 0.08),
    (PANCREATITIS_ORIGIN, ("pseudocyst determination",), 0.2),
    (r"\b(density|densities|attenuation|ct number|hounsfield)\b", ("organ HU measurement",), 0.06),
    (r"\b(slice|z-?(level|index|position))\b|\baxial\b(?! (dimension|diameter|length|extent|size|measurement|"
     r"width|axis|plane))", ("largest lesion slice",), 0.15),
    (r"\b(diameter|across|axis|long|wide|width|dimension)\b", ("largest lesion diameter",), 0.08),
    (r"\b(ratio|divided|divide|to-spleen|to spleen|l/s|p/s)\b|\b(hu|attenuation|density) over\b|" + SPLEEN_QUOTIENT,
     ("organ HU ratio",), 0.12),
    (r"\b(percent\w*|percentage|fraction|proportion|share)\b|%", ("tumor burden percentage",), 0.12),
    (LESION_OVER_ORGAN, ("tumor burden percentage",), 0.12),
    (r"(÷|\bdivided by\b|/)[^=?]{0,40}(×|\*|\btimes\b|\bx)\s*100\b", ("tumor burden percentage",), 0.3),  # "lesion volumes
    # ÷ kidney volume × 100 = ?": a share written as its formula
    (r"\b(grade|grading|degree|severity|how severe|mild|moderate|severe)\b",
     ("hepatic steatosis grading", "splenomegaly grading"), 0.08),
    (r"\b(proportion|quotient) of (the )?[\w-]+ (attenuation|density|hu)\b[^?]{0,20}\b(to|on|over)\b", ("organ HU ratio",), 0.1),
    (r"\bhow far apart\b|\b(hu|attenuation|density) (gap|delta)\b|\b(gap|delta) (in|of) (hu|attenuation|density)\b",
     ("tumor organ HU difference",), 0.15),  # "How far apart, in HU, are the lesion and its kidney?": the difference
    (r"^(?=[^?]*\b(kidney|renal)\b)(?=[^?]*\b(hu|attenuation|density) (thresholds?|cut-?offs?|bands?)\b)[^?]*\b(bucket|"
     r"bin|category|class|fall|land|sit)s?\b", ("renal mass characterization",), 0.2),  # "If I applied the usual HU thresholds to this
    # kidney lesion, which bucket would it fall into?": the lesion's HU category
    (r"\bsegment\w*|\b(head|body|tail|uncinate)\b", ("lesion count by location", "inter-segment comparison",
                                                     "largest lesion location", "liver lesion clustering"), 0.04),
    (r"\b(t[- ]?stage|t[- ]?category|staging|stage)\b|\bt_+|\bt\s*[:=]\s*_", ("pancreatic tumor staging",), 0.12),
    (r"\bprimary[- ]tumou?r (category|stage|classification|class)\b", ("pancreatic tumor staging",), 0.15),  # TNM's T
    # is the primary tumour's category
    (r"\bhow (fatty|steatotic|much fat)\b|\b(degree|extent|severity|amount|grade) of (\w+ )?(fat\w*|steato\w*)\b|"
     r"\bfattiness\b|\bhow (bad|severe|marked|advanced) is (the )?(\w+ )?(fat\w*|steato\w*)|"
     r"\b(fat\w*|steato\w*) (scale|score|scoring|bands?|buckets?)\b",
     ("hepatic steatosis grading",), 0.12),  # "How fatty is the liver?" asks a grade, not whether
    (r"(\b(liver|hepatic) fat\b|\bfat (in|of|within) (the |my |his |her )?liver\b)(?=\s+\w[^:]*\?)", ("fatty liver",), 0.1),  # "Liver fat
    # on this CT?": whether it is fatty, the organ's attenuation, not a lesion
    (r"\blit(re|er)s?\b", ("organ volume measurement", "lesion volume measurement", "organ aggregation"), 0.06),
    (r"\binch(es)?\b", ("largest lesion diameter",), 0.06),
    (r"\binch(es)?\b", ("lesion volume measurement", "organ volume measurement", "lesion counting"), -0.06),  # a length
    (r"\bresect\w*|surg\w*|remov\w*|\boperab\w*|\b(go|goes|going|sent) to theat(re|er)\b|\b(come|comes|taken|take it) out\b",
     ("pancreatic cyst resectability", "pancreatic lesion resectability"), 0.1),
    (ATTENUATION_ADJECTIVE + r"|darker|brighter|enhanc\w*", ("largest lesion attenuation",), 0.08),
    (r"\b(adjacent|borders?|next to|contact|touch\w*|abut\w*|neighbou?r\w*|(up )?against)\b", ("adjacent organ",), 0.12),
    (r"\b(press\w* (on|against|into)|push\w* (on|against|into)|compress\w*|indent\w*|nearby|(does|do) (it|they) abut)\b",
     ("adjacent organ",), 0.2),  # "is it pressing on anything nearby?", "which of these does it abut - ...?"
    (r"\bwithin (\d+(\.\d+)?|one|two|a) ?(voxels?|mm|millimet\w*|pixels?) (of|from)\b", ("adjacent organ",), 0.3),
    (r"\b(cluster\w*|scatter\w*|distribut\w*|concentrat\w*|spread|disseminat\w*|widespread|multifocal|all over|"
     r"(same|one|single) (area|region|part|place|location|segment|spot)|grouped)\b",
     ("liver lesion clustering",), 0.12),
    (r"\b(combined|sum|summed|add|added|adding|together|tot(ting|ted|s)? up|total volume of (the )?\w+ and)\b",
     ("organ aggregation",), 0.08),
    (r"\b(total|combined|summed|aggregate) (\w+ ){0,2}(volume|hu|attenuation) of (all|every|each) (the )?(\w+ ){0,3}organs\b",
     ("organ aggregation",), 0.3),  # "Total volume of all segmented abdominal organs?"
    (r"\b(rank|order|sort)\w*\b[^?]{0,60}\bby (the )?(total |combined |overall )?(lesion|tumou?r|metasta\w*) (volume|burden|load"
     r"|count)", ("multi-organ lesion burden comparison",), 0.3),  # "Rank liver, pancreas and kidneys by total lesion
    # volume; which comes first?"
    (r"\bwhich (\w+ )?organs? (is|are|has|have|carries|bears|holds) (the )?most\b[^?]{0,30}?\b(involved|affected|"
     r"lesions?|tumou?rs?|disease|burden|metasta\w*)", ("multi-organ lesion burden comparison",), 0.2),
    (r"(?m)^(?>.*?\b(which|what)\b)(?>.*?\b(segment|part|portion|section)\b).*?\b(more|most|greater|higher|larger|less)\b",
     ("inter-segment comparison",), 0.12),
    (r"\b(outlier|outsized|disproportion\w*|stand\w* out|dominates?|(much|far|way|markedly) (larger|bigger)|"
      r"than (all )?(the )?(others|rest|next|second)|dwarf\w*|the others|the rest|(none|one|no single|any) (is )?dominant)\b",
     ("lesion outlier",), 0.1),
    (r"\b(asymmetr\w*|symmetr\w*|similar size|(size|volume) (discrepan\w*|disparity|mismatch|imbalance))\b",
     ("bilateral kidney asymmetry",), 0.15),
    (LOPSIDED, ("bilateral kidney asymmetry",), 0.25),  # "Is the lesion load lopsided
    # between the two kidneys?", "Laterality of renal lesion burden: left-dominant / right-dominant / balanced"
    (r"\b(atroph\w*|shrunken|shrivel\w*|undersized|hypoplas\w*)\b", ("organ enlargement",), 0.15),
    (r"(?m)^(?:(?>.*?\b(differ\w*|minus|subtract\w*|gap|denser|darker)\b).*?\b(tumou?r|lesion)\b"
     r"|(?>.*?\b(tumou?r|lesion)\b).*?\b(differ\w*|minus|subtract\w*|gap)\b)",
     ("tumor organ HU difference",), 0.06),
    (r"\b(hu|attenuation|density)\s*\(\s*(the )?(tumou?r|lesion|mass)\w*\s*\)\s*[-−–]\s*(\w+ )?(hu|attenuation|density)\s*\(",
     ("tumor organ HU difference",), 0.3),  # "mean HU(tumour) − mean HU(liver)": a difference written out
]
EQUAL_SIZE = (r"\b(roughly |about |approximately |more or less )?(equal\w*|even|balanced|(the )?same (\w+ )?size|similar (in )?"
              r"size|symmetr\w*|match\w*|alike|comparable|identical|mirror\w*)\b")
"""Two organs said to be of one size ("equal", "symmetric", "match in size", "alike"): a yes to it denies asymmetry."""
ONE_AND_OTHER = (r"\bone (kidney|side)\b[^?]{0,40}\b(than|relative to|compared (with|to)|versus|vs\.?|against|next to|beside) "
                 r"the other\b|\b(kidneys|sides)\b[^?]{0,40}\beach other\b|\b(kidneys|sides)\b[^?]{0,50}\bor (is )?(just )?one"
                 r"( of them)?( clearly| much| definitely| obviously| noticeably)? (shrunken|shrivel\w*|atrophic|smaller|larger|"
                 r"bigger|enlarged)\b")
"""One kidney held against the other ("Is one kidney shrunken relative to the other?", "do both kidneys look the same
or is one shrunken?", "the kidneys: about the same size, or one clearly larger?"): the two compared."""
UNIT_TASKS: dict[str, tuple[str, ...]] = {
    "mL": ("organ volume measurement", "lesion volume measurement", "organ aggregation"),
    "HU": ("organ HU measurement", "tumor organ HU difference"),
    "mm": ("largest lesion diameter",),
    "cm": ("largest lesion diameter",),
    "%": ("tumor burden percentage",),
}


# Words that name a lesion: without one, a question asks about an organ, not a lesion task.
LESION_WORDS = (r"\b(lesions?|tumou?rs?|mass(es)?|cysts?|cystic|pseudocysts?|nodules?|nodular|metasta\w*|neoplasm\w*|"
                r"cancer\w*|carcinoma\w*|adenocarcinoma|malignan\w*|pdac|p?nets?|neuroendocrine|focal(ly)?|rcc|"
                r"hepatoma|hcc|bosniak|(biggest|largest|main|dark|darker|bright|white|black) spots?|hypodensit(y|ies)|hyperdensit(y|ies)|space-occupying|gastrinoma|glucagonoma|vipoma|deposits?|burden|((liver|hepatic|suspicious|focal|li-?rads) )observations?|insulinoma|growths?|primary(?! (sclerosing|biliary|care|hyperpara\w*|aldosteron\w*))|(there|see) (something|anything)|(something|anything)( \w+)? (there|seen|present|found|going on|of note)|(any|no|some)thing( \w+)? (in|within|inside|on))\b")
# A question about one patient: a deictic word, or a question about what should be done for this finding.
PATIENT = (r"\b(this|these|the patient|patient's|present|visible|seen|here|scan|study|image|ct|"
            r"(should|must|can|could|does|do|is|are) (it|the|this|these|they)|(need|needs|recommend\w*) (the|this)|"
            r"the (\w+ ){0,2}(lesion|tumou?r|mass|cyst|nodule|pdac|pnet|carcinoma|cancer)s?|yes or no|or not)\b")
# An order about this case ("Stage the tumour ...") is a patient question whatever it cites.
IMPERATIVE = (r"\s*(stage|grade|measure|classify|characteri[sz]e|count|compute|calculate|estimate|give|report|assess|"
               r"describe|locali[sz]e|identify|determine|quantify)\b")
LOCATION = (r"\b(segments?|sub-?segments?|lobes?|head|neck|body|tail|uncinate|left|right|side|part|portion|(sub-?)?regions?|"
             r"couinaud|dome|hilum|pole)\b")
SUM_WORDS = (r"total|in total|combined|sum|summed|together|altogether|aggregate\w*|cumulative|overall|plus|added|"
             r"add(?:ing)? up|tot(?:ting|ted|s)? up|tally up")
"""Words that ask one sum of several values ('the aggregate volume of the lesions', 'both kidneys together'):
the one list understanding (`questions.gates_measure`), the reasoner (`separate_values`) and the reviewer
(`agents.review_checks.asked`) read (each adds only its own context words)."""
SUMMING = rf"\b({SUM_WORDS})\b"
AGGREGATE = rf"\b({SUM_WORDS}|both|add\w*|two)\b|[a-z]\s*\+\s*[a-z]"
"""A sum of organs: the summing words, or two organs named together ('both kidneys', 'the two', 'add')."""
NUMERIC_ASK = (r"\b(how (much|many|far)|by how|what is the (difference|value|number)|compute|calculate|measure|"
                r"quantify|in (hu|hounsfield)|difference in|(hu|attenuation|density) difference|minus|subtract\w*)\b")
NEAR = (r"\b(clos(est|er|e to)|nearest|adjacent|abut\w*|touch\w*|contact\w*|border\w*|next to|neighbou?r\w*|"
        r"(sits?|sitting|lies|lying|up) against)\b")
"""A lesion's neighbour asked ("What organ lies closest to the kidney tumour?", "Does it sit up against the stomach or
the kidney?"): organs named are the neighbours offered, not lesion groups compared."""
FULL_REPORT = (r"\b(give|want|need|write|produce|send|provide|do|like|draft|dictate|prepare)\b (me |us )?(a |the |your )?(whole|full|complete|"
               r"comprehensive|entire)[ -]((abdominal|abdomen|body|ct|scan)[ -]){0,2}(read|report|work-?up|write-?up|assessment)\b|"
               r"\b(general|whole|full|complete|comprehensive|entire|overall|global|routine|standard) (\w+ )?(read|report|"
               r"work-?up|write-?up|assessment|review|evaluation|survey) of (the |this |her |his )?(\w+ )?(ct|scan|study|"
               r"exam\w*|imaging|abdomen)\b|"
               r"\b(full|complete|whole|entire|comprehensive)[ -]((abdominal|abdomen|body|ct|scan)[ -]){0,3}(read|reading|"
               r"interpretation|review)\b(?! of (the |this |my )?(\w+ )?(liver|spleen|pancrea\w*|kidneys?|renal|hepatic|colon|"
               r"lesions?|tumou?rs?|mass\w*))|"
               r"\b(go|look|read|run|walk) ((through|over) )?(my|the|this|her|his) (whole|entire|full|complete) (abdominal )?"
               r"(scan|ct|study|exam\w*|imaging)\b|"
               r"\b(prelim(inary)?|wet|initial|quick|formal|final) (read|report|interpretation) (of|on) (the |this |her |his )?"
               r"((whole|entire|full|complete) )?(abdominal |abdomen )?(ct|scan|study|exam\w*|imaging)\b|"
               r"\b(prelim(inary)?|wet|initial|quick|formal|final) read\b[^?]{0,60}\bno (specific|particular|single) "
               r"(question|ask|focus)\b|\b(whole|entire) abdomen\W+no (specific|particular) (question|ask)\b|"
               r"\b(go|run|walk|work) (through|over) (them|each|every|all|the (organs|findings|lot))\b[^?]{0,40}\b"
               r"(summari[sz]e|sum (it |them |everything )?up|report|give (me )?(an? |the )?(summary|impression|overview))|"
               r"\b(walk|take|talk) (me |us )?through (it|the (scan|study|ct|findings)) organ by organ\b|"
               r"\bwhat does (this|the|my) (whole )?(scan|study|ct|exam\w*) show,? (overall|in (total|all|general)|as a whole)\b|"
               r"\bwhat('?s| is) (on|in) (this|the) (whole )?(scan|study|ct|exam\w*),? (overall|in general|as a whole)\b")
"""A whole report requested in so many words ("Liver? Kidneys? Anything else? Just give me the whole report.", "General
work-up of the abdominal CT.", "Liver, pancreas, kidneys - go through them all and summarise.", "What does this scan
show overall? Walk me through it organ by organ.", "what's on this scan overall?"): the report, whichever
organs the question lists before."""
CATEGORY_LABELS: list[tuple[str, str]] = [
    (r"\b(indeterminate|simple cyst|fat-containing|bosniak)\b", "renal mass characterization"),
    (r"\b(highly clustered|somewhat clustered|widely distributed|clustered|scattered|grouped( together)?|spread out|"
     r"dispersed)\b", "liver lesion clustering"),
    (r"(?m)^(?>.*?\bneither\b).*?\bsymmetr", "bilateral kidney asymmetry"),
    (r"\biso(attenuating|dense|intense)\b|\b(darker|brighter)\b", "largest lesion attenuation"),  # the three-way scale
    (r"\b(solid renal mass|renal cyst|angiomyolipoma|renal calculus)\b", "lesion type classification"),
    (r"\b(resectable|borderline|unresectable)\b", "pancreatic lesion resectability"),
    (r"\bg[0-3]\b|\bgrade [0-3]\b|\bs[0-3] \(", "hepatic steatosis grading"),
    (r"\b(mild|moderate|moderate[- ]to[- ]severe|no) (fatty liver|hepatic steatosis)\b", "fatty liver"),
]


# Negative polarity in a yes/no question: *yes* then means the finding is absent.
RECHECKED = r"\b(quoted|reported|outside|prior|previous|earlier)\b[^?]*\bre-?(compute|measure|calculate|check|assess)\w*\b"
"""A stated value from elsewhere to measure again: a step before what the question then asks."""
NEGATIVE_POLARITY = (r"\b(free|clear) (of|from)\b|\bno (evidence|signs?|suggestion|indication)\b|\babsen(t|ce)\b|"
                      r"\bwithout\b|\bruled out\b|^\s*[\w/ -]{2,40}? excluded\b|\b(can|could|may|might) (we|you|i|one) (\w+ )?rule out\b|\b(be|been|is|are) excluded\b|\bnegative for\b|\bdevoid of\b|"
                      r"\b(no|none|not|nothing|neither|nor)\b|\b(normal|unremarkable)\b|\b(ok|okay|fine|alright)\s*\??\s*$|\b(ok|okay|fine|alright) (in|for) (size|volume|attenuation|density)\b|\bwithin normal limits\b|"
                      r"\b(is|are|does|do|has|have|was|were)n['’]t\b|\bspared\b|\black(s|ing)?\b|\b(left|leave) (it |them )?alone\b|"
                      r"\b(can|could|may) (we|you|i|one) (\w+ )?exclude\b|"
                      r"\b(possible|able|safe|fair|reasonable) to (\w+ )?(rule out|exclude)\b|"  # "Is it possible to exclude X?"
                      r"\b(does|do|did|can|could) (the|this|that|these|your) (\w+ ){0,2}(rule out|exclude)\b|"  # "Does the CT exclude X?"  # "Can we exclude a focal liver lesion?"  # "The pancreas isn't enlarged, is it?"
                      r"\b[a-z]+-free\b|\b(unlikely|improbable)\b|"  # "lesion-free", "is portal hypertension unlikely?"
                      r"\bnon-?(fatty|steatotic|enlarged|dilated|cirrhotic)\b|"  # "Can we call the liver non-fatty?"
                      r"\b(below|under|short of|less than|not meeting) (the )?(size |volume |diameter )?(threshold|cut-?off|"
                      r"criteri\w*|limit)s? (for|of)\b")
EITHER_POLARITY = (r"\b(yes|present|there|\w+) or (no|not|absent|none|nothing)\b|\bor not\b|\bor non-?\w+|\b(absent|no) or (present|yes)\b|"
                    r"\b(present|presence|positive|yes)\s*(or|/|\||\[\s*x?\s*\]|vs\.?|versus)\s*(absent|absence|negative|no)\b|"
                    r"\b(absent|absence|negative|no)\s*(or|/|\||\[\s*x?\s*\]|vs\.?|versus)\s*(present|presence|positive|yes)\b|"
                    r"\by(es)? ?[/|] ?n(o)?\b|\bn(o)? ?[/|] ?y(es)?\b|\byes[ ,]+no\b|\b(normal|unremarkable) or (\w+ )?(enlarged|abnormal|large|big)\b|"
                    r"\b(enlarged|abnormal|shrunken|small|atrophic) or (\w+ )?normal\b|\b(normal|unremarkable)\b[^?.,;]{0,40}, or (\w+ )?"
                    r"(enlarged|abnormal|large|big|small|shrunken|atrophic)\b|\b\w+ (\w+ )?or (an? )?(\w+ )?(normal|unremarkable)( \w+)?\s*\??\s*$|"
                    r"\bnot only\b|^\s*(isn't|aren't|doesn't|don't|hasn't|haven't|wasn't|weren't|is not|are not)\b")
