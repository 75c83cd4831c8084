"""SME IP matching: open patents (開放特許) × SME profiles, scored and explained."""
