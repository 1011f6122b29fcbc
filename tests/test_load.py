"""Files as officers save them: BOM, CRLF, NFD, other encodings, folders → kinds."""

import unicodedata

from .conftest import BASE_CONFIG, NEWS, build_site, messages


def read(site, url_path):
    return (site / "public" / url_path).read_text(encoding="utf-8")


def test_bom_crlf_and_nfd_are_accepted_and_normalised(make_site):
    nfd_title = unicodedata.normalize("NFD", "Hội nghị tổng kết cải cách hành chính")
    raw = ("\ufeff" + NEWS.format(title=nfd_title)).replace("\n", "\r\n").encode("utf-8")
    site = make_site({"content/tin-tuc/hoi-nghi.md": raw})
    result = build_site(site)
    assert result.ok, messages(result)
    html = read(site, "tin-tuc/hoi-nghi/index.html")
    assert "<h1>Hội nghị tổng kết cải cách hành chính</h1>" in html
    assert unicodedata.is_normalized("NFC", html)
    assert "\r" not in html


def test_windows_1258_file_is_refused_with_a_clear_message(make_site):
    site = make_site(
        {"content/tin-tuc/cu.md": (NEWS.format(title="Tin cũ về cải cách") + "Nội dung có dấu").encode("cp1258", errors="replace")}
    )
    result = build_site(site)
    assert not result.ok
    assert any(m.startswith("content/tin-tuc/cu.md:") and "không phải UTF-8" in m for m in messages(result))
    assert not (site / "public").exists()


def test_utf16_file_is_refused(make_site):
    site = make_site({"content/tin-tuc/utf16.md": NEWS.format(title="Tin").encode("utf-16")})
    result = build_site(site)
    assert any("content/tin-tuc/utf16.md:1: tệp được lưu dạng UTF-16" in m for m in messages(result))


def test_kinds_come_from_folders_and_sections_can_rename_them(make_site):
    site = make_site(
        {
            "content/tin-bai/a.md": NEWS.format(title="Tin từ thư mục tin-bai"),
            "content/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nVề chúng tôi.\n",
            "content/khac/b.md": "---\ntitle: Tin khai báo loại\nkind: news\ndate: 2024-01-02\n---\nNội dung.\n",
            "content/tin-tuc/_nhap.md": "---\n---\nkhông phải trang\n",
        },
        config=BASE_CONFIG + "sections:\n  tin-bai: news\n",
    )
    result = build_site(site)
    assert result.ok, messages(result)
    assert result.counts == {"news": 2, "page": 1}
    assert (site / "public/tin-tuc/a/index.html").exists()
    assert (site / "public/tin-tuc/b/index.html").exists()
    assert (site / "public/gioi-thieu/index.html").exists()
    assert not (site / "public/tin-tuc/nhap").exists()


def test_drafts_publish_and_expiry_dates_leave_pages_out_and_say_why(make_site):
    site = make_site(
        {
            "content/tin-tuc/nhap.md": "---\ntitle: Bản nháp\ndate: 2024-07-15\ndraft: true\n---\n",
            "content/tin-tuc/sau.md": "---\ntitle: Sắp đăng\ndate: 2024-07-15\npublish_date: 2027-01-01\n---\n",
            "content/tin-tuc/het.md": "---\ntitle: Hết hạn\ndate: 2024-07-15\nexpiry_date: 2025-01-01\n---\n",
            "content/tin-tuc/dang.md": NEWS.format(title="Đang đăng"),
        }
    )
    result = build_site(site)
    assert result.ok
    assert {left.source: left.reason for left in result.left_out} == {
        "content/tin-tuc/het.md": "đã hết hạn hiển thị từ 01/01/2025",
        "content/tin-tuc/nhap.md": "bản nháp (draft: true)",
        "content/tin-tuc/sau.md": "chưa đến ngày đăng 01/01/2027",
    }
    assert not (site / "public/tin-tuc/nhap").exists()
    assert (site / "public/tin-tuc/dang/index.html").exists()
    with_drafts = build_site(site, drafts=True)
    assert (site / "public/tin-tuc/nhap/index.html").exists()
    assert len(with_drafts.left_out) == 2


def test_a_draft_with_mistakes_does_not_block_the_build(make_site):
    site = make_site(
        {"content/tin-tuc/nhap.md": "---\ntitle: Bản nháp\ndraft: true\n---\n", "content/tin-tuc/a.md": NEWS.format(title="A")}
    )
    result = build_site(site)
    assert result.ok
    assert any("content/tin-tuc/nhap.md:2: cảnh báo: `date`: thiếu trường bắt buộc" in m for m in messages(result))


def test_time_without_offset_is_in_the_site_timezone(make_site):
    site = make_site({"content/tin-tuc/dem.md": "---\ntitle: Tin đêm\ndate: 2024-08-05 23:30\n---\nNội dung.\n"})
    assert build_site(site).ok
    assert "05/08/2024" in read(site, "tin-tuc/dem/index.html")
    feed = read(site, "feed.xml")
    assert "<published>2024-08-05T23:30:00+07:00</published>" in feed


