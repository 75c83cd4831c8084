"""Patent pools: contributions, standard terms, royalty reports and distribution to founders."""
