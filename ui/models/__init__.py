"""Item models of the views (Qt side); their rows come from ``workbench.queries``."""
