"""The search stage without a browser: what goes into the Pagefind index, `--no-search`, and a
failed index never costing the last good site. Real queries run in tests/test_search_browser.py."""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import pytest

from cchcsite import search
from cchcsite.search import STROKE, index_document, index_spelling

from .conftest import PROCEDURE, build_site, messages, run_cli_here, sharded_news, tree


def test_the_index_spells_d_with_stroke_as_a_mark_pagefind_strips():
    assert index_spelling("Đăng ký đất đai") == f"D{STROKE}ăng ký d{STROKE}ất d{STROKE}ai"
    assert index_spelling("cải cách") == "cải cách"  # tone marks: Pagefind folds them itself


@pytest.fixture(scope="module")
def demo(built_demo):
    site, result = built_demo
    assert result.ok, messages(result)
    return site, result


def test_build_writes_a_pagefind_bundle_of_every_content_page_and_nothing_else(demo):
    site, result = demo
    bundle = site / "public" / "pagefind"
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-worker.js").is_file()
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["version"] == "1.5.2" and list(entry["languages"]) == ["vi"]
    content_pages = sum(result.counts.values())
    assert result.search.pages == content_pages == entry["languages"]["vi"]["page_count"]
    assert len(list((bundle / "fragment").iterdir())) == content_pages  # lists, tags, home: not indexed
    assert not list(bundle.glob("pagefind-*ui*")) and not (bundle / "pagefind-highlight.js").exists()
    for page in (site / "public").rglob("*.html"):  # the folded spelling never reaches a published page
        assert STROKE not in page.read_text(encoding="utf-8"), page


def test_the_copy_pagefind_reads_is_made_and_removed_wherever_it_goes(make_site, monkeypatch):
    """In memory (/dev/shm) when there is room, else beside the output: either way nothing of it
    is left behind (a copy left in /dev/shm would hold the machine's memory until a reboot)."""
    made: list[Path] = []
    real = search.tempfile.mkdtemp

    def noting(*args, **kwargs):
        path = real(*args, **kwargs)
        if str(kwargs.get("prefix", "")).startswith(search.SCRATCH_PREFIX):
            made.append(Path(path))
        return path

    monkeypatch.setattr(search.tempfile, "mkdtemp", noting)
    site = make_site({"content/thu-tuc/dang-ky-khai-sinh.md": PROCEDURE})
    for _ in range(2):  # a build, then one with the cache
        result = build_site(site)
        assert result.ok and result.search.pages == 1, messages(result)
    assert len(made) >= 1 and [path for path in made if path.exists()] == []
    assert made[0].parent == Path("/dev/shm") or made[0].is_relative_to(site)  # beside the staged output


def test_index_copy_holds_main_content_folded_with_metadata_and_unfolded_filters(demo):
    site, result = demo
    page = result.site.pages["content/thu-tuc/dang-ky-khai-sinh.md"]
    rendered = (site / "public/thu-tuc/dang-ky-khai-sinh/index.html").read_text(encoding="utf-8")
    copy = index_document(page, rendered)
    assert "<main data-pagefind-body>" in copy
    assert f'data-pagefind-meta="title[content]" content="D{STROKE}ăng ký khai sinh"' in copy
    assert 'data-pagefind-filter="kind[content]" content="Thủ tục hành chính"' in copy
    assert 'data-pagefind-filter="field[content]" content="Hộ tịch"' in copy
    assert 'data-pagefind-filter="level[content]" content="Cấp xã"' in copy
    assert 'data-pagefind-filter="online[content]" content="Toàn trình"' in copy
    assert f"<title>D{STROKE}ăng ký khai sinh</title>" in copy
    body = copy.split("<main data-pagefind-body>", 1)[1]
    assert f"d{STROKE}" in body and 'class="site-header"' not in copy and "site-footer" not in copy
    assert '<nav data-pagefind-ignore class="breadcrumbs"' in body


