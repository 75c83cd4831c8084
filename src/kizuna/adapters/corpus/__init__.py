"""Corpus files: Parquet partitions and manifest, bulk inputs, BM25 and dense indexes."""
