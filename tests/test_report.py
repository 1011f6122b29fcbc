"""`cchcsite report`: a quarter counted exactly as the unit's report needs it, as XLSX and Markdown."""

from __future__ import annotations

from datetime import date

import pytest

from .conftest import PROCEDURE, run_cli_here

Q3 = {
    # counted: published in the third quarter of 2026
    "content/tin-tuc/a.md": "---\ntitle: Tin A\ndate: 2026-07-05\npillar: the-che\n---\n",
    "content/tin-tuc/b.md": "---\ntitle: Tin B\ndate: 2026-09-30 23:00\npillar: chinh-quyen-so\n---\n",  # the last evening counts
    "content/tin-tuc/f.md": "---\ntitle: Tin F\ndate: 2026-06-20\npublish_date: 2026-07-02\npillar: cong-vu\n---\n",  # shown from July
    "content/tin-tuc/g.md": "---\ntitle: Tin G\ndate: 2026-07-10\nexpiry_date: 2026-08-01\npillar: the-che\n---\n",  # expired since
    "content/tin-tuc/h.md": "---\ntitle: Tin H\ndate: 2026-08-15\n---\n",  # no pillar
    "content/van-ban/k.md": (
        "---\ntitle: Quyết định công bố thủ tục\ndate: 2026-07-15\nnumber: 12/QĐ-UBND\ndoc_type: Quyết định\n"
        "issuer: UBND tỉnh\npillar: thu-tuc-hanh-chinh\n---\n"
    ),
    "content/chi-so/par-2025.md": "---\ntitle: PAR INDEX 2025\ndate: 2026-09-01\nindex: PAR INDEX\nyear: 2025\nunit: Sở Thử nghiệm\nscore: 86.5\nrank: 3\nrank_of: 20\n---\n",
    "content/thong-ke/quy-2.md": (
        "---\ntitle: Quý II năm 2026\ndate: 2026-07-03\nperiod_start: 2026-04-01\nperiod_end: 2026-06-30\nreceived_new: 100\n"
        "carried_over: 10\nresolved_early: 60\nresolved_on_time: 40\nresolved_late: 2\n---\n"
    ),
    # the statistics OF the quarter, posted after it
    "content/thong-ke/quy-3.md": (
        "---\ntitle: Quý III năm 2026\ndate: 2026-10-05\nperiod_start: 2026-07-01\nperiod_end: 2026-09-30\nreceived_new: 120\n"
        "carried_over: 8\nresolved_early: 70\nresolved_on_time: 48\nresolved_late: 2\nonline: 90\n---\n"
    ),
    # not counted: a draft, the quarters before and after
    "content/tin-tuc/c.md": "---\ntitle: Tin C nháp\ndate: 2026-08-01\ndraft: true\npillar: the-che\n---\n",
    "content/tin-tuc/d.md": "---\ntitle: Tin D\ndate: 2026-06-30 23:59\npillar: the-che\n---\n",
    "content/tin-tuc/e.md": "---\ntitle: Tin E\ndate: 2026-10-01\npillar: the-che\n---\n",
    "content/van-ban/l.md": "---\ntitle: Kế hoạch cũ\ndate: 2026-05-01\nnumber: 3/KH-STN\ndoc_type: Kế hoạch\nissuer: Sở Thử nghiệm\n---\n",
    # procedures: announced by the quarter's decision, abolished by it, changed in it, changed before it
    "content/thu-tuc/p1.md": PROCEDURE.replace("online: toan-trinh", "online: toan-trinh\ndecision: 12/QĐ-UBND"),
    "content/thu-tuc/p2.md": PROCEDURE.replace('"1.001193"', '"1.000002"').replace(
        "online: toan-trinh", "online: toan-trinh\ndecision: 12/QĐ-UBND\nstatus: bai-bo"
    ),
    "content/thu-tuc/p3.md": PROCEDURE.replace('"1.001193"', '"1.000003"').replace(
        "online: toan-trinh", "online: toan-trinh\nchanges:\n  - date: 2026-08-20\n    note: Giảm lệ phí."
    ),
    "content/thu-tuc/p4.md": PROCEDURE.replace('"1.001193"', '"1.000004"').replace(
        "online: toan-trinh", "online: toan-trinh\nchanges:\n  - date: 2026-04-01\n    note: Sửa mẫu đơn."
    ),
}


@pytest.fixture
def quarter_site(make_site):
    return make_site(Q3)


def test_a_quarter_is_counted_exactly_drafts_and_other_quarters_left_out(quarter_site, tmp_path):
    result = run_cli_here("report", "--site", str(quarter_site), "--quarter", "2026-Q3", "--output", str(tmp_path / "bao-cao.md"))
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "bao-cao.md").read_text(encoding="utf-8")
    rows = {line.split(" | ")[0].lstrip("| "): line for line in text.splitlines() if line.startswith("| ")}
    # pillar | news | documents | index results | statistics | total
    assert rows["Cải cách thể chế"] == "| Cải cách thể chế | 2 | 0 | 0 | 0 | 2 |"
    assert rows["Cải cách thủ tục hành chính"] == "| Cải cách thủ tục hành chính | 0 | 1 | 0 | 1 | 2 |"
    assert rows["Cải cách chế độ công vụ"] == "| Cải cách chế độ công vụ | 1 | 0 | 0 | 0 | 1 |"
    assert rows["Chưa gắn trụ cột"] == "| Chưa gắn trụ cột | 1 | 0 | 1 | 0 | 2 |"
    assert rows["Tổng cộng"] == "| Tổng cộng | 5 | 1 | 1 | 1 | 8 |"
    assert "| 1 | 1 | 1 | 3 |" in text  # procedures announced, amended, abolished
    for title in ("Tin A", "Tin B", "Tin F", "Tin G", "Tin H", "PAR INDEX 2025", "Quý II năm 2026"):
        assert f"| {title} |" in text, title
    for title in ("Tin C nháp", "Tin D", "Tin E", "Kế hoạch cũ", "Sửa mẫu đơn"):
        assert title not in text, title
    assert "| 2 | 1.000003 | Đăng ký khai sinh | Sửa đổi, bổ sung | 20/08/2026 | Giảm lệ phí |" in text
    assert "Quý III/2026" in text and "Quý II/2026" not in text  # the statistics of the period, not those posted in it


