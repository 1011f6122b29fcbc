"""Photos from officers' phones: what a cold build costs per photo and per megapixel, how a warm
build after a text edit compares (target: at most half the cold build), and what a phone at
360 px, device pixel ratio 2 downloads for each photo (target: at most 200 KB).

    python bench/photos.py [PHOTOS] [--jobs N]

Each photo is a 12-megapixel JPEG as a phone writes it (bench/photo_corpus.py: GPS, Orientation,
4 MB); each is the `image:` of its own news item and shown again in the item's text.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.photo_corpus import phone_photo  # noqa: E402
from cchcsite.pipeline import BuildOptions, build  # noqa: E402

CONFIG = "title: Cải cách hành chính\norganization: Sở Thử nghiệm\nbase_url: https://example.gov.vn/cchc/\n"
TEXT_PAGES = 40
LOADED = "img => img.complete && img.naturalWidth ? null : new Promise(done => img.addEventListener('load', done, {once: true}))"


def write_site(site: Path, photos: list[Path], with_photos: bool) -> None:
    (site / "content/tin-tuc").mkdir(parents=True)
    (site / "config.yaml").write_text(CONFIG, encoding="utf-8")
    for number in range(TEXT_PAGES):
        (site / f"content/tin-tuc/tin-{number}.md").write_text(
            f"---\ntitle: Tin số {number}\ndate: 2025-03-{number % 28 + 1:02d}\n---\nNội dung tin số {number}.\n", encoding="utf-8"
        )
    for number, photo in enumerate(photos):
        name = f"Ảnh hội nghị ({number}).JPG"
        front = f"image: /images/{name}\nimage_alt: Quang cảnh hội nghị {number}\n" if with_photos else ""
        body = f"\n\n![Đại biểu phát biểu](</images/{name}>)\n" if with_photos else ""
        (site / f"content/tin-tuc/hoi-nghi-{number}.md").write_text(
            f"---\ntitle: Hội nghị số {number}\ndate: 2026-01-{number % 28 + 1:02d}\n{front}---\nHội nghị số {number}.{body}",
            encoding="utf-8",
        )
        if with_photos:
            (site / "static/images").mkdir(parents=True, exist_ok=True)
            shutil.copy(photo, site / "static/images" / name)


def timed_build(site: Path, jobs: int | None) -> tuple[float, object]:
    started = time.perf_counter()
    result = build(BuildOptions(site_dir=site, jobs=jobs, search=False))
    assert result.ok, [str(p) for p in result.report.problems]
    return time.perf_counter() - started, result


def chosen_bytes(site: Path, base_path: str) -> list[int] | None:
    """Bytes of each photo Chromium picks at 360 px, DPR 2 (None when Chromium or Playwright is missing)."""
    try:
        from playwright.sync_api import sync_playwright

        from tests.browser import CHROMIUM, CHROMIUM_ARGS, serve_published
    except ImportError:
        return None
    if not Path(CHROMIUM).exists():
        return None
    base, stop = serve_published(site / "public", prefix=base_path)
    sizes = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_context(viewport={"width": 360, "height": 800}, device_scale_factor=2).new_page()
            for item in ("hoi-nghi-0", "hoi-nghi-1"):  # a landscape photo, then a portrait one (Orientation=6)
                page.goto(f"{base}/tin-tuc/{item}/", wait_until="load")
                for image in page.locator("main img").all():
                    image.scroll_into_view_if_needed()
                    image.evaluate(LOADED)
                for source in page.evaluate("[...document.querySelectorAll('main img')].map(img => img.currentSrc)"):
                    sizes.append((site / "public" / source.split("/cchc/", 1)[1]).stat().st_size)
            browser.close()
    finally:
        stop()
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("photos", type=int, nargs="?", default=6)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        photos = [phone_photo(folder / f"p{n}.jpg", 4000, 3000, orientation=6 if n % 2 else 1, seed=n) for n in range(args.photos)]
        megapixels = args.photos * 12.0
        original_mb = sum(p.stat().st_size for p in photos) / 1024 / 1024
        plain, with_photos = folder / "plain", folder / "photos"
        write_site(plain, photos, with_photos=False)
        write_site(with_photos, photos, with_photos=True)
        baseline, _ = timed_build(plain, args.jobs)
        cold, result = timed_build(with_photos, args.jobs)
        source = with_photos / "content/tin-tuc/hoi-nghi-0.md"
        source.write_text(source.read_text(encoding="utf-8").replace("Hội nghị số 0.", "Hội nghị số 0, đã sửa."), encoding="utf-8")
        warm, again = timed_build(with_photos, args.jobs)
        published = sum(p.stat().st_size for p in (with_photos / "public/assets/photos").iterdir()) / 1024 / 1024
        stage = cold - baseline
        print(f"{args.photos} photos of 12 MP ({original_mb:.1f} MB as taken), {result.photos_encoded} products encoded cold")
        print(f"cold build {cold:.2f} s (the same site without photos: {baseline:.2f} s)")
        print(
            f"  photos: {stage:.2f} s, {stage / args.photos:.3f} s per photo, {stage / megapixels * 1000:.0f} ms per megapixel (wall time)"
        )
        print(f"warm build after a text edit: {warm:.2f} s = {warm / cold:.2f}× the cold build ({again.photos_encoded} encoded)")
        print(f"published for the photos: {published:.1f} MB (originals not published)")
        chosen = chosen_bytes(with_photos, result.site.config.base_path)
        if chosen is None:
            print("bytes at 360 px DPR 2: Chromium or Playwright missing")
        else:
            print("bytes at 360 px DPR 2 (Chromium currentSrc): " + ", ".join(f"{size / 1024:.0f} KB" for size in chosen))
        verdict = "within" if warm <= 0.5 * cold and (chosen is None or max(chosen) <= 200 * 1024) else "OVER"
        print(f"{verdict} target: warm ≤ 0.5× cold, ≤ 200 KB per photo at 360 px DPR 2")


if __name__ == "__main__":
    main()
