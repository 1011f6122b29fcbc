"""The officers' editor, for real: the built /admin/ of a site served under a sub-path, Decap
(the pinned bundle served by the site itself) driven through its Vietnamese UI in Debian's
Chromium with the in-browser `test-repo` backend. Every request for another host is refused
and fails the test. What Decap writes (`window.repoFiles`) goes into the site, which must then
pass `cchcsite check` with no error and no warning and build the new pages.

One browser (the session's), one admin page for the module; each test opens its own route.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime, time
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

import pytest

try:
    from playwright.sync_api import Error as PlaywrightError
except ImportError:  # the browser fixture then skips (or fails when CI=true)
    PlaywrightError = Exception

from cchcsite import decap

from .browser import RECORD_CSP_VIOLATIONS, missing, serve_published, watch_csp_violations
from .conftest import BASE_CONFIG, DECAP_DOCUMENT, DECAP_NEWS, DECAP_PROCEDURE, TODAY, build_site, messages, run_cli_here, write_site
from .photos import JPEG

CONFIG = BASE_CONFIG + "cms:\n  backend: test-repo\n"
SEEDED = {
    "content/tin-tuc/thong-bao-so-tu-phap-cong-bo-duong-day-nong.md": DECAP_NEWS,
    "content/tin-tuc/_index.md": "---\ntitle: Tin hoạt động\n---\nTin về cải cách hành chính.\n",
    "content/van-ban/ke-hoach-cai-cach-hanh-chinh-nam-2024.md": DECAP_DOCUMENT,
    "content/thu-tuc/cap-phieu-ly-lich-tu-phap.md": DECAP_PROCEDURE,
}
STATIC = {
    "static/images/duong-day-nong.jpg": JPEG,
    "static/files/ke-hoach-cchc-2024.pdf": b"%PDF-1.4\n",
    "static/forms/to-khai-lltp.docx": b"PK\x03\x04",
}
WAIT_MS = 15_000


def repo_files(files: dict[str, str]) -> dict:
    """`window.repoFiles` for test-repo: the nested tree, plus each folder under its whole path
    (how Decap's listing looks a collection's `folder` up)."""
    tree: dict = {}
    for path, content in files.items():
        node = tree
        *folders, name = path.split("/")
        for folder in folders:
            node = node.setdefault(folder, {})
        node[name] = {"content": content}
    for path in files:
        folder = path.rsplit("/", 1)[0]
        node = tree
        for part in folder.split("/"):
            node = node[part]
        tree[folder] = node
    return tree


def written_files(tree: dict) -> dict[str, str]:
    """The files Decap saved: every `{content, path}` leaf of the nested tree."""
    found: dict[str, str] = {}

    def walk(node):
        for value in node.values():
            if isinstance(value, dict) and isinstance(value.get("content"), str) and "path" in value:
                found[value["path"]] = value["content"]
            elif isinstance(value, dict):
                walk(value)

    walk({key: value for key, value in tree.items() if "/" not in key})
    return found


class Admin:
    """The served site, the browser context that refuses other hosts, and what it saw."""

    def __init__(self, browser, site: Path, served=None, seed: bool = True):
        """`served`: (base URL, stop) of a server already running; else the built site under /cchc/.
        `seed`: the test puts SEEDED into the in-browser repository itself (else the server does)."""
        self.site = site
        self.base, self.stop = served or serve_published(site / "public", prefix="/cchc/")
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.base))
        self.outside: list[str] = []  # requests for another host: refused, and a failure
        self.console: list[str] = []
        self.context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1280, "height": 900})
        # The officer edits on the day the site is built: Decap dates new entries by the browser's clock.
        self.context.clock.install(time=datetime.combine(TODAY, time(12), ZoneInfo("Asia/Ho_Chi_Minh")))
        self.context.route("**/*", self._route)
        self.csp = watch_csp_violations(self.context)  # what the admin policy blocked, on any page shown
        seeded = f"window.repoFiles = {json.dumps(repo_files(SEEDED), ensure_ascii=False)};" if seed else ""
        self.context.add_init_script(RECORD_CSP_VIOLATIONS + seeded)
        self.page = self.context.new_page()
        self.page.set_default_timeout(WAIT_MS)
        self.page.on("console", lambda message: self.console.append(message.text))
        self.page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))

    def _route(self, route):
        url = route.request.url
        if url.startswith((self.origin + "/", "data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort("blockedbyclient")

    def open(self, fragment: str):
        """A fresh admin (a hash change alone would keep the last form): repoFiles back to the seed."""
        self.page.goto("about:blank")
        self.page.goto(f"{self.base}/admin/#{fragment}")
        return self.page

    def saved(self) -> dict[str, str]:
        return written_files(self.page.evaluate("window.repoFiles"))

    def assert_clean(self):
        assert self.outside == [], f"the admin asked another host: {self.outside}"
        assert self.csp == [], "the admin policy blocked something Decap needs"
        errors = [line for line in self.console if line.startswith("pageerror")]
        assert errors == []

    def close(self):
        self.context.close()
        self.stop()


@pytest.fixture(scope="module")
def admin(browser, tmp_path_factory):
    if decap.cached() is None:
        missing(f"Decap CMS {decap.VERSION} is not in {decap.cache_folder()} (python3 build.py test fetches it: cchcsite fetch-cms)")
    site = write_site(tmp_path_factory.mktemp("cms") / "site", {**SEEDED, **STATIC}, CONFIG)
    result = build_site(site)
    assert result.ok and not result.report.warnings, messages(result)
    opened = Admin(browser, site)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def seeded_output(tmp_path_factory) -> Path:
    """The seeded items built without the admin, once: what each item saved unchanged must build to."""
    site = write_site(tmp_path_factory.mktemp("seeded") / "site", {**SEEDED, **STATIC}, BASE_CONFIG)
    result = build_site(site)
    assert result.ok and not result.report.warnings, messages(result)
    return site / "public"


def fill_select(page, field: str, label: str):
    page.locator(f'[id^="{field}-field"]').fill(label)
    page.keyboard.press("Enter")


def add_item(page, label: str):
    page.get_by_role("button", name=f"Thêm {label}").click()  # Decap's own "Add", in Vietnamese (admin.js)


def publish(admin: Admin, path: str, before: str | None = None) -> str:
    """Publish now, and wait for test-repo to hold the file (seeded files have no `path` until Decap saves them)."""
    page = admin.page
    try:
        page.get_by_role("button", name="Công bố", exact=True).click()
        page.get_by_role("menuitem", name="Công bố ngay").click()
        page.wait_for_function(
            "([path, before]) => { let node = window.repoFiles; for (const part of path.split('/')) { node = node && node[part]; }"
            " return node && node.path === path && node.content !== before; }",
            arg=[path, before],
        )
        page.get_by_role("button", name="Đã công bố").wait_for()  # the form has settled on what was saved
    except PlaywrightError:
        page.screenshot(path=str(admin.site.parent / "publish-failed.png"), full_page=True)
        raise AssertionError(f"Decap did not save {path}; the form shows: {page.inner_text('body')[:1500]}") from None
    return admin.saved()[path]


def test_the_admin_runs_the_pinned_decap_from_the_site_and_lists_no_intro(admin):
    page = admin.open("/collections/tin-tuc")
    page.get_by_text("Thông báo: Sở Tư pháp công bố đường dây nóng").first.wait_for()
    assert decap.VERSION_LINE in admin.console, "the Decap served from /admin/ is not the pinned version"
    assert page.get_by_text("Tin hoạt động").count() == 0  # _index.md is the list's introduction, not a news item
    assert page.locator('[aria-label^="Tạo bài thuộc loại"]').count() == 1  # "＋ Tin tức": the Vietnamese UI
    admin.assert_clean()


def test_the_guard_refuses_and_records_other_hosts(admin):
    other = admin.context.new_page()
    try:
        with pytest.raises(PlaywrightError, match="ERR_BLOCKED_BY_CLIENT"):
            other.goto("https://decapcms.org/")
        assert admin.outside == ["https://decapcms.org/"]
    finally:
        other.close()
        admin.outside.clear()


def test_news_document_and_procedure_written_in_the_admin_check_clean_and_build(admin):
    page = admin.open("/collections/tin-tuc/new")
    page.locator('[id^="title-field"]').first.fill("Đường dây nóng tiếp dân của Sở")
    page.locator('[id^="summary-field"]').fill("Người dân gọi 0221 3 555 868 để phản ánh.")
    add_item(page, "chủ đề")
    page.locator('[id^="item-field"]').first.fill("Phản ánh kiến nghị")
    page.locator("[data-slate-editor]").last.click()
    # The body arrives as a Vietnamese keyboard (Unikey, EVKey, the phones' own) hands it over:
    # composed text committed at once, not a key event per letter (3 s less Chromium work).
    page.keyboard.insert_text("Từ ngày 15/7, Sở Tư pháp công bố đường dây nóng.")
    news_path = "content/tin-tuc/duong-day-nong-tiep-dan-cua-so.md"  # đ → d, no accents: the file name Decap chose
    news = publish(admin, news_path)

    page = admin.open("/collections/van-ban/new")
    page.locator('[id^="title-field"]').first.fill("Kế hoạch kiểm soát thủ tục hành chính năm 2025")
    page.locator('[id^="number-field"]').fill("12/KH-STP")
    page.locator('[id^="doc_type-field"]').fill("Kế hoạch")
    page.locator('[id^="issuer-field"]').fill("Sở Tư pháp tỉnh Hưng Yên")
    add_item(page, "chủ đề")
    page.locator('[id^="item-field"]').first.fill("Kiểm soát thủ tục")
    page.locator("[data-slate-editor]").last.click()
    page.keyboard.insert_text("Kế hoạch triển khai trong toàn Sở.")
    document_path = "content/van-ban/ke-hoach-kiem-soat-thu-tuc-hanh-chinh-nam-2025.md"
    document = publish(admin, document_path)

    page = admin.open("/collections/thu-tuc/new")
    # typed with a decomposed-accent keyboard (Unikey "Unicode tổ hợp"): admin.js makes it NFC
    # before Decap makes the file name from it
    page.locator('[id^="title-field"]').first.fill(unicodedata.normalize("NFD", "Đăng ký khai sinh có yếu tố nước ngoài"))
    page.get_by_role("button", name="Công bố", exact=True).click()
    page.get_by_role("menuitem", name="Công bố ngay").click()
    page.get_by_text("Bạn còn thiếu vài thông tin bắt buộc").wait_for()  # required fields, from content/kinds.py
    assert page.get_by_text("Mã thủ tục bắt buộc nhập", exact=False).count() == 1
    assert "thu-tuc" not in json.dumps(admin.saved())
    admin.console.remove("pageerror: undefined")  # Decap's own unhandled rejection of the refused save
    page.locator('[id^="code-field"]').fill("1.001193")
    page.locator('[id^="field-field"]').fill("Hộ tịch")
    fill_select(page, "level", "Cấp tỉnh")
    fill_select(page, "online", "Một phần")
    add_item(page, "trình tự thực hiện")
    page.locator("[data-slate-editor]").first.click()
    page.keyboard.insert_text("Nộp hồ sơ tại Bộ phận Một cửa.")
    add_item(page, "cách thức thực hiện")
    fill_select(page, "mode", "Trực tuyến")  # one-part online service: an online channel with its time
    page.locator('[id^="duration-field"]').fill("15 ngày làm việc")
    add_item(page, "thành phần hồ sơ")
    page.locator('[id^="name-field"]').fill("Tờ khai đăng ký khai sinh")
    add_item(page, "đối tượng thực hiện")
    page.locator('[id^="item-field"]').first.fill("Công dân Việt Nam")
    page.locator('[id^="agency-field"]').fill("Sở Tư pháp")
    page.locator('[id^="result-field"]').fill("Giấy khai sinh")
    assert page.locator('[id^="number-field"]').count() == 0  # no empty row of its own before "Add"
    add_item(page, "căn cứ pháp lý")
    page.locator('[id^="number-field"]').fill("123/2015/NĐ-CP")
    page.locator("[data-slate-editor]").last.click()
    page.keyboard.insert_text("Thủ tục mới theo Nghị định 123/2015/NĐ-CP.")
    procedure_path = "content/thu-tuc/dang-ky-khai-sinh-co-yeu-to-nuoc-ngoai.md"
    procedure = publish(admin, procedure_path)
    admin.assert_clean()

    assert re.search(r"^date: \d{4}-\d\d-\d\dT\d\d:\d\d:00\+07:00$", news, re.MULTILINE), news  # the officer's clock, with its offset
    assert "Phản ánh kiến nghị" in news and "Giấy khai sinh" in procedure and "12/KH-STP" in document
    assert "Từ ngày 15/7, Sở Tư pháp công bố đường dây nóng." in news and "Kế hoạch triển khai trong toàn Sở." in document
    assert "title: Đăng ký khai sinh có yếu tố nước ngoài\n" in procedure  # NFC in the file too
    site = admin.site
    for path, content in {news_path: news, document_path: document, procedure_path: procedure}.items():
        assert path.startswith("content/") and ".." not in path
        (site / path).write_text(content, encoding="utf-8")
    checked = run_cli_here("check", "--site", str(site))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert " 0 cảnh báo" in checked.stdout and "lỗi" not in checked.stdout, checked.stdout + checked.stderr
    result = build_site(site)
    assert result.ok and not result.report.warnings, messages(result)
    pages = {
        "tin-tuc/duong-day-nong-tiep-dan-cua-so": "Đường dây nóng tiếp dân của Sở",
        "van-ban/ke-hoach-kiem-soat-thu-tuc-hanh-chinh-nam-2025": "Kế hoạch kiểm soát thủ tục hành chính năm 2025",
        "thu-tuc/dang-ky-khai-sinh-co-yeu-to-nuoc-ngoai": "Đăng ký khai sinh có yếu tố nước ngoài",
    }
    for url, title in pages.items():
        built = (site / "public" / url / "index.html").read_text(encoding="utf-8")
        assert f"<h1>{title}</h1>" in built or title in built, url
    procedure_page = (site / "public/thu-tuc/dang-ky-khai-sinh-co-yeu-to-nuoc-ngoai/index.html").read_text(encoding="utf-8")
    for text in ("Nộp hồ sơ tại Bộ phận Một cửa.", "15 ngày làm việc", "Tờ khai đăng ký khai sinh", "Công dân Việt Nam", "123/2015/NĐ-CP"):
        assert text in procedure_page, text


@pytest.mark.parametrize(
    ("collection", "path"),
    [
        ("thu-tuc", "content/thu-tuc/cap-phieu-ly-lich-tu-phap.md"),
        ("tin-tuc", "content/tin-tuc/thong-bao-so-tu-phap-cong-bo-duong-day-nong.md"),
        ("van-ban", "content/van-ban/ke-hoach-cai-cach-hanh-chinh-nam-2024.md"),
    ],
)
def test_an_existing_item_saved_unchanged_builds_the_same_page(admin, seeded_output, tmp_path, collection, path):
    page = admin.open(f"/collections/{collection}/entries/{Path(path).stem}")
    title = page.locator('[id^="title-field"]').first
    title.wait_for()
    kept, extra = title.input_value(), " (sửa thử)"
    title.press("End")
    title.type(extra)
    # Decap offers "Công bố" only for an entry that differs from what the editor opened with:
    # save a change, open the entry again (in the page: test-repo keeps what was saved), undo it
    touched = publish(admin, path)
    assert extra in touched
    page.evaluate(f"location.hash = '#/collections/{collection}'")
    page.locator('[aria-label^="Tạo bài thuộc loại"]').wait_for()
    page.evaluate(f"location.hash = '#/collections/{collection}/entries/{Path(path).stem}'")
    page.wait_for_function(
        "extra => { const input = document.querySelector('[id^=\"title-field\"]'); return input && input.value.endsWith(extra); }",
        arg=extra,
    )
    title.press("End")
    for _ in extra:
        title.press("Backspace")
    assert title.input_value() == kept
    saved = publish(admin, path, before=touched)
    admin.assert_clean()
    url = Path(path).relative_to("content").with_suffix("").as_posix()

    site = write_site(tmp_path / "site", {**SEEDED, path: saved, **STATIC}, BASE_CONFIG)
    result = build_site(site)
    assert result.ok and not result.report.warnings, messages(result)
    built = (site / "public" / url / "index.html").read_text(encoding="utf-8")
    assert built == (seeded_output / url / "index.html").read_text(encoding="utf-8"), saved


@pytest.mark.parametrize(
    ("backend", "authorize", "extra"),
    [
        ("gitlab", "https://git.example.gov.vn/oauth/authorize", "  publish_mode: editorial_workflow\n"),
        ("gitea", "https://git.example.gov.vn/login/oauth/authorize", ""),  # Decap has no editorial workflow for Gitea
    ],
)
def test_self_hosted_git_sign_in_goes_to_the_agency_server_with_pkce(browser, tmp_path, backend, authorize, extra):
    """Decap accepts the generated backend settings, and "Đăng nhập" sends the officer to the
    agency's own server with a PKCE challenge and the admin page as the way back; the test
    refuses that request, like every other one for another host."""
    if decap.cached() is None:
        missing(f"Decap CMS {decap.VERSION} is not in {decap.cache_folder()} (python3 build.py test fetches it: cchcsite fetch-cms)")
    cms = f"cms:\n  backend: {backend}\n  repo: so-tu-phap/cchc\n  base_url: https://git.example.gov.vn\n  app_id: ung-dung-cchc\n" + extra
    site = write_site(tmp_path / "site", {**SEEDED, **STATIC}, BASE_CONFIG + cms)
    result = build_site(site)
    assert result.ok and not result.report.warnings, messages(result)
    signin = Admin(browser, site)
    try:
        page = signin.open("/")
        with page.expect_request(lambda request: request.url.startswith(authorize)) as asked:
            page.get_by_role("button", name=re.compile("Đăng nhập bằng")).click()
        query = dict(parse_qsl(urlsplit(asked.value.url).query))
        assert query["client_id"] == "ung-dung-cchc" and query["response_type"] == "code"
        assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) >= 43
        assert query["redirect_uri"].startswith(f"{signin.base}/admin/")
        assert signin.outside == [asked.value.url]  # refused: the only request for another host
        assert signin.csp == []  # read here, not from the page: Decap is navigating away
    finally:
        signin.close()


def test_without_the_bundle_the_admin_says_how_to_fetch_it(browser, tmp_path, monkeypatch):
    """Built where Decap was never fetched: /admin/ tells the officer in Vietnamese what to run,
    instead of a blank page, and asks no other host for it."""
    monkeypatch.setenv("CCHCSITE_DECAP_DIR", str(tmp_path / "never-fetched"))
    site = write_site(tmp_path / "site", {**SEEDED, **STATIC}, CONFIG)
    result = build_site(site)
    assert result.ok and len(result.report.warnings) == 1, messages(result)
    base, stop = serve_published(site / "public", prefix="/cchc/")
    context = browser.new_context(locale="vi-VN")
    outside: list[str] = []

    def only_the_site(route):
        if route.request.url.startswith(base):
            return route.continue_()
        outside.append(route.request.url)
        return route.abort()

    context.route("**/*", only_the_site)
    try:
        page = context.new_page()
        page.goto(f"{base}/admin/")
        notice = page.locator("#cms-missing")
        notice.wait_for(state="visible")
        text = notice.inner_text()
        assert "Trang quản trị chưa dùng được" in text and f"Decap CMS {decap.VERSION}" in text
        assert "cchcsite fetch-cms" in text and "python3 build.py" in text
        assert outside == []
    finally:
        context.close()
        stop()


PNG = (Path(__file__).parent / "sites_invalid/relative-paths-wrong/static/images/hoi-nghi.png").read_bytes()


def write_body(page, *paragraphs: str) -> None:
    """The body written again from scratch, paragraph by paragraph, as a Vietnamese keyboard commits text."""
    page.locator("[data-slate-editor]").last.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    for number, paragraph in enumerate(paragraphs):
        if number:
            page.keyboard.press("Enter")
            page.keyboard.press("Enter")
        page.keyboard.insert_text(paragraph)


def refused(admin: Admin, reason: str) -> None:
    """Publishing stops with `reason` shown on the page, and nothing new is saved."""
    page = admin.page
    before = admin.saved()
    page.get_by_role("button", name="Công bố", exact=True).click()
    page.get_by_role("menuitem", name="Công bố ngay").click()
    try:
        page.get_by_text(reason, exact=False).first.wait_for()
    except PlaywrightError:
        page.screenshot(path=str(admin.site.parent / "refused-failed.png"))
        raise AssertionError(f"no `{reason}` on the page: {page.inner_text('body')[:2000]}") from None
    assert admin.saved() == before
    for line in [line for line in admin.console if line.startswith("pageerror")]:  # Decap's own unhandled rejection of the refused save
        admin.console.remove(line)


def test_an_entry_with_an_image_and_its_description_saves_and_builds_and_one_without_cannot_be_saved(admin):
    page = admin.open("/collections/tin-tuc/new")
    page.locator('[id^="title-field"]').first.fill("Hội nghị tổng kết công tác cải cách hành chính")
    page.get_by_role("button", name="Chọn một hình").click()  # the featured image, uploaded through Decap's media library
    page.locator('input[type="file"]').first.set_input_files({"name": "hoi-nghi.png", "mimeType": "image/png", "buffer": PNG})
    page.get_by_text("hoi-nghi.png").first.wait_for()
    page.get_by_role("button", name="Lấy những cái đã chọn").click()
    # Markdown typed as Markdown (the editor opens in its Markdown mode: nothing is escaped)
    write_body(page, "**Hội nghị** đã tổng kết năm 2026.", "![](/images/hoi-nghi.png)")
    refused(admin, "Mỗi ảnh cần một mô tả cho người khiếm thị")  # the body's image: the build's own rule, before saving

    write_body(page, "**Hội nghị** đã tổng kết năm 2026.", "![Quang cảnh hội nghị](/images/hoi-nghi.png)")
    refused(admin, "Chưa lưu: có “Ảnh đại diện” thì phải điền “Mô tả ảnh cho người khiếm thị”")  # the featured image's

    page.locator('[id^="image_alt-field"]').fill("Lãnh đạo Sở phát biểu tại hội nghị")
    path = "content/tin-tuc/hoi-nghi-tong-ket-cong-tac-cai-cach-hanh-chinh.md"
    saved = publish(admin, path)
    admin.assert_clean()
    assert "image: /images/hoi-nghi.png" in saved and "image_alt: Lãnh đạo Sở phát biểu tại hội nghị" in saved
    assert "**Hội nghị** đã tổng kết năm 2026." in saved and "![Quang cảnh hội nghị](/images/hoi-nghi.png)" in saved, saved

    site = write_site(admin.site.parent / "anh", {**SEEDED, **STATIC, path: saved, "static/images/hoi-nghi.png": PNG}, BASE_CONFIG)
    checked = run_cli_here("check", "--site", str(site))
    assert checked.returncode == 0 and " 0 cảnh báo" in checked.stdout, checked.stdout + checked.stderr
    result = build_site(site, today=TODAY.replace(year=TODAY.year + 5))
    assert result.ok and not result.report.warnings, messages(result)
    built = (site / "public/tin-tuc/hoi-nghi-tong-ket-cong-tac-cai-cach-hanh-chinh/index.html").read_text(encoding="utf-8")
    assert "<strong>Hội nghị</strong> đã tổng kết năm 2026." in built and 'alt="Quang cảnh hội nghị"' in built


def test_the_preview_is_drawn_with_the_sites_stylesheet(admin):
    page = admin.open("/collections/tin-tuc/entries/thong-bao-so-tu-phap-cong-bo-duong-day-nong")
    page.locator('[id^="title-field"]').first.wait_for()
    preview = page.frame_locator("iframe").first
    preview.locator("main.site-main article.article h1").wait_for()
    sheets = preview.locator('link[rel="stylesheet"]').evaluate_all("links => links.map(link => link.href)")
    assert any(re.search(r"/cchc/assets/site\.[0-9a-f]+\.css$", href) for href in sheets), sheets
    heading = preview.locator("main.site-main article.article h1")
    assert heading.inner_text() == "Thông báo: Sở Tư pháp công bố đường dây nóng tiếp nhận phản ánh về thủ tục hành chính"
    assert "serif" not in heading.evaluate("h => getComputedStyle(h).fontFamily").replace(
        "sans-serif", ""
    )  # the site's font, not the browser's
    admin.assert_clean()


def test_serve_shows_the_existing_entries_in_the_in_browser_repository(browser, tmp_path):
    """With `backend: test-repo`, `cchcsite serve` hands the site's content to the editor: the test
    does not seed anything itself."""
    if decap.cached() is None:
        missing(f"Decap CMS {decap.VERSION} is not in {decap.cache_folder()} (python3 build.py test fetches it with npm)")
    from cchcsite.serve import DevServer

    site = write_site(tmp_path / "site", {**SEEDED, **STATIC}, CONFIG)
    server = DevServer(site, port=0, report=lambda line: None)
    assert server.start().ok
    editor = Admin(browser, site, served=(server.url.rstrip("/"), server.stop), seed=False)
    try:
        page = editor.open("/collections/thu-tuc")
        page.get_by_text("Cấp Phiếu lý lịch tư pháp").first.wait_for()
        page = editor.open("/collections/tin-tuc/entries/thong-bao-so-tu-phap-cong-bo-duong-day-nong")
        assert page.locator('[id^="title-field"]').first.input_value().startswith("Thông báo: Sở Tư pháp công bố đường dây nóng")
        editor.assert_clean()
    finally:
        editor.close()
