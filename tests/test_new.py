"""`cchcsite new KIND "Tiêu đề"`: a commented file with every field, that builds as written."""

import os
import re
import subprocess
import sys

import pytest
import yaml

from cchcsite.content.kinds import KINDS, THEME_ONLY, Common
from cchcsite.schema import field_specs

from .conftest import PROCEDURE, REPO, TODAY_EPOCH, build_site, messages, run_cli_here

FOLDERS = {"news": "tin-tuc", "document": "van-ban", "procedure": "thu-tuc", "index": "chi-so", "stats": "thong-ke", "page": "trang"}


def front_matter(text: str) -> tuple[dict, list[str]]:
    lines = text.split("\n")
    assert lines[0] == "---"
    end = lines.index("---", 1)
    return yaml.safe_load("\n".join(lines[1:end])), lines[1:end]


def test_new_for_every_kind_builds_and_checks_cleanly(make_site):
    site = make_site({"content/tin-tuc/a.md": "---\ntitle: A\ndate: 2024-07-15\n---\n"})
    written = {}
    for kind, folder in FOLDERS.items():
        # Both spellings work: the kind and the Vietnamese folder name.
        for year, name in enumerate((kind, folder), start=2024):
            title = f"PAR INDEX {year}" if kind == "index" else f"Đường dây nóng {name}"  # one result per index and year
            result = run_cli_here("new", "--site", str(site), name, title)
            assert result.returncode == 0, result.stderr
            path = site / result.stdout.strip()
            assert path.is_file()
            written[name] = path
    assert written["tin-tuc"] == site / "content/tin-tuc/duong-day-nong-tin-tuc.md"
    assert written["trang"] == site / "content/duong-day-nong-trang.md"
    assert written["thu-tuc"].parent.name == "thu-tuc" and written["chi-so"].parent.name == "chi-so"
    check = run_cli_here("check", "--site", str(site), "--drafts")
    assert check.returncode == 0, check.stderr
    assert "0 cảnh báo" in check.stdout and "tin tức 3" in check.stdout and "thủ tục hành chính 2" in check.stdout
    built = build_site(site, drafts=True)
    assert built.ok, messages(built)
    assert not messages(built)
    assert (site / "public/thu-tuc/duong-day-nong-thu-tuc/index.html").is_file()


def test_an_unedited_new_file_never_publishes_until_its_draft_line_goes(make_site):
    site = make_site(
        {
            "content/chi-so/par-index-2024.md": "---\ntitle: PAR INDEX 2024\ndate: 2025-04-01\nindex: PAR INDEX\nyear: 2024\nunit: Sở Tư pháp tỉnh Hưng Yên\nscore: 80\nmax_score: 100\n---\n"
        }
    )
    made = run_cli_here("new", "--site", str(site), "chi-so", "PAR INDEX 2026")
    path = site / made.stdout.strip()
    data, _ = front_matter(path.read_text(encoding="utf-8"))
    assert data["draft"] is True and data["year"] == 2026  # the title's year, not a sample year
    built = run_cli_here("build", "--site", str(site))
    assert built.returncode == 0, built.stderr
    assert f"{path.relative_to(site).as_posix()}: bỏ qua: bản nháp" in built.stderr
    assert not (site / "public/chi-so/par-index-2026").exists()
    path.write_text(path.read_text(encoding="utf-8").replace("\ndraft: true\n", "\n"), encoding="utf-8")
    assert run_cli_here("build", "--site", str(site)).returncode == 0
    assert (site / "public/chi-so/par-index-2026/index.html").is_file()


PAR_2025 = "---\ntitle: PAR INDEX 2025\ndate: 2026-04-01\nindex: PAR INDEX\nyear: 2025\nunit: Sở Thử nghiệm tỉnh Hưng Yên\nscore: 80\n---\n"


