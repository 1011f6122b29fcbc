"""The officer's preview loop, observed over HTTP: save a file, see the right pages rebuilt."""

import json
import re
import threading
import time
import urllib.error
import urllib.request

import pytest

from cchcsite.serve import DevServer

from .browser import RECORD_CSP_VIOLATIONS, csp_violations, wait_for_results
from .conftest import NEWS, get, run_cli


def status(server) -> dict:
    return json.loads(get(server.url + "__cchcsite/status")[1])


def wait_for_generation(server, after: int, timeout: float = 10, until=lambda current: True) -> dict:
    """The first rebuild of the pages after `after` that satisfies `until` (a new folder is a rebuild
    of its own; the status reports rebuilds of the pages, not the search index catching up)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        current = status(server)
        if current["generation"] > after and until(current):
            return current
        time.sleep(0.02)
    raise AssertionError("no rebuild happened")


@pytest.fixture
def served(make_site):
    files = {f"content/tin-tuc/tin-{n}.md": NEWS.format(title=f"Tin số {n}").replace("2024-07-15", f"2024-07-{10 + n}") for n in range(8)}
    files["content/tin-tuc/tin-0.md"] = "---\ntitle: Tin số 0\ndate: 2024-07-10\ntags: [Một cửa]\n---\nNội dung gốc.\n"
    site = make_site(files)
    lines: list[str] = []
    server = DevServer(site, port=0, report=lines.append)
    server.start()
    yield site, server, lines
    server.stop()


def test_a_saved_change_rebuilds_only_the_pages_it_touches(served):
    site, server, _ = served
    code, html = get(server.url + "tin-tuc/tin-0/")
    assert code == 200 and "Nội dung gốc." in html
    assert '<script src="/__cchcsite/live.js" defer></script></body>' in html
    before = status(server)["generation"]
    (site / "content/tin-tuc/tin-0.md").write_text(
        "---\ntitle: Tin số 0\ndate: 2024-07-10\ntags: [Một cửa]\n---\nNội dung đã sửa.\n", encoding="utf-8"
    )
    after = wait_for_generation(server, before)
    assert after["ok"] is True
    assert "/tin-tuc/tin-0/" in after["rendered"]
    assert "/chu-de/mot-cua/" in after["rendered"]  # the tag page lists it
    assert "/tin-tuc/tin-5/" not in after["rendered"]  # an unrelated item is left alone
    assert len(after["rendered"]) < 10
    assert "Nội dung đã sửa." in get(server.url + "tin-tuc/tin-0/")[1]


def test_a_new_file_appears_and_a_deleted_one_disappears(served):
    site, server, _ = served
    generation = status(server)["generation"]
    (site / "content/tin-tuc/moi.md").write_text(NEWS.format(title="Tin mới đăng"), encoding="utf-8")
    generation = wait_for_generation(server, generation)["generation"]
    assert get(server.url + "tin-tuc/moi/")[0] == 200
    (site / "content/tin-tuc/moi.md").unlink()
    wait_for_generation(server, generation)
    assert get(server.url + "tin-tuc/moi/")[0] == 404


def test_a_renamed_file_moves_its_page(served):
    site, server, _ = served
    generation = status(server)["generation"]
    (site / "content/tin-tuc/tin-2.md").rename(site / "content/tin-tuc/tin-doi-ten.md")
    wait_for_generation(server, generation, until=lambda current: "/tin-tuc/tin-doi-ten/" in current["rendered"])
    assert "Tin số 2" in get(server.url + "tin-tuc/tin-doi-ten/")[1]
    assert get(server.url + "tin-tuc/tin-2/")[0] == 404


def test_a_save_while_config_yaml_is_unusable_shows_once_it_is_fixed(served):
    site, server, _ = served
    config = (site / "config.yaml").read_text(encoding="utf-8")
    generation = status(server)["generation"]
    (site / "config.yaml").write_text("title: [chưa đóng\n", encoding="utf-8")
    generation = wait_for_generation(server, generation, until=lambda current: not current["ok"])["generation"]
    (site / "content/tin-tuc/tin-3.md").write_text(NEWS.format(title="Tin số 3 sửa lúc cấu hình hỏng"), encoding="utf-8")
    generation = wait_for_generation(server, generation)["generation"]
    (site / "config.yaml").write_text(config, encoding="utf-8")
    wait_for_generation(server, generation, until=lambda current: current["ok"])
    assert "Tin số 3 sửa lúc cấu hình hỏng" in get(server.url + "tin-tuc/tin-3/")[1]


def test_an_error_is_shown_and_cleared_while_the_server_keeps_running(served):
    site, server, lines = served
    generation = status(server)["generation"]
    (site / "content/tin-tuc/tin-1.md").write_text("---\ntitle: Hỏng\ndate: 2024-99-99\n---\n", encoding="utf-8")
    broken = wait_for_generation(server, generation)
    assert broken["ok"] is False
    assert broken["errors"] == [
        "content/tin-tuc/tin-1.md:3: `date`: `2024-99-99` không có thật trên lịch (kiểm tra ngày và tháng); dạng đúng: `2024-07-15`"
    ]
    assert any("tin-1.md:3" in line for line in lines)  # the terminal shows it too
    assert "Tin số 1" in get(server.url + "tin-tuc/tin-1/")[1]  # last good page still served
    (site / "content/tin-tuc/tin-1.md").write_text(NEWS.format(title="Tin số 1 đã sửa"), encoding="utf-8")
    fixed = wait_for_generation(server, broken["generation"])
    assert fixed["ok"] is True and fixed["errors"] == []
    assert "Tin số 1 đã sửa" in get(server.url + "tin-tuc/tin-1/")[1]


def test_the_browser_is_told_over_server_sent_events(served):
    site, server, _ = served
    stream = urllib.request.urlopen(server.url + "__cchcsite/events", timeout=10)
    (site / "content/tin-tuc/tin-2.md").write_text(NEWS.format(title="Tin số 2 mới"), encoding="utf-8")
    assert stream.readline().startswith(b"id: ")
    assert stream.readline() == b"event: reload\n"
    assert b"/tin-tuc/tin-2/" in stream.readline()
    stream.close()


@pytest.mark.parametrize("path", ["/../config.yaml", "/%2e%2e/config.yaml", "/..%2fconfig.yaml", "/../../etc/passwd"])
def test_nothing_outside_the_output_folder_is_served(served, path):
    _, server, _ = served
    code, body = get(server.url.rstrip("/") + path)
    assert code == 404
    assert "base_url" not in body and "root:" not in body


def test_error_overlay_appears_over_the_page_and_clears_in_a_real_browser(served, browser):
    site, server, _ = served
    page = browser.new_page()
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    try:
        page.goto(server.url + "tin-tuc/tin-3/")
        # the event stream is connected (a function, not an expression: Playwright evaluates an expression
        # with eval() while polling, which the site's CSP refuses once the first check finds it not yet open)
        page.wait_for_function("() => document.documentElement.dataset.cchcsiteLive === 'open'")
        (site / "content/tin-tuc/tin-3.md").write_text("---\ntitle: Tin số 3\ndate: ngày mai\n---\n", encoding="utf-8")
        overlay = page.locator("#cchcsite-loi")
        overlay.wait_for(state="visible", timeout=10_000)
        assert overlay.get_attribute("role") == "alert"
        assert "content/tin-tuc/tin-3.md:3: `date`: `ngày mai` không phải ngày hợp lệ" in overlay.inner_text()
        with page.expect_navigation(timeout=10_000):  # fixing the file reloads the page
            (site / "content/tin-tuc/tin-3.md").write_text(NEWS.format(title="Tin số 3 đã sửa lỗi"), encoding="utf-8")
        assert page.locator("#cchcsite-loi").count() == 0
        assert page.locator("h1").inner_text() == "Tin số 3 đã sửa lỗi"
        assert csp_violations(page) == []  # the injected script lives within the site's CSP
    finally:
        page.close()


def test_the_preview_search_finds_what_was_just_saved(served, browser):
    """The search page of the preview works, and a saved item is found after its reload."""
    site, server, _ = served
    page = browser.new_page()
    try:
        page.goto(server.url + "tim-kiem/?q=tin+so+5")
        wait_for_results(page)
        assert page.locator("[data-search-status]").text_content().startswith("Tìm thấy")
        assert page.locator(".search-result a").first.text_content() == "Tin số 5"
        page.wait_for_function("() => document.documentElement.dataset.cchcsiteLive === 'open'")
        with page.expect_navigation(timeout=10_000):  # the save reloads the search page
            (site / "content/tin-tuc/tin-5.md").write_text(
                "---\ntitle: Đèo Hải Vân mở lại\ndate: 2024-07-15\n---\nĐường đèo thông xe.\n", encoding="utf-8"
            )
        # in a tab of its own: the first one reloads itself again when the index catches up, which
        # would cancel a navigation started there (1 run in 8 on a busy machine)
        searching = browser.new_page()
        searching.goto(server.url + "tim-kiem/?q=deo+hai+van")
        # the index follows the pages within a second; an open search page reloads itself when it does
        searching.wait_for_function(
            "() => document.querySelector('.search-result a')?.textContent === 'Đèo Hải Vân mở lại'", timeout=10_000
        )
        searching.close()
    finally:
        page.close()


def test_serve_started_with_an_error_shows_the_error_list_until_it_is_fixed(make_site):
    site = make_site(
        {"content/tin-tuc/tin-1.md": "---\ntitle: Hỏng\ndate: 2024-99-99\n---\n", "content/tin-tuc/tin-2.md": NEWS.format(title="Tin hai")}
    )
    lines: list[str] = []
    server = DevServer(site, port=0, report=lines.append)
    server.start()
    try:
        code, body = get(server.url)
        assert code == 503
        assert "content/tin-tuc/tin-1.md:3: `date`: `2024-99-99` không có thật trên lịch" in body
        assert "/__cchcsite/live.js" in body  # reloads by itself once fixed
        assert any("hiện danh sách lỗi" in line for line in lines)
        generation = status(server)["generation"]
        (site / "content/tin-tuc/tin-1.md").write_text(NEWS.format(title="Tin một đã sửa"), encoding="utf-8")
        assert wait_for_generation(server, generation)["ok"] is True
        code, body = get(server.url + "tin-tuc/tin-1/")
        assert code == 200 and "Tin một đã sửa" in body
        stylesheet = re.search(r"assets/site\.[0-9a-f]+\.css", body).group(0)
        assert get(server.url + stylesheet)[0] == 200  # the first good build after a failed start has its assets
    finally:
        server.stop()


def test_a_theme_syntax_error_is_shown_and_the_server_keeps_running(served):
    site, server, _ = served
    generation = status(server)["generation"]
    theme = site / "themes/default/templates"
    theme.mkdir(parents=True)
    (theme / "news.html").write_text(
        '{% extends "default:news.html" %}\n{% block content %}\n{{ page.title }\n{% endblock %}\n', encoding="utf-8"
    )
    broken = wait_for_generation(server, generation, until=lambda current: not current["ok"])
    assert broken["errors"][0].startswith("themes/default/templates/news.html:3: lỗi cú pháp trong mẫu giao diện")
    assert "Tin số 1" in get(server.url + "tin-tuc/tin-1/")[1]  # last good page still served
    (theme / "news.html").unlink()
    assert wait_for_generation(server, broken["generation"])["ok"] is True


def test_busy_port_is_a_clear_message(make_site):
    import socket

    site = make_site({"content/tin-tuc/tin-1.md": NEWS.format(title="Tin")})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--site", str(site), "--port", str(port))
    assert result.returncode == 2
    assert f"cổng {port} đang được chương trình khác dùng; thử cổng khác, ví dụ: cchcsite serve --port {port + 1}" in result.stderr
    assert "Lỗi nội bộ" not in result.stderr


def test_a_busy_port_leaves_no_preview_folder(make_site, tmp_path, monkeypatch):
    import socket
    import tempfile

    site = make_site({"content/tin-tuc/tin-1.md": NEWS.format(title="Tin")})
    scratch = tmp_path / "tam"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where the preview makes its folder
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(OSError):
            DevServer(site, port=taken.getsockname()[1], report=lambda line: None)
    assert list(scratch.iterdir()) == []  # one empty folder per refused start had piled up in /tmp


def test_stopping_leaves_no_preview_folder_even_when_a_save_comes_in_late(make_site):
    site = make_site({"content/tin-tuc/tin-1.md": NEWS.format(title="Tin một")})
    server = DevServer(site, port=0, report=lambda line: None)
    server.start()
    assert (server.output / "tin-tuc/tin-1/index.html").is_file()
    server.stop()
    assert not server.output.exists()
    saved = site / "content/tin-tuc/tin-1.md"
    saved.write_text(NEWS.format(title="Sửa ngay lúc dừng"), encoding="utf-8")
    server.rebuild({saved})  # what the burst timer of a save made just before the stop calls
    assert not server.output.exists()  # such rebuilds had left whole 4,000-page previews in /tmp


def test_stopped_during_its_first_build_the_preview_leaves_nothing_and_does_not_hang(make_site, monkeypatch):
    """Ctrl+C while a large site is first built: the stop is at once, and no preview folder is left."""
    site = make_site({"content/tin-tuc/tin-1.md": NEWS.format(title="Tin")})
    server = DevServer(site, port=0, report=lambda line: None)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(server, "_build", interrupted)
    raised: list[BaseException] = []

    def start() -> None:
        try:
            server.start()
        except BaseException as exc:
            raised.append(exc)

    starting = threading.Thread(target=start, daemon=True)
    starting.start()
    starting.join(timeout=10)
    assert not starting.is_alive(), "stop() waited for a server loop that never started"
    assert [type(exc) for exc in raised] == [KeyboardInterrupt]  # the stop goes on to the command
    assert not server.output.exists()


def test_the_terminal_tells_a_warning_when_a_save_makes_it_and_only_then(served):
    """The officer previewing sees what `build` would warn about (an image without its description),
    once when the save brings it, not again at every later save."""
    site, server, lines = served
    item = site / "content/tin-tuc/tin-3.md"
    before = status(server)["generation"]
    item.write_text(
        "---\ntitle: Tin số 3\ndate: 2024-07-13\n---\n[Liên hệ](https://example.gov.vn/)\n\n![](https://example.gov.vn/a.png)\n",
        encoding="utf-8",
    )
    wait_for_generation(server, before)
    warned = [line for line in lines if "tin-3.md" in line and "thiếu mô tả" in line]
    assert len(warned) == 1 and "cảnh báo" in warned[0], lines
    before = status(server)["generation"]
    (site / "content/tin-tuc/tin-4.md").write_text(NEWS.format(title="Tin số 4 đã sửa"), encoding="utf-8")
    wait_for_generation(server, before)
    assert [line for line in lines if "tin-3.md" in line and "thiếu mô tả" in line] == warned  # told once
