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


def test_unknown_key_is_a_warning_naming_the_nearest_key(tmp_path):
    config, problems = load_config(write_site(tmp_path, {}, BASE_CONFIG + "per_pgae: 5\n"))
    assert config is not None
    assert [str(p) for p in problems] == ["config.yaml:7: cảnh báo: khóa `per_pgae` không được biết đến; có phải `per_page`?"]
    assert problems[0].severity is Severity.WARNING


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
