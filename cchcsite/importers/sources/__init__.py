"""One module per `cchcsite import SOURCE`: adding a source is adding a module here.

A source module defines, like a command module:
    NAME = "don-vi"                        # the word after `cchcsite import`
    HELP = "…"                             # one line of Vietnamese for `cchcsite import --help`
    def add_arguments(parser) -> None      # its own arguments (`--site` is added for it)
    def run(args) -> int                   # exit status: 0 done, 1 some records could not be used

Keep the module light at import time (the parser is built on every `cchcsite` call): import
what the work needs inside `run`. Shared pieces: `..readers`, `..parse`, `..content_files`.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

INTERFACE = ("NAME", "HELP", "add_arguments", "run")


def discover() -> list[ModuleType]:
    """Every source module of this package, by NAME; a module that lacks part of the interface is a bug, said at once."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        missing = [name for name in INTERFACE if not hasattr(module, name)]
        if missing:
            raise TypeError(f"{module.__name__} is an import source without {', '.join(missing)}")
        found.append(module)
    return sorted(found, key=lambda module: module.NAME)
