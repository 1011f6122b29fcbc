"""The theme API a site bends: one block, one macro, one file at a time, all of it listed in docs/giao-dien.md."""

from __future__ import annotations

import re

import jinja2
from jinja2 import nodes

from cchcsite.render.theme import BUILTIN_THEME

from .conftest import BASE_CONFIG, NEWS, PROCEDURE, REPO, build_site, messages

TEMPLATES = BUILTIN_THEME / "templates"
DOCS = REPO / "docs/giao-dien.md"
_PARSER = jinja2.Environment()


def parsed(name: str) -> nodes.Template:
    return _PARSER.parse((TEMPLATES / name).read_text(encoding="utf-8"))


def all_blocks(name: str) -> set[str]:
    """The blocks a template and the ones it extends define."""
    tree = parsed(name)
    own = {block.name for block in tree.find_all(nodes.Block)}
    parents = [node.template.value for node in tree.find_all(nodes.Extends)]
    return own | (all_blocks(parents[0]) if parents else set())


def new_blocks() -> dict[str, set[str]]:
    """Per template, the blocks it adds to what it extends: what a theme can override there."""
    found = {}
    for path in sorted(TEMPLATES.glob("*.*")):
        tree = parsed(path.name)
        parents = [node.template.value for node in tree.find_all(nodes.Extends)]
        added = {b.name for b in tree.find_all(nodes.Block)} - (all_blocks(parents[0]) if parents else set())
        if added:
            found[path.name] = added
    return found


def documented_blocks(text: str) -> dict[str, set[str]]:
    blocks_part = text.split("## Khối của từng mẫu", 1)[1].split("\n## ", 1)[0]
    found = {}
    for section in re.split(r"\n### ", blocks_part)[1:]:
        template = re.match(r"`([^`]+)`", section).group(1)
        found[template] = set(re.findall(r"(?m)^\| `(\w+)` \|", section))
    return found