def test_a_procedure_is_indexed_with_the_words_citizens_call_it_by(demo):
    """ "Đăng ký khai tử" carries "giấy chứng tử" (cchcsite's list of citizens' words), folded like the rest."""
    site, result = demo
    page = result.site.pages["content/thu-tuc/dang-ky-khai-tu.md"]
    keywords = result.site.search_keywords(page)
    assert {"giấy chứng tử", "chứng tử"} <= set(keywords)
    copy = index_document(page, (site / "public/thu-tuc/dang-ky-khai-tu/index.html").read_text(encoding="utf-8"), keywords=keywords)
    assert 'data-pagefind-meta="keywords[content]" content="giấy chứng tử, chứng tử, ' in copy
    lltp = result.site.pages["content/thu-tuc/cap-phieu-ly-lich-tu-phap.md"]
    assert "lltp" in result.site.search_keywords(lltp) and "lltp" not in result.site.search_keywords(page)


def test_no_search_skips_the_index(make_site):
    site = make_site({"content/thu-tuc/dang-ky-khai-sinh.md": PROCEDURE})
    result = run_cli_here("build", "--site", str(site), "--no-search")
    assert result.returncode == 0, result.stderr
    assert (site / "public/tim-kiem/index.html").is_file() and not (site / "public/pagefind").exists()
    assert "--no-search" in run_cli_here("build", "--help").stdout


def test_a_failed_index_fails_the_build_and_keeps_the_last_good_site(make_site, monkeypatch):
    site = make_site({"content/thu-tuc/dang-ky-khai-sinh.md": PROCEDURE})
    assert build_site(site, cache=False).ok
    before = tree(site / "public")
    assert any(p.startswith("pagefind/") for p in before)
    (site / "content/thu-tuc/dang-ky-khai-sinh.md").write_text(
        PROCEDURE.replace("Đăng ký khai sinh", "Đăng ký khai sinh (mới)"), encoding="utf-8"
    )
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    result = build_site(site, cache=False)
    assert not result.ok
    assert any(m.startswith("pagefind: Pagefind không lập được chỉ mục tìm kiếm") for m in messages(result)), messages(result)
    after = tree(site / "public")
    assert after == before
    assert not [p for p in site.iterdir() if p.name.startswith(".public")]


def test_cached_rebuild_reindexes_the_whole_site_and_drops_stale_index_files(make_site):
    files = {f"content/tin-tuc/tin-{i}.md": f"---\ntitle: Tin số {i}\ndate: 2024-07-1{i}\n---\nNội dung tin số {i}.\n" for i in range(1, 4)}
    site = make_site({**files, "content/thu-tuc/dang-ky-khai-sinh.md": PROCEDURE})
    assert build_site(site).ok
    bundle = site / "public/pagefind"
    first = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    (site / "content/tin-tuc/tin-1.md").write_text("---\ntitle: Tin số 1 đã sửa\ndate: 2024-07-11\n---\nĐã sửa.\n", encoding="utf-8")
    (site / "content/tin-tuc/tin-3.md").unlink()
    again = build_site(site)
    assert again.ok and again.reused > 0  # updated in place
    now = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    assert len([name for name in now if name.startswith("fragment/")]) == 3  # 2 news + 1 procedure, no stale fragment
    assert now != first
    fresh = make_site(
        {
            **{k: v for k, v in files.items() if "tin-3" not in k},
            "content/tin-tuc/tin-1.md": "---\ntitle: Tin số 1 đã sửa\ndate: 2024-07-11\n---\nĐã sửa.\n",
            "content/thu-tuc/dang-ky-khai-sinh.md": PROCEDURE,
        },
        name="fresh",
    )
    assert build_site(fresh, cache=False).ok

    def fragments(folder):
        return sorted(p.name for p in (folder / "public/pagefind/fragment").iterdir())

    assert fragments(site) == fragments(fresh)  # fragment names are content hashes: same pages, same files
    # the search page names the new index's files, re-rendered or not
    hints = preloaded(site / "public")
    assert hints and all((site / "public/tim-kiem" / href.split("?")[0]).resolve().is_file() for href in hints), hints
    assert any("/index/" in href for href in hints) and any(".pf_meta" in href for href in hints)
    assert hints == preloaded(fresh / "public")


