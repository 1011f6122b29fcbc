"""Themes: overridable file by file, brandable from config.yaml alone."""

import re

import pytest

from .conftest import BASE_CONFIG, NEWS, build_site, copy_demo, messages, read

BRAND = """\
brand:
  logo: /images/logo.svg
  banner: UBND tỉnh Hưng Yên – Sở Thử nghiệm
  primary_color: "#7a1f1f"
  footer: Giấy phép số 01/GP-TTĐT
"""


def test_site_theme_template_wins_over_the_built_in_one(make_site):
    site = make_site(
        {
            "content/tin-tuc/a.md": NEWS.format(title="Tin A"),
            "themes/rieng/templates/news.html": '{% extends "base.html" %}{% block content %}<h1 class="rieng">{{ page.title }}</h1>{% endblock %}',
            "themes/rieng/static/css/theme.css": ".rieng { color: #123456; }\n",
        },
        config=BASE_CONFIG + "theme: rieng\n",
    )
    result = build_site(site)
    assert result.ok, messages(result)
    news = read(site / "public/tin-tuc/a/index.html")
    assert '<h1 class="rieng">Tin A</h1>' in news
    assert "Bỏ qua, đến nội dung chính" in news  # base.html still the built-in one
    assert "<h1>Tin tức</h1>" in read(site / "public/tin-tuc/index.html")  # list.html not overridden
    css = next((site / "public/assets").glob("site.*.css")).read_text(encoding="utf-8")
    assert css.index("--color-primary") < css.index(".rieng { color: #123456; }")


def test_unknown_theme_is_a_usage_error(make_site):
    site = make_site({"content/tin-tuc/a.md": NEWS.format(title="A")}, config=BASE_CONFIG + "theme: khong-co\n")
    from cchcsite.errors import UsageError

    with pytest.raises(UsageError, match="themes/khong-co"):
        build_site(site)


