"""The photo stage on small photos: upright, no metadata in any published file, widths never
enlarged, names as officers write them, bad files told apart, the store reused (the 12-megapixel
photos an officer's phone takes, in a real browser: test_photos_browser.py)."""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import zlib
from pathlib import Path

import pytest
from PIL import Image

from bench.photo_corpus import GPS_IFD, phone_photo
from cchcsite import images
from cchcsite.render.pictures import SIZES

from .conftest import BASE_CONFIG, build_site, check_site, messages, tree
from .photos import JPEG, PNG, image_bytes

NAME = "Ảnh hội nghị (1).JPG"
RASTER = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".heic")


def news(body: str = "Nội dung.", front: str = "") -> str:
    return f"---\ntitle: Hội nghị\ndate: 2024-07-15\n{front}---\n{body}\n"


@pytest.fixture(scope="module")
def phone_jpeg(tmp_path_factory) -> bytes:
    """A small photo as a phone writes it: stored landscape with Orientation=6 (shown portrait), GPS in its EXIF."""
    return phone_photo(tmp_path_factory.mktemp("phone") / "a.jpg", 800, 600, orientation=6).read_bytes()


def published_rasters(output: Path) -> list[Path]:
    return [p for p in output.rglob("*") if p.suffix.lower() in RASTER]


def pictures(html: str) -> list[str]:
    return re.findall(r"<picture>.*?</picture>", html)


