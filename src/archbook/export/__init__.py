"""Copies of the site to take away: a PDF per language and an offline ZIP per language.

Made after a build from its output (``./run export SITE``), into ``SITE/downloads/``; the
names of the files come from ``names``.
"""
