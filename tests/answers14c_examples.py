"""answers14c's own varied examples of four answer kinds, scored end to end through `orchestrator.run`.

Kinds: (1) the sub-segments a lesion spanning several is located in; (2) liver lesion clustering when lesions span
segments; (3) two-part questions; (4) the change of the quantity asked (the largest lesion's vs the total volume).
Half `A` was tuned on, half `B` held back. Expected answers come from the painted shares (`tests.painted_lesions`)
and the mask files (nibabel, scipy), never from the measurement code. Run:

    PYTHONPATH=<tree> python tests/answers14c_examples.py <work folder> [A|B]
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nibabel as nib
import numpy as np
from scipy import ndimage

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from synthetic.pairs import derive_study  # noqa: E402
from synthetic.phantom import PhantomSpec, make_phantom  # noqa: E402
from tests.painted_lesions import interior_points, meeting_points, paint  # noqa: E402

LIVER = [f"liver_segment_{n}" for n in range(1, 9)]
PANCREAS = ["pancreas_head", "pancreas_body", "pancreas_tail"]


@dataclass
class Example:
    half: str
    kind: int
    question: str
    images: list[dict]
    judge: Callable[[object], bool]


def _img(folder: Path, role: str = "current", day: str = "2026-09-01") -> dict:
    return {"path": str(folder / "ct.nii.gz"), "modality": "CT", "masks": str(folder / "segmentations"), "role": role,
            "acquired": day}


def _words(place: str) -> str:
    return place.replace("liver_", "").replace("pancreas_", "").replace("_", " ")


def _headline(text: str) -> str:
    """The answer's first sentence (what it says; the rest is its support)."""
    return re.split(r"(?<=[.;])\s", text, maxsplit=1)[0]


def _named(text: str) -> set[str]:
    from questions.intents import locations_of

    return set(locations_of(text))


def _spanning(root: Path, name: str, seed: int, organ: str, parts: list[str], subsegments: list[str], radius: float,
              orientation: str = "LPS", spacing: tuple = (2.0, 2.0, 5.0), pick: float = 0.5):
    folder = root / name
    if not folder.exists():
        make_phantom(folder, PhantomSpec(seed=seed, liver_lesions=0, orientation=orientation, spacing=spacing))
        points = meeting_points(folder, parts, organ)
        mask = "liver_tumor" if organ == "liver" else "pancreas_tumor"
        paint(folder, mask, organ, [points[int(pick * (len(points) - 1))]], [radius], subsegments)
    from tests.painted_lesions import Painted  # shares counted back from the written files
    lesion = np.asanyarray(nib.load(folder / "segmentations" /
                                    ("liver_tumor.nii.gz" if organ == "liver" else "pancreas_tumor.nii.gz")).dataobj) > 0
    n = int(lesion.sum())
    shares = {p: float((lesion & (np.asanyarray(nib.load(folder / "segmentations" / f"{p}.nii.gz").dataobj) > 0)).sum()) / n
              for p in subsegments}
    return folder, Painted(dict(sorted(((k, v) for k, v in shares.items() if v > 0), key=lambda kv: -kv[1])), n)