def test_a_phone_photo_is_published_upright_in_widths_and_formats_with_no_metadata_at_all(make_site, phone_jpeg):
    site = make_site(
        {
            "content/tin-tuc/hoi-nghi.md": news("Mở đầu.\n\n![Đại biểu phát biểu](/images/a.jpg)"),
            "static/images/a.jpg": phone_jpeg,
        },
        config=BASE_CONFIG + "images:\n  widths: [240, 480, 1600]\n",
    )
    result = build_site(site)
    assert result.ok, messages(result)
    output = site / "public"
    assert not (output / "images/a.jpg").exists()  # shown, never linked: the original is not published
    files = published_rasters(output)
    names = sorted(p.name.split(".", 2)[-1] for p in files if p.parent.name == "photos")
    # 1600 would enlarge it: 600 instead; and its share image (the page's first photo)
    assert names == ["240.jpg", "240.webp", "480.jpg", "480.webp", "600.jpg", "600.webp", "chia-se.jpg"]
    for file in files:
        with Image.open(file) as opened:
            assert not opened.getexif(), file  # no EXIF: no GPS, camera, time or Orientation left
            assert "icc_profile" not in opened.info and "xmp" not in opened.info, file
            if file.parent.name == "photos" and "chia-se" not in file.name:
                assert opened.height > opened.width, file  # shown portrait, as the phone was held
                top = opened.convert("RGB").getpixel((opened.width // 2, 2))
                assert top[0] > 150 and top[1] < 80, (file, top)  # the stored left edge is now at the top
    html = (output / "tin-tuc/hoi-nghi/index.html").read_text(encoding="utf-8")
    [picture] = pictures(html)
    assert '<source type="image/webp" srcset="../../assets/photos/a.' in picture
    assert re.search(r'srcset="[^"]+ 240w, [^"]+ 480w, [^"]+ 600w"', picture)
    assert 'width="600" height="800"' in picture and 'alt="Đại biểu phát biểu"' in picture
    assert f'sizes="{SIZES}"' in picture and 'loading="lazy" decoding="async"' in picture


def test_names_with_spaces_accents_parentheses_and_upper_case_work_however_written(make_site, phone_jpeg):
    encoded = "/images/%E1%BA%A2nh%20h%E1%BB%99i%20ngh%E1%BB%8B%20(1).JPG"
    body = (
        f"![Góc trái](</images/{NAME}>)\n\n![Góc phải]({encoded})\n\n"
        f'<p><img src="/images/{NAME}" alt="Toàn cảnh"></p>\n\n[Tải ảnh gốc](<{"/images/" + NAME}>)'
    )
    site = make_site(
        {"content/tin-tuc/hoi-nghi.md": news(body, f"image: /images/{NAME}\nimage_alt: Quang cảnh\n")},
        config=BASE_CONFIG,
    )
    folder = site / "static" / unicodedata.normalize("NFD", "ảnh-gốc")
    folder.mkdir(parents=True)
    (folder / unicodedata.normalize("NFD", NAME)).write_bytes(phone_jpeg)  # uploaded from a Mac: NFD on disk
    site.joinpath("static/images").mkdir()
    (site / "static/images" / unicodedata.normalize("NFD", NAME)).write_bytes(phone_jpeg)
    result = build_site(site)
    assert result.ok, messages(result)
    html = (site / "public/tin-tuc/hoi-nghi/index.html").read_text(encoding="utf-8")
    assert len(pictures(html)) == 4  # image:, Markdown (<…> and percent-encoded), raw HTML
    assert html.count('fetchpriority="high"') == 1  # the lead photo only
    clean = site / "public/images" / NAME  # linked on purpose: a clean copy, NFC, at the address written
    with Image.open(clean) as opened:
        assert opened.format == "JPEG" and not opened.getexif() and opened.size == (600, 800)
    assert (site / "public" / "ảnh-gốc" / NAME).is_file()  # named by nothing: published, clean
    assert not any(unicodedata.is_normalized("NFD", p.name) and not p.name.isascii() for p in (site / "public").rglob("*"))


def test_a_name_whose_case_differs_from_the_file_is_an_error_naming_the_real_one(make_site):
    site = make_site(
        {
            "content/tin-tuc/hoi-nghi.md": news("Mở đầu.\n\n![Hội trường](/images/hoi-truong.jpg)"),
            "static/images/hoi-truong.JPG": JPEG,
        }
    )
    result = build_site(site)
    assert not result.ok
    [problem] = [str(p) for p in result.report.errors]
    assert problem.startswith("content/tin-tuc/hoi-nghi.md:7: ảnh `/images/hoi-truong.jpg`: tên tệp thật là `/images/hoi-truong.JPG`")
    assert "Windows" in problem and "404" in problem and "Hãy viết đúng `/images/hoi-truong.JPG`" in problem


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def bomb() -> bytes:
    """A PNG of a few bytes that says it is 40,000 × 40,000 pixels (1.6 gigapixels to decode)."""
    buffer = io.BytesIO()
    Image.new("L", (1, 1)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    header = struct.pack(">II", 40_000, 40_000) + data[24:29]
    data[16:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return bytes(data)


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("cat-ngang.jpg", truncated(image_bytes("JPEG", (400, 300))), "bị hỏng hoặc chưa tải lên hết"),
        ("khong-phai-anh.jpg", "Đây là một tệp văn bản".encode(), "tệp không phải ảnh"),
        ("IMG_0412.HEIC", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 64, "không đọc được ảnh HEIC"),
        ("bom.png", bomb(), "kích thước bất thường (1.600 megapixel)"),
    ],
)
def test_a_bad_photo_is_an_error_at_the_page_that_shows_it_and_the_last_good_site_stays(make_site, name, content, says):
    site = make_site({"content/tin-tuc/a.md": news("Mở đầu.\n\n![Ảnh](/images/tot.png)"), "static/images/tot.png": PNG})
    assert build_site(site).ok
    before = tree(site / "public")
    (site / "content/tin-tuc/a.md").write_text(news(f"Mở đầu.\n\n![Ảnh]({'/images/' + name})"), encoding="utf-8")
    (site / "static/images" / name).write_bytes(content)
    result = build_site(site)
    assert not result.ok
    found = [str(p) for p in result.report.errors]
    assert len(found) == 1 and found[0].startswith(f"content/tin-tuc/a.md:7: ảnh `/images/{name}` (tệp static/images/{name}): "), found
    assert says in found[0], found
    assert tree(site / "public") == before
    assert [str(p) for p in check_site(site).report.errors] == found  # check says the same, writing nothing


def test_a_huge_original_is_published_small_with_a_warning_giving_its_size(make_site, tmp_path):
    huge = tmp_path / "huge.jpg"
    Image.new("RGB", (6000, 4500), (90, 120, 160)).save(huge, "JPEG", quality=80)  # 27 megapixels
    site = make_site({"content/tin-tuc/a.md": news("Mở đầu.\n\n![Ảnh](/images/lon.jpg)"), "static/images/lon.jpg": huge.read_bytes()})
    result = build_site(site)
    assert result.ok
    [warned] = [str(p) for p in result.report.warnings if "rất lớn" in str(p)]
    assert warned.startswith("content/tin-tuc/a.md:7: cảnh báo: ảnh `/images/lon.jpg` (tệp static/images/lon.jpg): ảnh rất lớn (6000×4500")
    assert "27,0 megapixel" in warned
    again = build_site(site)  # from the store: still said
    assert again.photos_encoded == 0 and any("rất lớn" in str(p) for p in again.report.warnings)


def test_a_heic_from_an_iphone_is_shown_and_without_the_heic_reader_the_officer_is_told_to_convert(make_site, monkeypatch):
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (20.0, 39.0, 28.8)})
    Image.new("RGB", (640, 480), (30, 90, 60)).save(buffer, "HEIF", exif=exif.tobytes())
    site = make_site(
        {"content/tin-tuc/a.md": news("Mở đầu.\n\n![Ảnh](/images/IMG_0412.HEIC)"), "static/images/IMG_0412.HEIC": buffer.getvalue()}
    )
    result = build_site(site)
    assert result.ok, messages(result)
    html = (site / "public/tin-tuc/a/index.html").read_text(encoding="utf-8")
    assert 'width="640" height="480"' in pictures(html)[0]
    assert not (site / "public/images/IMG_0412.HEIC").exists()
    monkeypatch.setattr(images, "pillow_heif", None)
    result = build_site(site, cache=False)
    [problem] = [str(p) for p in result.report.errors]
    assert "không đọc được ảnh HEIC" in problem and "chuyển ảnh sang JPG" in problem and problem.startswith("content/tin-tuc/a.md:7:")


