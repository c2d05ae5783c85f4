"""Renderers: a report model in, PDF/JSON/CSV/archive bytes out. They never query the case."""
