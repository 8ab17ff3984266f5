"""Interoperability with the field's formats: importers of annotated corpora (CoNLL-U/CorefUD, MEANTIME CAT XML,
GeoVirus XML, brat standoff; see :mod:`newsbench.interop.importers` for the registry) and exporters to the formats
its tools read (OneIE/TextEE JSON lines, CoNLL-2012, brat, spaCy DocBin; see :mod:`newsbench.interop.exporters`)."""
