"""mkdocs-macros entry point: the macros themselves live in archbook.site.macros.

Pages render in a sandbox (``archbook.safety.macro_sandbox``) that holds the
project's macros and filters and nothing else: ``on_pre_page_macros`` puts
it in place before each page (with the build cache's compiled pages),
``on_post_page_macros`` fails the build, naming the page and line, when a
page reached for anything else.
"""

from archbook.safety import macro_sandbox
from archbook.site.macros import compiled_pages, register


def define_env(env):
    macro_sandbox.define(env, register)


def on_pre_page_macros(env):
    macro_sandbox.install(env, compiled_pages(env.conf))


def on_post_page_macros(env):
    macro_sandbox.report(env)
