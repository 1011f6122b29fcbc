"""What makes a page trustworthy to a citizen, on real built pages: when it last changed and
what changed ("Cập nhật lần cuối", "Lịch sử thay đổi"), the feed dating a change, the
"is this page useful?" form when config.yaml asks for it, and machine-readable legal status."""
from __future__ import annotations

from datetime import datetime

from lxml import etree, html

from .conftest import NEWS, PROCEDURE, build_site, messages
from .test_build import DOCUMENT
from .test_index_stats import index_md, stats_md

ATOM = "{http://www.w3.org/2005/Atom}"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PLAIN = "---\ntitle: Giới thiệu\n---\nGiới thiệu chung.\n"


def with_front(markdown: str, lines: str) -> str:
    """Add front-matter lines right after the opening `---`."""
    return markdown.replace("---\n", "---\n" + lines, 1)


def changes_yaml(*entries: tuple[str, str]) -> str:
    return "changes:\n" + "".join(f"  - date: {day}\n    note: {note}\n" for day, note in entries)


def one_of_each_kind(extra: str = "") -> dict[str, str | bytes]:
    """An item of every kind, each with `extra` front matter."""
    return {
        "content/tin-tuc/tin.md": with_front(NEWS.format(title="Tin A"), extra),
        "content/van-ban/ke-hoach.md": with_front(DOCUMENT, extra),
        "static/files/ke-hoach.pdf": PDF,
        "content/thu-tuc/khai-sinh.md": with_front(PROCEDURE, extra),
        "content/chi-so/par-2024.md": with_front(index_md(2024, 86.5, 3, 20), extra),
        "content/thong-ke/quy-1.md": with_front(stats_md("Quý I/2026", "2026-01-01", "2026-03-31", "2026-04-05", 100, 10, 50, 40, 5, 15, 80), extra),
        "content/gioi-thieu.md": with_front(PLAIN, extra),
    }


ITEM_PAGES = ("tin-tuc/tin", "van-ban/ke-hoach", "thu-tuc/khai-sinh", "chi-so/par-2024", "thong-ke/quy-1", "gioi-thieu")


def page_tree(site, url: str):
    return html.fromstring((site / "public" / url / "index.html").read_bytes())


def text(element) -> str:
    return " ".join(element.text_content().split())


# --- change history ------------------------------------------------------------------------


def test_a_procedure_with_two_change_notes_shows_the_latest_date_and_both_notes_newest_first(make_site):
    notes = changes_yaml(("2025-03-01", "Bổ sung mẫu tờ khai điện tử."), ("2025-10-15", "Lệ phí giảm còn 100.000 đồng/hồ sơ."))
    site = make_site({"content/thu-tuc/khai-sinh.md": with_front(PROCEDURE, "updated: 2025-01-10\n" + notes)})
    result = build_site(site)
    assert result.ok, messages(result)
    page = page_tree(site, "thu-tuc/khai-sinh")
    heading = page.xpath("//h1")[0]
    updated = page.xpath("//*[@class='updated-line']")[0]
    assert text(updated) == "Cập nhật lần cuối 15/10/2025"
    assert heading.getnext().xpath(".//*[@class='updated-line']"), "the last update sits right under the title"
    history = page.xpath("//details[@class='change-history']")[0]  # opens without JavaScript
    assert text(history.xpath("summary")[0]) == "Lịch sử thay đổi (2)"
    assert [text(li) for li in history.xpath(".//li")] == [
        "15/10/2025: Lệ phí giảm còn 100.000 đồng/hồ sơ.",
        "01/03/2025: Bổ sung mẫu tờ khai điện tử.",
    ]
    assert "cập nhật 15/10/2025" in text(page.xpath("//*[@class='print-source']")[0])  # printed for the counter


def test_updated_wins_when_it_is_later_than_every_change_note(make_site):
    site = make_site({"content/tin-tuc/a.md": with_front(NEWS.format(title="Tin A"), "updated: 2025-12-01 08:00\n" + changes_yaml(("2025-06-01", "Sửa số liệu.")))})
    assert build_site(site).ok
    assert text(page_tree(site, "tin-tuc/a").xpath("//*[@class='updated-line']")[0]) == "Cập nhật lần cuối 01/12/2025"


def test_every_kind_of_item_shows_its_change_history_and_none_without_one(make_site):
    site = make_site(one_of_each_kind(changes_yaml(("2025-05-20", "Đính chính số liệu."))), name="with")
    result = build_site(site)
    assert result.ok, messages(result)
    for url in ITEM_PAGES:
        page = page_tree(site, url)
        assert [text(e) for e in page.xpath("//*[@class='updated-line']")] == ["Cập nhật lần cuối 20/05/2025"], url
        assert [text(li) for li in page.xpath("//details[@class='change-history']//li")] == ["20/05/2025: Đính chính số liệu."], url
    plain = make_site(one_of_each_kind(), name="without")
    assert build_site(plain).ok
    for url in ITEM_PAGES:
        assert "Cập nhật lần cuối" not in text(page_tree(plain, url)), url


def feed_updated(site) -> dict[str, str]:
    feed = etree.parse(str(site / "public/feed.xml")).getroot()
    return {entry.find(ATOM + "title").text: entry.find(ATOM + "updated").text for entry in feed.findall(ATOM + "entry")}


def test_a_change_note_moves_the_documents_feed_entry_updated(make_site):
    files = {"content/van-ban/ke-hoach.md": DOCUMENT, "static/files/ke-hoach.pdf": PDF, "content/tin-tuc/a.md": NEWS.format(title="Tin A")}
    site = make_site(files)
    assert build_site(site).ok
    title = "Kế hoạch cải cách hành chính năm 2023"
    before = datetime.fromisoformat(feed_updated(site)[title])
    assert before.date().isoformat() == "2023-01-10"
    (site / "content/van-ban/ke-hoach.md").write_text(with_front(DOCUMENT, changes_yaml(("2023-06-30", "Bổ sung nhiệm vụ số hóa hồ sơ."))), encoding="utf-8")
    assert build_site(site).ok
    after = datetime.fromisoformat(feed_updated(site)[title])
    assert after.date().isoformat() == "2023-06-30" and after > before
    feed = etree.parse(str(site / "public/feed.xml")).getroot()
    assert feed.find(ATOM + "updated").text == max(feed_updated(site).values(), key=datetime.fromisoformat)
    assert "<lastmod>2023-06-30</lastmod>" in (site / "public/sitemap.xml").read_text(encoding="utf-8")


def test_a_change_dated_in_the_future_is_a_warning_with_its_line(make_site):
    site = make_site({"content/tin-tuc/a.md": with_front(NEWS.format(title="Tin A"), changes_yaml(("2025-01-02", "Cũ."), ("2062-01-05", "Gõ nhầm năm.")))})
    result = build_site(site)
    assert result.ok
    assert "content/tin-tuc/a.md:5: cảnh báo: `changes[2].date`: ngày thay đổi 05/01/2062 chưa đến; kiểm tra lại năm, tháng" in messages(result)
