"""Interoperability with the field's formats: importers of annotated corpora (CoNLL-U/CorefUD, MEANTIME CAT XML,
GeoVirus XML); see :mod:`newsbench.interop.importers` for the registry."""
