"""The assignment solver CEAF needs (scipy's ``linear_sum_assignment``), loaded on first use.

``import scipy.optimize`` runs the whole package (scipy.linalg, scipy.sparse, …: about 1.6 billion instructions,
0.2–0.3 s) in every scoring process that meets a contested cluster, for one function that lives in an extension
module of its own (``scipy/optimize/_lsap``, which needs only numpy). That module is loaded from its file directly
(a few million instructions); where scipy lays it out otherwise, the package import gives the same function.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
from collections.abc import Callable
from functools import cache
from typing import Any


@cache
def linear_sum_assignment() -> Callable[..., Any]:
    """``scipy.optimize.linear_sum_assignment`` (scipy comes with scikit-learn: the eval extra)."""
    scipy = importlib.util.find_spec("scipy")  # finds the package without running it
    if scipy is not None and scipy.submodule_search_locations:
        finder = importlib.machinery.FileFinder(
            os.path.join(next(iter(scipy.submodule_search_locations)), "optimize"),
            (importlib.machinery.ExtensionFileLoader, importlib.machinery.EXTENSION_SUFFIXES))
        spec = finder.find_spec("scipy.optimize._lsap")
        if spec is not None and spec.loader is not None:
            try:
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                return module.linear_sum_assignment  # type: ignore[no-any-return]
            except (ImportError, AttributeError):
                pass
    # scipy lays the solver out otherwise (or is absent: then the ImportError names the missing extra)
    from scipy.optimize import linear_sum_assignment as solver  # lazy: the eval extra, imported only when needed

    return solver  # type: ignore[no-any-return]
