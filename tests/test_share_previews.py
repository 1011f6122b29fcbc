"""Share previews (Facebook, Zalo) and search-engine snippets: a raster og:image on every page,
every page its own description."""

from __future__ import annotations

import re
from collections import Counter

from .conftest import BASE_CONFIG, build_site, check_site, messages, read
from .photos import JPEG, PNG

OG_IMAGE = re.compile(r'<meta property="og:image" content="([^"]+)">')
DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')


def test_every_page_has_an_existing_raster_og_image_and_procedures_their_own_description(built_demo):
    site, result = built_demo
    assert result.ok, messages(result)
    out = site / "public"
    base = result.site.config.base_url
    pages = [p for p in out.rglob("*.html") if 'http-equiv="refresh"' not in read(p) and "admin" not in p.parts]
    assert len(pages) > 50
    descriptions = {}
    for page in pages:
        html = read(page)
        images = OG_IMAGE.findall(html)
        assert len(images) == 1, page
        assert images[0].startswith(base) and images[0].lower().endswith((".png", ".jpg", ".jpeg", ".webp")), (page, images)
        assert (out / images[0].removeprefix(base)).is_file(), images[0]
        descriptions[page.relative_to(out).as_posix()] = DESCRIPTION.search(html).group(1)
    urls = [p.url for p in result.site.pages.values() if p.kind == "procedure"]
    procedures = {url: descriptions[url.strip("/") + "/index.html"] for url in urls}
    assert len(procedures) >= 8
    assert len(set(procedures.values())) == len(procedures), Counter(procedures.values()).most_common(2)
    # a procedure without a summary of its own is described from its facts
    assert (
        procedures["/thu-tuc/dang-ky-khai-tu/"]
        == "Thủ tục Đăng ký khai tử: nộp trực tuyến toàn trình, giải quyết ngay trong ngày tiếp nhận hồ sơ, phí, lệ phí tùy cách nộp."
    )
    shared = [text for text, count in Counter(descriptions.values()).items() if count > 1]
    assert shared == []


def test_a_raster_image_of_the_page_wins_then_the_configured_one(make_site):
    site = make_site(
        {
            "content/tin-tuc/anh.md": "---\ntitle: Có ảnh\ndate: 2025-01-02\nimage: /images/anh.jpg\nimage_alt: Ảnh\n---\n\nNội dung.\n",
            "content/tin-tuc/khong-anh.md": "---\ntitle: Không ảnh\ndate: 2025-01-03\n---\n\nNội dung khác.\n",
            "static/images/anh.jpg": JPEG,
            "static/images/chia-se.png": PNG,
        },
        config=BASE_CONFIG + "brand:\n  og_image: /images/chia-se.png\n",
    )
    result = build_site(site)
    assert result.ok, messages(result)
    # each cut to the share size from its own photo (photo stage: cchcsite/images.py)
    assert re.fullmatch(
        r"https://example.gov.vn/cchc/assets/photos/anh\.\w{10}\.chia-se\.jpg",
        OG_IMAGE.search(read(site / "public/tin-tuc/anh/index.html")).group(1),
    )
    assert re.fullmatch(
        r"https://example.gov.vn/cchc/assets/photos/chia-se\.\w{10}\.chia-se\.jpg",
        OG_IMAGE.search(read(site / "public/tin-tuc/khong-anh/index.html")).group(1),
    )


def test_check_warns_when_the_configured_share_image_is_svg(make_site):
    site = make_site(
        {"static/images/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"},
        config=BASE_CONFIG + "brand:\n  og_image: /images/logo.svg\n",
    )
    result = check_site(site)
    found = [str(p) for p in result.report.warnings if "og_image" in str(p)]
    assert found and found[0].startswith("config.yaml:") and "PNG hoặc JPG" in found[0], messages(result)


def test_a_share_image_missing_from_static_is_reported_like_the_logo(make_site):
    """Every page would tell Facebook and Zalo to fetch an image that is not there: the same check
    as the logo's, because both fields are declared site paths."""
    site = make_site({}, config=BASE_CONFIG + "brand:\n  og_image: /images/chia-se-cu.png\n")
    result = check_site(site)
    expected = "config.yaml:7: ảnh chia sẻ `/images/chia-se-cu.png` không tồn tại (không có trong thư mục static/)."
    assert any(m.startswith(expected) for m in messages(result)), messages(result)
