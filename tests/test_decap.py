"""The Decap CMS bundle: fetched only by `cchcsite fetch-cms` (checked, unpacked safely), never by
`build`, `check` or `serve`, which stay as fast offline as a site without the editor."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import socket
import tarfile
import threading
import time
import urllib.error
from pathlib import Path

import pytest

from cchcsite import decap
from cchcsite.serve import DevServer

from .conftest import BASE_CONFIG, NEWS, build_site, check_site, messages, run_cli_here, write_site

EDITOR = BASE_CONFIG + "cms:\n  backend: test-repo\n"
HANG_SECONDS = 3600


@pytest.fixture
def offline(tmp_path, monkeypatch):
    """No bundle in the cache, an `npm` first on PATH that logs its start and then hangs (as npm
    does offline), and every connection to another host refused and logged."""
    monkeypatch.setenv("CCHCSITE_DECAP_DIR", str(tmp_path / "empty-decap-cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-user-cache"))
    folder = tmp_path / "fake-bin"
    folder.mkdir()
    started = tmp_path / "npm-started.log"
    npm = folder / "npm"
    npm.write_text(f'#!/bin/sh\necho "$@" >> "{started}"\nexec sleep {HANG_SECONDS}\n', encoding="utf-8")
    npm.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}:{os.environ['PATH']}")
    connections: list[object] = []
    connect = socket.socket.connect

    def refused(self, address):
        if isinstance(address, tuple) and address[0] not in ("127.0.0.1", "::1", "localhost"):
            connections.append(address)
            raise OSError("no network in this test")
        return connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", refused)
    return started, connections


def finishes_without_npm(action, started: Path, timeout: float = 120):
    """Run `action` and return what it returns; fail as soon as npm starts (instead of waiting for it)."""
    done: dict[str, object] = {}

    def run():
        try:
            done["value"] = action()
        except BaseException as exc:  # re-raised in the test's thread
            done["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while thread.is_alive() and time.monotonic() < deadline:
        assert not started.exists(), f"npm was started: {started.read_text(encoding='utf-8')}"
        thread.join(0.02)
    assert not started.exists(), "npm was started"
    assert not thread.is_alive(), f"still running after {timeout} s"
    if "error" in done:
        raise done["error"]  # type: ignore[misc]
    return done["value"]


def editor_site(make_site) -> Path:
    return make_site({f"content/tin-tuc/tin-{n}.md": NEWS.format(title=f"Tin số {n}") for n in range(3)}, EDITOR)


def test_an_offline_build_never_starts_npm_and_warns_once_with_what_to_run(make_site, offline):
    started, connections = offline
    site = editor_site(make_site)
    result = finishes_without_npm(lambda: build_site(site), started)
    assert result.ok, messages(result)
    [problem] = result.report.warnings
    assert problem.path == "config.yaml" and problem.line == EDITOR.splitlines().index("cms:") + 1
    assert f"chưa có Decap CMS {decap.VERSION}" in problem.message and "`cchcsite fetch-cms`" in problem.message
    assert "các trang khác vẫn được dựng" in problem.message
    assert (site / "public/tin-tuc/tin-1/index.html").is_file()
    page = (site / "public/admin/index.html").read_text(encoding="utf-8")
    assert 'id="cms-missing" hidden' in page and "cchcsite fetch-cms" in page  # admin.js shows it without the bundle
    assert not (site / "public/admin/decap-cms.js").exists()
    assert finishes_without_npm(lambda: check_site(site), started).ok
    assert connections == []


def test_an_offline_serve_save_never_starts_npm(make_site, offline):
    started, connections = offline
    site = editor_site(make_site)
    server = DevServer(site, port=0, report=lambda line: None)
    first = finishes_without_npm(server.start, started)  # (not stopped if this fails: it would wait for the start)
    try:
        assert first.ok, first.errors
        before = server.broadcast.generation

        def save():
            (site / "content/tin-tuc/tin-1.md").write_text(NEWS.format(title="Tin số 1 đã sửa"), encoding="utf-8")
            while True:  # the pages, then the search index
                updates = server.broadcast.wait(before, 30)
                if any(update.search_only or not update.ok for _, update in updates) or len(updates) >= 2:
                    return updates

        updates = finishes_without_npm(save, started)
        assert all(update.ok for _, update in updates), [update.errors for _, update in updates]
        assert "/tin-tuc/tin-1/" in updates[0][1].rendered
    finally:
        server.stop()
    assert connections == []


# --- fetch-cms -----------------------------------------------------------------------------


def tarball(files: dict[str, bytes | str]) -> bytes:
    """A package tarball; a str value is a symbolic link to it."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in files.items():
            member = tarfile.TarInfo(name)
            if isinstance(content, str):
                member.type, member.linkname = tarfile.SYMTYPE, content
                archive.addfile(member)
            else:
                member.size = len(content)
                archive.addfile(member, io.BytesIO(content))
    return buffer.getvalue()


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


