"""The Decap CMS admin (`/admin/`), generated from the content model.

`admin/config.yml` is derived from the same field declarations that validate
content (`content/kinds.py`), so the forms, their required flags, choices and
Vietnamese labels cannot drift from what the build accepts. It is written
only when `config.yaml` has `cms:`.

Decap itself is served from `/admin/` beside the page (`decap.py` holds the
pinned version; `cchcsite fetch-cms` fetches it, never the build); the page loads nothing from another host and
carries the admin policy of render/security.py, which `_headers` repeats.
Our own script (`admin.js`, no inline script) registers the NFC hook, or says
in Vietnamese that the bundle is missing.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from . import decap, vi
from .config import CONFIG_FILE
from .content.kinds import KINDS, Common, Kind, model_fields
from .content.load import CONTENT_DIR
from .content.sections import DEFAULT_FOLDERS, folder_of
from .errors import Problem, warning
from .render.security import admin_policy
from .schema import MEDIA_FOLDER, Boolean, DateValue, ModelField, Text, companions, field_specs, markdown_widget, record_fields
from .sourcetext import decode

if TYPE_CHECKING:
    from .config import Cms, Config
    from .content.routes import Route, Routes
    from .content.site import Site

ADMIN_SCRIPT = "admin.js"

INTRO_FIELDS = ("title", "summary")  # all that an `_index.md` uses besides its body
COLLECTION_NAMES = DEFAULT_FOLDERS  # stable whatever `sections:` renames: editors' bookmarks keep working

# Decap writes `slug` from the title: lower-cased, then (clean_accents) mapped through the
# `diacritics` package, whose table maps đ → d and Đ → D as well as every Vietnamese vowel;
# encoding ascii turns what is left (spaces, punctuation, a combining mark from NFD text)
# into `sanitize_replacement`, and runs of it collapse to one. The build slugs the file
# name again with `vi.slugify`, so any file name Decap could write gives the right URL.
SLUG = {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}

# admin.js (cchcsite/assets/): the only script of ours on the page, run before the bundle; it
# explains itself.
ADMIN_JS = (Path(__file__).parent / "assets" / ADMIN_SCRIPT).read_bytes()


def admin_html(site: Site, routes: Routes, route: Route) -> bytes:
    title = f"Quản trị nội dung · {site.config.title}"
    page = f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta http-equiv="Content-Security-Policy" content="{_escape_attr(admin_policy(site.config, meta=True))}">
<meta name="referrer" content="strict-origin-when-cross-origin">
<title>{_escape(title)}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
<link href="rules.json" type="application/json" rel="cms-rules">
</head>
<body>
<noscript>Trang quản trị nội dung cần bật JavaScript.</noscript>
<div id="cms-missing" hidden>
<h1>Trang quản trị chưa dùng được</h1>
<p>Bản dựng này chưa có Decap CMS {decap.VERSION} (bộ soạn bài) nên chưa soạn bài được ở đây.
Bản dựng không tự tải gì từ mạng; người phụ trách kỹ thuật tải Decap một lần bằng lệnh
<code>{decap.FETCH_COMMAND}</code> trên máy có kết nối mạng (trong CI: thêm lệnh này trước
<code>cchcsite build</code>; trong thư mục mã nguồn cchcsite: <code>python3 build.py</code> tự làm việc này),
rồi dựng lại trang.</p>
</div>
<script src="{ADMIN_SCRIPT}"></script>
<script src="{decap.SCRIPT}"></script>
</body>
</html>
"""
    return page.encode("utf-8")


def admin_script(site: Site, routes: Routes, route: Route) -> bytes:
    return ADMIN_JS


