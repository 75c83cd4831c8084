"""Use cases around the civil-law rules: limitation events on campaigns."""