def test_the_xlsx_opens_with_the_expected_cells(quarter_site, tmp_path):
    from openpyxl import load_workbook

    output = tmp_path / "bao-cao.xlsx"
    result = run_cli_here("report", "--site", str(quarter_site), "--from", "2026-07-01", "--to", "2026-09-30", "--output", str(output))
    assert result.returncode == 0, result.stderr
    book = load_workbook(output)
    assert book.sheetnames == ["Tổng hợp", "Tin bài", "Văn bản", "Thủ tục", "Chỉ số", "Giải quyết hồ sơ"]
    summary = book["Tổng hợp"]
    values = [[cell.value for cell in row] for row in summary.iter_rows()]
    assert values[0][0] == "Báo cáo kết quả thông tin, tuyên truyền cải cách hành chính từ ngày 01/07/2026 đến ngày 30/09/2026"
    header = values.index(["Lĩnh vực", "Tin tức", "Văn bản", "Chỉ số cải cách hành chính", "Thống kê giải quyết hồ sơ", "Tổng"])
    assert values[header + 2] == ["Cải cách thể chế", 2, 0, 0, 0, 2]
    assert values[header + 9] == ["Tổng cộng", 5, 1, 1, 1, 8]
    news = book["Tin bài"]
    assert [cell.value for cell in news[2]] == ["STT", "Loại", "Lĩnh vực", "Tiêu đề", "Ngày đăng", "Đường dẫn"]
    first = news[3]
    assert first[3].value == "Tin F" and first[4].value.date() == date(2026, 7, 2) and first[4].number_format == "DD/MM/YYYY"
    assert first[5].hyperlink.target == "https://example.gov.vn/cchc/tin-tuc/f/"
    assert news.max_row == 2 + 8
    procedures = [[cell.value for cell in row] for row in book["Thủ tục"].iter_rows(min_row=3)]
    assert [(row[1], row[3]) for row in procedures] == [
        ("1.001193", "Công bố mới"),
        ("1.000003", "Sửa đổi, bổ sung"),
        ("1.000002", "Bãi bỏ"),
    ]
    stats = [[cell.value for cell in row] for row in book["Giải quyết hồ sơ"].iter_rows(min_row=3)]
    assert stats == [[1, "Quý III/2026", 120, 8, 120, 98.33, 2, 75.0, "https://example.gov.vn/cchc/thong-ke/quy-3/"]]


@pytest.mark.parametrize(
    ("args", "label"),
    [
        (("--quarter", "2026-Q3"), "quý III năm 2026"),
        (("--half", "2026-H2"), "6 tháng cuối năm 2026"),
        (("--year", "2026"), "năm 2026"),
    ],
)
def test_quarter_half_and_year_name_their_period(quarter_site, args, label):
    result = run_cli_here("report", "--site", str(quarter_site), *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"# Báo cáo kết quả thông tin, tuyên truyền cải cách hành chính {label}\n")


def test_the_year_holds_every_quarter(quarter_site):
    text = run_cli_here("report", "--site", str(quarter_site), "--year", "2026").stdout
    assert "| Tin D |" in text and "| Tin E |" in text and "Tin C nháp" not in text  # drafts never


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "hãy chọn đúng một kỳ báo cáo"),
        (("--quarter", "2026-Q5"), "--quarter `2026-Q5`: hãy viết năm-quý"),
        (("--year", "2026", "--quarter", "2026-Q1"), "hãy chọn đúng một kỳ báo cáo"),
        (("--from", "2026-07-01"), "--from và --to đi cùng nhau"),
        (("--from", "01/07/2026", "--to", "2026-09-30"), "hãy viết ngày dạng năm-tháng-ngày"),
        (("--year", "2026", "--output", "bao-cao.docx"), "phải có đuôi .xlsx"),
    ],
)
def test_a_period_that_cannot_be_meant_is_a_usage_error(quarter_site, args, message):
    result = run_cli_here("report", "--site", str(quarter_site), *args)
    assert result.returncode == 2 and message in result.stderr, result.stderr


def test_content_errors_are_shown_and_no_report_is_written(make_site, tmp_path):
    site = make_site({**Q3, "content/tin-tuc/loi.md": "---\ntitle: Lỗi\ndate: 15/07/2026\n---\n"})
    result = run_cli_here("report", "--site", str(site), "--quarter", "2026-Q3", "--output", str(tmp_path / "bao-cao.xlsx"))
    assert result.returncode == 1
    assert "content/tin-tuc/loi.md:3: `date`" in result.stderr and "Chưa lập báo cáo" in result.stderr
    assert not (tmp_path / "bao-cao.xlsx").exists()


def test_an_item_scheduled_later_than_today_is_not_yet_published(make_site):
    site = make_site({"content/tin-tuc/sap.md": "---\ntitle: Tin hẹn giờ\ndate: 2026-11-01\npublish_date: 2026-12-01\n---\n"})
    text = run_cli_here("report", "--site", str(site), "--quarter", "2026-Q4").stdout  # today is 23/11/2026
    assert "Tin hẹn giờ" not in text and "| Tổng cộng | 0 | 0 | 0 | 0 | 0 |" in text