def admin_bundle(config: Config) -> tuple[dict[str, Path], list[Problem]]:
    """Decap's files for the output (`admin/…` → cached file), and a warning when they have not been
    fetched (`cchcsite fetch-cms`): the rest of the site still builds, and nothing is fetched here."""
    if not config.cms:
        return {}, []
    found = decap.bundle()
    files = {f"admin/{name}": path for name, path in found.files.items()}
    if not found.problem:
        return files, []
    message = f"`cms`: {found.problem}. Trang quản trị /admin/ chưa soạn bài được; các trang khác vẫn được dựng bình thường"
    return files, [warning(CONFIG_FILE, config.lines.get("cms", 1), message)]


def admin_config(site: Site, routes: Routes, route: Route) -> bytes:
    data = cms_config(site)
    text = "# Tạo tự động bởi `cchcsite build` từ mô hình nội dung; đừng sửa tay (sửa config.yaml hoặc cchcsite).\n"
    text += yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)
    return text.encode("utf-8")


def cms_config(site: Site) -> dict[str, Any]:
    config = site.config
    cms = config.cms
    assert cms is not None, "admin routes are planned only when config.yaml has `cms:`"
    result: dict[str, Any] = {"backend": backend_config(cms)}
    if cms.publish_mode == "editorial_workflow":
        result["publish_mode"] = "editorial_workflow"
    result |= {
        "locale": "vi",
        "site_url": config.base_url,
        "display_url": config.base_url,
        "media_folder": MEDIA_FOLDER,
        "public_folder": "/" + MEDIA_FOLDER.split("/", 1)[1],
        "slug": dict(SLUG),
        "collections": [],
    }
    for kind in KINDS:
        result["collections"].append(folder_collection(kind, config.sections))
    intros = intro_collection(site)
    if intros:
        result["collections"].append(intros)
    return result


def backend_config(cms: Cms) -> dict[str, Any]:
    """Decap's `backend:`; a self-hosted GitLab or Gitea signs in with PKCE (no server-side secret)."""
    if cms.backend == "test-repo":
        return {"name": "test-repo", "login": False}
    backend: dict[str, Any] = {"name": cms.backend, "repo": cms.repo, "branch": cms.branch}
    api_root, base_url = cms.hosts
    if cms.api_root or cms.base_url or cms.backend == "gitea":
        backend |= {"api_root": api_root, "base_url": base_url}
    if cms.app_id:
        backend["app_id"] = cms.app_id
        if cms.backend == "gitlab":
            backend |= {"auth_type": "pkce", "auth_endpoint": "oauth/authorize"}
    return backend


def folder_collection(kind: str, sections: dict[str, str] | None = None) -> dict[str, Any]:
    folder = folder_of(kind, sections)
    label = vi.KIND_LABELS[kind]
    collection: dict[str, Any] = {
        "name": COLLECTION_NAMES[kind],
        "label": label,
        "label_singular": label,
        "folder": f"{CONTENT_DIR}/{folder}" if folder else CONTENT_DIR,
        "create": True,
        "extension": "md",
        "format": "frontmatter",
        "slug": "{{slug}}",
        "identifier_field": "title",
        "summary": "{{title}}",
    }
    fields = model_fields(kind, include_structural=False)
    names = {f.name for f in fields}
    if "date" in names and KINDS[kind].date_required:
        collection["sortable_fields"] = ["date", "title"]
    collection["fields"] = [widget(f) for f in fields] + [body_widget()]
    return collection


def intro_collection(site: Site) -> dict[str, Any] | None:
    """The `_index.md` files that title and introduce the home page and each list."""
    files = []
    for url, intro in sorted(site.intros.items()):
        files.append(
            {
                "name": intro.folder.replace("/", "-") or "trang-chu",
                "label": f"{intro.title} ({url})",
                "file": intro.source,
                "fields": [widget(f) for f in model_fields(Kind.PAGE) if f.name in INTRO_FIELDS] + [body_widget("Lời giới thiệu")],
            }
        )
    if not files:
        return None
    return {"name": "gioi-thieu-chuyen-muc", "label": "Giới thiệu các chuyên mục", "files": files}


