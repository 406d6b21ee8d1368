"""Layer 1, inert contributions: what contributed Markdown, images and macro calls may contain."""
