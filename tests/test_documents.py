"""Documents as a citizen and an officer see them: status from the dates on the build day,
attachments with type and size, filter pages by type, issuer, year and status."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

from .conftest import BASE_CONFIG, build_site, messages

CONFIG = BASE_CONFIG + "per_page: 2\n"


def read(out: Path, url: str) -> str:
    return (out / url.strip("/") / "index.html").read_text(encoding="utf-8")


def page_text(out: Path, url: str) -> str:
    """The visible text of a page's main content, whitespace collapsed."""
    raw = read(out, url)
    main = raw[raw.index("<main") : raw.index("</main>")]
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def document(title, number, doc_type, issuer, issued, extra=""):
    return f"---\ntitle: {title}\nnumber: {number}\ndoc_type: {doc_type}\nissuer: {issuer}\ndate: {issued}\n{extra}---\nNội dung.\n"


FILES = {
    # TODAY is 2026-11-23 (tests/conftest.py)
    "content/van-ban/ke-hoach-2025.md": document(
        "Kế hoạch cải cách hành chính năm 2025",
        "15/KH-STP",
        "Kế hoạch",
        "Sở Thử nghiệm",
        "2025-01-10",
        "effective: 2025-01-10\nexpires: 2025-12-31\nsigner: Nguyễn Văn A\nfiles:\n  - path: /files/ke-hoach-2025.pdf\n    title: Toàn văn\n",
    ),
    "content/van-ban/ke-hoach-2026.md": document(
        "Kế hoạch cải cách hành chính năm 2026",
        "12/KH-STP",
        "Kế hoạch",
        "Sở Thử nghiệm",
        "2026-01-09",
        "effective: 2026-01-09\nexpires: 2026-12-31\nfiles:\n  - path: /files/phu-luc.docx\n",
    ),
    "content/van-ban/quyet-dinh-2027.md": document(
        "Quyết định ban hành quy chế mới", "05/2026/QĐ-UBND", "Quyết định", "UBND tỉnh Hưng Yên", "2026-11-01", "effective: 2027-01-01\n"
    ),
    "content/van-ban/nghi-dinh-123.md": document(
        "Nghị định quy định chi tiết Luật Hộ tịch",
        "123/2015/NĐ-CP",
        "Nghị định",
        "Chính phủ",
        "2015-11-15",
        "effective: 2016-01-01\nstatus: het-hieu-luc-mot-phan\n",
    ),
    "content/van-ban/nghi-dinh-61.md": document(
        "Về thực hiện cơ chế một cửa", "61/2018/NĐ-CP", "Nghị định", "Chính phủ", "2018-04-23", "effective: 2018-06-21\n"
    ),
    "static/files/ke-hoach-2025.pdf": b"%PDF-1.4\n" + b"0" * (1258291 - 9),  # 1,2 MB
    "static/files/phu-luc.docx": b"PK" + b"0" * 2046,  # 2 KB
}


def built(make_site):
    site = make_site(FILES, config=CONFIG)
    result = build_site(site, search=False)
    assert result.ok, messages(result)
    return site / "public"


def status_of(html: str, number: str) -> str:
    row = html[html.index(f'<td data-label="Số ký hiệu">{number}</td>') :].split("</tr>", 1)[0]
    return re.search(r'<span class="status status-[a-z-]+">([^<]+)</span>', row)[1]


def test_status_is_derived_from_the_dates_on_the_build_day(make_site):
    out = built(make_site)
    assert "Tình trạng Hết hiệu lực" in page_text(out, "/van-ban/ke-hoach-2025/")  # expired 31/12/2025, nobody edited it
    assert "Tình trạng Còn hiệu lực" in page_text(out, "/van-ban/ke-hoach-2026/")
    assert "Tình trạng Chưa có hiệu lực" in page_text(out, "/van-ban/quyet-dinh-2027/")  # in force from 01/01/2027
    assert "Tình trạng Hết hiệu lực một phần" in page_text(out, "/van-ban/nghi-dinh-123/")  # stated status wins
    statuses = {}
    for url in ["/van-ban/", "/van-ban/trang/2/", "/van-ban/trang/3/"]:
        html = read(out, url)
        for number in re.findall(r'<td data-label="Số ký hiệu">([^<]+)</td>', html):
            statuses[number] = status_of(html, number)
    assert statuses == {
        "05/2026/QĐ-UBND": "Chưa có hiệu lực", "12/KH-STP": "Còn hiệu lực", "15/KH-STP": "Hết hiệu lực",
        "61/2018/NĐ-CP": "Còn hiệu lực", "123/2015/NĐ-CP": "Hết hiệu lực một phần",
    }  # fmt: skip


def test_the_same_content_built_later_shows_the_plan_expired(make_site):
    from datetime import date

    site = make_site(FILES, config=CONFIG)
    assert build_site(site, search=False, today=date(2026, 12, 31)).ok
    assert "Tình trạng Hết hiệu lực" in page_text(site / "public", "/van-ban/ke-hoach-2026/")
    assert build_site(site, search=False, today=date(2026, 12, 30)).ok
    assert "Tình trạng Còn hiệu lực" in page_text(site / "public", "/van-ban/ke-hoach-2026/")


