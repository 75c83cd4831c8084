"""PLACEHOLDER (lead scaffolding): the owning helper replaces this file."""
