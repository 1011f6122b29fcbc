"""The 766 data as an officer imports it (`cchcsite import don-vi`, `cchcsite import 766`) and what
citizens then read: ranking tables per block, group scores of their maximum, changes in words,
CSV/JSON open data, the unit pages' own series with the 2025/2026 break; every trap of the real
snapshots (tests/portal_766.py); bad files refused with file, unit and field, nothing written."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from . import portal_766
from .conftest import build_site, messages, run_cli_here, tree, write_site

CONFIG = """\
title: Cải cách hành chính
organization: UBND tỉnh Gia Lai
base_url: https://example.gov.vn/cchc/
"""
SITE = {"content/_index.md": "---\ntitle: Cải cách hành chính\n---\n"}


def save(folder: Path, name: str, data) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def portal_files(folder: Path) -> dict[str, Path]:
    """What an officer saved from the portal: both blocks on two dates, a month not started, the 2025 portal's rows."""
    files = {}
    for day in portal_766.RUN_DATES:
        for block in ("agencies", "communes"):
            files[f"{block} {day}"] = save(folder, f"gia-lai-{block}-{day.replace('/', '')}.json", portal_766.snapshot_file(day, block))
    files["future month"] = save(folder, "gia-lai-thang-11.json", portal_766.future_month_file())
    for block in ("agencies", "communes"):
        files[f"2025 {block}"] = save(
            folder, f"766-{block}-20-12-2025.json".replace("20-12-2025", "2025-12-20"), portal_766.rows_2025(block)
        )
    return files


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = tmp_path_factory.mktemp("rankings")
    site = write_site(root / "site", SITE, CONFIG)
    files = portal_files(root / "tai-ve")
    units = run_cli_here("import", "don-vi", "--site", str(site), str(files["agencies 10/10/2026"]), str(files["communes 10/10/2026"]))
    scores = run_cli_here("import", "766", "--site", str(site), str(root / "tai-ve"))
    built = build_site(site, search=False)
    assert built.ok, messages(built)
    return site, units, scores, built


def read(site: Path, url: str):
    return lxml_html.parse(str(site / "public" / url.strip("/") / "index.html")).getroot()


def words(node) -> str:
    return " ".join(" ".join(node.itertext()).split())


def table(page, block: str) -> list[list[str]]:
    """A block's ranking table, row by row, as the cells read."""
    found = page.xpath(f"//section[.//h2[@id='khoi-{block}']]//table[contains(@class,'ranking-table')]")
    assert found, f"no table for {block}"
    return [[" ".join(cell.text_content().split()) for cell in row.xpath("./th|./td")] for row in found[0].xpath("./tbody/tr")]


def test_both_imports_succeed_and_say_what_they_kept(imported):
    site, units, scores, _ = imported
    assert units.returncode == 0, units.stderr
    assert "tạo mới 10" in units.stdout
    assert scores.returncode == 0, scores.stderr
    assert "lưu 3 lần công bố" in scores.stdout
    assert "gia-lai-thang-11.json: Tháng 11/2026 chưa có điểm (mọi điểm là null, không phải 0): không lưu" in scores.stderr
    assert "3 đơn vị có điểm nhóm Mức độ hài lòng lớn hơn điểm tối đa 18 (cao nhất 18,42" in scores.stderr
    stored = sorted(p.relative_to(site).as_posix() for p in (site / "data").rglob("*.json"))
    # runDateStr is the Vietnam date: 24/09, though extractedAt says 23/09 (UTC)
    assert stored == ["data/766/nam-2025/2025-12-20.json", "data/766/nam-2026/2026-09-24.json", "data/766/nam-2026/2026-10-10.json"]


