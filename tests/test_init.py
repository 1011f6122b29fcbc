"""`cchcsite init`: a new agency's own site, in a repository of its own, published on time."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from cchcsite import __version__
from cchcsite.vi import without_marks

from .conftest import REPO, TODAY_EPOCH, run_cli_here

AGENCY = "Sở Nội vụ tỉnh Gia Lai"
BASE_URL = "https://snv.gialai.gov.vn/cchc/"
# The demo agency, in every spelling a copied file could carry it.
DEMO = ("tư pháp", "hưng yên", "tu phap", "hung yen", "hungyen", "sotuphap", "tuphap", "so-tu-phap", "tu-phap", "hung-yen")
TEXT = (".html", ".xml", ".txt", ".json", ".csv", ".css", ".js", ".yml", ".yaml", ".toml", ".md", ".gitignore")


def init(tmp_path: Path, *extra: str) -> Path:
    folder = tmp_path / "cchc-gia-lai"
    result = run_cli_here("init", str(folder), "--name", AGENCY, "--base-url", BASE_URL, *extra)
    assert result.returncode == 0, result.stderr
    return folder


def demo_strings(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and (path.suffix in TEXT or path.name in TEXT):
            text = without_marks(path.read_text(encoding="utf-8")).lower()
            found += [f"{path.relative_to(root)}: {word}" for word in DEMO if without_marks(word) in text]
    return found


def test_a_new_site_builds_without_a_warning_and_holds_nothing_of_the_demo_agency(tmp_path):
    site = init(tmp_path)
    names = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert names == [
        ".github/workflows/pages.yml",
        ".gitignore",
        ".gitlab-ci.yml",
        "README.md",
        "config.yaml",
        "content/_index.md",
        "content/lien-he.md",
        "netlify.toml",
        "netlify/plugins/cchcsite-cache/index.js",
        "netlify/plugins/cchcsite-cache/manifest.yml",
        "requirements.txt",
    ]
    result = run_cli_here("build", "--site", str(site))
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and "· 0 cảnh báo ·" in result.stdout, result.stdout + result.stderr
    assert demo_strings(site) == []  # the site's files and everything built from them

    home = (site / "public/index.html").read_text(encoding="utf-8")
    assert AGENCY in home and f'<link rel="canonical" href="{BASE_URL}">' in home
    menu = re.findall(r'<nav class="site-nav".*?</nav>', home, re.S)[0]
    assert re.findall(r"<a href=\"([^\"]+)\"", menu) == ["tin-tuc/", "van-ban/", "thu-tuc/", "chi-so/", "thong-ke/", "lien-he/"]
    ignored = (site / ".gitignore").read_text(encoding="utf-8").split()
    assert {"public/", ".cchcsite-cache/"} <= set(ignored)


def test_the_contact_page_shows_config_yaml_contacts_written_once(tmp_path):
    site = init(tmp_path)
    config = site / "config.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  hotline:\n", '  hotline: "0269 3 822 222"\n').replace("  email:\n", "  email: snv@gialai.gov.vn\n")
    config.write_text(text, encoding="utf-8")
    assert run_cli_here("build", "--site", str(site)).returncode == 0
    page = (site / "public/lien-he/index.html").read_text(encoding="utf-8")
    block = page.split('<div class="contact-page">', 1)[1].split("</section>", 1)[0]
    assert "0269 3 822 222" in block and "mailto:snv@gialai.gov.vn" in block
    assert "0269 3 822 222" not in (site / "content/lien-he.md").read_text(encoding="utf-8")
    assert page.count('id="thong-tin-lien-he"') == 1 and page.count('id="lien-he-chan-trang"') == 1  # footer's block too, ids unique


def cron_in_vietnam(cron: str) -> str:
    minute, hour, *rest = cron.split()
    assert rest == ["*", "*", "*"], cron
    moment = datetime(2026, 7, 1, int(hour), int(minute), tzinfo=UTC).astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    return f"{moment:%H:%M}"


def test_ci_files_parse_pin_one_version_keep_the_cache_and_rebuild_just_after_midnight(tmp_path):
    site = init(tmp_path)
    pins = [line for line in (site / "requirements.txt").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert pins == [f"cchcsite @ git+https://github.com/cchcsite/cchcsite@v{__version__}"]

    github = yaml.safe_load((site / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    triggers = github.get("on", github.get(True))  # YAML 1.1 reads a bare `on` as true
    assert [cron_in_vietnam(entry["cron"]) for entry in triggers["schedule"]] == ["00:05"]  # GitHub's cron is UTC
    steps = github["jobs"]["build"]["steps"]
    assert {"run": "pip install -r requirements.txt"} in steps
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"].split() == [".cchcsite-cache", ".cache/decap-cms"] and cache["with"]["restore-keys"]
    assert github["jobs"]["build"]["env"]["CCHCSITE_DECAP_DIR"] == ".cache/decap-cms"
    assert 'if grep -q "^cms:" config.yaml; then cchcsite fetch-cms; fi' in [step.get("run") for step in steps]  # the editor's bundle
    runs = [step.get("run", "") for step in steps]
    assert runs.index("pip install -r requirements.txt") < next(i for i, run in enumerate(runs) if run.startswith("cchcsite build"))

    gitlab_text = (site / ".gitlab-ci.yml").read_text(encoding="utf-8")
    pages = yaml.safe_load(gitlab_text)["pages"]
    assert pages["script"][0] == "pip install -r requirements.txt" and pages["script"][-1].startswith("cchcsite build")
    assert {".cchcsite-cache/", ".cache/decap-cms/"} <= set(pages["cache"]["paths"])
    assert pages["variables"]["CCHCSITE_DECAP_DIR"] == "$CI_PROJECT_DIR/.cache/decap-cms" and "cchcsite fetch-cms" in pages["script"][1]
    assert {"if": '$CI_PIPELINE_SOURCE == "schedule"'} in pages["rules"]
    # GitLab's schedule lives in its settings, with its own time zone: the file says what to enter
    assert re.search(r"Interval pattern: 5 0 \* \* \*\s+Cron timezone: Asia/Ho_Chi_Minh", gitlab_text)
    assert pages["artifacts"]["paths"] == ["public"]

    netlify = tomllib.loads((site / "netlify.toml").read_text(encoding="utf-8"))
    assert netlify["build"]["publish"] == "public" and netlify["build"]["command"].endswith('cchcsite build --base-url "$URL/"')
    assert (
        "cchcsite fetch-cms" in netlify["build"]["command"] and netlify["build"]["environment"]["CCHCSITE_DECAP_DIR"] == ".cache/decap-cms"
    )
    plugin = site / netlify["plugins"][0]["package"]
    assert yaml.safe_load((plugin / "manifest.yml").read_text(encoding="utf-8")) == {"name": "cchcsite-cache"}
    script = (plugin / "index.js").read_text(encoding="utf-8")
    assert 'const CACHE = [".cchcsite-cache", ".cache/decap-cms"];' in script
    assert "utils.cache.restore(CACHE)" in script and "utils.cache.save(CACHE)" in script
    node = subprocess.run(["node", "--check", str(plugin / "index.js")], capture_output=True, text=True) if _has("node") else None
    assert node is None or node.returncode == 0, node and node.stderr

    # the version lives in requirements.txt only: no CI file installs cchcsite any other way
    for ci in (".github/workflows/pages.yml", ".gitlab-ci.yml", "netlify.toml"):
        text = (site / ci).read_text(encoding="utf-8")
        assert "git+" not in text and "cchcsite==" not in text and __version__ not in text, ci

    readme = (site / "README.md").read_text(encoding="utf-8")
    assert "build_hooks" in readme and "Asia/Ho_Chi_Minh" in readme  # Netlify: a build hook called on a schedule


def _has(program: str) -> bool:
    return any((Path(folder) / program).is_file() for folder in os.environ.get("PATH", "").split(os.pathsep))


def test_another_install_source_is_written_in_the_one_place(tmp_path):
    mirror = "cchcsite @ git+https://git.example.gov.vn/cchc/cchcsite@v9.9.9"
    site = init(tmp_path, "--install", mirror)
    assert mirror in (site / "requirements.txt").read_text(encoding="utf-8").splitlines()


def test_without_a_terminal_what_is_missing_is_a_usage_error_and_nothing_is_written(tmp_path):
    folder = tmp_path / "moi"
    result = run_cli_here("init", str(folder), "--name", AGENCY)
    assert result.returncode == 2
    assert "thiếu --base-url" in result.stderr and "--base-url https://" in result.stderr
    assert not folder.exists()
    result = run_cli_here("init", str(folder), "--name", AGENCY, "--base-url", "snv.gialai.gov.vn")
    assert result.returncode == 2 and "không phải địa chỉ web đầy đủ" in result.stderr
    assert not folder.exists()


def test_a_folder_with_files_is_never_overwritten(tmp_path):
    folder = tmp_path / "co-san"
    folder.mkdir()
    (folder / "config.yaml").write_text("title: Cũ\n", encoding="utf-8")
    result = run_cli_here("init", str(folder), "--name", AGENCY, "--base-url", BASE_URL)
    assert result.returncode == 2 and "không ghi đè" in result.stderr
    assert (folder / "config.yaml").read_text(encoding="utf-8") == "title: Cũ\n"


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_on_a_terminal_it_asks_in_vietnamese_for_what_is_missing(tmp_path):
    import pty
    import termios

    folder = tmp_path / "hoi"
    main, terminal = pty.openpty()
    echo = termios.tcgetattr(terminal)
    echo[3] &= ~termios.ECHO  # only the questions come back, not the answers typed
    termios.tcsetattr(terminal, termios.TCSANOW, echo)
    env = {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-m", "cchcsite", "init", str(folder)], stdin=terminal, stdout=terminal, stderr=terminal, env=env
    )
    os.close(terminal)
    answers = iter(["", AGENCY, BASE_URL, "", "", "0269 3 822 222", ""])  # Enter on a required question asks it again
    seen = b""
    try:
        while child.poll() is None or select.select([main], [], [], 0)[0]:
            ready, _, _ = select.select([main], [], [], 10)
            assert ready, f"no question within 10 s: {seen.decode('utf-8', 'replace')}"
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the child closed the terminal
                break
            seen += chunk
            if seen.endswith(b": "):  # a question waits for its answer
                os.write(main, (next(answers) + "\n").encode("utf-8"))
                seen += b"\n"
    finally:
        os.close(main)
        child.wait(timeout=30)
    text = seen.decode("utf-8", "replace")
    assert child.returncode == 0, text
    assert text.count("Tên cơ quan") == 2 and "Địa chỉ của chuyên mục" in text and "Đường dây nóng (Enter để bỏ qua)" in text
    config = (folder / "config.yaml").read_text(encoding="utf-8")
    assert f"organization: {AGENCY}" in config and f"base_url: {BASE_URL}" in config
    assert 'hotline: "0269 3 822 222"' in config or "hotline: 0269 3 822 222" in config