class Registry:
    """Stands in for the npm registry: records the URLs asked for, answers with `data` or raises."""

    def __init__(self, data: bytes = b"", error: Exception | None = None):
        self.data, self.error, self.asked = data, error, []

    def __call__(self, url: str, timeout: float):
        self.asked.append((url, timeout))
        if self.error:
            raise self.error
        return io.BytesIO(self.data)


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache" / "decap-cms"
    monkeypatch.setenv("CCHCSITE_DECAP_DIR", str(folder))
    monkeypatch.delenv("npm_config_registry", raising=False)
    monkeypatch.delenv("NPM_CONFIG_REGISTRY", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return folder


def test_fetch_keeps_the_bundle_and_only_safe_names_inside_the_cache(cache, tmp_path, monkeypatch):
    data = tarball(
        {
            "package/package.json": b"{}",
            "package/dist/decap-cms.js": b'console.log("decap-cms-app")',
            "package/dist/decap-cms.js.LICENSE.txt": b"MIT",
            "package/dist/1234.decap-cms.js": b"chunk",
            "package/dist/decap-cms.js.map": b"map",
            "package/dist/cms.js": b"the same bundle again",
            "package/dist/../../escaped.js": b"outside",
            "package/dist/..\\..\\escaped-windows.js": b"outside",
            "/package/dist/absolute.js": b"outside",
            "package/dist/sub/nested.js": b"nested",
            "package/dist/link.js": "../../../../../etc/passwd",
        }
    )
    monkeypatch.setattr(decap, "INTEGRITY", integrity(data))
    registry = Registry(data)
    found = decap.fetch(registry)
    assert registry.asked == [(f"https://registry.npmjs.org/decap-cms/-/decap-cms-{decap.VERSION}.tgz", decap.TIMEOUT_SECONDS)]
    assert sorted(found.files) == ["1234.decap-cms.js", "decap-cms.js", "decap-cms.js.LICENSE.txt"]
    assert sorted(path.name for path in cache.iterdir()) == [".complete", "1234.decap-cms.js", "decap-cms.js", "decap-cms.js.LICENSE.txt"]
    written = {path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*") if path.is_file()}
    assert not [name for name in written if "escaped" in name or "absolute" in name or "nested" in name or "passwd" in name]
    assert decap.fetch(Registry(error=AssertionError("fetched again"))) == found  # already there: no download


def test_a_tarball_that_is_not_the_pinned_one_is_never_unpacked(cache):
    data = tarball({"package/dist/decap-cms.js": b"not what was pinned"})
    with pytest.raises(decap.FetchFailed) as failed:
        decap.fetch(Registry(data))
    assert "không đúng mã kiểm tra đã ghim" in str(failed.value)
    assert not cache.exists() and decap.cached() is None
    assert [path.name for path in cache.parent.iterdir()] == []  # no temporary folder left either


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (urllib.error.URLError(TimeoutError("timed out")), "timed out"),
        (urllib.error.HTTPError("https://registry.npmjs.org/x", 404, "Not Found", None, None), "máy chủ trả lời 404"),  # type: ignore[arg-type]
    ],
)
def test_a_failed_download_says_what_to_check_and_leaves_no_cache(cache, error, said):
    with pytest.raises(decap.FetchFailed) as failed:
        decap.fetch(Registry(error=error))
    message = str(failed.value)
    assert said in message and "kiểm tra kết nối tới kho npm" in message and decap.VERSION in message
    assert decap.cached() is None


