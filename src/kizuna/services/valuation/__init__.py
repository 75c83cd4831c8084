"""Valuation use cases: read a valuation file, value, range, lender's view, report."""
