"""Read-only queries the window's views need (lists with filters, matrices, statistics).

Qt-free like the rest of the core: each returns plain dataclasses built in one session.
"""
