"""Interoperability: importers from the field's annotated corpora and exporters to the formats its tools read."""
