"""Distributed jobs over Parquet corpora (Ray Data, local or on a cluster)."""
