"""Importers: interview notes, photos, documents, timeline and grievance tables.

Each file is parsed from its bytes in memory (never a temporary copy on disk), checked
against size limits, and stored in its own transaction with its original kept as evidence.
"""

# The kinds of file `workbench import` takes, one importer each (``batch.IMPORTERS``).
KINDS = ("notes", "photos", "documents", "timeline", "grievances")