def test_a_warm_build_after_a_text_edit_encodes_nothing_and_a_new_photo_only_itself(make_site, phone_jpeg):
    site = make_site(
        {
            "content/tin-tuc/a.md": news("Mở đầu.\n\n![Ảnh](/images/a.jpg)", "image: /images/b.png\nimage_alt: Ảnh b\n"),
            "static/images/a.jpg": phone_jpeg,
            "static/images/b.png": PNG,
        }
    )
    cold = build_site(site)
    assert cold.ok and cold.photos_encoded == 3  # a.jpg's widths; b.png's widths and share image
    photos = {p: p.read_bytes() for p in (site / "public/assets/photos").iterdir()}
    (site / "content/tin-tuc/a.md").write_text(news("Mở đầu đã sửa.\n\n![Ảnh](/images/a.jpg)", "image: /images/b.png\nimage_alt: Ảnh b\n"))
    warm = build_site(site)
    assert warm.ok and warm.photos_encoded == 0 and warm.rendered < cold.rendered
    assert {p: p.read_bytes() for p in (site / "public/assets/photos").iterdir()} == photos
    (site / "static/images/c.jpg").write_bytes(JPEG)
    assert build_site(site).photos_encoded == 1  # named by nothing: its clean copy alone
    (site / "config.yaml").write_text(BASE_CONFIG + "images:\n  quality: 60\n", encoding="utf-8")
    assert build_site(site).photos_encoded == 2  # the widths again; share images and clean copies do not depend on it


def test_workers_and_one_process_make_the_same_bytes(make_site):
    files = {f"static/images/anh-{n}.jpg": image_bytes("JPEG", (500 + n * 10, 400)) for n in range(3)}
    files["content/tin-tuc/a.md"] = news("\n\n".join(f"![Ảnh {n}](/images/anh-{n}.jpg)" for n in range(3)))
    one = make_site(files, name="one")
    two = make_site(files, name="two")
    assert build_site(one, jobs=1).ok and build_site(two, jobs=2).ok
    assert tree(one / "public/assets/photos") == tree(two / "public/assets/photos")