def preloaded(output: Path) -> list[str]:
    page = (output / "tim-kiem/index.html").read_text(encoding="utf-8")
    return re.findall(r'<link rel="(?:module)?preload" href="([^"]+)"', page)


def test_search_page_loads_its_script_and_tells_it_where_the_bundle_is(demo):
    site, _ = demo
    page = (site / "public/tim-kiem/index.html").read_text(encoding="utf-8")
    assert '<script type="module" src="../assets/js/search.' in page
    assert 'data-bundle="../pagefind/" data-root="../"' in page
    policy = html.unescape(page)  # the CSP sits in an attribute, its quotes escaped
    assert "'wasm-unsafe-eval'" in policy and "worker-src 'self' blob:" in policy
    assert 'role="status" aria-live="polite"' in page
    home = (site / "public/index.html").read_text(encoding="utf-8")
    runnable = re.sub(r'<script type="application/ld\+json">.*?</script>', "", home)  # JSON-LD is data, never run
    # other pages run one small script: a search box's focus prefetches the search files
    assert runnable.count("<script") == 1 and '<script type="module" src="assets/js/warm-search.' in runnable
    assert 'action="tim-kiem/"' in home and 'name="q"' in home


def test_pagefind_binary_is_the_pinned_wheel():
    binary = search.pagefind_binary()
    assert binary is not None and binary.is_file() and os.access(binary, os.X_OK)
    pins = (Path(__file__).resolve().parents[1] / "requirements.txt").read_text(encoding="utf-8")
    assert "pagefind==1.5.2" in pins and "pagefind-bin==1.5.2" in pins