def body_widget(label: str = "Nội dung") -> dict[str, Any]:
    return {
        "label": label,
        "name": "body",
        **markdown_widget(),
        "required": False,
        "hint": "Viết bằng Markdown: **đậm**, ## Tiêu đề mục, - danh sách, [liên kết](/thu-tuc/), ![mô tả ảnh](/images/anh.jpg)",
    }


def widget(field: ModelField) -> dict[str, Any]:
    """One Decap field from one FieldSpec: label, hint, required, widget and its options."""
    spec = field.spec
    result: dict[str, Any] = {"label": spec.label or field.name, "name": field.name}
    result.update(spec.type.decap(field, _record_widgets))
    hint = _hint(field)
    if hint:
        result["hint"] = hint
    result["required"] = field.required  # Decap's default is true: say it for every field
    return result


def _hint(field: ModelField) -> str:
    ftype = field.spec.type
    parts = []
    if field.spec.hint and not isinstance(ftype, DateValue):  # a date picker needs no format hint
        parts.append(field.spec.hint)
    elif isinstance(ftype, Text) and ftype.pattern_hint:
        parts.append(ftype.explain())
    example = ftype.example_text()
    if example and not isinstance(ftype, (DateValue, Boolean)) and example not in " ".join(parts) and example != field.spec.label:
        parts.append(f"Ví dụ: {example}")
    return ". ".join(parts)


def _record_widgets(cls: type) -> list[dict[str, Any]]:
    """The fields of one record. Decap gives a list a first row of its own as soon as any field of
    the row has a default, even `""` or `{{now}}`: a new procedure then shows a collapsed, empty legal
    basis row (a new news item an empty change note) that blocks publishing. So no row field has one."""
    fields = [widget(f) for f in record_fields(cls)]
    for field in fields:
        field.pop("default", None)
    return fields


# Kinds whose page is an article (title, then the body): their preview is laid out as the site lays
# it out, in the site's own CSS; the others keep Decap's preview of every field, in that CSS too.
ARTICLE_PREVIEW = (Kind.NEWS, Kind.PAGE)


def admin_rules(site: Site, routes: Routes, route: Route) -> bytes:
    """What admin.js enforces before Decap saves, from the same declarations the build checks
    (a field that needs another: `image` → `image_alt`), and which collections preview as articles."""
    collections = {}
    for kind, info in KINDS.items():
        needs = []
        for cls in (Common, info.fields):
            specs = field_specs(cls)
            for name, needed, _ in companions(cls):
                given, wanted = specs[name].label or name, specs[needed].label or needed
                needs.append([name, needed, f"Chưa lưu: có “{given}” thì phải điền “{wanted}”. Hãy điền rồi bấm Công bố lại."])
        collections[COLLECTION_NAMES[kind]] = {"needs": needs, "article": kind in ARTICLE_PREVIEW}
    cms = site.config.cms
    rules = {"collections": collections, "test_repo": bool(cms and cms.backend == "test-repo")}
    return json.dumps(rules, ensure_ascii=False, indent=1).encode("utf-8")


def repo_files(site_dir: Path) -> dict[str, Any]:
    """The site's content as Decap's in-browser `test-repo` backend holds it (`window.repoFiles`: a
    tree of folders whose files are `{content}`), so `serve` shows the existing entries there."""
    tree: dict[str, Any] = {}
    for file in sorted((site_dir / CONTENT_DIR).rglob("*.md")):
        parts = file.relative_to(site_dir).parts
        if any(part.startswith(".") for part in parts):
            continue
        node = tree
        for folder in parts[:-1]:
            node = node.setdefault(folder, {})
        text, problem = decode(file.read_bytes(), file.name)  # as the build reads it: BOM dropped, NFC
        if problem is None:
            node[parts[-1]] = {"content": text}
    return tree


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _escape_attr(text: str) -> str:
    return html.escape(text, quote=True)


# The admin's files, rendered like any route (the pipeline hands these to the renderer).
GENERATORS = {"@admin.html": admin_html, "@admin.yml": admin_config, "@admin.js": admin_script, "@admin.rules": admin_rules}