def test_a_new_index_result_names_the_index_its_title_names_and_the_sites_own_unit(make_site):
    """`new chi-so "Chỉ số SIPAS năm 2025"` wrote `index: PAR INDEX` and the demo's unit: with a PAR INDEX
    2025 on the site, the new file was a second PAR INDEX 2025 the moment its draft line went."""
    site = make_site(
        {
            "content/chi-so/par-index-2025.md": PAR_2025,
            "content/chi-so/papi-2024.md": PAR_2025.replace("PAR INDEX", "PAPI").replace("2025", "2024"),
        }
    )
    made = {}
    for title in ("Chỉ số SIPAS năm 2025", "Kết quả chỉ số papi năm 2025", "Chỉ số hài lòng năm 2025"):
        result = run_cli_here("new", "--site", str(site), "chi-so", title)
        assert result.returncode == 0, result.stderr
        path = site / result.stdout.strip()
        path.write_text(path.read_text(encoding="utf-8").replace("\ndraft: true\n", "\n"), encoding="utf-8")
        made[title], _ = front_matter(path.read_text(encoding="utf-8"))
    assert [(d["index"], d["year"], d["unit"]) for d in made.values()] == [
        ("SIPAS", 2025, "Sở Thử nghiệm tỉnh Hưng Yên"),  # config.yaml's organization, not the sample's Sở Tư pháp
        ("PAPI", 2025, "Sở Thử nghiệm tỉnh Hưng Yên"),  # as the site already spells it
        ("Chỉ số hài lòng", 2025, "Sở Thử nghiệm tỉnh Hưng Yên"),  # no known name: the title's, for the officer to fix
    ]
    checked = run_cli_here("check", "--site", str(site))
    assert checked.returncode == 0, checked.stderr


def test_the_same_index_unit_and_year_twice_says_which_fields_to_fix_not_to_delete(make_site):
    site = make_site(
        {"content/chi-so/par-index-2025.md": PAR_2025, "content/chi-so/sipas-2025.md": PAR_2025.replace("title: PAR", "title: SIPAS")}
    )
    checked = run_cli_here("check", "--site", str(site))
    assert checked.returncode == 1
    line = next(line for line in checked.stderr.splitlines() if line.startswith("content/chi-so/sipas-2025.md:5:"))
    assert "hãy sửa `index`, `unit` hoặc `year` của tệp đó" in line and "xóa" not in line


def test_new_names_the_file_from_the_title_and_refuses_to_overwrite(make_site):
    site = make_site({})
    first = run_cli_here("new", "--site", str(site), "tin-tuc", "Đường dây nóng")
    assert first.returncode == 0, first.stderr
    path = site / "content/tin-tuc/duong-day-nong.md"
    assert first.stdout.strip() == path.as_posix()
    path.write_text(path.read_text(encoding="utf-8") + "Bài đã viết.\n", encoding="utf-8")
    before = path.read_bytes()
    again = run_cli_here("new", "--site", str(site), "news", "ĐƯỜNG DÂY NÓNG!")
    assert again.returncode == 1
    assert "đã có tệp này" in again.stderr and "không ghi đè" in again.stderr
    assert path.read_bytes() == before


def test_new_dates_the_item_today_in_the_site_timezone(make_site):
    site = make_site({})
    # 21:00 UTC on 23/11/2026 is 04:00 on 24/11 in Asia/Ho_Chi_Minh.
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(TODAY_EPOCH) + 9 * 3600), "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "cchcsite", "new", "--site", str(site), "van-ban", "Kế hoạch CCHC năm 2027"],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data, _ = front_matter((site / "content/van-ban/ke-hoach-cchc-nam-2027.md").read_text(encoding="utf-8"))
    assert str(data["date"]) == "2026-11-24"


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_field_is_present_with_a_vietnamese_comment(make_site, kind):
    site = make_site({})
    result = run_cli_here("new", "--site", str(site), kind, "Tiêu đề thử")
    assert result.returncode == 0, result.stderr
    text = (site / result.stdout.strip()).read_text(encoding="utf-8")
    data, lines = front_matter(text)
    info = KINDS[kind]
    specs = {**field_specs(Common), **field_specs(info.fields)}
    for name, spec in specs.items():
        if name in THEME_ONLY:  # a theme author's field, not the officer's
            continue
        required = spec.required or (name == "date" and info.date_required)
        pattern = re.compile(rf"^(# )?{name}:")
        found = [i for i, line in enumerate(lines) if pattern.match(line)]
        assert len(found) == 1, f"{kind}: `{name}` should appear once, found {len(found)}"
        if name == "draft":  # every new file starts as a draft, explained at the top
            assert data["draft"] is True and "CHƯA được đăng" in "\n".join(lines[: found[0]])
            continue
        line, comment = lines[found[0]], lines[found[0] - 1]
        assert comment.startswith("# ") and (spec.label or name) in comment, comment
        assert ("(bắt buộc)" if required else "(không bắt buộc)") in comment, comment
        if required or name == "date":
            assert not line.startswith("#") and data.get(name) not in (None, "", []), f"{kind}: `{name}` must be filled in"
        else:
            assert line.startswith("# ") and name not in data, f"{kind}: optional `{name}` must be commented out"
    assert data["title"] == "Tiêu đề thử"


