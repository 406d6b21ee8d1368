"""mkdocs-macros entry point: the macros themselves live in archbook.page_macros."""

from archbook.page_macros import register


def define_env(env):
    register(env)
