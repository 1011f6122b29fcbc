"""The build cache redoes only what an edit touches, and never makes output differ from a cold build."""

import hashlib
import multiprocessing
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from cchcsite.cache import CACHE_DIR, MemoryCache
from cchcsite.content.routes import plan_routes
from cchcsite.content.site import build_site as make_model
from cchcsite.pipeline import BuildOptions, build
from cchcsite.render.theme import BUILTIN_THEME

from .conftest import NEWS, TODAY, build_site, check_site, copy_demo, messages, tree

START_METHOD = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"  # as cchcsite's own workers


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_keeping_size_and_time(path):
    """As `cp -p`, unzip or rsync -t can: new bytes, same length, the old modification time."""
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    cut = text.rindex(".")
    path.write_text(text[:cut] + "!" + text[cut + 1 :], encoding="utf-8")
    assert path.stat().st_size == before.st_size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def override_template(site, name, old, new):
    """A site-local copy of a built-in template (themes/default/ wins over the package's theme), edited."""
    target = site / "themes/default/templates" / name
    source = target if target.exists() else BUILTIN_THEME / "templates" / name
    text = source.read_text(encoding="utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text.replace(old, new, 1), encoding="utf-8")


def first_news(site):
    return sorted((site / "content/tin-tuc").glob("[!_]*.md"))[0]


def digests(root: Path) -> dict[str, str]:
    """Every output file's hash by its path: three builds' outputs compared without keeping their bytes."""
    return {path: hashlib.sha256(data).hexdigest() for path, data in tree(root).items()}


def differing(one: dict[str, str], other: dict[str, str]) -> list[str]:
    return sorted(path for path in one.keys() | other.keys() if one.get(path) != other.get(path))


def cold_digests(snapshot: str, output: str) -> dict[str, str]:
    """A build from scratch (no cache) of the site as it was after one edit: run in a worker process
    while the next edit is built warm, so the test takes the time of its warm builds, not of all three."""
    result = build_site(Path(snapshot), output=Path(output), cache=False)
    assert result.ok, messages(result)
    return digests(Path(output))


def snapshot(site: Path, folder: Path) -> Path:
    """The site's inputs as they are now (content, data files, static files, themes, config.yaml), for a cold build."""
    for name in ("content", "data", "static", "themes"):
        if (site / name).is_dir():
            shutil.copytree(site / name, folder / name)
    shutil.copy(site / "config.yaml", folder / "config.yaml")
    return folder


def test_warm_builds_after_edits_equal_cold_builds(tmp_path):
    """Each edit is built three ways: warm from the cache on disk; warm from a cache kept in memory,
    told which paths changed as the dev server's watcher tells it; and cold. All three must agree."""
    site = copy_demo(tmp_path)
    warm, told = tmp_path / "warm", tmp_path / "told"
    first = build_site(site, output=warm)
    assert first.ok, messages(first)
    assert first.reused == 0
    memory = MemoryCache()
    assert build(BuildOptions(site_dir=site, output=told, today=TODAY), cache=memory).ok
    news = first_news(site)
    procedure = site / "content/thu-tuc/dang-ky-khai-sinh.md"
    pdf = sorted((site / "static/files").glob("*.pdf"))[0]
    added, renamed, folder = (
        site / "content/tin-tuc/tin-moi-them.md",
        site / "content/tin-tuc/tin-doi-ten.md",
        site / "content/gioi-thieu-them",
    )
    edits = {  # name → (the edit, the paths a watcher reports)
        "nothing changed": (lambda: None, []),
        "a news body": (lambda: news.write_text(news.read_text(encoding="utf-8") + "\nĐoạn bổ sung cuối bài.\n", encoding="utf-8"), [news]),
        "a news title": (lambda: edit(news, "title: ", "title: Cập nhật – "), [news]),
        "same size, old time stamp": (lambda: edit_keeping_size_and_time(news), [news]),
        "a new tag": (lambda: edit(news, "tags:", "tags:\n  - Chủ đề mới thêm"), [news]),
        "an update date": (lambda: edit(news, "tags:", "updated: 2026-03-02\ntags:"), [news]),  # the sitemap's lastmod
        "an old address kept": (lambda: edit(news, "tags:", "aliases: [/tin-cu-them]\ntags:"), [news]),  # _redirects
        "a new item": (lambda: added.write_text(NEWS.format(title="Tin mới thêm"), encoding="utf-8"), [added]),
        "an item renamed": (lambda: added.rename(renamed), [added, renamed]),
        "an item removed": (lambda: renamed.unlink(), [renamed]),
        "a folder of pages": (
            lambda: (folder.mkdir(), (folder / "a.md").write_text("---\ntitle: Trang thêm\n---\nNội dung.\n", encoding="utf-8")),
            [folder],
        ),
        "a folder renamed": (lambda: folder.rename(site / "content/gioi-thieu-moi"), [folder, site / "content/gioi-thieu-moi"]),
        "a procedure fee": (lambda: edit(procedure, 'fee: "Miễn lệ phí', 'fee: "Miễn toàn bộ lệ phí'), [procedure]),
        "an attachment's size": (lambda: pdf.write_bytes(pdf.read_bytes() + b"\n% padding\n" * 300), [pdf]),
        "a section intro": (
            lambda: (site / "content/tin-tuc/_index.md").write_text("---\ntitle: Tin hoạt động\n---\nGiới thiệu mới.\n", encoding="utf-8"),
            [site / "content/tin-tuc/_index.md"],
        ),
        "the brand colour": (
            lambda: edit(site / "config.yaml", "primary_color:", 'primary_color: "#7a1f1f"\n  # old_color:'),
            [site / "config.yaml"],
        ),
        "a template": (
            lambda: override_template(site, "news.html", "<article", '<article data-edited="1"'),
            [site / "themes/default/templates/news.html"],
        ),
    }
    built = []
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context(START_METHOD)) as cold_builds:
        for number, (name, (change, changed)) in enumerate(edits.items()):
            change()
            cold = cold_builds.submit(cold_digests, str(snapshot(site, tmp_path / f"edit-{number}")), str(tmp_path / f"cold-{number}"))
            again = build_site(site, output=warm)
            watched = build(BuildOptions(site_dir=site, output=told, today=TODAY), cache=memory, changed=changed)
            assert again.ok and watched.ok, (name, messages(again), messages(watched))
            built.append((name, digests(warm), digests(told), cold))
            if name == "nothing changed":
                assert again.rendered == 0 and again.reused == len(again.routes.all)
            if name == "a news body":  # the item and the lists, tags, pillar and feeds that show it
                assert 0 < again.rendered <= 12 and again.reused >= 70, (again.rendered, again.reused)
        for name, warm_files, told_files, cold in built:
            cold_files = cold.result()
            assert differing(warm_files, cold_files) == [], f"warm build differs from cold after editing {name}"
            assert differing(told_files, cold_files) == [], f"a build told what changed differs from cold after editing {name}"


