"""The views of an open case; importing this package registers each of them, in navigator
order."""

from ui.views import overview  # noqa: F401  (registers itself)
from ui.views.registry import VIEWS, CaseView, ViewSpec

__all__ = ["VIEWS", "CaseView", "ViewSpec"]

# Issue 5 views (evidence, findings, action plan, grievances, audit): keep these lines apart.
from ui.views import (
    evidence,  # noqa: F401
    findings,  # noqa: F401
    recommendations,  # noqa: F401
)
