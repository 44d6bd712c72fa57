"""Measurement programs: pure functions on canonical-RAS images and masks, returning evidence.

`measure_case` is the entry point; the modules below it hold one kind of program each:
`geometry` (boxes, erosion, instances, axial diameters), `organs`, `lesions`, `recist`,
and `report` (contract names and findings).
"""

from agents.measures.case import DEFAULT_ADJACENCY_MM, Study, check_inputs, expand_scope, measure_case
from agents.measures.errors import GridMismatchError, MeasurementError, MissingSpacingError
from agents.measures.vocabulary import MEASURES_VERSION

__all__ = [
    "DEFAULT_ADJACENCY_MM",
    "MEASURES_VERSION",
    "GridMismatchError",
    "MeasurementError",
    "MissingSpacingError",
    "Study",
    "check_inputs",
    "expand_scope",
    "measure_case",
]
