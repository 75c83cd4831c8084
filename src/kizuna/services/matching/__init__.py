"""Matching use cases: read the catalogue and profiles, score, shortlist."""
