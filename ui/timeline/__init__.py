"""The timeline view's parts: the chart, the filter bar and the event editor."""
