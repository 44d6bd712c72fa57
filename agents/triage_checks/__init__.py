"""The checks of the triage agent, one module per concern; `agents.triage` runs them in order."""
