"""The views of an open case; importing this package registers each of them, in navigator
order."""

# Issue 4 views (timeline, interviews, people): keep these lines apart, in navigator order.
# isort: off
from ui.views import overview  # noqa: F401  (registers itself)
from ui.views import timeline  # noqa: F401
from ui.views import interviews  # noqa: F401
from ui.views import actors  # noqa: F401
# isort: on
from ui.views.registry import VIEWS, CaseView, ViewSpec

__all__ = ["VIEWS", "CaseView", "ViewSpec"]

# Issue 5 views (evidence, findings, action plan, grievances, audit): keep these lines apart,
# in navigator order (not sorted). Search comes last in the navigator.
# isort: off
from ui.views import evidence  # noqa: F401
from ui.views import findings  # noqa: F401
from ui.views import recommendations  # noqa: F401
from ui.views import grievances  # noqa: F401
from ui.views import audit_log  # noqa: F401
from ui.views import search  # noqa: F401
# isort: on
