"""Every kind as open data, as a re-user downloads it: the four datasets beside each other with
one set of conventions (front-matter field names, ISO dates, CSV with BOM, stable order),
and /du-lieu/ listing them with schema.org Dataset entries that point at real files."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import urlsplit

import pytest
from lxml import html

from cchcsite.content.kinds import KINDS
from cchcsite.schema import field_specs

from .conftest import BASE_CONFIG, build_site, changes_yaml, messages, one_of_each_kind, run_cli_here, text_of, with_front

DATASETS = {"thu-tuc": "procedure", "van-ban": "document", "chi-so": "index", "thong-ke": "stats", "don-vi": "unit"}


def read_json(out, slug):
    return json.loads((out / f"du-lieu/{slug}.json").read_text(encoding="utf-8"))


def read_csv(out, slug) -> tuple[bytes, list[dict[str, str]], list[str]]:
    raw = (out / f"du-lieu/{slug}.csv").read_bytes()
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    rows = list(reader)
    return raw, rows, list(reader.fieldnames or [])


@pytest.fixture(scope="module")
def demo(built_demo):
    site, result = built_demo
    assert result.ok
    return site / "public", result.site


@pytest.mark.parametrize("slug", DATASETS)
def test_each_dataset_round_trips_json_and_csv_with_one_row_per_item(demo, slug):
    out, site = demo
    kind = DATASETS[slug]
    items = site.by_kind[kind]
    records = read_json(out, slug)
    raw, rows, header = read_csv(out, slug)
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    assert len(records) == len(rows) == len(items) > 0
    assert header == list(records[0]), "CSV columns are the JSON keys, in the same order"
    # keys are the front-matter field names (plus the page's address)
    assert set(field_specs(KINDS[kind].fields)) <= set(header)
    assert {"title", "summary", "tags", "updated", "changes", "url"} <= set(header)
    by_url = {site.config.absolute(site.pages[key].url): site.pages[key] for key in items}
    assert set(by_url) == {record["url"] for record in records} == {row["url"] for row in rows}
    for record, row in zip(records, rows):
        page = by_url[record["url"]]
        assert record["title"] == row["title"] == page.title
        assert [note["note"] for note in record["changes"]] == [change.note for change in page.meta.changes]
        for name, value in record.items():
            if isinstance(value, str):
                assert row[name] == value, (name, row[name], value)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                assert float(row[name]) == value, name


def test_rows_come_in_a_stable_order_and_dates_are_iso(demo):
    out, _ = demo
    assert [r["code"] for r in read_json(out, "thu-tuc")] == sorted(r["code"] for r in read_json(out, "thu-tuc"))
    documents = read_json(out, "van-ban")
    assert [d["date"] for d in documents] == sorted(d["date"] for d in documents)
    results = read_json(out, "chi-so")
    assert [(r["index"], r["unit"], r["year"]) for r in results] == sorted((r["index"], r["unit"], r["year"]) for r in results)
    stats = read_json(out, "thong-ke")
    assert [s["period_start"] for s in stats] == sorted(s["period_start"] for s in stats)
    for record in documents:
        assert len(record["date"]) == 10 and record["date"][4] == "-" and record["date"][7] == "-"
    amended = next(r for r in read_json(out, "thu-tuc") if r["changes"])
    assert amended["changes"][0] == {"date": "2025-03-01", "note": amended["changes"][0]["note"]}


def test_document_rows_carry_the_status_the_page_shows(demo):
    out, site = demo
    for record in read_json(out, "van-ban"):
        page = next(p for p in site.pages.values() if site.config.absolute(p.url) == record["url"])
        assert record["number"] == page.data.number
        assert record["status"] == page.data.status_on(site.today)
        shown = html.fromstring((out / page.url.strip("/") / "index.html").read_bytes())
        assert record["status"] in shown.xpath("string(//span[contains(@class, 'status')]/@class)")


def test_the_catalogue_page_lists_every_dataset_with_dataset_json_ld_pointing_at_real_files(demo):
    out, site = demo
    page = html.fromstring((out / "du-lieu/index.html").read_bytes())
    (catalog,) = [
        json.loads(s.text) for s in page.xpath("//script[@type='application/ld+json']") if json.loads(s.text)["@type"] == "DataCatalog"
    ]
    datasets = catalog["dataset"]
    assert [d["@type"] for d in datasets] == ["Dataset"] * (len(DATASETS) + len(site.rankings.series))  # each ranking's period too
    shown = {text_of(section.xpath(".//h2")[0]): section for section in page.xpath("//section[@class='dataset']")}
    downloads = set()
    for dataset in datasets:
        assert dataset["name"] in shown and dataset["description"] == text_of(shown[dataset["name"]].xpath(".//p")[0])
        assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/deed.vi"
        formats = {d["encodingFormat"] for d in dataset["distribution"]}
        assert formats == {"application/json", "text/csv"}
        for download in dataset["distribution"]:
            assert download["@type"] == "DataDownload"
            path = urlsplit(download["contentUrl"]).path.removeprefix(site.config.base_path)
            assert (out / path).is_file(), download["contentUrl"]
            downloads.add(path)
    links = {href for href in page.xpath("//section[@class='dataset']//a/@href")}
    assert {path.removeprefix("du-lieu/") for path in downloads} == links  # the page offers the same files
    assert text_of(page.xpath("//a[@rel='license']")[0]).startswith("Creative Commons Ghi công 4.0")
    procedures = {
        text_of(row.xpath("dt")[0]): text_of(row.xpath("dd")[0]) for row in shown["Danh mục thủ tục hành chính"].xpath(".//dl/div")
    }
    assert procedures["Số bản ghi"] == str(len(site.by_kind["procedure"]))
    assert procedures["Cập nhật lần cuối"] == "15/10/2025"  # the newest change note of a procedure
    footer = html.fromstring((out / "tin-tuc/index.html").read_bytes()).xpath("//footer//a[text()='Dữ liệu mở']/@href")
    assert footer == ["../du-lieu/"]


def test_the_licence_is_configurable_and_an_empty_dataset_still_has_its_columns(make_site):
    config = BASE_CONFIG + "open_data:\n  license: https://data.example.gov.vn/giay-phep\n  license_name: Giấy phép dữ liệu mở của tỉnh\n"
    site = make_site(one_of_each_kind(changes_yaml(("2025-05-20", "Đính chính."))), config=config)
    (site / "content/thong-ke/quy-1.md").unlink()
    result = build_site(site)
    assert result.ok, messages(result)
    out = site / "public"
    page = html.fromstring((out / "du-lieu/index.html").read_bytes())
    assert page.xpath("//a[@rel='license']/@href") == ["https://data.example.gov.vn/giay-phep"]
    assert text_of(page.xpath("//a[@rel='license']")[0]) == "Giấy phép dữ liệu mở của tỉnh"
    catalog = next(json.loads(s.text) for s in page.xpath("//script[@type='application/ld+json']") if "DataCatalog" in s.text)
    assert {d["license"] for d in catalog["dataset"]} == {"https://data.example.gov.vn/giay-phep"}
    assert read_json(out, "thong-ke") == []
    _, rows, header = read_csv(out, "thong-ke")
    assert rows == [] and {"period_start", "received_new", "changes", "url"} <= set(header)
    assert read_json(out, "van-ban")[0]["changes"] == [{"date": "2025-05-20", "note": "Đính chính."}]


def test_change_notes_survive_importing_the_sites_own_open_data(make_site):
    from .conftest import PROCEDURE

    first = make_site(
        {
            "content/thu-tuc/khai-sinh.md": with_front(
                PROCEDURE, changes_yaml(("2025-03-01", "Bổ sung tờ khai."), ("2025-10-15", "Giảm lệ phí."))
            )
        },
        name="first",
    )
    assert build_site(first).ok
    for extension in ("json", "csv"):
        second = make_site({}, name=f"second-{extension}")
        result = run_cli_here("import", "procedures", "--site", str(second), str(first / f"public/du-lieu/thu-tuc.{extension}"))
        assert result.returncode == 0, result.stderr
        assert build_site(second).ok
        assert read_json(second / "public", "thu-tuc")[0]["changes"] == read_json(first / "public", "thu-tuc")[0]["changes"]