def location_examples(root: Path) -> list[Example]:
    out = []
    cases = [("A", "loc_78", 11, "liver", ["liver_segment_7", "liver_segment_8"], LIVER, 14.0, "LPS", (2.0, 2.0, 5.0)),
             ("A", "loc_pan_hb", 12, "pancreas", ["pancreas_head", "pancreas_body"], PANCREAS, 11.0, "LPS", (2.0, 2.0, 5.0)),
             ("B", "loc_56", 21, "liver", ["liver_segment_5", "liver_segment_6"], LIVER, 15.0, "RAS", (1.8, 1.8, 4.0)),
             ("B", "loc_48", 33, "liver", ["liver_segment_4", "liver_segment_8"], LIVER, 13.0, "LAS", (2.0, 2.0, 5.0)),
             ("B", "loc_pan_bt", 44, "pancreas", ["pancreas_body", "pancreas_tail"], PANCREAS, 10.0, "RAS", (1.6, 1.6, 4.0))]
    plural = {"A": ["In which Couinaud segment(s) is the liver lesion?", "Which segments does the largest liver lesion involve?"],
              "B": ["Which hepatic segments does the biggest liver tumour span?", "List all the segments the dominant liver lesion extends into."]}
    singular = {"A": ["Where is the largest liver lesion located?"],
                "B": ["In which Couinaud segment is the largest hepatic lesion?"]}
    pan_plural = {"A": ["Which parts of the pancreas does the pancreatic lesion involve?"],
                  "B": ["In which part(s) of the pancreas is the largest pancreatic tumor located?"]}
    pan_singular = {"A": ["Where in the pancreas is the pancreatic lesion?"], "B": ["Which part of the pancreas holds the pancreatic mass?"]}
    for half, name, seed, organ, parts, subs, radius, orient, spacing in cases:
        folder, painted = _spanning(root, name, seed, organ, parts, subs, radius, orient, spacing)
        held = painted.held()
        if len(held) < 2:
            print(f"skip {name}: shares {painted.shares}")
            continue
        many = (plural if organ == "liver" else pan_plural)[half]
        one = (singular if organ == "liver" else pan_singular)[half]
        for q in many:
            out.append(Example(half, 1, q, [_img(folder)], lambda r, h=held: r.status == "answered"
                               and _named(_headline(r.answer)) == set(h)))
        for q in one:
            out.append(Example(half, 1, q, [_img(folder)], lambda r, h=held: r.status == "answered"
                               and h[0] in _named(_headline(r.answer)) and _named(_headline(r.answer)) <= set(h)
                               and re.search(_words(h[0]), r.answer, re.I).start() == min(
                                   m.start() for p in h if (m := re.search(_words(p), r.answer, re.I)))))
    return out


def _lesion_volumes(folder: Path, mask: str = "liver_tumor") -> list[float]:
    img = nib.load(folder / "segmentations" / f"{mask}.nii.gz")
    data = np.asanyarray(img.dataobj) > 0
    labels, n = ndimage.label(data, structure=np.ones((3, 3, 3)))
    ml = abs(float(np.linalg.det(img.affine[:3, :3]))) / 1000.0
    return sorted((float((labels == i).sum()) * ml for i in range(1, n + 1)), reverse=True)


def _first_number(text: str) -> float | None:
    m = re.search(r"[-+]?\d+(?:\.\d+)?", text.replace("−", "-"))
    return float(m.group(0)) if m else None


def change_examples(root: Path) -> list[Example]:
    out = []
    pairs = [("A", "chg_a", 5, (30.0, 18.0), (1.0, 0.5)), ("A", "chg_b", 8, (26.0, 20.0, 12.0), (0.7, 1.2, 1.0)),
             ("B", "chg_c", 17, (28.0, 16.0), (1.3, 0.6)), ("B", "chg_d", 23, (24.0, 22.0, 14.0), (0.8, 1.0, 0.0))]
    qs = {"A": [("How has the volume of the largest liver lesion changed since the prior?", "ml"),
                ("By what percentage has the volume of the biggest liver tumor changed compared with the prior study?", "pct"),
                ("How has the total liver lesion volume changed since the prior?", "total_ml")],
          "B": [("What is the change in volume of the dominant hepatic lesion since the previous CT?", "ml"),
                ("Percent change in the largest liver metastasis's volume versus the prior exam?", "pct"),
                ("By how many mL has the combined liver tumour volume changed since the last scan?", "total_ml")]}
    for half, name, seed, diameters, factors in pairs:
        current, prior = root / name, root / f"{name}_prior"
        if not current.exists():
            make_phantom(current, PhantomSpec(seed=seed, liver_lesions=len(diameters), liver_lesion_diameters_mm=diameters))
            derive_study(current, prior, factors)
        now, before = _lesion_volumes(current), _lesion_volumes(prior)
        # the current largest lesion's own prior volume: the same component (scaled about its centre) on the prior
        expected = {"ml": now[0] - before_same(current, prior), "total_ml": sum(now) - sum(before)}
        expected["pct"] = 100.0 * expected["ml"] / before_same(current, prior)
        for q, what in qs[half]:
            tol = 0.15 if what != "pct" else 1.0
            out.append(Example(half, 4, q, [_img(current), _img(prior, "prior", "2026-03-01")],
                               lambda r, e=expected[what], t=tol: r.status == "answered"
                               and (v := _first_number(r.answer)) is not None and abs(v - e) <= t))
    return out


