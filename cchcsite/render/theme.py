"""Themes: a site theme's file wins over the built-in file of the same path.

Templates resolve through a chain of folders (site theme first, then the
built-in default); `{% extends "default:base.html" %}` reaches the built-in
one explicitly so a theme can override a single block, and `ui.NAME(...)` calls
the macro of `macros/NAME.html`, so a theme overrides one macro with one file.
Stylesheets are joined, branded from config.yaml and content-hashed for
year-long caching.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.runtime

from ..config import Config
from ..errors import UsageError

BUILTIN_THEME = Path(__file__).resolve().parents[1] / "theme"  # ships inside the package (wheel included)
STYLESHEETS = ("css/site.css", "css/theme.css")  # joined in this order, each resolved through the chain
MACRO_FOLDER = "macros"  # `ui.NAME` is the macro NAME of templates/macros/NAME.html
ESCAPED_SUFFIXES = (".html", ".xml")  # markup; robots.txt and other text templates are written as they are


@dataclass(frozen=True)
class Asset:
    url: str  # `/assets/site.1a2b3c4d.css`
    content: bytes


@dataclass(frozen=True)
class Theme:
    layers: tuple[Path, ...]  # most specific first; the built-in theme last
    bytecode_cache: Path | None = None  # compiled templates kept between builds (keyed by their source)

    @property
    def template_dirs(self) -> list[str]:
        return [str(layer / "templates") for layer in self.layers if (layer / "templates").is_dir()]

    def find(self, relative: str) -> Path | None:
        for layer in self.layers:
            candidate = layer / "static" / relative
            if candidate.is_file():
                return candidate
        return None

    def static_files(self) -> dict[str, Path]:
        """Every theme static file by its path, the most specific layer winning."""
        found: dict[str, Path] = {}
        for layer in reversed(self.layers):
            root = layer / "static"
            if root.is_dir():
                for path in sorted(root.rglob("*")):
                    if path.is_file():
                        found[path.relative_to(root).as_posix()] = path
        return found

    def display_path(self, filename: str) -> str:
        """A template's path as the officer knows it: `themes/hong/templates/news.html`."""
        path = Path(filename)
        for layer in self.layers:
            if path.is_relative_to(layer):
                return path.relative_to(layer.parent.parent).as_posix()
        return filename

    def files(self) -> list[Path]:
        """Every template and static file of every layer: what a rendered page can depend on."""
        return sorted(path for layer in self.layers for path in layer.rglob("*") if path.is_file())

    def environment(self) -> jinja2.Environment:
        chain = jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader(self.template_dirs),
                jinja2.PrefixLoader({"default": jinja2.FileSystemLoader(str(BUILTIN_THEME / "templates"))}, delimiter=":"),
            ]
        )
        if self.bytecode_cache:
            self.bytecode_cache.mkdir(parents=True, exist_ok=True)
        return jinja2.Environment(
            loader=chain,
            bytecode_cache=jinja2.FileSystemBytecodeCache(str(self.bytecode_cache)) if self.bytecode_cache else None,
            autoescape=escapes,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # A theme edit makes a new environment (build, or the dev server's full rebuild); checking
            # every template's time stamp on every page was ~4 % of rendering.
            auto_reload=False,
        )


def escapes(template_name: str | None) -> bool:
    """HTML and XML templates escape what they print; a text template (robots.txt) prints `&` as `&`."""
    return template_name is None or template_name.endswith(ESCAPED_SUFFIXES)


class Macros:
    """`ui` in every template: `ui.NAME(...)` calls the macro NAME of `macros/NAME.html` (a theme's
    own file of that name wins, like any template), so one macro is overridden with one file.

    Each file is made into a module once for the renderer, its variables those of the page being
    rendered (`show`), as `{% import … with context %}` would give them: a page pays nothing for
    the macros. Importing all fifteen with context cost a third of rendering a small page, and
    making each one a page uses, a tenth. So a macro file holds only macros: it reads what it needs
    when called, and top-level code (which would run once, for the first page) is refused."""

    def __init__(self, env: jinja2.Environment):
        self._env = env
        self._page: dict[str, Any] = {}  # shared by every module's context: the variables of the page shown
        self._made: dict[str, Any] = {}

    def show(self, variables: Mapping[str, Any]) -> None:
        """The page about to be rendered: every macro now reads its variables."""
        self._page.clear()
        self._page.update(self._env.globals)
        self._page.update(variables)
        self._page["ui"] = self

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._made:
            self._made[name] = self._make(name)
        return self._made[name]

    def _make(self, name: str) -> Any:
        path = f"{MACRO_FOLDER}/{name}.html"
        module = self._env.get_template(path).make_module(self._page, shared=True)
        made = {key: value for key, value in vars(module).items() if not key.startswith("_")}
        outside = sorted(key for key, value in made.items() if not isinstance(value, jinja2.runtime.Macro))
        if outside or str(module).strip():
            named = f" (`{'`, `'.join(outside)}`)" if outside else ""
            raise jinja2.TemplateRuntimeError(
                f"{path}: tệp macro chỉ chứa các {{% macro %}}; phần viết ngoài macro{named} chỉ chạy một lần cho cả lần dựng: "
                f"hãy đưa vào trong macro `{name}`"
            )
        if name not in made:
            raise jinja2.TemplateRuntimeError(f"{path} phải định nghĩa macro cùng tên: {{% macro {name}(...) %}}")
        return made[name]


def resolve_theme(site_dir: Path, config: Config) -> Theme:
    if not config.theme or config.theme == "default":
        local = site_dir / "themes" / "default"
        layers = (local, BUILTIN_THEME) if local.resolve() != BUILTIN_THEME else (BUILTIN_THEME,)
        return Theme(tuple(layer for layer in layers if layer.is_dir()))
    folder = site_dir / "themes" / config.theme
    if not folder.is_dir():
        raise UsageError(f"config.yaml: giao diện `{config.theme}` không có: không tìm thấy thư mục themes/{config.theme}/")
    return Theme((folder, BUILTIN_THEME))


def short_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:10]


def build_assets(theme: Theme, config: Config) -> dict[str, Asset]:
    """Logical name (`css/site.css`) → hashed asset. The stylesheet carries the brand colour."""
    assets: dict[str, Asset] = {}
    parts = [path.read_bytes() for name in STYLESHEETS if (path := theme.find(name))]
    if config.brand.primary_color:
        parts.append(f":root{{--color-primary:{config.brand.primary_color}}}\n".encode())
    stylesheet = b"\n".join(parts)
    assets["css/site.css"] = Asset(f"/assets/site.{short_hash(stylesheet)}.css", stylesheet)
    for name, path in theme.static_files().items():
        if name in STYLESHEETS:
            continue
        content = path.read_bytes()
        stem, dot, suffix = name.rpartition(".")
        hashed = f"{stem}.{short_hash(content)}.{suffix}" if dot else f"{name}.{short_hash(content)}"
        assets[name] = Asset(f"/assets/{hashed}", content)
    return assets
