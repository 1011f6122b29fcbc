"""Photos as an officer's phone takes them (12 megapixels, GPS in the EXIF, Orientation=6, a name with
spaces and accents), built once, then seen as a citizen's phone sees them: Debian's Chromium at
360 px and device pixel ratio 2, axe-core and the Nu HTML Checker on the page."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image, ImageChops, ImageOps, ImageStat

from bench.photo_corpus import GPS_IFD, phone_photo
from bench.weight import BUDGET_PHOTO, BUDGET_PROCEDURE, page_weight

from .browser import axe_violations, describe_violations, serve_published
from .conftest import BASE_CONFIG, build_site, messages, nu_check, write_site

PORTRAIT, LANDSCAPE = "IMG_0412.jpg", "Ảnh hội nghị (1).JPG"


@pytest.fixture(scope="session")
def phone_photos(tmp_path_factory) -> dict[str, Path]:
    """Made once per test run: 12 MP JPEGs as a phone writes them (stored 4000×3000; the first one held upright)."""
    folder = tmp_path_factory.mktemp("phone-photos")
    return {
        PORTRAIT: phone_photo(folder / PORTRAIT, 4000, 3000, orientation=6, seed=1),
        LANDSCAPE: phone_photo(folder / "landscape.jpg", 4000, 3000, orientation=1, seed=2),
    }


@pytest.fixture(scope="module")
def photo_site(phone_photos, tmp_path_factory):
    body = (
        "Chiều 15/01/2026, Sở Tư pháp tổ chức hội nghị tổng kết công tác cải cách hành chính.\n\n"
        f"![Đại biểu thảo luận tại hội nghị](</images/{LANDSCAPE}>)\n\n"
        "Các đại biểu thống nhất nhiệm vụ năm 2026.\n\n"
        f'<p><img src="/images/{PORTRAIT}" alt="Lãnh đạo Sở phát biểu"></p>\n'
    )
    news = (
        "---\ntitle: Hội nghị tổng kết cải cách hành chính\ndate: 2026-01-15 14:00\n"
        f"image: /images/{PORTRAIT}\nimage_alt: Quang cảnh hội nghị tổng kết\n---\n{body}"
    )
    site = write_site(
        tmp_path_factory.mktemp("photo-site") / "site",
        {
            "content/tin-tuc/hoi-nghi-tong-ket.md": news,
            f"static/images/{PORTRAIT}": phone_photos[PORTRAIT].read_bytes(),
            f"static/images/{LANDSCAPE}": phone_photos[LANDSCAPE].read_bytes(),
        },
        BASE_CONFIG,
    )
    cold = build_site(site)
    assert cold.ok, messages(cold)
    page = site / "public/tin-tuc/hoi-nghi-tong-ket/index.html"
    return site, cold, page


def test_every_photo_has_widths_and_dimensions_and_the_originals_are_not_published(photo_site):
    site, cold, page = photo_site
    html = page.read_text(encoding="utf-8")
    tags = re.findall(r"<img\b[^>]*>", html)
    assert len(tags) == 3
    for tag in tags:
        candidates = re.search(r'srcset="([^"]+)"', tag).group(1).split(", ")
        assert len(candidates) >= 2, tag
        assert re.search(r'width="\d+" height="\d+"', tag), tag
        assert 'decoding="async"' in tag
    assert 'fetchpriority="high"' in tags[0] and 'loading="lazy"' in tags[1] and 'loading="lazy"' in tags[2]
    assert not (site / "public/images").exists()  # shown only: no 4 MB original, nothing that says where it was taken
    assert cold.photos_encoded == 3  # two photos' widths, one share image


def test_no_published_raster_file_carries_gps_or_any_exif(photo_site):
    site, _, _ = photo_site
    rasters = [p for p in (site / "public").rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp")]
    assert len(rasters) >= 16
    for file in rasters:
        with Image.open(file) as opened:
            exif = opened.getexif()
            assert not exif.get_ifd(GPS_IFD) and not exif, file


def test_a_warm_build_after_a_text_edit_encodes_no_photo(photo_site):
    site, cold, page = photo_site
    source = site / "content/tin-tuc/hoi-nghi-tong-ket.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("thống nhất nhiệm vụ", "thống nhất các nhiệm vụ"), encoding="utf-8")
    try:
        warm = build_site(site)
        assert warm.ok and warm.photos_encoded == 0 and warm.rendered < cold.rendered
        assert "thống nhất các nhiệm vụ" in page.read_text(encoding="utf-8")
    finally:
        source.write_text(text, encoding="utf-8")
        assert build_site(site).ok


@pytest.fixture(scope="module")
def phone_page(browser, photo_site):
    """The page at 360 CSS px and 2 device pixels per CSS pixel, every photo scrolled to and loaded."""
    site, cold, _ = photo_site
    base, stop = serve_published(site / "public", prefix=cold.site.config.base_path)
    context = browser.new_context(viewport={"width": 360, "height": 800}, device_scale_factor=2)
    page = context.new_page()
    page.goto(base + "/tin-tuc/hoi-nghi-tong-ket/", wait_until="load")
    for image in page.locator("main img").all():
        image.scroll_into_view_if_needed()
        image.evaluate(
            "img => img.complete && img.naturalWidth ? null : new Promise(done => img.addEventListener('load', done, {once: true}))"
        )
    yield page, site / "public", cold.site.config.base_path
    context.close()
    stop()


def test_at_360_px_and_dpr_2_each_photo_chosen_is_at_most_200_kb_and_shown_the_right_way_up(phone_page):
    page, output, base_path = phone_page
    shown = page.evaluate(
        """() => [...document.querySelectorAll('main img')].map(img => ({src: img.currentSrc, natural: [img.naturalWidth, img.naturalHeight],
                 box: [img.getBoundingClientRect().width, img.getBoundingClientRect().height]}))"""
    )
    assert len(shown) == 3
    for image in shown:
        path = unquote(urlsplit(image["src"]).path).removeprefix(base_path)
        file = output / path
        assert file.suffix == ".webp" and file.stat().st_size <= BUDGET_PHOTO, (image, file.stat().st_size)
        assert image["box"][0] <= 360
    lead, landscape, portrait = shown
    assert lead["natural"][1] > lead["natural"][0] and lead["box"][1] > lead["box"][0]  # Orientation=6: portrait
    assert portrait["box"][1] > portrait["box"][0]
    assert landscape["box"][0] > landscape["box"][1]
    chosen = int(re.search(r"\.(\d+)\.webp$", lead["src"]).group(1))
    assert 656 <= chosen < 1080  # the slot is 328 CSS px: 656 device pixels, and no wider than needed


def test_the_weight_budget_counts_the_photo_each_phone_downloads(phone_page):
    """bench/weight.py picks, for each photo, the file Chromium picks at 360 px DPR 2, and holds it to the budget."""
    page, output, _ = phone_page
    file = output / "tin-tuc/hoi-nghi-tong-ket/index.html"
    weight = page_weight(output, file)
    chosen = [
        (output / unquote(urlsplit(src).path).split("/cchc/", 1)[1]).stat().st_size
        for src in page.evaluate("[...document.querySelectorAll('main img')].map(i => i.currentSrc)")
    ]
    assert weight.photos == chosen
    assert max(weight.photos) <= BUDGET_PHOTO and weight.html_gz + weight.css_js_gz <= BUDGET_PROCEDURE


def test_the_lead_photo_is_drawn_upright_on_the_screen(phone_page):
    """The stored left edge of the photo is red: held upright (Orientation=6), that edge is its top."""
    page, _, _ = phone_page
    lead = page.locator("main img").first
    lead.scroll_into_view_if_needed()
    box = lead.bounding_box()
    shot = page.screenshot(clip={"x": box["x"] + box["width"] / 2 - 5, "y": box["y"] + 2, "width": 10, "height": 4})
    red, green, _ = Image.open(io.BytesIO(shot)).convert("RGB").getpixel((5, 2))
    assert red > 150 and green < 80


def test_the_share_image_is_the_items_own_photo(photo_site, phone_photos):
    site, _, page = photo_site
    html = page.read_text(encoding="utf-8")
    url = re.search(r'<meta property="og:image" content="https://example.gov.vn/cchc/([^"]+)">', html).group(1)
    assert re.fullmatch(r"assets/photos/img-0412\.\w{10}\.chia-se\.jpg", url)
    share = site / "public" / url
    assert share.stat().st_size <= 300 * 1024
    with Image.open(share) as cut, Image.open(phone_photos[PORTRAIT]) as original:
        assert cut.size == (1200, 630)
        expected = ImageOps.fit(ImageOps.exif_transpose(original), (1200, 630), centering=(0.5, 0.4))
        small = [image.convert("RGB").resize((48, 25), Image.BOX) for image in (cut, expected)]
        difference = ImageStat.Stat(ImageChops.difference(*small)).mean
        assert max(difference) < 8, difference  # the same picture, not the site's generic one


def test_a_page_with_photos_has_no_axe_violations_and_no_nu_errors(phone_page, axe_source, photo_site):
    page, _, _ = phone_page
    page.evaluate(axe_source)
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    _, _, file = photo_site
    errors = nu_check([str(file)]).errors([str(file)])
    assert errors == [], "\n".join(errors)