def before_same(current: Path, prior: Path) -> float:
    """The prior volume of the current largest lesion: the prior component overlapping it most."""
    now = np.asanyarray(nib.load(current / "segmentations" / "liver_tumor.nii.gz").dataobj) > 0
    img = nib.load(prior / "segmentations" / "liver_tumor.nii.gz")
    then = np.asanyarray(img.dataobj) > 0
    ln, n = ndimage.label(now, structure=np.ones((3, 3, 3)))
    largest = max(range(1, n + 1), key=lambda i: int((ln == i).sum()))
    lp, m = ndimage.label(then, structure=np.ones((3, 3, 3)))
    centre = np.array(ndimage.center_of_mass(ln == largest))
    ml = abs(float(np.linalg.det(img.affine[:3, :3]))) / 1000.0
    best = min(range(1, m + 1), key=lambda i: np.linalg.norm(np.array(ndimage.center_of_mass(lp == i)) - centre))
    return float((lp == best).sum()) * ml


def _truth_hu(folder: Path, organ: str) -> float:
    import json
    return json.loads((folder / "ground_truth.json").read_text())["organs"][organ]["mean_hu"]


def two_part_examples(root: Path) -> list[Example]:
    folder = root / "parts"
    if not folder.exists():
        make_phantom(folder, PhantomSpec(seed=5, liver_lesions=1, liver_lesion_diameters_mm=(20.0,), splenomegaly="mild"))
    vol = {o: _vol(folder, o) for o in ("liver", "spleen", "kidney_left", "kidney_right", "pancreas")}
    both = lambda *vals: (lambda r: r.status == "answered" and all(any(abs(n - v) <= 0.15 for n in _numbers(r.answer)) for v in vals))  # noqa: E731
    qs = [("A", "What is the mean HU of the liver, and what is the mean HU of the spleen?", "hu", ("liver", "spleen")),
          ("A", "How large is the spleen and is it enlarged?", "size_yes", ("spleen",)),
          ("A", "What is the volume of each kidney?", "vol", ("kidney_left", "kidney_right")),
          ("B", "Give the mean attenuation of the pancreas and that of the spleen.", "hu", ("pancreas", "spleen")),
          ("B", "What is the liver volume, and how big is the spleen?", "vol", ("liver", "spleen")),
          ("B", "How big is the liver and is there hepatomegaly?", "size_yes", ("liver",))]
    out = []
    for half, q, what, organs in qs:
        if what == "hu":
            judge = lambda r, o=organs: r.status == "answered" and all(  # noqa: E731
                any(abs(n - v) <= 1.0 for n in _numbers(r.answer)) for v in (_hu(r, x) for x in o))
        elif what == "vol":
            judge = both(*(vol[o] for o in organs))
        else:
            judge = lambda r, o=organs[0]: both(vol[o])(r) and bool(re.search(r"\b(yes|no)\b|megaly", r.answer, re.I))  # noqa: E731
        out.append(Example(half, 3, q, [_img(folder)], judge))
    return out


def _hu(result, organ: str) -> float:
    return next(float(e.value) for e in result.evidence if e.name == "mean_hu" and e.target == organ)


def _vol(folder: Path, organ: str) -> float:
    img = nib.load(folder / "segmentations" / f"{organ}.nii.gz")
    return float((np.asanyarray(img.dataobj) > 0).sum()) * abs(float(np.linalg.det(img.affine[:3, :3]))) / 1000.0


