"""Typed failures of measurement: a caller's bad input, named with the offending value."""

from __future__ import annotations


class MeasurementError(ValueError):
    """A measurement cannot be made from what was given."""


class MissingSpacingError(MeasurementError):
    """The image or a mask has no physical voxel size; sizes in mm or mL would be guesses."""


class GridMismatchError(MeasurementError):
    """A mask does not lie on the image's voxel grid (shape or affine differ)."""
