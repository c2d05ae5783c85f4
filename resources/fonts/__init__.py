"""Fonts embedded in PDF reports (DejaVu Sans; licence in LICENSE-DejaVu.txt)."""
