"""Data shipped with the workbench: standards catalogue, demo case content, fonts."""
