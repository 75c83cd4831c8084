"""Pool use cases: read a pool file and member reports, invoice, distribute, check."""