def test_the_model_and_routes_read_no_page_body(tmp_path):
    """The dev server keeps its model and routes when saves changed only pages' bodies (text, summary,
    links: Page.differs_only_in_body). Made from pages with every body blanked they must be the same,
    or that shortcut would serve stale lists."""
    checked = check_site(copy_demo(tmp_path))
    site = checked.site
    blanked = [replace(page, body_html="", summary="", links=()) for page in site.pages.values()]
    data = [snapshot for snapshot in site.rankings.snapshots.values() if not snapshot.pages]  # the data files (766 snapshots)
    again, _ = make_model(site.config, site.today, [*blanked, *site.intros.values(), *site.left_out, *data], site.static_files)
    assert replace(again, pages=site.pages) == site
    assert plan_routes(again) == checked.routes


def test_a_build_told_what_changed_reports_what_a_cold_check_reports(tmp_path):
    """The dev server's rebuild after a text edit keeps the checks of the pages it was not told about:
    their problems must still be reported, and the edited page's found."""
    site = copy_demo(tmp_path)
    memory = MemoryCache()
    options = BuildOptions(site_dir=site, output=tmp_path / "told", today=TODAY, search=False)
    assert build(options, cache=memory).ok
    news, other = sorted((site / "content/tin-tuc").glob("[!_]*.md"))[:2]
    body = news.read_text(encoding="utf-8")
    steps = [
        (news, lambda: news.write_text(body + "\nXem [trang cũ](/tin-tuc/khong-con-nua/).\n", encoding="utf-8")),  # a link to nothing
        (other, lambda: other.write_text(other.read_text(encoding="utf-8") + "\nĐoạn thêm.\n", encoding="utf-8")),  # another page's text
        (news, lambda: news.write_text(body, encoding="utf-8")),  # fixed
    ]
    for number, (path, change) in enumerate(steps):
        change()
        told = build(options, cache=memory, changed=[path])
        assert messages(told) == messages(check_site(site)), number
        assert told.ok == (number == 2), (number, messages(told))


def test_cache_is_safe_to_delete_or_damage(tmp_path):
    site = copy_demo(tmp_path)
    assert build_site(site).ok
    expected = tree(site / "public")
    (site / CACHE_DIR / "build.pickle").write_bytes(b"not a pickle")
    assert build_site(site).ok
    assert tree(site / "public") == expected
    (site / CACHE_DIR / "records.pickle").write_bytes(b"\x80\x05truncated")
    damaged = build_site(site)
    assert damaged.ok and damaged.reused == 0  # the records could not be trusted: rebuilt, not half-used
    assert tree(site / "public") == expected
    shutil.rmtree(site / CACHE_DIR)
    again = build_site(site)
    assert again.ok and again.reused == 0
    assert tree(site / "public") == expected


def test_cache_folder_is_ignored_by_git(tmp_path):
    site = copy_demo(tmp_path)
    assert build_site(site).ok
    assert (site / CACHE_DIR / ".gitignore").read_text() == "*\n"


def test_a_fresh_checkout_with_the_cache_restored_builds_warm(tmp_path):
    """CI: each run checks the repository out anew (every file a new inode and time stamp, no
    public/) and restores only `.cchcsite-cache/`. A commit that edits one item renders only the
    pages that show it, and publishes what a cold build would, search index included."""
    site = copy_demo(tmp_path / "first")
    assert build_site(site).ok
    checkout = tmp_path / "checkout"
    shutil.copytree(site, checkout, ignore=shutil.ignore_patterns("public", CACHE_DIR))  # new files, new times
    shutil.copytree(site / CACHE_DIR, checkout / CACHE_DIR)
    shutil.rmtree(site)
    checkout.rename(site)  # CI checks out into the same folder every run
    news = first_news(site)
    edit(news, "title: ", "title: Cập nhật – ")
    warm = build_site(site)
    assert warm.ok, messages(warm)
    assert 0 < warm.rendered <= 40 and warm.reused > 100, (warm.rendered, warm.reused)
    assert warm.search is not None and len(warm.search.reindexed) < len(warm.search.shards) or len(warm.search.shards) == 1
    cold = build_site(site, output=tmp_path / "cold", cache=False)
    assert cold.ok
    assert tree(site / "public") == tree(tmp_path / "cold")
    kept = tree(site / CACHE_DIR / "output")
    assert kept == tree(site / "public"), "the cache's copy of the output is the output"
