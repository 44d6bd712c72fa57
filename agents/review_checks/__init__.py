"""The attending reviewer's checks, one module per family; see `agents/reviewer.py`."""