def test_iso_date_with_another_offset_is_shown_in_the_site_timezone(make_site):
    site = make_site({"content/tin-tuc/utc.md": "---\ntitle: Tin UTC\ndate: 2024-08-05T20:00:00Z\n---\nNội dung.\n"})
    assert build_site(site).ok
    assert "06/08/2024" in read(site, "tin-tuc/utc/index.html")
    assert "2024-08-06T03:00:00+07:00" in read(site, "feed.xml")


def test_yaml_1_1_surprises_do_not_happen(make_site):
    procedure = (
        "---\ntitle: Thủ tục\ncode: 1.001190\nfield: Hộ tịch\nlevel: xa\nonline: khong\nsteps: [Nộp hồ sơ]\n"
        "channels:\n  - mode: truc-tiep\n    duration: 08:30\n    fee: no\ndocuments:\n  - name: Tờ khai\n"
        "applicants: [Công dân]\nagency: UBND xã\nresult: Giấy\nlegal_basis:\n  - number: 1/2020/NĐ-CP\n---\n"
    )
    site = make_site({"content/thu-tuc/a.md": procedure})
    result = build_site(site)
    assert result.ok, messages(result)
    page = result.site.pages["content/thu-tuc/a.md"]
    assert page.data.code == "1.001190"  # not the float 1.00119
    assert page.data.channels[0].duration == "08:30"  # not 510 (sexagesimal)
    assert page.data.channels[0].fee == "no"  # not False


def test_word_quotes_around_a_value_are_removed_and_a_pasted_nbsp_is_a_space(make_site):
    site = make_site(
        {
            "content/tin-tuc/a.md": '---\ntitle:\u00a0"Tin dán từ Word"\ndate: 2024-07-15\ntags: [“Một cửa”]\nsummary: “Tóm tắt dán từ Word”\n---\nNội dung.\n',
            "content/tin-tuc/b.md": "---\ntitle: Tin gõ tay\ndate: 2024-07-16\ntags: [Một cửa]\n---\nNội dung.\n",
        }
    )
    result = build_site(site)
    assert result.ok, messages(result)
    assert [m.split(": cảnh báo:")[0] for m in messages(result)] == ["content/tin-tuc/a.md:4", "content/tin-tuc/a.md:5"]
    topics = sorted(p.name for p in (site / "public/chu-de").iterdir() if p.is_dir())
    assert topics == ["mot-cua"]  # one shared topic page, not a second one named “Một cửa”
    page = read(site, "tin-tuc/a/index.html")
    assert "<h1>Tin dán từ Word</h1>" in page or ">Tin dán từ Word<" in page
    assert "Tóm tắt dán từ Word" in page and "“Tóm tắt" not in page and "“Một cửa”" not in page


def test_extra_carries_a_themes_own_data_unchecked_and_other_keys_are_errors(make_site):
    news = "---\ntitle: Tin có dữ liệu riêng\ndate: 2024-07-15\nextra:\n  mau_nen: xanh\n  noi_bat: true\n---\nNội dung.\n"
    site = make_site({"content/tin-tuc/a.md": news, "themes/rieng/templates/news.html": "{{ page.extra.mau_nen }}"})
    (site / "config.yaml").write_text(BASE_CONFIG + "theme: rieng\n", encoding="utf-8")
    result = build_site(site)
    assert result.ok and not result.report.warnings, messages(result)
    assert read(site, "tin-tuc/a/index.html") == "xanh"

    (site / "content/tin-tuc/a.md").write_text(news.replace("extra:\n", "thêm:\n"), encoding="utf-8")
    result = build_site(site)
    assert messages(result)[0].startswith("content/tin-tuc/a.md:4: `thêm`: không có trường này")


def test_publish_and_expiry_times_take_effect_at_the_first_build_after_them_even_from_the_cache(make_site):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    site = make_site(
        {
            "content/tin-tuc/hen-gio.md": "---\ntitle: Thông báo hẹn giờ\ndate: 2026-07-01\npublish_date: 2026-07-01 08:00\n---\n",
            "content/tin-tuc/het-gio.md": "---\ntitle: Lịch tiếp dân\ndate: 2026-06-01\nexpiry_date: 2026-07-01T17:00:00+07:00\n---\n",
        }
    )
    early = build_site(site, now=datetime(2026, 7, 1, 7, 59, tzinfo=vn), search=False)
    assert {left.source: left.reason for left in early.left_out} == {
        "content/tin-tuc/hen-gio.md": "chưa đến giờ đăng 08:00 ngày 01/07/2026"
    }
    assert (site / "public/tin-tuc/het-gio/index.html").exists()

    # same day, same files, the build cache warm: the times alone change what is published
    on_time = build_site(site, now=datetime(2026, 7, 1, 8, 0, tzinfo=vn), search=False)
    assert on_time.left_out == ()
    assert (site / "public/tin-tuc/hen-gio/index.html").exists()

    late = build_site(site, now=datetime(2026, 7, 1, 17, 5, tzinfo=vn), search=False)
    assert {left.source: left.reason for left in late.left_out} == {
        "content/tin-tuc/het-gio.md": "đã hết hạn hiển thị từ 17:00 ngày 01/07/2026"
    }
    assert not (site / "public/tin-tuc/het-gio").exists()

    # a date alone means its first moment: the daily build just after 00:00 changes it
    midnight = build_site(site, now=datetime(2026, 7, 2, 0, 5, tzinfo=vn), search=False)
    assert [left.source for left in midnight.left_out] == ["content/tin-tuc/het-gio.md"]
