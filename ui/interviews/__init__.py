"""The interviews view's parts: the notes with marked excerpts, the link dialog, the
metadata and consent panel."""
