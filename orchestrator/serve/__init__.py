"""`clinorch serve`: the walkthrough in the browser (FastAPI app, runs, slice viewer, one page)."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["check_host", "serve"]


def check_host(host: str, allow_remote: bool) -> None:
    """Refuses a host other than loopback unless `allow_remote` is set.

    Raises:
        ValueError: `host` is not a loopback address or `localhost` and `allow_remote` is False.
    """
    if host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not allow_remote:
        raise ValueError(f"--host {host!r} would expose patient images beyond this machine; "
                         "pass --allow-remote to do so deliberately")


def serve(host: str, port: int, data_dir: Path, allow_remote: bool = False,
          say: Callable[[str], None] = lambda _: None, config: dict[str, Any] | None = None,
          backends: dict[str, Any] | None = None) -> None:
    """Checks the host, says (through `say`) where the app listens, and runs it with uvicorn until stopped.

    Args:
        config: `core.config.Config` fields for every run; backends: built and checked beforehand
            (`orchestrator.preflight.build_backends`), shared by every run.

    Raises:
        ValueError: a non-loopback host without `allow_remote`.
    """
    import uvicorn

    from orchestrator.serve.app import create_app

    check_host(host, allow_remote)
    app = create_app(data_dir, config=config, backends=backends)
    shown = f"[{host}]" if ":" in host else host
    note = "loopback only" if not allow_remote else "REMOTE ACCESS ALLOWED"
    say(f"clinorch serve: http://{shown}:{port}/ ({note}); data in {Path(data_dir).resolve()}")
    uvicorn.run(app, host=host, port=port, log_level="info")
