"""newsbench: an annotated news benchmark (entities, events, toponyms, time expressions)."""

__version__ = "0.1.0"
"""The package's version, the one place it is written (pyproject.toml reads it from here): a literal, so that the
command line starts without importing importlib.metadata."""
