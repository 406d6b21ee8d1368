"""Layer 1, the theme: every Material-specific fix to built HTML and CSS, and nothing else."""
