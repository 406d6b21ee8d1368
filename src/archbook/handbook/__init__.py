"""Layer 3, the handbook's facts: one module per group of pages, each a set of models and small renderers."""