def test_agency_brands_the_site_from_config_alone(make_site):
    site = make_site(
        {"content/tin-tuc/a.md": NEWS.format(title="A"), "static/images/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>'},
        config=BASE_CONFIG + BRAND,
    )
    assert build_site(site).ok
    html = read(site / "public/tin-tuc/a/index.html")
    assert '<img class="agency-logo" src="../../images/logo.svg" alt=""' in html
    assert "UBND tỉnh Hưng Yên – Sở Thử nghiệm" in html
    assert "Giấy phép số 01/GP-TTĐT" in html
    css_name = next((site / "public/assets").glob("site.*.css")).name
    assert f'href="../../assets/{css_name}"' in html
    assert "--color-primary:#7a1f1f" in read(site / "public/assets" / css_name)


def test_stylesheet_name_changes_when_its_content_does(make_site):
    site = make_site({"content/tin-tuc/a.md": NEWS.format(title="A")})
    assert build_site(site).ok
    first = next((site / "public/assets").glob("site.*.css")).name
    (site / "config.yaml").write_text(BASE_CONFIG + 'brand:\n  primary_color: "#00625e"\n', encoding="utf-8")
    assert build_site(site).ok
    second = next((site / "public/assets").glob("site.*.css")).name
    assert first != second


def test_demo_site_builds_cleanly_with_everything_the_section_needs(built_demo):
    site, result = built_demo
    assert result.ok, messages(result)
    assert result.report.errors == []
    pages = list(result.site.pages.values())
    news = [p for p in pages if p.kind == "news"]
    assert len(news) >= 12
    assert {p.data.pillar for p in news} == set(result.site.pillars)
    assert result.counts["document"] >= 6
    procedures = [p for p in pages if p.kind == "procedure"]
    assert len(procedures) >= 8 and len({p.data.field for p in procedures}) >= 3
    years = {(p.data.index, p.data.year) for p in pages if p.kind == "index"}
    assert {y for i, y in years if i == "PAR INDEX"} >= {2023, 2024, 2025}
    assert {y for i, y in years if i == "SIPAS"} >= {2023, 2024, 2025}
    assert result.counts["stats"] >= 2
    assert (site / "public/lien-he/index.html").exists()


def test_example_theme_builds_the_demo_site(tmp_path):
    site = copy_demo(tmp_path)
    config = site / "config.yaml"
    config.write_text(read(config) + "\ntheme: xanh-ngoc\n", encoding="utf-8")
    result = build_site(site)
    assert result.ok, messages(result)
    news = next(p for p in result.site.pages.values() if p.kind == "news" and p.summary)
    html = read(site / "public" / news.url.strip("/") / "index.html")
    assert 'class="article article-teal"' in html and "<strong>Tóm tắt:</strong>" in html
    assert "Giao diện xanh ngọc" in read(site / "public/404.html")
    assert "Không tìm thấy trang" in read(site / "public/404.html")  # the built-in block, reached through super()
    css = next((site / "public/assets").glob("site.*.css")).read_text(encoding="utf-8")
    assert "--color-primary: #00625e" in css


def test_every_page_names_an_icon_that_exists(make_site):
    """Without a link rel=icon, browsers ask the server root for /favicon.ico on every page view (a 404)."""
    import posixpath
    import re

    site = make_site({"content/tin-tuc/a.md": NEWS.format(title="Tin")})
    assert build_site(site).ok
    public = site / "public"
    pages = sorted(public.rglob("*.html"))
    assert pages
    for page in pages:
        if page.parent.name == "admin":
            continue
        icon = re.search(r'<link rel="icon" href="([^"]+)">', page.read_text(encoding="utf-8"))
        assert icon, f"{page.relative_to(public)} has no icon link"
        if page.name == "404.html":  # linked from the base path: served at any depth
            target = public / icon.group(1).removeprefix("/cchc/")
        else:
            target = public / posixpath.normpath(posixpath.join(page.parent.relative_to(public).as_posix(), icon.group(1)))
        assert target.is_file(), (page, icon.group(1))


def test_a_theme_overrides_robots_txt_and_the_feed_like_any_template(make_site):
    site = make_site({"content/tin-tuc/a.md": NEWS.format(title="Tin & thông báo")}, config=BASE_CONFIG + "theme: rieng\n")
    theme = site / "themes/rieng/templates"
    theme.mkdir(parents=True)
    (theme / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    (theme / "feed.xml").write_text('{% extends "default:feed.xml" %}\n', encoding="utf-8")
    assert build_site(site).ok
    assert (site / "public/robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"
    feed = (site / "public/feed.xml").read_text(encoding="utf-8")
    assert feed.startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed') and "<title>Tin &amp; thông báo</title>" in feed


def test_a_theme_changes_the_footer_alone_by_overriding_one_block(make_site):
    site = make_site({"content/tin-tuc/a.md": NEWS.format(title="Tin một")}, config=BASE_CONFIG + "theme: chan-trang\n")
    theme = site / "themes/chan-trang/templates"
    theme.mkdir(parents=True)
    (theme / "base.html").write_text(
        '{% extends "default:base.html" %}\n{% block footer %}<footer class="site-footer"><p>Chân trang riêng của Sở</p></footer>{% endblock %}\n',
        encoding="utf-8",
    )
    assert build_site(site).ok
    for page in ("index.html", "tin-tuc/a/index.html", "tin-tuc/index.html"):
        html = (site / "public" / page).read_text(encoding="utf-8")
        assert "Chân trang riêng của Sở" in html and "Theo dõi tin (Atom)" not in html
        assert 'class="site-header"' in html and 'id="noi-dung"' in html  # the rest of the page is the built-in one
    assert "<h1>Tin một</h1>" in (site / "public/tin-tuc/a/index.html").read_text(encoding="utf-8")


def test_breadcrumbs_come_from_the_route_and_the_sections_own_title(make_site):
    site = make_site(
        {
            "content/tin-tuc/_index.md": "---\ntitle: Tin hoạt động của Sở\n---\n",
            "content/tin-tuc/a.md": NEWS.format(title="Tin một"),
        }
    )
    assert build_site(site).ok
    html = (site / "public/tin-tuc/a/index.html").read_text(encoding="utf-8")
    crumbs = html.split('<nav class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="../">Tin hoạt động của Sở</a>' in crumbs and '<li aria-current="page">Tin một</li>' in crumbs


def test_built_in_templates_spell_no_section_address():
    """Section addresses live in content/addresses.py; a template spelling one would keep linking the old address after a move."""
    from cchcsite.content import addresses
    from cchcsite.render.theme import BUILTIN_THEME

    movable = [url for url in addresses.FOR_TEMPLATES.values() if url != addresses.HOME]
    spelled = [
        (path.name, literal)
        for path in (BUILTIN_THEME / "templates").rglob("*.*")
        for literal in re.findall(r"""['"](/[^'"]*)['"]""", read(path))
        if any(literal.startswith(url) for url in movable)
    ]
    assert spelled == []


def test_a_theme_links_a_section_by_its_name(make_site):
    site = make_site(
        {
            "content/tin-tuc/a.md": NEWS.format(title="Tin A"),
            "themes/rieng/templates/news.html": '{% extends "base.html" %}{% block content %}<a class="tthc" href="{{ addresses.procedures|url }}">TTHC</a>{% endblock %}',
        },
        config=BASE_CONFIG + "theme: rieng\n",
    )
    assert build_site(site).ok
    assert '<a class="tthc" href="../../thu-tuc/">' in read(site / "public/tin-tuc/a/index.html")
