"""Layer 4, checks over the whole project: translation parity, spelling, front matter and docs folder rules."""