def test_document_page_shows_number_type_issuer_dates_signer_and_attachments(make_site):
    out = built(make_site)
    text = page_text(out, "/van-ban/ke-hoach-2025/")
    for fact in ["Số ký hiệu 15/KH-STP", "Loại văn bản Kế hoạch", "Cơ quan ban hành Sở Thử nghiệm", "Ngày ban hành 10/01/2025",
                 "Ngày có hiệu lực 10/01/2025", "Ngày hết hiệu lực 31/12/2025", "Người ký Nguyễn Văn A"]:  # fmt: skip
        assert fact in text, fact
    assert "Toàn văn (PDF, 1,2 MB)" in text
    assert "phu-luc.docx (Word, 2 KB)" in page_text(out, "/van-ban/ke-hoach-2026/")


def test_filter_pages_by_type_issuer_year_and_status(make_site):
    out = built(make_site)

    def numbers(url):
        return sorted(re.findall(r'<td data-label="Số ký hiệu">([^<]+)</td>', read(out, url)))

    assert numbers("/van-ban/loai/nghi-dinh/") == ["123/2015/NĐ-CP", "61/2018/NĐ-CP"]
    assert numbers("/van-ban/loai/ke-hoach/") == ["12/KH-STP", "15/KH-STP"]
    assert numbers("/van-ban/co-quan/chinh-phu/") == ["123/2015/NĐ-CP", "61/2018/NĐ-CP"]
    assert numbers("/van-ban/nam/2026/") == ["05/2026/QĐ-UBND", "12/KH-STP"]
    assert numbers("/van-ban/tinh-trang/het-hieu-luc/") == ["15/KH-STP"]
    assert numbers("/van-ban/tinh-trang/chua-co-hieu-luc/") == ["05/2026/QĐ-UBND"]
    assert numbers("/van-ban/tinh-trang/con-hieu-luc/") == ["12/KH-STP", "61/2018/NĐ-CP"]
    list_text = page_text(out, "/van-ban/")
    for group in [
        "Loại văn bản",
        "Cơ quan ban hành",
        "Năm ban hành",
        "Tình trạng hiệu lực",
        "Nghị định (2)",
        "Hết hiệu lực (1)",
        "2026 (2)",
    ]:
        assert group in list_text, group
    filter_html = read(out, "/van-ban/nam/2026/")
    assert '<span aria-current="page">2026 (2)</span>' in filter_html
    assert "<h1>Văn bản ban hành năm 2026</h1>" in filter_html


def test_a_filter_page_is_paginated(make_site):
    extra = {
        f"content/van-ban/cv-{n}.md": document(f"Công văn số {n}", f"{n}/STP-VP", "Công văn", "Sở Thử nghiệm", f"2024-03-{n:02d}")
        for n in range(1, 6)
    }
    site = make_site({**FILES, **extra}, config=CONFIG)
    assert build_site(site, search=False).ok
    out = site / "public"
    pages = [
        read(out, "/van-ban/loai/cong-van/"),
        read(out, "/van-ban/loai/cong-van/trang/2/"),
        read(out, "/van-ban/loai/cong-van/trang/3/"),
    ]
    counts = [len(re.findall(r'<td data-label="Số ký hiệu">', html)) for html in pages]
    assert counts == [2, 2, 1]
    assert not (out / "van-ban/loai/cong-van/trang/4").exists()
    assert '<span aria-current="page">Công văn (5)</span>' in pages[2]  # the count covers every page


def test_a_missing_attachment_is_not_mistaken_for_a_document_with_another_number(make_site):
    document = "---\ntitle: Quyết định {n}\ndate: 2024-07-15\nnumber: {n}/QĐ-UBND\ndoc_type: quyet-dinh\nissuer: UBND tỉnh\nsigner: Nguyễn Văn A\nfiles:\n  - path: /files/qd-{n}-2024.pdf\n    title: Toàn văn\n---\n"
    site = make_site(
        {
            "content/van-ban/qd-13.md": document.format(n=13),
            "static/files/qd-12-2024.pdf": b"%PDF-1.4\n",
            "static/files/Qd-14-2024.PDF": b"%PDF-1.4\n",
        }
    )
    found = messages(build_site(site))
    assert any(m.startswith("content/van-ban/qd-13.md:9: tệp đính kèm `/files/qd-13-2024.pdf` không tồn tại") for m in found), found
    assert not any("Có phải" in m for m in found), found  # qd-12 is another decision, not a typo
    assert any("Hãy chép tệp vào static/files/qd-13-2024.pdf" in m for m in found)
    site_typo = make_site({"content/van-ban/qd-13.md": document.format(n=13), "static/files/qd-13-2024.PDF": b"%PDF-1.4\n"}, name="typo")
    # only the case differs: the real name, and why it matters (fine on Windows, a 404 on the web host)
    assert any("tên tệp thật là `/files/qd-13-2024.PDF`" in m and "404" in m for m in messages(build_site(site_typo)))
