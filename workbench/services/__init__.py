"""Qt-free services: every write is one transaction, one audit entry, and returns Changes.

Each module covers one part of the review in the reviewers' words (actors, events,
interviews, evidence, findings, action plan, grievances).
"""
