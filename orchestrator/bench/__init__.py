"""Benchmark tracks: DeepTumorVQA-compatible suites, runner, scoring, reports and trace export.

    from orchestrator.bench.suite import make_suite          # synthetic suite in the DTVQA layout
    from orchestrator.bench.runner import run_benchmark      # clinorch as the agent, per-stage report
    from orchestrator.bench.scoring import score_predictions  # the benchmark's own scoring rules

`clinorch bench --help` lists the commands (`orchestrator.bench.cli`).
"""
