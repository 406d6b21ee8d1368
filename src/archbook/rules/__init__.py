"""Layer 1, the domain rules: token cost, measurable metrics and the curriculum's steps, each written once."""
