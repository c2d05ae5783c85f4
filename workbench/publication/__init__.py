"""Publication: the report model, the publication policy, and exports that are safe to publish.

The core builds a report model with the policy applied (``build``), hands it to a renderer in
``exports/``, scans what came out (``leak_guard``) and only then writes the file (``export``).
"""

# The export's last stage (it is reported to ``progress``): the file is written and the
# export recorded. An export in its own process is never stopped past it.
WRITING = "writing"