def test_unit_files_get_clean_names_and_their_national_codes(imported):
    site, *_ = imported
    names = {}
    for path in (site / "content/don-vi").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        names[path.name] = text.split("title: ", 1)[1].split("\n", 1)[0]
    assert names["ubnd-xa-cho-long.md"] == "UBND xã Chơ Long"  # "UBND Xã Chơ Long" on the portal
    assert names["ubnd-xa-kong-bo-la.md"] == "UBND xã Kông Bơ La"  # " - Gia Lai" dropped
    assert names["thanh-tra-tinh.md"] == "Thanh tra tỉnh"  # " - tỉnh Gia Lai" dropped
    assert names["ubnd-xa-sro.md"] == "UBND xã SRó"  # the portal's spelling kept
    assert names["so-van-hoa-the-thao-va-du-lich.md"] == "Sở Văn hóa, Thể thao và Du lịch"  # NFC
    assert "unit_type: xa-phuong" in (site / "content/don-vi/ubnd-dac-khu-phu-quy.md").read_text(encoding="utf-8")  # COMMUNE covers Đặc khu
    assert "code: H21.227" in (site / "content/don-vi/ubnd-xa-cho-long.md").read_text(encoding="utf-8")


def test_agency_table_ranks_totals_groups_of_their_maximum_and_changes(imported):
    site, *_ = imported
    page = read(site, "/chi-so/xep-hang/766/nam-2026/")
    assert "Số liệu ngày 10/10/2026" in words(page)
    rows = table(page, "so-nganh")
    assert [row[:3] for row in rows] == [
        ["1 (chung 2)", "Sở Tư pháp", "83,5"],
        ["2 (chung 3)", "Sở Công Thương", "79,5"],
        ["3 (chung 5)", "Thanh tra tỉnh", "66,5"],
        ["4 (chung 7)", "Sở Văn hóa, Thể thao và Du lịch", "61,5"],
    ]
    # groups in the decision's order (CKMB, TDGQ, online services, payment, satisfaction, digitisation), each of its maximum
    assert rows[1][3:9] == ["15,5/18", "17,5/20", "10/12", "0/10", "18/18", "18,5/22"]  # 0.0 is a score, not a gap
    assert rows[0][9] == "▲ Tăng 0,58 điểm"  # 82,92 on 24/09; the portal's scoreDelta is null
    assert rows[1][9] == "▲ Tăng 0,33 điểm"
    links = page.xpath("//section[.//h2[@id='khoi-so-nganh']]//tbody//th/a/@href")
    assert links[1] == "../../../../don-vi/so-cong-thuong/"


def test_a_score_above_its_maximum_is_published_as_given_and_marked(imported):
    site, *_ = imported
    page = read(site, "/chi-so/xep-hang/766/nam-2026/2026-09-24/")
    rows = table(page, "so-nganh")
    assert rows[0][1] == "Sở Tư pháp" and rows[0][7] == "18,42/18* (cao hơn điểm tối đa)"  # MDHL 18.42, never clamped
    assert "Điểm cao hơn điểm tối đa của nhóm: đăng đúng như Cổng công bố." in words(page)
    latest = table(read(site, "/chi-so/xep-hang/766/nam-2026/"), "so-nganh")
    assert latest[0][7] == "18/18"  # capped by the portal two weeks later: shown as it is


def test_ties_keep_the_portals_order_and_distinct_ranks_across_blocks(imported):
    site, *_ = imported
    communes = table(read(site, "/chi-so/xep-hang/766/nam-2026/"), "xa-phuong")
    # SRó has 66,5 like Thanh tra tỉnh (an agency): ordered by name, Thanh tra 5th, SRó 6th of the province
    assert communes[2][:3] == ["3 (chung 6)", "UBND xã SRó", "66,5"]
    assert [row[1] for row in communes] == [
        "UBND xã Chơ Long",
        "UBND xã Kông Bơ La",
        "UBND xã SRó",
        "UBND phường Hoài Nhơn Bắc",
        "UBND đặc khu Phú Quý",  # "UBND Đặc khu" on the portal, as "UBND Xã"
        "UBND xã KDang",
    ]


def test_the_province_result_is_shown_as_published_not_as_a_mean(imported):
    site, _, _, built = imported
    page = read(site, "/chi-so/xep-hang/766/nam-2026/")
    overview = " ".join(page.xpath("//section[contains(@class,'ranking-overview')]")[0].text_content().split())
    assert "Kết quả tỉnh Gia Lai 67,1/100 điểm" in overview
    snapshot = built.site.rankings.snapshots["data/766/nam-2026/2026-10-10.json"]
    mean = sum(row.total for row in snapshot.rows) / len(snapshot.rows)
    assert round(mean, 2) != 67.1


