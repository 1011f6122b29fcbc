"""`check --external` reports dead web addresses with their file and line, against a local server only."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .conftest import BASE_CONFIG, run_cli_here


class Handler(BaseHTTPRequestHandler):
    asked: list[str] = []  # every path asked, in order: what the network saw

    def do_HEAD(self):
        self.asked.append(self.path)
        if self.path == "/khong-nhan-head":
            self.send_response(405)
        else:
            self.send_response(200 if self.path in ("/song", "/cong-dich-vu") else 404)
        self.end_headers()

    def do_GET(self):
        self.asked.append(self.path)
        self.send_response(200 if self.path in ("/song", "/khong-nhan-head", "/cong-dich-vu") else 404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)  # a quick shutdown()
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_dead_external_links_are_reported_with_file_and_line(make_site, server):
    body = (
        f"---\ntitle: Tin\ndate: 2024-07-15\n---\nXem [cổng]({server}/song).\n\n"
        f"Trang [đã xóa]({server}/da-xoa) và [máy chủ kén]({server}/khong-nhan-head).\n"
    )
    site = make_site(
        {"content/tin-tuc/a.md": body},
        config=BASE_CONFIG + f"public_service_url: {server}/cong-dich-vu\n",
    )
    result = run_cli_here("check", "--site", str(site), "--external", "--timeout", "3")
    assert result.returncode == 0, result.stderr  # report only
    assert f"content/tin-tuc/a.md:7: cảnh báo: liên kết ngoài `{server}/da-xoa` trả về mã lỗi 404" in result.stderr
    assert "/song" not in result.stderr.replace("Đang kiểm tra", "")
    assert "khong-nhan-head" not in result.stderr
    assert "cong-dich-vu" not in result.stderr


def test_unreachable_host_is_reported(make_site):
    site = make_site({"content/tin-tuc/a.md": "---\ntitle: Tin\ndate: 2024-07-15\n---\nXem [cổng](http://127.0.0.1:9/).\n"})
    result = run_cli_here("check", "--site", str(site), "--external", "--timeout", "2")
    assert "content/tin-tuc/a.md:5: cảnh báo: liên kết ngoài `http://127.0.0.1:9/` không kết nối được" in result.stderr


def test_plain_check_and_build_never_touch_the_network(make_site, server):
    """Not one request reaches the server a page and config.yaml point to, though `--external`,
    asked for, does reach it: a portal that is down never slows or blocks publishing."""
    site = make_site(
        {"content/tin-tuc/a.md": f"---\ntitle: Tin\ndate: 2024-07-15\n---\nXem [cổng]({server}/da-xoa).\n"},
        config=BASE_CONFIG + f"public_service_url: {server}/cong-dich-vu\n",
    )
    Handler.asked.clear()
    checked = run_cli_here("check", "--site", str(site))
    built = run_cli_here("build", "--site", str(site), "--no-search")
    assert checked.returncode == 0 and built.returncode == 0, checked.stderr + built.stderr
    assert Handler.asked == []
    assert run_cli_here("check", "--site", str(site), "--external", "--timeout", "3").returncode == 0
    assert "/da-xoa" in Handler.asked and "/cong-dich-vu" in Handler.asked


def test_every_address_the_config_declares_is_checked_not_only_a_listed_few(make_site, server):
    """The checks ask the schema which fields hold addresses: the open-data licence an officer wrote
    is probed; the default licence and the site's own base_url (not a link anyone follows) are not."""
    config = BASE_CONFIG + f"open_data:\n  license: {server}/giay-phep-cu\n"
    site = make_site({"content/tin-tuc/a.md": "---\ntitle: Tin\ndate: 2024-07-15\n---\nNội dung.\n"}, config=config)
    result = run_cli_here("check", "--site", str(site), "--external", "--timeout", "3")
    assert f"config.yaml:7: cảnh báo: liên kết ngoài `{server}/giay-phep-cu` trả về mã lỗi 404" in result.stderr
    plain = make_site({"content/tin-tuc/a.md": "---\ntitle: Tin\ndate: 2024-07-15\n---\nNội dung.\n"}, name="mac-dinh")
    from cchcsite.linkcheck import external_links
    from cchcsite.pipeline import BuildOptions, check

    assert external_links(check(BuildOptions(site_dir=plain)).site) == []  # base_url, the default licence: nothing to ask