def test_the_theme_docs_list_every_block_macro_and_template_there_is():
    text = DOCS.read_text(encoding="utf-8")
    assert documented_blocks(text) == new_blocks()
    signatures = {}
    for path in sorted((TEMPLATES / "macros").glob("*.html")):
        found = re.search(r"\{% macro (\w+)\((.*?)\) %\}", path.read_text(encoding="utf-8"))
        assert found and found.group(1) == path.stem, f"{path.name} must define the macro {path.stem}"
        signatures[f"macros/{path.name}"] = f"ui.{path.stem}({found.group(2)})"
    assert dict(re.findall(r"(?m)^\| `(macros/\w+\.html)` \| `([^`]+)` \|", text)) == signatures
    files = {p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*") if p.is_file() and p.parent.name != "macros"}
    assert sorted(f for f in files if f"`{f}`" not in text) == []


def test_the_compatibility_macros_file_names_every_macro():
    """A theme whose own base.html still imports partials/macros.html reaches every macro through it."""
    text = (TEMPLATES / "partials/macros.html").read_text(encoding="utf-8")
    assert set(re.findall(r"\{% set (\w+) = ui\.(\w+) %\}", text)) == {(p.stem, p.stem) for p in (TEMPLATES / "macros").glob("*.html")}


PAPERS_BLOCK = """\
{% extends "default:procedure.html" %}
{% block papers %}{{ super() }}<p class="note">Mang theo bản chính của {{ p.documents|length }} giấy tờ trên để đối chiếu.</p>{% endblock %}
"""
# One macro overridden: every page that lists topics uses it; another macro's file calls the site's scroll_table through `ui`.
TAG_LIST = '{% macro tag_list(page) %}<p class="chu-de-rieng">{{ page.tags|join(" · ") }}</p>{% endmacro %}\n'
SCROLL_TABLE = '{% macro scroll_table(label=None, labelledby=None) %}<div class="cuon-rieng">{{ caller() }}</div>{% endmacro %}\n'


def test_a_site_theme_overrides_one_block_and_one_macro_and_keeps_the_rest(make_site):
    site = make_site(
        {
            "content/thu-tuc/khai-sinh.md": PROCEDURE,
            "content/tin-tuc/a.md": NEWS.format(title="Tin A").replace("date:", "tags: [Một cửa, Số hóa]\ndate:"),
            "themes/rieng/templates/procedure.html": PAPERS_BLOCK,
            "themes/rieng/templates/macros/tag_list.html": TAG_LIST,
            "themes/rieng/templates/macros/scroll_table.html": SCROLL_TABLE,
        },
        config=BASE_CONFIG + "theme: rieng\n",
    )
    result = build_site(site, search=False)
    assert result.ok, messages(result)
    procedure = (site / "public/thu-tuc/khai-sinh/index.html").read_text(encoding="utf-8")
    papers, note = procedure.index('<h2 id="thanh-phan-ho-so">'), procedure.index("Mang theo bản chính của 1 giấy tờ trên để đối chiếu.")
    assert papers < procedure.index("Tờ khai đăng ký khai sinh") < note < procedure.index("Đối tượng thực hiện")  # super(), then the note
    assert '<h2 id="can-cu-phap-ly">Căn cứ pháp lý</h2>' in procedure and '<h2 id="trinh-tu-thuc-hien">' in procedure
    news = (site / "public/tin-tuc/a/index.html").read_text(encoding="utf-8")
    assert '<p class="chu-de-rieng">Một cửa · Số hóa</p>' in news and 'class="tags-title"' not in news
    catalogue = (site / "public/thu-tuc/index.html").read_text(encoding="utf-8")
    assert '<div class="cuon-rieng">' in catalogue and 'class="table-scroll"' not in catalogue  # procedure_table calls ui.scroll_table


def test_a_macro_file_with_code_outside_its_macro_is_refused_naming_the_line(make_site):
    site = make_site(
        {
            "content/tin-tuc/a.md": NEWS.format(title="Tin A"),
            "themes/rieng/templates/macros/search_form.html": "{% set address = route.url %}\n{% macro search_form(id, label) %}{{ address }}{% endmacro %}\n",
        },
        config=BASE_CONFIG + "theme: rieng\n",
    )
    result = build_site(site, search=False)
    assert not result.ok
    assert any(
        "macros/search_form.html: tệp macro chỉ chứa các {% macro %}; phần viết ngoài macro (`address`)" in str(p)
        for p in result.report.errors
    ), messages(result)


def test_a_theme_whose_base_html_still_imports_the_old_macros_file_builds_the_same_pages(make_site, tmp_path):
    files = {"content/tin-tuc/a.md": NEWS.format(title="Tin A"), "content/thu-tuc/khai-sinh.md": PROCEDURE}
    plain = make_site(files, name="mac-dinh")
    old_base = '{% import "partials/macros.html" as ui with context %}\n' + (TEMPLATES / "base.html").read_text(encoding="utf-8")
    themed = make_site({**files, "themes/cu/templates/base.html": old_base}, config=BASE_CONFIG + "theme: cu\n", name="giao-dien-cu")
    for site in (plain, themed):
        assert build_site(site, search=False).ok
    for page in ("tin-tuc/a/index.html", "thu-tuc/index.html", "thu-tuc/khai-sinh/index.html", "index.html"):
        assert (themed / "public" / page).read_bytes() == (plain / "public" / page).read_bytes(), page


def test_text_templates_print_as_written_and_markup_ones_escape(make_site):
    """robots.txt is text: `&` stays `&`; the Atom feed is XML: `&` must be `&amp;` there."""
    config = BASE_CONFIG.replace("Sở Thử nghiệm tỉnh Hưng Yên", "Sở Tư pháp & Sở Nội vụ") + "theme: rieng\n"
    site = make_site(
        {
            "content/tin-tuc/a.md": NEWS.format(title="Tin A"),
            "themes/rieng/templates/robots.txt": "# {{ config.organization }}\nUser-agent: *\n",
        },
        config=config,
    )
    assert build_site(site, search=False).ok
    assert (site / "public/robots.txt").read_text(encoding="utf-8") == "# Sở Tư pháp & Sở Nội vụ\nUser-agent: *\n"
    feed = (site / "public/feed.xml").read_text(encoding="utf-8")
    assert "<name>Sở Tư pháp &amp; Sở Nội vụ</name>" in feed and "Sở Tư pháp & Sở" not in feed