def test_nested_lists_show_their_fields_with_comments(make_site):
    site = make_site({})
    result = run_cli_here("new", "--site", str(site), "thu-tuc", "Cấp phiếu lý lịch tư pháp")
    text = (site / result.stdout.strip()).read_text(encoding="utf-8")
    data, _ = front_matter(text)
    assert data["channels"] == [{"mode": "truc-tiep"}]
    assert "    # Thời hạn giải quyết (không bắt buộc). Ví dụ: 05 ngày làm việc\n    # duration: 05 ngày làm việc" in text
    assert "# Dịch vụ công trực tuyến (bắt buộc): chọn một trong toan-trinh (Toàn trình)" in text
    assert "# internal_process:\n#   - step: Tiếp nhận hồ sơ" in text


def test_a_new_procedure_gets_a_code_no_other_procedure_uses(make_site):
    taken = PROCEDURE.replace('code: "1.001193"', 'code: "1.000001"')
    site = make_site({"content/thu-tuc/a.md": PROCEDURE, "content/thu-tuc/b.md": taken.replace("Đăng ký khai sinh", "Thủ tục B")})
    result = run_cli_here("new", "--site", str(site), "procedure", "Đăng ký khai tử")
    data, _ = front_matter((site / result.stdout.strip()).read_text(encoding="utf-8"))
    assert data["code"] == "1.000002"
    assert run_cli_here("check", "--site", str(site)).returncode == 0


def test_an_unknown_kind_or_an_empty_title_is_a_usage_error(make_site):
    site = make_site({})
    result = run_cli_here("new", "--site", str(site), "bai-viet", "Tiêu đề")
    assert result.returncode == 2
    assert "`tin-tuc` (tin tức)" in result.stderr and "`trang` (trang)" in result.stderr
    result = run_cli_here("new", "--site", str(site), "tin-tuc", "!!!")
    assert result.returncode == 2 and "tiêu đề" in result.stderr
    assert not (site / "content").exists()


def test_new_follows_folders_renamed_in_config(make_site):
    from .conftest import BASE_CONFIG

    site = make_site({}, config=BASE_CONFIG + "sections:\n  tin-bai: news\n")
    for name in ("tin-bai", "news"):
        result = run_cli_here("new", "--site", str(site), name, f"Tin {name}")
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().startswith((site / "content/tin-bai").as_posix())


def test_the_officers_guide_shows_commands_that_exist():
    import unicodedata

    from cchcsite.cli import COMMANDS

    guide = (REPO / "HUONG-DAN.md").read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", guide)
    for needed in ('.venv/bin/cchcsite new tin-tuc "', "python3 build.py", ".venv/bin/cchcsite check", "/admin/"):
        assert needed in guide, needed
    verbs = {command.NAME for command in COMMANDS}
    assert set(re.findall(r"cchcsite ([\w-]+)", guide)) <= verbs | {"serve"}
    # the error lines shown are in the exact form the tool prints: path:line: message
    shown = [line for line in guide.splitlines() if line.startswith("content/") and ".md:" in line]
    assert len(shown) >= 5 and all(re.match(r"content/[\w/-]+\.md:\d+: \S", line) for line in shown)


def test_a_title_typed_without_quotes_is_taken_whole_and_mistakes_are_said_in_vietnamese(make_site):
    site = make_site({})
    result = run_cli_here("new", "--site", str(site), "tin-tuc", "Hội", "nghị", "tổng", "kết")
    assert result.returncode == 0, result.stderr
    path = site / result.stdout.strip()
    assert path == site / "content/tin-tuc/hoi-nghi-tong-ket.md"
    assert front_matter(path.read_text(encoding="utf-8"))[0]["title"] == "Hội nghị tổng kết"
    missing = run_cli_here("new", "--site", str(site), "tin-tuc")
    assert missing.returncode == 2 and "lỗi: thiếu TIÊU_ĐỀ" in missing.stderr and "required" not in missing.stderr
    port = run_cli_here("serve", "--site", str(site), "--port", "abc")
    assert port.returncode == 2 and "--port cần một số nguyên" in port.stderr
