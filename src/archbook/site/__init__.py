"""Layer 5, the site: the site model, the page macros, the table registry and the guarded build."""
