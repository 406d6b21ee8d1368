"""Stop the build when the installed Material is not the one the theme code was written for.

archbook.theme.material holds every Material name the theme package and overrides/
rely on; this hook checks them against the installed Material once, when the build
starts, and installs the guard templates call when the theme's markup changed
under them (raise_template_error, archbook.theme.templates).
"""

import logging

from archbook.core.errors import build_step
from archbook.core.languages import inner_language_build
from archbook.theme.material import check_installed_material
from archbook.theme.templates import raise_template_error

log = logging.getLogger("mkdocs.hooks.theme_version")


@build_step("the installed Material does not match archbook.theme.material")
def on_config(config):
    if inner_language_build(config):
        return config  # an inner, per-language build: the outer one has checked
    log.debug("Material %s matches archbook.theme.material", check_installed_material())
    return config


def on_env(env, config, files):
    env.globals["raise_template_error"] = build_step("a theme template guard failed")(raise_template_error)
    return env
