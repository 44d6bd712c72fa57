"""Benchmark tracks: DeepTumorVQA-compatible suites, runner, scoring, reports and trace export.

    from benchmarks.suite import make_suite          # synthetic suite in the DTVQA layout
    from benchmarks.runner import run_benchmark      # clinorch as the agent, per-stage report
    from benchmarks.scoring import score_predictions  # the benchmark's own scoring rules

`clinorch bench --help` lists the commands (`benchmarks.cli`).
"""