def test_a_configured_registry_is_used_as_npm_would(cache, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / ".npmrc").write_text("fund=false\nregistry = https://npm.example.gov.vn/repository/npm/\n", encoding="utf-8")
    assert decap.tarball_url(decap.registry()) == f"https://npm.example.gov.vn/repository/npm/decap-cms/-/decap-cms-{decap.VERSION}.tgz"
    monkeypatch.setenv("npm_config_registry", "https://mirror.example.vn")
    assert decap.registry() == "https://mirror.example.vn"
    registry = Registry(error=urllib.error.URLError("refused"))
    with pytest.raises(decap.FetchFailed):
        decap.fetch(registry)
    assert registry.asked[0][0] == f"https://mirror.example.vn/decap-cms/-/decap-cms-{decap.VERSION}.tgz"


def test_fetch_cms_command_reports_in_vietnamese(cache, monkeypatch, tmp_path):
    monkeypatch.setattr("urllib.request.urlopen", Registry(error=urllib.error.URLError("Name or service not known")))
    failed = run_cli_here("fetch-cms")
    assert failed.returncode == 1
    assert failed.stderr.splitlines()[-1].startswith(f"Decap CMS: không tải được Decap CMS {decap.VERSION} từ https://registry.npmjs.org/")
    data = tarball({"package/dist/decap-cms.js": b"bundle"})
    monkeypatch.setattr(decap, "INTEGRITY", integrity(data))
    monkeypatch.setattr("urllib.request.urlopen", Registry(data))
    done = run_cli_here("fetch-cms")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Decap CMS {decap.VERSION}: 1 tệp (0,0 MB) trong {cache}"
    site = write_site(tmp_path / "site", {"content/tin-tuc/a.md": NEWS.format(title="Tin")}, EDITOR)
    result = build_site(site)
    assert result.ok and result.report.warnings == [], messages(result)
    assert (site / "public/admin/decap-cms.js").read_bytes() == b"bundle"


def test_build_py_fetches_the_bundle_in_its_set_up_only_for_a_site_with_the_editor(make_site, monkeypatch):
    """`python3 build.py` is the one step that goes online: it runs fetch-cms before building a site
    whose config.yaml has `cms:` (and before the tests), never for one without."""
    import build

    calls: list[list[str]] = []
    monkeypatch.setattr(build.subprocess, "call", lambda command, **options: calls.append(command) or 0)
    with_editor, without = editor_site(make_site), make_site({"content/tin-tuc/a.md": NEWS.format(title="A")}, BASE_CONFIG, "plain")
    build.ensure_decap(Path("python"), build.site_folder(["--site", str(without)]))
    assert calls == []
    build.ensure_decap(Path("python"), build.site_folder(["--site", str(with_editor), "--drafts"]))
    build.ensure_decap(Path("python"))
    assert calls == [["python", "-m", "cchcsite", "fetch-cms"]] * 2


def test_a_cached_bundle_of_another_version_is_fetched_again(cache, monkeypatch):
    """A CI cache (CCHCSITE_DECAP_DIR) kept from before the pin moved holds the old bundle: it is
    not served, and fetch-cms replaces it."""
    cache.mkdir(parents=True)
    (cache / "decap-cms.js").write_bytes(b"the old bundle")
    (cache / decap.COMPLETE).write_text("3.15.0\n", encoding="utf-8")
    assert decap.cached() is None and "chưa có Decap CMS" in decap.bundle().problem
    data = tarball({"package/dist/decap-cms.js": b"the pinned bundle"})
    monkeypatch.setattr(decap, "INTEGRITY", integrity(data))
    found = decap.fetch(Registry(data))
    assert found.files["decap-cms.js"].read_bytes() == b"the pinned bundle"
    assert (cache / decap.COMPLETE).read_text(encoding="utf-8").strip() == decap.VERSION
