"""Baseline systems for the leaderboard: ``rules``, ``spacy-sm``, ``empty``, ``oracle``, ``annotator-a/-b``.

``newsbench run-baseline NAME`` (see :func:`newsbench.baselines.registry.run_baseline`) regenerates
``eval/systems/<name>/submission.json`` and ``system.json``. spaCy is imported only by ``spacy-sm``.
"""

from .registry import SYSTEMS, RunResult, run_baseline

__all__ = ["SYSTEMS", "RunResult", "run_baseline"]