def test_a_transparent_png_keeps_its_transparency_and_is_never_made_a_jpeg(make_site):
    site = make_site(
        {
            "content/tin-tuc/a.md": news("Mở đầu.\n\n![Sơ đồ](/images/so-do.png)"),
            "static/images/so-do.png": image_bytes("PNG", (300, 200), "RGBA"),
        }
    )
    result = build_site(site)
    assert result.ok
    [picture] = pictures((site / "public/tin-tuc/a/index.html").read_text(encoding="utf-8"))
    assert ".300.png" in picture and ".300.webp" in picture and ".jpg" not in picture
    [png] = (site / "public/assets/photos").glob("*.png")
    assert Image.open(png).mode == "RGBA"


def test_images_config_chooses_widths_quality_and_formats_and_says_what_is_wrong(make_site):
    site = make_site(
        {"content/tin-tuc/a.md": news("Mở đầu.\n\n![Ảnh](/images/a.jpg)"), "static/images/a.jpg": image_bytes("JPEG", (500, 400))},
        config=BASE_CONFIG + "images:\n  widths: [200, 400]\n  quality: 60\n  formats: [avif, webp, jpeg]\n",
    )
    result = build_site(site)
    assert result.ok, messages(result)
    [picture] = pictures((site / "public/tin-tuc/a/index.html").read_text(encoding="utf-8"))
    assert picture.index('type="image/avif"') < picture.index('type="image/webp"') < picture.index("<img")
    assert re.search(r'<img src="[^"]+\.400\.jpg" srcset="[^"]+\.200\.jpg 200w, [^"]+\.400\.jpg 400w"', picture)
    for wrong, says in (
        ("images:\n  formats: [webp]\n", "cần có `jpeg`"),
        ("images:\n  widths: [480, 20000]\n", "20000 điểm ảnh là quá rộng"),
        ("images:\n  quality: 120\n", "vượt quá 100"),
        ("images:\n  formats: [gif]\n", "`gif` không hợp lệ"),
    ):
        (site / "config.yaml").write_text(BASE_CONFIG + wrong, encoding="utf-8")
        problem = check_site_message(site)
        assert problem.startswith("config.yaml:") and says in problem, problem


def check_site_message(site: Path) -> str:
    from cchcsite.errors import UsageError

    with pytest.raises(UsageError) as raised:
        check_site(site)
    return str(raised.value)


def test_the_share_image_is_the_pages_own_photo_cut_to_1200_by_630_else_the_sites(make_site, tmp_path):
    photo = phone_photo(tmp_path / "p.jpg", 2000, 1500, orientation=6).read_bytes()
    site = make_site(
        {
            "content/tin-tuc/co-anh.md": news("Mở đầu.", "image: /images/p.jpg\nimage_alt: Quang cảnh hội nghị\n"),
            "content/tin-tuc/anh-trong-bai.md": news("Mở đầu.\n\n![Ảnh](/images/p.jpg)").replace("Hội nghị", "Trong bài"),
            "content/tin-tuc/khong-anh.md": news().replace("Hội nghị", "Không ảnh"),
            "static/images/p.jpg": photo,
            "static/images/chia-se.png": image_bytes("PNG", (1200, 630)),
        },
        config=BASE_CONFIG + "brand:\n  og_image: /images/chia-se.png\n",
    )
    result = build_site(site)
    assert result.ok, messages(result)
    output = site / "public"

    def shared(page: str) -> tuple[str, str]:
        html = (output / page / "index.html").read_text(encoding="utf-8")
        return re.search(r'og:image" content="https://example.gov.vn/cchc/([^"]+)"', html).group(1), html

    own, html = shared("tin-tuc/co-anh")
    assert re.fullmatch(r"assets/photos/p\.\w{10}\.chia-se\.jpg", own)
    assert '<meta property="og:image:width" content="1200">' in html and 'og:image:alt" content="Quang cảnh hội nghị"' in html
    with Image.open(output / own) as cut:
        assert cut.size == (1200, 630) and cut.format == "JPEG" and not cut.getexif()
    assert (output / own).stat().st_size <= 300 * 1024
    assert shared("tin-tuc/anh-trong-bai")[0] == own  # no `image:`: the first photo of its text
    assert re.fullmatch(r"assets/photos/chia-se\.\w{10}\.chia-se\.jpg", shared("tin-tuc/khong-anh")[0])