def test_the_csv_has_a_bom_and_one_row_per_unit_with_the_published_values(imported):
    site, *_ = imported
    raw = (site / "public/du-lieu/xep-hang/766-nam-2026-2026-10-10.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 10
    commerce = next(r for r in rows if r["code"] == "H21.17")
    assert commerce == {
        "index": "766", "period": "Năm 2026", "date": "2026-10-10", "block": "Sở, ban, ngành", "block_rank": "2", "rank": "3",
        "code": "H21.17", "unit": "Sở Công Thương", "total": "79.5", "transparency": "15.5", "progress": "17.5",
        "online_service": "10.0", "online_payment": "0.0", "satisfaction": "18.0", "digitisation": "18.5",
        "previous_total": "79.17", "change": "0.33", "comparable": "true", "url": "https://example.gov.vn/cchc/don-vi/so-cong-thuong/",
    }  # fmt: skip
    every = list(csv.DictReader(io.StringIO((site / "public/du-lieu/xep-hang/766-nam-2026.csv").read_text(encoding="utf-8-sig"))))
    assert sorted({r["date"] for r in every}) == ["2026-09-24", "2026-10-10"] and len(every) == 20
    first = json.loads((site / "public/du-lieu/xep-hang/766-nam-2026-2026-09-24.json").read_text(encoding="utf-8"))
    assert first[0]["unit"] == "Sở Tư pháp" and first[0]["satisfaction"] == 18.42 and first[0]["change"] is None
    assert "766-nam-2026-2026-10-10.csv" in read(site, "/chi-so/xep-hang/766/nam-2026/").xpath("//p[@class='data-links']/a/@href")[0]


def test_a_unit_page_shows_its_rank_trend_and_the_series_break(imported):
    site, *_ = imported
    page = read(site, "/don-vi/ubnd-xa-cho-long/")
    section = words(page.xpath("//section[contains(@class,'unit-ranking')]")[0])
    assert "Năm 2026, số liệu ngày 10/10/2026: xếp thứ 1/6 khối xã, phường, đặc khu." in section
    assert "Tăng 0,58 điểm so với lần công bố trước" in section
    chart = page.xpath("//section[contains(@class,'unit-ranking')]//svg")[0]
    assert chart.xpath(".//*[local-name()='line'][contains(@class,'chart-break')]"), "the 2025 → 2026 break is not marked"
    lines = chart.xpath(".//*[local-name()='polyline'][contains(@class,'chart-score')]")
    assert len(lines) == 1 and len(lines[0].get("points").split()) == 2  # the two 2026 points joined; 2025 alone, not joined across
    assert "Từ đây điểm tính theo cách mới, không so sánh với trước." in words(chart.xpath(".//*[local-name()='desc']")[0])
    assert page.xpath("//tr[contains(@class,'series-break')]")
    rows = [words(r) for r in page.xpath("//details[contains(@class,'unit-ranking-table')]//tbody/tr")]
    assert rows[0] == "10/10/2026 Năm 2026 92 1/6" and rows[-1] == "20/12/2025 Năm 2025 90 1/2"


def test_the_2025_portals_rows_make_their_own_board(imported):
    site, *_ = imported
    rows = table(read(site, "/chi-so/xep-hang/766/nam-2025/"), "so-nganh")
    assert [row[:3] for row in rows] == [["1", "Sở Tư pháp", "90"], ["2", "Sở Công Thương", "87"]]
    assert rows[0][3:9] == ["16,5/18", "19/20", "11/12", "9/10", "17/18", "17,5/22"]  # CLGQ mapped to the online services by meaning
    index = words(read(site, "/chi-so/xep-hang/766/"))
    assert "Năm 2026" in index and "Ngày 24/09/2026" in index and "Năm 2025" in index


def test_a_board_after_a_change_of_computing_says_so(tmp_path):
    """The first 2026 snapshot filed in the same period as 2025-platform data: no change across the break."""
    site = write_site(tmp_path / "site", SITE, CONFIG)
    old = save(tmp_path, "cu.json", portal_766.rows_2025("agencies"))
    new = save(tmp_path, "moi.json", portal_766.snapshot_file("24/09/2026", "agencies"))
    assert run_cli_here("import", "766", "--site", str(site), "--date", "2026-09-01", "--period", "nam-2026", str(old)).returncode == 0
    assert run_cli_here("import", "766", "--site", str(site), str(new)).returncode == 0
    assert build_site(site, search=False).ok
    page = read(site, "/chi-so/xep-hang/766/nam-2026/")
    assert "Gián đoạn chuỗi số liệu." in words(page.xpath("//div[contains(@class,'series-break')]")[0])
    assert {row[-1] for row in table(page, "so-nganh")} == {"Không so sánh (đổi cách tính)"}


BAD_VALUES = [
    ("a score written as text", lambda rows: rows[1].update(totalScore="79,5"), "Sở Công Thương (H21.17)", "`totalScore`", "không phải số"),
    (
        "groups not adding up",
        lambda rows: rows[0]["groupScores"].update(MDSH=12.0),
        "Sở Tư pháp (H21.18)",
        "`totalScore`",
        "khác tổng các nhóm",
    ),
    ("a rank against the scores", lambda rows: rows[0].update(groupRank=3), "Sở Tư pháp (H21.18)", "`groupRank`", "không khớp với điểm"),
    (
        "a negative score",
        lambda rows: rows[2]["groupScores"].update(TTTT=-1.0, TDGQ=16.0),
        "Thanh tra tỉnh (H21.19)",
        "`groupScores.TTTT`",
        "âm",
    ),
    ("an unknown block", lambda rows: rows[3].update(childGroup="DISTRICT"), "(H21.20)", "`childGroup`", "không nhận ra"),
]


@pytest.mark.parametrize("case, spoil, unit, field, reason", BAD_VALUES, ids=[case[0] for case in BAD_VALUES])
def test_a_value_that_cannot_be_right_refuses_the_import_naming_file_unit_and_field(tmp_path, case, spoil, unit, field, reason):
    site = write_site(tmp_path / "site", SITE, CONFIG)
    good = save(tmp_path / "tai-ve", "xa.json", portal_766.snapshot_file("10/10/2026", "communes"))
    assert run_cli_here("import", "766", "--site", str(site), str(good)).returncode == 0
    before = tree(site)
    data = portal_766.snapshot_file("10/10/2026", "agencies")
    spoil(data["agencies"])
    bad = save(tmp_path / "tai-ve", "so-nganh.json", data)
    result = run_cli_here("import", "766", "--site", str(site), str(good), str(bad))
    assert result.returncode == 1
    assert "so-nganh.json" in result.stderr and unit in result.stderr and field in result.stderr and reason in result.stderr, result.stderr
    assert "Không lưu số liệu nào" in result.stderr
    assert tree(site) == before  # nothing written, not even the good file's date again


def test_agencies_and_communes_imported_on_different_days_make_one_snapshot_and_again_changes_nothing(tmp_path):
    site = write_site(tmp_path / "site", SITE, CONFIG)
    agencies = save(tmp_path, "a.json", portal_766.snapshot_file("10/10/2026", "agencies"))
    communes = save(tmp_path, "c.json", portal_766.snapshot_file("10/10/2026", "communes"))
    assert run_cli_here("import", "766", "--site", str(site), str(agencies)).returncode == 0
    assert run_cli_here("import", "766", "--site", str(site), str(communes)).returncode == 0
    stored = site / "data/766/nam-2026/2026-10-10.json"
    data = json.loads(stored.read_text(encoding="utf-8"))
    assert len(data["units"]) == 10 and data["source"]["files"] == ["a.json", "c.json"]
    first = stored.read_bytes()
    assert run_cli_here("import", "766", "--site", str(site), str(agencies), str(communes)).returncode == 0
    assert stored.read_bytes() == first


def test_a_hand_edited_snapshot_that_cannot_be_right_fails_the_build_with_its_line(tmp_path):
    site = write_site(tmp_path / "site", SITE, CONFIG)
    assert (
        run_cli_here(
            "import", "766", "--site", str(site), str(save(tmp_path, "a.json", portal_766.snapshot_file("10/10/2026", "agencies")))
        ).returncode
        == 0
    )
    stored = site / "data/766/nam-2026/2026-10-10.json"
    text = stored.read_text(encoding="utf-8")
    stored.write_text(text.replace('"total": 79.5', '"total": 97.5'), encoding="utf-8")
    line = next(n for n, row in enumerate(stored.read_text(encoding="utf-8").split("\n"), start=1) if '"H21.17"' in row)
    result = build_site(site, search=False)
    assert not result.ok
    assert any(
        m.startswith(f"data/766/nam-2026/2026-10-10.json:{line}:") and "Sở Công Thương (H21.17)" in m and "units[2].total" in m
        for m in messages(result)
    ), messages(result)


def test_one_new_snapshot_renders_again_only_what_shows_it(imported, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(imported[0], site, ignore=shutil.ignore_patterns("public", ".cchcsite-cache"))
    assert build_site(site, search=False).ok
    later = portal_766.snapshot_file("10/10/2026", "agencies")
    later["metadata"]["runDateStr"] = "17102026"
    assert run_cli_here("import", "766", "--site", str(site), str(save(tmp_path, "moi.json", later))).returncode == 0
    again = build_site(site, search=False)
    rankings = sorted(url for url in again.rendered_urls if "xep-hang" in url)
    assert rankings == [
        "/chi-so/xep-hang/",
        "/chi-so/xep-hang/766/",
        "/chi-so/xep-hang/766/nam-2026/",  # the period's latest: now 17/10
        "/chi-so/xep-hang/766/nam-2026/2026-10-17/",
        "/du-lieu/xep-hang/766-nam-2026-2026-10-17.csv",
        "/du-lieu/xep-hang/766-nam-2026-2026-10-17.json",
        "/du-lieu/xep-hang/766-nam-2026.csv",
        "/du-lieu/xep-hang/766-nam-2026.json",
    ]  # not the boards of 10/10, 24/09 or 2025, nor their files
    units = sorted(url for url in again.rendered_urls if url.startswith("/don-vi/"))
    assert units == [  # the agencies the new file brings; the communes' pages show nothing new
        "/don-vi/so-cong-thuong/",
        "/don-vi/so-tu-phap/",
        "/don-vi/so-van-hoa-the-thao-va-du-lich/",
        "/don-vi/thanh-tra-tinh/",
    ]


PAR_INDEX = """\
---
title: PAR INDEX {year} của {unit}
date: {year1}-04-15
index: PAR INDEX
year: {year}
unit: {unit}
score: {score}
max_score: 100
rank: {rank}
rank_of: 3
components:
  - name: Công tác chỉ đạo, điều hành
    score: {a}
    max: 12
  - name: Cải cách thủ tục hành chính
    score: {b}
    max: 14
---
"""


def test_par_index_results_of_several_units_use_the_same_tables(tmp_path):
    files = dict(SITE)
    results = [
        (2025, "Sở Tư pháp", 88.5, 1, 11.5, 13.0),
        (2025, "Sở Công Thương", 85.25, 2, 10.0, 12.5),
        (2025, "Thanh tra tỉnh", 80.0, 3, 9.0, 11.0),
    ]
    results += [(2024, "Sở Tư pháp", 86.0, 2, 11.0, 12.0), (2024, "Sở Công Thương", 87.0, 1, 11.0, 13.0)]
    for year, unit, score, rank, a, b in results:
        files[f"content/chi-so/par-{year}-{unit.lower().replace(' ', '-')}.md"] = PAR_INDEX.format(
            year=year, year1=year + 1, unit=unit, score=score, rank=rank, a=a, b=b
        )
    files["content/don-vi/so-tu-phap.md"] = "---\ntitle: Sở Tư pháp\nunit_type: so-nganh\n---\n"
    site = write_site(tmp_path / "site", files, CONFIG)
    result = build_site(site, search=False)
    assert result.ok, messages(result)
    page = read(site, "/chi-so/xep-hang/par-index/nam-2025/")
    rows = table(page, "so-nganh") if page.xpath("//h2[@id='khoi-so-nganh']") else []
    assert rows[0][:5] == ["1", "Sở Tư pháp", "88,5", "11,5/12", "13/14"]
    assert rows[0][-1] == "▲ Tăng 2,5 điểm, tăng 1 bậc"
    others = table(page, "don-vi")  # units the site has no page for: one table of their own
    assert [row[1] for row in others] == ["Sở Công Thương", "Thanh tra tỉnh"] and others[0][-1] == "▼ Giảm 1,75 điểm, giảm 1 bậc"
    assert others[1][-1] == "– Mới có trong kỳ này"
    assert page.xpath("//section[.//h2[@id='khoi-so-nganh']]//tbody//th/a/@href") == ["../../../../don-vi/so-tu-phap/"]
    assert page.xpath("//p[@class='data-links']/a/@href")[0] == "../../../../du-lieu/xep-hang/par-index-nam-2025.csv"
    rows = list(csv.DictReader(io.StringIO((site / "public/du-lieu/xep-hang/par-index-nam-2025.csv").read_text(encoding="utf-8-sig"))))
    assert [(r["unit"], r["total"], r["change"]) for r in rows] == [
        ("Sở Tư pháp", "88.5", "2.5"),
        ("Sở Công Thương", "85.25", "-1.75"),
        ("Thanh tra tỉnh", "80.0", ""),
    ]


def test_the_apis_answer_saved_from_a_browser_is_read_with_the_date_in_its_file_name(tmp_path):
    """An officer saves the portal's answer from the browser (no crawler's `metadata`): the rows, with their
    `childGroup`, and the day in the file's name."""
    site = write_site(tmp_path / "site", SITE, CONFIG)
    answer = {"data": portal_766.snapshot_file("10/10/2026", "communes")["communes"]}
    saved = save(tmp_path, "766-xa-phuong-2026-10-10.json", answer)
    result = run_cli_here("import", "766", "--site", str(site), str(saved))
    assert result.returncode == 0, result.stderr
    assert "Năm 2026, ngày 10/10/2026 (6 xã, phường, đặc khu)" in result.stdout
    undated = save(tmp_path, "tai-ve.json", answer)
    refused = run_cli_here("import", "766", "--site", str(site), str(undated))
    assert refused.returncode == 1 and "tai-ve.json: không biết số liệu của ngày nào" in refused.stderr and "--date" in refused.stderr


def test_a_unit_without_a_score_is_not_a_zero_and_a_unit_missing_is_named(tmp_path):
    site = write_site(tmp_path / "site", SITE, CONFIG)
    before = save(tmp_path, "xa-2409.json", portal_766.snapshot_file("24/09/2026", "communes"))
    later = portal_766.snapshot_file("10/10/2026", "communes")
    later["communes"] = [row for row in later["communes"] if row["departmentCode"] != "H21.232"]  # KDang left out
    new = next(row for row in later["communes"] if row["departmentCode"] == "H21.231")
    new.update(totalScore=None, groupScores=dict.fromkeys(portal_766.GROUPS), rank=None, groupRank=None)  # Phú Quý: no score yet
    result = run_cli_here("import", "766", "--site", str(site), str(before), str(save(tmp_path, "xa-1010.json", later)))
    assert result.returncode == 0, result.stderr
    assert "xa-1010.json: `rows`: Cổng ghi 6 đơn vị khối xã, phường, đặc khu nhưng số liệu chỉ có 5: thiếu 1 đơn vị" in result.stderr
    assert build_site(site, search=False).ok
    page = read(site, "/chi-so/xep-hang/766/nam-2026/")
    assert [row[1] for row in table(page, "xa-phuong")] == [
        "UBND xã Chơ Long",
        "UBND xã Kông Bơ La",
        "UBND xã SRó",
        "UBND phường Hoài Nhơn Bắc",
    ]
    text = words(page)
    assert "Chưa có điểm trong lần này (không phải 0 điểm): UBND đặc khu Phú Quý." in text
    assert "Có trong số liệu lần trước nhưng không có trong lần này: UBND xã KDang." in text
    rows = list(csv.DictReader(io.StringIO((site / "public/du-lieu/xep-hang/766-nam-2026-2026-10-10.csv").read_text(encoding="utf-8-sig"))))
    quy = next(r for r in rows if r["code"] == "H21.231")
    assert quy["total"] == "" and quy["transparency"] == "" and quy["previous_total"] == "45.0" and quy["change"] == ""
