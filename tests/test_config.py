"""config.yaml becomes a typed record; mistakes are explained with their line."""

from cchcsite.config import load_config
from cchcsite.errors import Severity

from .conftest import BASE_CONFIG, run_cli_here, write_site


def test_defaults_fill_what_the_officer_left_out(tmp_path):
    config, problems = load_config(write_site(tmp_path, {}))
    assert problems == []
    assert config.language == "vi"
    assert config.timezone == "Asia/Ho_Chi_Minh"
    assert config.per_page == 10
    assert config.base_path == "/cchc/"
    assert "www.youtube.com" in config.embed_hosts


def test_unknown_key_is_an_error_naming_the_nearest_key_and_the_rest_still_reads(tmp_path):
    config, problems = load_config(write_site(tmp_path, {}, BASE_CONFIG + "per_pgae: 5\n"))
    assert config is not None  # usable: the build goes on and reports the content's problems too
    assert [str(p) for p in problems] == [
        "config.yaml:7: `per_pgae`: không có trường này (giá trị của nó sẽ không được dùng). Có phải `per_page`?"
    ]
    assert problems[0].severity is Severity.ERROR


def test_unknown_keys_are_errors_at_every_depth(tmp_path):
    nested = (
        "contact:\n  Zalo: 0912 000 000\n"
        "brand:\n  primary_colour: '#1d4f91'\n"
        "menu:\n  - title: Tin tức\n    url: /tin-tuc/\n    icon: tin\n"
        "cms:\n  backend: test-repo\n  brnach: main\n"
        "open_data:\n  licence: https://data.gov.vn/\n"
        "feedback:\n  netlify: true\n  acton: https://gopy.example.gov.vn/\n"
    )
    top = "title: Cải cách hành chính\norganization: Sở Thử nghiệm tỉnh Hưng Yên\nbase_url: https://example.gov.vn/cchc/\n"
    config, problems = load_config(write_site(tmp_path, {}, top + nested))
    assert config is not None
    messages = [str(p) for p in sorted(problems) if p.severity is Severity.ERROR]
    assert messages == [
        "config.yaml:5: `contact.Zalo`: không có trường này trong `contact` (giá trị của nó sẽ không được dùng). Có phải `zalo`?",
        "config.yaml:7: `brand.primary_colour`: không có trường này trong `brand` (giá trị của nó sẽ không được dùng). Có phải `primary_color`?",
        "config.yaml:11: `menu[1].icon`: không có trường này trong `menu[1]` (giá trị của nó sẽ không được dùng); "
        "các trường dùng được ở đây: `title`, `url`",
        "config.yaml:14: `cms.brnach`: không có trường này trong `cms` (giá trị của nó sẽ không được dùng). Có phải `branch`?",
        "config.yaml:16: `open_data.licence`: không có trường này trong `open_data` (giá trị của nó sẽ không được dùng). Có phải `license`?",
        "config.yaml:19: `feedback.acton`: không có trường này trong `feedback` (giá trị của nó sẽ không được dùng). Có phải `action`?",
    ]


def test_language_other_than_vietnamese_is_refused_clearly(tmp_path):
    config, problems = load_config(write_site(tmp_path, {}, BASE_CONFIG + "language: en\n"))
    assert config is None
    assert [str(p) for p in problems] == [
        "config.yaml:7: `language`: ngôn ngữ `en` chưa được hỗ trợ: nhãn, ngày tháng, số và tìm kiếm của trang hiện chỉ có tiếng Việt; "
        "hãy viết `language: vi` hoặc xóa dòng này"
    ]
    config, problems = load_config(write_site(tmp_path, {}, BASE_CONFIG + "language: vi-VN\n"))
    assert config.language == "vi" and problems == []


def test_base_url_gets_its_trailing_slash(tmp_path):
    config, _ = load_config(write_site(tmp_path, {}, BASE_CONFIG.replace("/cchc/", "/cchc")))
    assert config.base_url == "https://example.gov.vn/cchc/"


def test_missing_required_key_is_reported_with_an_example(tmp_path):
    config, problems = load_config(write_site(tmp_path, {}, "title: CCHC\nbase_url: https://a.gov.vn/\n"))
    assert config is None
    assert any("`organization`: thiếu trường bắt buộc" in str(p) for p in problems)


def test_unusable_config_exits_2_with_its_line(tmp_path):
    site = write_site(tmp_path, {}, BASE_CONFIG + "menu:\n  - title: Tin\n   url: /tin-tuc/\n")
    result = run_cli_here("build", "--site", str(site))
    assert result.returncode == 2
    assert "config.yaml:9: thụt lề không khớp" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_wrong_type_in_config_names_the_key_and_line(tmp_path):
    site = write_site(tmp_path, {}, BASE_CONFIG + "per_page: mười\n")
    result = run_cli_here("check", "--site", str(site))
    assert result.returncode == 2
    assert "config.yaml:7: `per_page`: cần một số nguyên" in result.stderr


def test_pale_brand_colour_warns_about_contrast(tmp_path):
    config, problems = load_config(write_site(tmp_path, {}, BASE_CONFIG + "brand:\n  primary_color: '#ffdd00'\n"))
    assert config.brand.primary_color == "#ffdd00"
    assert any("độ tương phản" in str(p) for p in problems)


def test_missing_config_file_is_a_usage_error(tmp_path):
    result = run_cli_here("build", "--site", str(tmp_path))
    assert result.returncode == 2
    assert "không tìm thấy config.yaml" in result.stderr
