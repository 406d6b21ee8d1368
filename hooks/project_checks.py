"""Stop the build before anything is rendered when a check of ``archbook.site.checks`` finds a problem.

Data, diagrams, decision records, page twins, front matter and spelling are
checked once per build, not again in the Roman Urdu build, and not at all
when the same files passed the same checks in an earlier build. The build
cache also keeps the per-page results inside the checks (archbook.core.remember),
so after an edit only the edited page is looked at again.
"""

import functools
from pathlib import Path

from mkdocs.plugins import event_priority

from archbook.core import remember
from archbook.core.errors import ArchbookError, build_step
from archbook.core.languages import inner_language_build
from archbook.site.build_cache import cache_dir, remembered
from archbook.site.checks import build_report, failed_checks_since_last_build


@event_priority(100)  # before the macros plugin defines the page macros from the site model
@build_step("the project checks failed")
def on_config(config):
    if inner_language_build(config):
        return config  # the sources were checked once, before the first language was built
    root = Path(config.config_file_path).parent
    remember.use(functools.partial(remembered, cache_dir(root)))  # per-page results of the checks, by content
    failed = failed_checks_since_last_build(root)
    if failed:
        raise ArchbookError(build_report(failed))
    return config
