"""The command line as officers and CI use it."""

import tomllib

from cchcsite.cli import COMMANDS

from .conftest import NEWS, REPO, run_cli, run_cli_here


def test_help_is_available_for_every_command():
    top = run_cli_here("--help")
    assert top.returncode == 0 and "LỆNH" in top.stdout
    for command in COMMANDS:  # every verb the tool has, each with its Vietnamese help
        result = run_cli_here(command.NAME, "--help")
        assert result.returncode == 0, command.NAME
        takes_site = getattr(command, "TAKES_SITE", True)  # `init DIR` names the folder it creates instead
        assert ("--site" in result.stdout) == takes_site and command.HELP.split()[0] in result.stdout, command.NAME
        assert command.NAME in top.stdout


def test_unknown_option_is_a_usage_error():
    result = run_cli_here("build", "--khong-co")
    assert result.returncode == 2
    assert "lỗi" in result.stderr


def test_build_prints_one_summary_line_with_counts_and_left_out_pages(make_site):
    site = make_site(
        {"content/tin-tuc/a.md": NEWS.format(title="A"), "content/tin-tuc/b.md": "---\ntitle: B\ndate: 2024-01-01\ndraft: true\n---\n"}
    )
    result = run_cli("build", "--site", str(site))  # a real process: its whole stdout, Pagefind's included
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Đã dựng 1 trang nội dung (tin tức 1)")
    assert "bỏ qua 1" in lines[0] and "giây" in lines[0]
    assert "content/tin-tuc/b.md: bỏ qua: bản nháp (draft: true)" in result.stderr


def test_check_writes_nothing_and_reports_errors(make_site):
    site = make_site({"content/tin-tuc/a.md": "---\ntitle: A\n---\n"})
    result = run_cli_here("check", "--site", str(site))
    assert result.returncode == 1
    assert "content/tin-tuc/a.md:2: `date`: thiếu trường bắt buộc" in result.stderr
    assert not (site / "public").exists()


def test_netlify_builds_with_the_readme_command_and_publishes_public():
    config = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    assert config["build"]["command"] == "python3 build.py"
    assert config["build"]["publish"] == "public"
    assert "python3 build.py" in (REPO / "README.md").read_text(encoding="utf-8")
    headers = {h["for"]: h["values"] for h in config["headers"]}
    assert "Content-Security-Policy" not in headers["/*"]  # per path in the built _headers (test_security.py)
    assert headers["/*"]["X-Content-Type-Options"] == "nosniff"
    assert headers["/*"]["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["/*"]["Permissions-Policy"]
    assert headers["/assets/*"]["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Cache-Control" not in headers["/*"]  # Netlify joins matching rules: HTML keeps its short default


def test_ci_runs_exactly_the_readme_test_command():
    assert "python3 build.py test" in (REPO / "README.md").read_text(encoding="utf-8")
    assert (REPO / ".ci/run").read_text().strip().endswith("python3 build.py test")


def test_pages_workflows_build_with_the_readme_command_and_publish_public():
    import yaml

    github = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    steps = github["jobs"]["build"]["steps"]
    assert any(step.get("run", "").startswith("python3 build.py --base-url") for step in steps)
    assert any(step.get("with", {}).get("path") == "public" for step in steps)
    assert github["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    gitlab = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["pages"]["script"][0].startswith("python3 build.py --base-url")
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]


def test_pages_build_dry_run_under_a_project_sub_path(make_site):
    """What the Pages workflows run: a build whose base_url is the project's Pages address."""
    site = make_site({"content/tin-tuc/a.md": NEWS.format(title="A")})
    result = run_cli_here("build", "--site", str(site), "--base-url", "https://so-tu-phap.github.io/cchc/")
    assert result.returncode == 0, result.stderr
    html = (site / "public/tin-tuc/a/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://so-tu-phap.github.io/cchc/tin-tuc/a/">' in html
    assert "Sitemap: https://so-tu-phap.github.io/cchc/sitemap.xml" in (site / "public/robots.txt").read_text()
