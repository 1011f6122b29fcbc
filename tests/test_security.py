"""One Content-Security-Policy for meta tags and Netlify headers; the CMS admin gets its own,
and in real Chromium neither the pages nor the admin report a violation."""

import html
import re

from .browser import RECORD_CSP_VIOLATIONS, csp_violations, serve_published
from .conftest import BASE_CONFIG, NEWS, build_site, messages

CMS = "cms:\n  backend: github\n  repo: so-tu-phap/cchc\n  branch: main\n"


def rules(text: str) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for line in text.splitlines():
        if line and not line[0].isspace():
            current = found.setdefault(line.strip(), {})
        elif line.strip():
            name, _, value = line.strip().partition(":")
            current[name] = value.strip()
    return found


def cms_site(make_site):
    return make_site(
        {
            "content/tin-tuc/a.md": NEWS.format(title="A"),
            "content/lien-he.md": "---\ntitle: Liên hệ\n---\nGọi chúng tôi.\n",
            "static/files/a.pdf": b"%PDF-1.4\n",
        },
        config=BASE_CONFIG + CMS,
    )


def test_headers_cover_every_top_level_path_and_spare_the_admin(make_site):
    site = cms_site(make_site)
    result = build_site(site)
    assert result.ok, messages(result)
    headers = rules((site / "public/_headers").read_text(encoding="utf-8"))
    for pattern in ("/", "/tin-tuc/*", "/lien-he/*", "/files/*", "/assets/*", "/404.html", "/feed.xml"):
        assert "frame-ancestors 'self'" in headers[pattern]["Content-Security-Policy"], pattern
        assert "unpkg" not in headers[pattern]["Content-Security-Policy"]
    assert not any(pattern.startswith("/admin") and pattern != "/admin/*" for pattern in headers)
    admin = headers["/admin/*"]["Content-Security-Policy"]
    # what Decap needs and no more: its schema compiler evals, Emotion injects styles; only the
    # GitHub API (and Netlify's sign-in) besides the site itself
    assert "script-src 'self' 'unsafe-eval';" in admin and "style-src 'self' 'unsafe-inline';" in admin
    assert "connect-src 'self' blob: https://api.github.com https://api.netlify.com;" in admin
    assert set(re.findall(r"https://[^ ;]+", admin)) == {"https://api.github.com", "https://api.netlify.com"}
    admin_page = html.unescape((site / "public/admin/index.html").read_text(encoding="utf-8"))
    admin_meta = admin.removesuffix("; frame-ancestors 'self'")
    assert f'<meta http-equiv="Content-Security-Policy" content="{admin_meta}">' in admin_page
    meta = html.unescape((site / "public/tin-tuc/a/index.html").read_text(encoding="utf-8"))
    policy = headers["/tin-tuc/*"]["Content-Security-Policy"].removesuffix("; frame-ancestors 'self'")
    assert f'<meta http-equiv="Content-Security-Policy" content="{policy}">' in meta
    script_sources = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_sources


def test_pages_and_the_cms_admin_load_without_csp_violations(make_site, browser):
    site = cms_site(make_site)
    assert build_site(site).ok
    base, stop = serve_published(site / "public", prefix="/cchc/")
    page = browser.new_page()
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    blocked_by_policy = []
    page.on("console", lambda message: blocked_by_policy.append(message.text) if "Content Security Policy" in message.text else None)
    try:
        for url in ("/", "/tin-tuc/a/", "/tim-kiem/?q=dang+ky", "/admin/"):
            page.goto(base + url, wait_until="load")
            assert csp_violations(page) == [], url
        assert blocked_by_policy == []  # the admin's CDN script is allowed (offline here, so it only fails to download)
    finally:
        page.close()
        stop()


def test_the_readme_nginx_example_sends_the_policies_the_build_writes(make_site):
    """The README's nginx example (site under /cchc/, self-hosted GitLab for the admin) says exactly
    what `_headers` says for the same config: one source, no hand-copied drift."""
    from .conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    nginx = readme.split("```nginx", 1)[1].split("```", 1)[0]
    blocks = dict(re.findall(r"location (/cchc/[a-z]*/?) \{(.*?)\n  \}", nginx, re.DOTALL))
    sent = {where: re.search(r'Content-Security-Policy "([^"]+)"', body) for where, body in blocks.items()}
    gitlab = "cms:\n  backend: gitlab\n  repo: so-tu-phap/cchc\n  base_url: https://git.example.gov.vn\n  app_id: x\n"
    site = make_site({"content/tin-tuc/a.md": NEWS.format(title="A")}, config=BASE_CONFIG + gitlab)
    result = build_site(site)
    assert result.ok, messages(result)
    headers = rules((site / "public/_headers").read_text(encoding="utf-8"))
    assert sent["/cchc/"].group(1) == headers["/tin-tuc/*"]["Content-Security-Policy"]
    assert sent["/cchc/admin/"].group(1) == headers["/admin/*"]["Content-Security-Policy"]


def test_render_workers_write_through_the_same_guard_as_the_writer(tmp_path):
    """Workers write pages themselves (no hand-off to the parent): the lexical guard is theirs too."""
    import pytest

    from cchcsite.write import staged_path

    assert staged_path(str(tmp_path), "tin-tuc/a/index.html") == str(tmp_path / "tin-tuc/a/index.html")
    for escaping in ("../x.html", "/etc/passwd", "tin-tuc/../../x", "C:/x", "..\\x"):
        with pytest.raises(ValueError):
            staged_path(str(tmp_path), escaping)
