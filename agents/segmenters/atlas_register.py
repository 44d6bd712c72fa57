"""Registering one atlas to a case with SimpleITK: body-centre start, affine on mutual information, then demons.

Every image here is a SimpleITK image in RAS millimetres (origin, spacing and direction from the voxel-to-RAS
affine, `to_sitk`), so any storage order, tilt or anisotropy of the case is handled by its header; the atlas and
the case need not share a convention with anything else, only with each other.

1. Start: the atlas' body centre onto the case's (left-right and front-back), and the best of a few head-foot shifts
   by Mattes mutual information, since a case may cover only part of the atlas' height.
2. Affine (12 parameters) on Mattes mutual information (32 bins), two resolutions: generators and scanners that
   paint organs at other HU still share where edges lie, which mutual information reads without matching HU.
3. Deformable: fast symmetric-forces demons on both images clipped to a soft-tissue window, smoothed, the atlas
   histogram-matched to the case first (demons compares intensities), the field smoothed (Gaussian, 1.5 voxels).
"""

from __future__ import annotations

import numpy as np
import SimpleITK as sitk

WINDOW_HU = (-250.0, 350.0)
"""HU the registration sees (fat, soft tissue, contrast; air and bone saturate)."""
Z_SHIFTS_MM = (-120.0, -90.0, -60.0, -30.0, 0.0, 30.0, 60.0, 90.0, 120.0)
BODY_HU = -500.0
DEMONS_ITERATIONS = 40
DEMONS_FIELD_SIGMA = 1.5


def to_sitk(array: np.ndarray, affine: np.ndarray, pixel: int = sitk.sitkFloat32) -> sitk.Image:
    """A SimpleITK image of a canonical (i, j, k) array with its voxel-to-RAS affine (mm)."""
    image = sitk.GetImageFromArray(np.ascontiguousarray(np.transpose(array, (2, 1, 0))))
    image = sitk.Cast(image, pixel) if image.GetPixelID() != pixel else image
    set_geometry(image, affine)
    return image


def set_geometry(image: sitk.Image, affine: np.ndarray) -> None:
    """Origin, spacing and (orthonormal) direction of `image` from a voxel-to-RAS affine."""
    matrix = np.asarray(affine, dtype=np.float64)[:3, :3]
    spacing = np.linalg.norm(matrix, axis=0)
    image.SetSpacing([float(s) for s in spacing])
    image.SetDirection([float(v) for v in (matrix / spacing).ravel()])
    image.SetOrigin([float(v) for v in np.asarray(affine, dtype=np.float64)[:3, 3]])


def from_sitk(image: sitk.Image) -> np.ndarray:
    """The (i, j, k) array of a SimpleITK image."""
    return np.transpose(sitk.GetArrayFromImage(image), (2, 1, 0))


def coarse_grid(image: sitk.Image, step_mm: float) -> sitk.Image:
    """`image` resampled (linear, after a Gaussian of half a step) to `step_mm` voxels, same direction and extent."""
    spacing = np.asarray(image.GetSpacing())
    size = np.maximum(np.round(np.asarray(image.GetSize()) * spacing / step_mm), 8).astype(int)
    new_spacing = np.asarray(image.GetSize()) * spacing / size
    origin = np.asarray(image.GetOrigin()) + np.asarray(image.GetDirection()).reshape(3, 3) @ ((new_spacing - spacing) / 2)
    sigma = [float(max(0.0, (n - s) / 2)) for n, s in zip(new_spacing, spacing, strict=True)]
    smooth = sitk.DiscreteGaussian(image, [s * s for s in sigma], 16, 0.01, True) if max(sigma) > 0 else image
    return sitk.Resample(smooth, [int(n) for n in size], sitk.Transform(), sitk.sitkLinear, [float(v) for v in origin],
                         [float(v) for v in new_spacing], image.GetDirection(), -1000.0, sitk.sitkFloat32)


def _window(image: sitk.Image) -> sitk.Image:
    return sitk.Clamp(image, sitk.sitkFloat32, *WINDOW_HU)


