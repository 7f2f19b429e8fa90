"""Optional parts of archwg: what a command needs beyond the core, and the one-line message when it is missing.

The core (the specs' lint, which the pre-commit hook runs, the lifecycle and
the meeting commands) needs neither Sphinx nor irc; those come with extras:
``archwg[docs]`` (Sphinx: the site, the Sphinx extension), ``archwg[bot]``
(irc: the IRC bot), ``archwg[all]``.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from archwg.errors import MissingExtra

# extra -> the distributions it adds, as pyproject.toml lists them (for the messages and the tests).
EXTRAS = {"docs": ("sphinx",), "bot": ("irc",)}


def require_extra(module: str, extra: str) -> ModuleType:
    """Import *module*, or say in one line which extra of archwg brings it.

    Call it where the module is first needed (inside the function, so
    ``archwg --help`` imports nothing heavy).
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        # Only the module itself missing; a broken install inside it is a real error to show.
        missing = getattr(error, "name", None)
        if missing is not None and missing != module and not module.startswith(missing + "."):
            raise
        # archwg is not on PyPI: it is installed from its checkout (or a git URL, README says how).
        raise MissingExtra(f"this command needs archwg[{extra}]: pip install -e '.[{extra}]' in archwg's checkout"
                           ) from None
