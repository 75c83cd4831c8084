"""Corpus scale: bulk patent files to a searchable Parquet corpus (``kizuna corpus``)."""
