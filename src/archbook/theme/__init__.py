"""Layer 1, the theme: every Material-specific fix to built HTML and CSS, and nothing else.

Every name of Material's these modules rely on is in ``archbook.theme.material``,
which also checks them against the installed Material when a build starts.
"""
