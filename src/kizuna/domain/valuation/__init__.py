"""Patent valuation for IP-backed lending: relief-from-royalty DCF, sensitivity, Monte Carlo."""