def test_serve_uses_the_same_stage_and_the_same_store(make_site, phone_jpeg):
    from cchcsite.serve import DevServer

    site = make_site({"content/tin-tuc/a.md": news("Mở đầu.\n\n![Ảnh](/images/a.jpg)"), "static/images/a.jpg": phone_jpeg})
    assert build_site(site).photos_encoded == 2  # its widths, and the page's share image
    server = DevServer(site, port=0, report=lambda line: None)
    try:
        server.start()
        html = (server.output / "tin-tuc/a/index.html").read_text(encoding="utf-8")
        assert len(pictures(html)) == 1
        assert tree(server.output / "assets/photos") == tree(site / "public/assets/photos")
    finally:
        server.stop()


def test_orientation_tag_is_read_from_the_photo_not_from_its_name(make_site, tmp_path):
    stored = phone_photo(tmp_path / "x.jpg", 400, 300, orientation=8).read_bytes()  # turned the other way
    site = make_site({"content/tin-tuc/a.md": news("Mở đầu.\n\n![Ảnh](/images/x.jpg)"), "static/images/x.jpg": stored})
    assert build_site(site).ok
    [webp] = (site / "public/assets/photos").glob("*.webp")
    with Image.open(webp) as shown:
        assert shown.size == (300, 400)
        bottom = shown.convert("RGB").getpixel((150, 397))
        assert bottom[0] > 150 and bottom[1] < 80  # Orientation=8: the stored left edge ends at the bottom


def test_a_photo_uploaded_through_the_cms_goes_to_the_folder_the_stage_reads(make_site, phone_jpeg):
    from cchcsite.cms import cms_config

    site = make_site(
        {
            # what Decap writes: the upload in media_folder, the field names it through public_folder
            "content/tin-tuc/a.md": news("Mở đầu.", "image: /images/IMG_20260115_140327.jpg\nimage_alt: Quang cảnh\n"),
            "static/images/IMG_20260115_140327.jpg": phone_jpeg,
        },
        config=BASE_CONFIG + "cms:\n  backend: test-repo\n",
    )
    result = build_site(site)
    assert result.ok, messages(result)
    decap = cms_config(result.site)
    assert (decap["media_folder"], decap["public_folder"]) == ("static/images", "/images")
    assert len(pictures((site / "public/tin-tuc/a/index.html").read_text(encoding="utf-8"))) == 1
    assert not (site / "public/images/IMG_20260115_140327.jpg").exists()


def test_the_readmes_images_example_is_what_config_yaml_accepts_and_the_defaults(make_site):
    from cchcsite.config import Images

    from .conftest import REPO

    block = re.search(r"```yaml\n(images:\n.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S).group(1)
    site = make_site({"content/tin-tuc/a.md": news()}, config=BASE_CONFIG + block)
    result = check_site(site)
    assert result.ok and not messages(result), messages(result)
    assert result.site.config.images == Images()


def test_a_replaced_photo_leaves_nothing_behind_in_the_store(make_site):
    site = make_site(
        {"content/tin-tuc/a.md": news("Mở đầu.\n\n![Ảnh](/images/a.jpg)"), "static/images/a.jpg": image_bytes("JPEG", (300, 200))}
    )
    assert build_site(site).ok
    store = site / ".cchcsite-cache/images"
    before = {p.name for p in store.rglob("*.*") if p.name != "stamps.pickle"}
    (site / "static/images/a.jpg").write_bytes(image_bytes("JPEG", (320, 200)))
    assert build_site(site).ok
    after = {p.name for p in store.rglob("*.*") if p.name != "stamps.pickle"}
    assert len(after) == len(before) and not before & after


def test_a_markdown_address_with_spaces_is_no_image_and_the_officer_is_told_to_bracket_it(make_site):
    site = make_site({"content/tin-tuc/a.md": news(f"Mở đầu.\n\n![Hội trường](/images/{NAME})"), f"static/images/{NAME}": JPEG})
    result = build_site(site)
    [warned] = [str(p) for p in result.report.warnings if "dấu cách" in str(p)]
    assert warned.startswith(f"content/tin-tuc/a.md:7: cảnh báo: đường dẫn `/images/{NAME}` có dấu cách")
    assert f"`(</images/{NAME}>)`" in warned
