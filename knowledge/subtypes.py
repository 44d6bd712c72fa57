"""The DeepTumorVQA `question_subtype` strings, by stage (exact spelling of the benchmark)."""

from __future__ import annotations

RECOGNITION = (
    "PDAC existence",
    "PNET existence",
    "colon lesion existence",
    "kidney cyst existence",
    "kidney lesion existence",
    "kidney tumor existence",
    "liver lesion existence",
    "pancreatic lesion existence",
    "splenomegaly detection",
)
MEASUREMENT = (
    "lesion volume measurement",
    "organ HU measurement",
    "organ HU ratio",
    "organ volume measurement",
    "tumor burden percentage",
)
VISUAL_REASONING = (
    "largest lesion diameter",
    "largest lesion slice",
    "lesion counting",
    "lesion count by location",
    "organ aggregation",
    "tumor organ HU difference",
    "lesion outlier",
    "organ enlargement",
    "adjacent organ",
    "bilateral kidney asymmetry",
    "inter-segment comparison",
    "kidney volume comparison",
    "largest lesion attenuation",
    "largest lesion location",
    "liver lesion clustering",
    "multi-organ lesion burden comparison",
)
MEDICAL_REASONING = (
    "pancreatic steatosis",
    "pancreatic cyst resectability",
    "pseudocyst determination",
    "portal hypertension assessment",
    "fatty liver",
    "hepatic steatosis grading",
    "lesion type classification",
    "pancreatic lesion resectability",
    "pancreatic tumor staging",
    "PDAC vs PNET classification",
    "renal mass characterization",
    "splenomegaly grading",
)
DEEPTUMORVQA_SUBTYPES = RECOGNITION + MEASUREMENT + VISUAL_REASONING + MEDICAL_REASONING
"""All 42 subtypes."""
LONGITUDINAL = ("recist response", "organ volume change")
"""Tasks beyond DeepTumorVQA that compare a current study with prior ones."""
