"""Data checks (issue 3): indicator figures against the catalogue."""