def test_bundle_is_rewritten_in_a_stable_order_so_builds_are_byte_identical(demo):
    """Pagefind writes filter values in hash-map order (a known Pagefind issue); the stage sorts them."""
    site, _ = demo
    bundle = site / "public" / "pagefind"
    filters = {}
    for path in (bundle / "filter").glob("*.pf_filter"):
        name, values = search._read_pagefind(path)
        assert [value for value, _ in values] == sorted(value for value, _ in values)
        filters[name] = dict(values)
    assert set(filters) == {"kind", "field", "level", "online", "code"}  # code: search.js finds a named procedure by it
    assert "Hộ tịch" in filters["field"] and "Toàn trình" in filters["online"]
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = search._read_pagefind(bundle / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta")
    assert [name for name, _ in meta[3]] == sorted(filters)
    assert {f"{hash_}.pf_filter" for _, hash_ in meta[3]} == {p.name for p in (bundle / "filter").iterdir()}


def test_a_sharded_index_is_rebuilt_only_where_pages_changed_and_equals_a_cold_build(make_site, monkeypatch):
    """Above search.SHARD_ABOVE pages the index is split into shards, each a Pagefind bundle (here
    with shards of 8 pages so a small site has several); an edit re-indexes only its shard."""
    monkeypatch.setattr(search, "SHARD_ABOVE", 0)
    monkeypatch.setattr(search, "SHARD_PAGES", 8)
    files = {**sharded_news(30), "content/thu-tuc/dang-ky-khai-sinh.md": PROCEDURE}
    site = make_site(files)
    first = build_site(site)
    assert first.ok, messages(first)
    folders = sorted(first.search.shards)
    assert folders == ["", "1-4/", "2-4/", "3-4/"] and set(first.search.reindexed) == set(folders)  # 31 pages: 4 shards
    bundle = site / "public/pagefind"
    counts = {
        folder: json.loads((bundle / folder / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["vi"]["page_count"]
        for folder in folders
    }
    assert sum(counts.values()) == 31 and min(counts.values()) > 0
    listing = json.loads((bundle / "shards.json").read_text(encoding="utf-8"))
    assert listing["shards"] == [{"path": folder} for folder in folders[1:]]
    assert "hai" not in listing["words"] and "tin" in listing["words"]  # "Hải" comes with the edit below
    hints = preloaded(site / "public")
    assert all((site / "public/tim-kiem" / href.split("?")[0]).resolve().is_file() for href in hints), hints
    assert {f"../pagefind/{folder}pagefind-entry.json" for folder in folders} <= {href.split("?")[0] for href in hints}
    before = tree(site / "public")

    edited = "content/tin-tuc/tin-04.md"
    (site / edited).write_text(files[edited].replace("Nội dung tin số 4.", "Nội dung tin số 4, đã sửa: Đèo Hải Vân."), encoding="utf-8")
    again = build_site(site)
    assert again.ok and again.reused > 0
    owner = next(folder for folder, _ in _shard_of(again, "/tin-tuc/tin-04/"))
    assert again.search.reindexed == (owner,)
    listing = json.loads((bundle / "shards.json").read_text(encoding="utf-8"))
    # which shards hold a word (a bit mask over the shards, base 36): "hai" only the edited page's
    assert int(listing["masks"][listing["words"].index("hai")], 36) == 1 << folders.index(owner)
    after = tree(site / "public")
    untouched = [folder for folder in folders if folder and folder != owner]
    for folder in untouched:  # the other shards' files are the very same
        assert {k: v for k, v in after.items() if k.startswith(f"pagefind/{folder}")} == {
            k: v for k, v in before.items() if k.startswith(f"pagefind/{folder}")
        }
    assert after != before

    fresh = make_site({**files, edited: (site / edited).read_text(encoding="utf-8")}, name="fresh")
    cold = build_site(fresh, cache=False)
    assert cold.ok
    assert after == tree(fresh / "public")  # same bytes as a cold build, index and hints included

    monkeypatch.setattr(search, "SHARD_ABOVE", 10_000)  # back to one index: no shard left behind
    assert build_site(site).ok and build_site(fresh, cache=False).ok
    assert tree(site / "public") == tree(fresh / "public") and not (bundle / "1-4").exists()


def _shard_of(result, url: str):
    pages = search.indexed_pages(result.site, result.routes)
    page_keys = {page.url: "" for page in pages}
    for shard in search.plan_shards(pages, page_keys, above=0):
        if any(page.url == url for page in shard.pages):
            yield shard.folder, shard


def spelling_orders(bundle: Path) -> dict[str, list[str]]:
    """Every word of every index chunk below `bundle` → its accented spellings, in the order listed."""
    orders = {}
    for path in bundle.rglob("*.pf_index"):
        raw = search.gzip.decompress(path.read_bytes())
        [entries], _ = search._cbor_decode(raw, len(search.SIGNATURE))
        for word, _, spellings in entries:
            orders[word] = [form for form, _ in spellings]
    return orders


def page_places(bundle: Path) -> dict[str, int]:
    """Each indexed page (its URL) → its place in shards.json, whatever order Pagefind numbered it in."""
    listing = json.loads((bundle / "shards.json").read_text(encoding="utf-8"))
    places = {}
    for folder, steps in zip(["", *(shard["path"] for shard in listing["shards"])], listing["pages"]):
        urls = json.loads((bundle / folder / search.PAGES_FILE).read_text(encoding="utf-8"))
        place = 0
        for url, step in zip(urls, steps.split(","), strict=True):
            place += int(step, 36)
            places[url] = place
    return places


def test_a_sharded_index_ranks_alike_whatever_file_system_held_its_copy(make_site, monkeypatch):
    """Pagefind numbers pages in the order the file system lists the index copy (tmpfs and ext4
    differ): the shards' places (URL order) and every word's spellings (code point order) are
    read or set after it ran, so a build on /dev/shm and one on a disk folder rank alike."""
    monkeypatch.setattr(search, "SHARD_ABOVE", 0)
    monkeypatch.setattr(search, "SHARD_PAGES", 8)
    words = ["hôn", "hơn", "hỗn", "hờn"]  # four spellings of `hon`, met in a different order on each page
    files = {
        f"content/tin-tuc/tin-{i:02d}.md": f"---\ntitle: Tin {i}\ndate: 2024-01-1{i % 10}\n---\n{' '.join(words[i % 4 :] + words[: i % 4])} số {i}.\n"
        for i in range(40)
    }
    built = {}
    for name, scratch in (("memory", Path("/dev/shm")), ("disk", None)):
        if scratch is not None and not scratch.is_dir():
            pytest.skip("no /dev/shm on this machine")
        site = make_site(files, name=name)
        monkeypatch.setattr(search, "_scratch_parent", lambda fallback, scratch=scratch: scratch or fallback)
        result = build_site(site)
        assert result.ok and len(result.search.shards) > 2, messages(result)
        built[name] = site / "public/pagefind"
    memory, disk = (spelling_orders(bundle) for bundle in built.values())
    assert memory["hon"] == disk["hon"] == sorted(words)
    assert all(forms == sorted(forms) for forms in disk.values())
    places = page_places(built["disk"])
    assert places == page_places(built["memory"])
    assert [url for url, _ in sorted(places.items(), key=lambda pair: pair[1])] == sorted(places)  # URL order
    listings = [json.loads((bundle / search.SHARDS_FILE).read_text(encoding="utf-8")) for bundle in built.values()]
    assert listings[0]["words"] == listings[1]["words"] and listings[0]["masks"] == listings[1]["masks"]


def test_one_index_lists_spellings_in_one_order_too(built_demo):
    site, _ = built_demo
    orders = spelling_orders(site / "public/pagefind")
    assert any(len(forms) > 1 for forms in orders.values())
    assert all(forms == sorted(forms) for forms in orders.values())


def test_another_pagefind_version_gets_one_index_as_it_wrote_it_and_a_warning(make_site, monkeypatch, tmp_path):
    """search.py reads and rewrites Pagefind's private files, written for search.FORMAT_VERSION:
    with another Pagefind (here the real binary reporting 1.6.0) the site is not sharded, its
    files are left as Pagefind wrote them, the build warns once and the search still works."""
    real = search.pagefind_binary()
    fake = tmp_path / "pagefind"
    fake.write_text(f'#!/bin/sh\nif [ "$1" = "--version" ]; then echo "pagefind 1.6.0"; exit 0; fi\nexec "{real}" "$@"\n', encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    monkeypatch.setattr(search, "SHARD_ABOVE", 0)
    monkeypatch.setattr(search, "SHARD_PAGES", 8)
    site = make_site(sharded_news(30))
    result = build_site(site)
    assert result.ok, messages(result)
    [problem] = result.report.warnings
    assert str(problem).startswith("pagefind: cảnh báo: Pagefind 1.6.0 không phải bản 1.5.2")
    assert "không được chia phần" in problem.message and "pip install -r requirements.txt" in problem.message
    bundle = site / "public/pagefind"
    assert list(result.search.shards) == [""] and not [path for path in bundle.iterdir() if path.is_dir() and "-" in path.name]
    assert not (bundle / search.WORDS_FILE).exists() and not (bundle / search.PAGES_FILE).exists()
    assert json.loads((bundle / "shards.json").read_text(encoding="utf-8")) == {"shards": []}
    assert (bundle / "pagefind.js").is_file() and result.search.pages == 30
    monkeypatch.setattr(search, "FORMAT_VERSION", "1.6.0")  # as if cchcsite knew that version: sharded again
    assert len(build_site(site).search.shards) == 4
