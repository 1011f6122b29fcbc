"""Which folder of content/ holds which kind: one answer for loading (a file's kind), `new`, the
CMS, the field reference and `import`. `sections:` in config.yaml renames or adds folders."""

from __future__ import annotations

from .. import vi
from .kinds import DEFAULT_SECTIONS, KINDS, Kind

PAGE_FOLDER = "trang"  # accepted on the command line for plain pages, which live in content/ itself
# kind → the folder a site without `sections:` uses (plain pages: `trang`); the CMS names its collections so.
DEFAULT_FOLDERS: dict[str, str] = {**{kind: folder for folder, kind in DEFAULT_SECTIONS.items()}, Kind.PAGE: PAGE_FOLDER}


def sections(config_sections: dict[str, str] | None) -> dict[str, str]:
    """folder → kind, the site's overrides first (they are the folders the site really uses)."""
    merged = dict(config_sections or {})
    for folder, kind in DEFAULT_SECTIONS.items():
        merged.setdefault(folder, kind)
    return merged


def kind_for(folder: str, config_sections: dict[str, str] | None) -> str:
    """The kind of a file in `folder` (below content/): its top folder's, else a plain page."""
    return str(sections(config_sections).get(folder.split("/", 1)[0], Kind.PAGE))


def folders_of(kind: str, config_sections: dict[str, str] | None = None) -> list[str]:
    """Every folder below content/ that holds `kind`, the site's own first."""
    return [folder for folder, folder_kind in sections(config_sections).items() if folder_kind == kind]


def folder_of(kind: str, config_sections: dict[str, str] | None = None) -> str:
    """The folder below content/ where new items of `kind` go (`` for plain pages)."""
    if kind == Kind.PAGE:
        return ""
    return next(iter(folders_of(kind, config_sections)), KINDS[kind].url_prefix.strip("/"))


def resolve_kind(name: str, config_sections: dict[str, str] | None = None) -> str | None:
    """`news`, `tin-tuc` (or a folder renamed in config.yaml), `trang` → the kind; else None."""
    key = vi.slugify(name)
    if key in KINDS:
        return key
    if key == PAGE_FOLDER:
        return Kind.PAGE
    return sections(config_sections).get(key)


def kind_choices(config_sections: dict[str, str] | None = None) -> str:
    """`tin-tuc` (tin tức), `van-ban` (văn bản), …: the names `new` accepts, as the site spells its folders."""
    folders = {kind: folder for folder, kind in reversed(list(sections(config_sections).items()))}
    folders[Kind.PAGE] = PAGE_FOLDER
    return ", ".join(f"`{folders[k]}` ({vi.KIND_LABELS[k].lower()})" for k in KINDS)
