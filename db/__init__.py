"""The case file: SQLCipher engine, key handling, models, migrations and the search index.

Nothing here imports the application core, the window or the renderers.
"""