def _numbers(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"[-+]?\d+(?:\.\d+)?", text)]


def cluster_examples(root: Path) -> list[Example]:
    """Lesions painted so the two readings of clustering agree or disagree (counted here from the painted shares)."""
    out = []
    layouts = [("A", "clu_split", 61, [("liver_segment_7", "liver_segment_8"), ("liver_segment_8",), ("liver_segment_5",)]),
               ("A", "clu_same", 62, [("liver_segment_7",), ("liver_segment_7",), ("liver_segment_2",)]),
               ("B", "clu_split2", 63, [("liver_segment_5", "liver_segment_6"), ("liver_segment_6",), ("liver_segment_3",)]),
               ("B", "clu_same2", 64, [("liver_segment_6",), ("liver_segment_8",), ("liver_segment_8",), ("liver_segment_8",)])]
    qs = {"A": ["How clustered are the liver lesions?"], "B": ["Are the hepatic lesions clustered or widely distributed?"]}
    for half, name, seed, places in layouts:
        folder = root / name
        marks = folder / "painted.txt"
        if not folder.exists():
            make_phantom(folder, PhantomSpec(seed=seed, liver_lesions=0))
            centres, rng = [], np.random.default_rng(seed)
            for p in places:
                pts = meeting_points(folder, list(p), "liver") if len(p) > 1 else interior_points(folder, p[0], 3)
                centres.append(pts[rng.integers(len(pts))])
            painted = paint(folder, "liver_tumor", "liver", centres, [9.0 if len(p) > 1 else 6.0 for p in places], LIVER)
            marks.write_text(repr([(p.held(), list(p.shares.items())[:1]) for p in painted]))
        held = [h for h, _ in eval(marks.read_text())]  # noqa: S307 - our own file
        main = Counter(h[0] for h in held if h)
        every = Counter(s for h in held for s in h)
        n = len(held)
        labels = [_cluster(c, n) for c in (main, every)]
        for q in qs[half]:
            if labels[0] == labels[1]:
                out.append(Example(half, 2, q, [_img(folder)], lambda r, lab=labels[0]: r.status == "answered"
                                   and lab.split()[0] in r.answer.lower()))
            else:
                out.append(Example(half, 2, q, [_img(folder)], lambda r, labs=labels: r.status == "abstained"
                                   and all(lab.split()[0] in " ".join(r.reasons).lower() for lab in labs)))
    return out


def _cluster(counts: Counter, n: int) -> str:
    top = [c for _, c in counts.most_common(2)] + [0, 0]
    if top[0] / n > 0.5:
        return "highly clustered"
    return "somewhat clustered" if sum(top[:2]) / n >= 0.75 else "widely distributed"


def main() -> None:
    import orchestrator

    root = Path(sys.argv[1])
    root.mkdir(parents=True, exist_ok=True)
    halves = set(sys.argv[2:]) or {"A", "B"}
    examples = [*location_examples(root), *cluster_examples(root), *two_part_examples(root), *change_examples(root)]
    score: Counter = Counter()
    for n, ex in enumerate(e for e in examples if e.half in halves):
        r = orchestrator.run({"case_id": f"a14c{n}", "images": ex.images, "question": ex.question})
        ok = bool(ex.judge(r)) and (r.status != "answered" or (r.review is not None and r.review.consistent))
        score[(ex.half, ex.kind, ok)] += 1
        said = r.answer if r.status == "answered" else "; ".join(r.reasons)[:200]
        print(f"{ex.half} k{ex.kind} {'OK ' if ok else 'BAD'} {ex.question!r} -> {r.status}: {said[:220]}", flush=True)
    for half in sorted(halves):
        for kind in (1, 2, 3, 4):
            good, bad = score[(half, kind, True)], score[(half, kind, False)]
            print(f"half {half} kind {kind}: {good}/{good + bad}")


if __name__ == "__main__":
    main()
