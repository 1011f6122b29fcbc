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
from pathlib import Path
from types import ModuleType

from ...errors import UsageError

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


def given_files(names: list[str]) -> list[Path]:
    """The files named after the source: one that is not there is a usage error, before anything is read."""
    for name in names:
        if not Path(name).exists():
            raise UsageError(f"{name}: không tìm thấy tệp để nhập")
    return [Path(name) for name in names]


def shown_path(site_arg: str, site: Path, path: Path) -> str:
    """A written file as the officer finds it: from the site folder when `--site` was not given."""
    return path.relative_to(site).as_posix() if site_arg == "." else path.as_posix()
