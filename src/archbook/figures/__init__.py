"""Layer 3, figures: diagrams drawn from code in a sandboxed worker, cached by content hash."""
