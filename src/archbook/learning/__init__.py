"""Layer 3, the learning path: widget data, the widgets, exercise pages and the exercise checker."""
