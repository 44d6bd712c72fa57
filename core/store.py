"""A case-scoped artifact store: volumes and masks live here, the graph state holds their ids."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any


class ArtifactStore:
    """Holds the arrays of one case, addressed by id, in memory or under a folder on disk.

    With a folder, artifacts survive the process, so a checkpointed run can resume elsewhere.
    """

    def __init__(self, case_id: str, root: str | Path | None = None) -> None:
        self.case_id = case_id
        self._items: dict[str, Any] = {}
        self.root = Path(root) / _safe(case_id) if root is not None else None
        if self.root is not None:
            self.root.mkdir(parents=True, exist_ok=True)

    def put(self, kind: str, name: str, obj: Any) -> str:
        """Stores `obj` and returns its id, `{kind}:{case_id}:{name}`."""
        artifact_id = f"{kind}:{self.case_id}:{name}"
        self._items[artifact_id] = obj
        if self.root is not None:
            with open(self.root / f"{_safe(artifact_id)}.pkl", "wb") as fh:
                pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        return artifact_id

    def get(self, artifact_id: str) -> Any:
        """Returns the artifact; raises KeyError naming the id when it is unknown."""
        if artifact_id in self._items:
            return self._items[artifact_id]
        if self.root is not None:
            path = self.root / f"{_safe(artifact_id)}.pkl"
            if path.exists():
                with open(path, "rb") as fh:
                    self._items[artifact_id] = pickle.load(fh)
                return self._items[artifact_id]
        raise KeyError(f"no artifact {artifact_id!r} in the store of case {self.case_id!r}")

    def __contains__(self, artifact_id: str) -> bool:
        try:
            self.get(artifact_id)
        except KeyError:
            return False
        return True

    def ids(self, kind: str | None = None) -> list[str]:
        return [k for k in self._items if kind is None or k.startswith(f"{kind}:")]


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)
