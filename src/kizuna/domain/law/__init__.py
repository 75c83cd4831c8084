"""Rules of Japanese civil law used by the exposure figures (periods, prescription)."""
