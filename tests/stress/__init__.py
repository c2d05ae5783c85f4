"""Stress suite for issue 8: one module per promise; `make stress` runs the full scale."""
