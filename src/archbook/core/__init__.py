"""Layer 0, the foundation: errors, size limits, the two languages, and the one reader for text and YAML files."""
