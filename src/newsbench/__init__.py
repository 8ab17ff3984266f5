"""newsbench: an annotated news benchmark (entities, events, toponyms, time expressions)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsbench")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+unknown"