def _body_frame(image: sitk.Image) -> tuple[np.ndarray, np.ndarray]:
    """The body's centre (mm, RAS) and its left-right and front-back extents (2nd to 98th percentile, mm)."""
    body = from_sitk(image) > BODY_HU
    if not body.any():
        centre = image.TransformContinuousIndexToPhysicalPoint([(n - 1) / 2 for n in image.GetSize()])
        return np.asarray(centre), np.ones(2)
    index = np.argwhere(body)[:: max(1, int(np.count_nonzero(body) // 50_000))].astype(np.float64)
    matrix = np.asarray(image.GetDirection()).reshape(3, 3) * np.asarray(image.GetSpacing())
    points = index @ matrix.T + np.asarray(image.GetOrigin())
    low, high = np.percentile(points[:, :2], 2, axis=0), np.percentile(points[:, :2], 98, axis=0)
    return points.mean(axis=0), np.maximum(high - low, 1.0)


def mutual_information(a: sitk.Image, b: sitk.Image, bins: int = 32) -> float:
    """Mutual information (nats) of two images on one grid, from their joint histogram."""
    joint, _, _ = np.histogram2d(sitk.GetArrayViewFromImage(a).ravel(), sitk.GetArrayViewFromImage(b).ravel(), bins=bins)
    p = joint / max(joint.sum(), 1.0)
    outer = p.sum(axis=1, keepdims=True) * p.sum(axis=0, keepdims=True)
    nz = p > 0
    return float(np.sum(p[nz] * np.log(p[nz] / outer[nz])))


def _mi_method(bins: int = 32, sampling: float = 0.15) -> sitk.ImageRegistrationMethod:
    method = sitk.ImageRegistrationMethod()
    method.SetMetricAsMattesMutualInformation(numberOfHistogramBins=bins)
    method.SetMetricSamplingStrategy(method.RANDOM)
    method.SetMetricSamplingPercentage(sampling, seed=7)
    method.SetInterpolator(sitk.sitkLinear)
    return method


def initial_transform(fixed: sitk.Image, moving: sitk.Image) -> sitk.AffineTransform:
    """Body centres aligned in x and y, the atlas scaled to the case's body (its width and depth; their mean along z,
    which a partial coverage does not tell); of the z shifts `Z_SHIFTS_MM` (scaled) the best by MI."""
    (fixed_centre, fixed_extent), (moving_centre, moving_extent) = _body_frame(fixed), _body_frame(moving)
    ratio = np.clip(moving_extent / fixed_extent, 0.5, 2.5)
    scale = np.array([ratio[0], ratio[1], float(np.sqrt(ratio[0] * ratio[1]))])
    fixed_w, moving_w = sitk.Shrink(_window(fixed), [2, 2, 2]), _window(moving)
    best: tuple[float, sitk.AffineTransform] | None = None
    for shift in Z_SHIFTS_MM:
        transform = sitk.AffineTransform(3)
        transform.SetCenter([float(v) for v in fixed_centre])
        transform.SetMatrix([float(v) for v in np.diag(scale).ravel()])
        offset = moving_centre - fixed_centre
        offset[2] += shift * scale[2]
        transform.SetTranslation([float(v) for v in offset])
        value = -mutual_information(fixed_w, sitk.Resample(moving_w, fixed_w, transform, sitk.sitkLinear, WINDOW_HU[0]))
        if best is None or value < best[0]:
            best = (value, transform)
    assert best is not None
    return best[1]


def affine(fixed: sitk.Image, moving: sitk.Image, start: sitk.AffineTransform) -> sitk.AffineTransform:
    """The affine transform (fixed point -> moving point) maximising Mattes MI, from `start`."""
    method = _mi_method()
    method.SetOptimizerAsRegularStepGradientDescent(learningRate=2.0, minStep=1e-3, numberOfIterations=60,
                                                    relaxationFactor=0.6, gradientMagnitudeTolerance=1e-6)
    method.SetOptimizerScalesFromPhysicalShift()
    method.SetShrinkFactorsPerLevel([2, 1])
    method.SetSmoothingSigmasPerLevel([1.0, 0.0])
    method.SetInitialTransform(sitk.AffineTransform(start), inPlace=False)
    result = method.Execute(_window(fixed), _window(moving))
    composite = sitk.CompositeTransform(result)
    return sitk.AffineTransform(composite.GetNthTransform(0)) if composite.GetNumberOfTransforms() else start


def demons(fixed: sitk.Image, moved: sitk.Image) -> sitk.DisplacementFieldTransform:
    """A demons field (fixed grid) taking `moved` (the atlas already on the fixed grid) further onto `fixed`."""
    fixed_s = sitk.SmoothingRecursiveGaussian(_window(fixed), 1.0)
    moved_s = sitk.SmoothingRecursiveGaussian(_window(moved), 1.0)
    moved_s = sitk.HistogramMatching(moved_s, fixed_s, numberOfHistogramLevels=128, numberOfMatchPoints=15,
                                     thresholdAtMeanIntensity=False)
    flt = sitk.FastSymmetricForcesDemonsRegistrationFilter()
    flt.SetNumberOfIterations(DEMONS_ITERATIONS)
    flt.SetStandardDeviations(DEMONS_FIELD_SIGMA)
    flt.SetSmoothDisplacementField(True)
    field = flt.Execute(fixed_s, moved_s)
    return sitk.DisplacementFieldTransform(sitk.Cast(field, sitk.sitkVectorFloat64))


def register(fixed: sitk.Image, atlas_ct: sitk.Image, deformable: bool = True) -> sitk.Transform:
    """The transform (fixed point -> atlas point) of one atlas onto the coarse case `fixed`."""
    linear = affine(fixed, atlas_ct, initial_transform(fixed, atlas_ct))
    if not deformable:
        return linear
    moved = sitk.Resample(atlas_ct, fixed, linear, sitk.sitkLinear, -1000.0, sitk.sitkFloat32)
    field = demons(fixed, moved)
    composite = sitk.CompositeTransform(linear)
    composite.AddTransform(field)
    return composite
