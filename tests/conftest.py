"""Shared helpers: tiny site folders written to tmp, built through the real pipeline or CLI."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from cchcsite.pipeline import BuildOptions, BuildResult, build, check

from .browser import axe_source, browser, context, missing, phone, playwright_driver, wide_font_browser  # noqa: F401  (shared fixtures: one Chromium per font set for the whole run)

REPO = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 23)
# The build date as SOURCE_DATE_EPOCH (noon UTC that day), for CLI runs.
TODAY_EPOCH = "1795435200"

BASE_CONFIG = """\
title: Cải cách hành chính
organization: Sở Thử nghiệm tỉnh Hưng Yên
base_url: https://example.gov.vn/cchc/
contact:
  hotline: "0221 3 123 456"
  email: cchc@example.gov.vn
"""

NEWS = """\
---
title: {title}
date: 2024-07-15
---
Nội dung tin.
"""

PROCEDURE = """\
---
title: Đăng ký khai sinh
code: "1.001193"
field: Hộ tịch
level: xa
online: toan-trinh
steps:
  - Nộp hồ sơ tại Bộ phận Một cửa
channels:
  - mode: truc-tuyen
    duration: Trong ngày
    fee: Miễn lệ phí
documents:
  - name: Tờ khai đăng ký khai sinh
    original: 1
applicants: [Công dân Việt Nam]
agency: UBND cấp xã
result: Giấy khai sinh
legal_basis:
  - number: 60/2014/QH13
    title: Luật Hộ tịch
---
"""


def write_site(root: Path, files: dict[str, str | bytes], config: str = BASE_CONFIG) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.yaml").write_text(config, encoding="utf-8")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def make_site(tmp_path):
    def make(files: dict[str, str | bytes], config: str = BASE_CONFIG, name: str = "site") -> Path:
        return write_site(tmp_path / name, files, config)

    return make


def copy_demo(tmp_path: Path) -> Path:
    """This repository's demo site (config, content, data files, static files, themes), copied to edit or build."""
    site = tmp_path / "demo"
    for name in ("content", "data", "static", "themes"):
        shutil.copytree(REPO / name, site / name)
    shutil.copy(REPO / "config.yaml", site / "config.yaml")
    return site


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory) -> tuple[Path, BuildResult]:
    """The demo site built once per run, for the tests that only read it (its pages, feeds,
    open data, search index): a test that edits the site or builds it otherwise copies its own."""
    site = copy_demo(tmp_path_factory.mktemp("built-demo"))
    result = build_site(site)
    assert result.ok, messages(result)
    return site, result


def build_site(site: Path, **options) -> BuildResult:
    options.setdefault("today", TODAY)
    return build(BuildOptions(site_dir=site, **options))


def check_site(site: Path, **options) -> BuildResult:
    options.setdefault("today", TODAY)
    return check(BuildOptions(site_dir=site, **options))


def tree(root: Path) -> dict[str, bytes]:
    """Every file below `root` by its relative path: to compare two outputs byte for byte."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def messages(result: BuildResult) -> list[str]:
    return [str(p) for p in [*result.report.errors, *result.report.warnings]]


def run_cli_here(*args: str) -> subprocess.CompletedProcess:
    """The same command line, in this process: for tests where a new interpreter proves nothing
    (argument handling, messages, files written), it saves the start-up of one each time."""
    from cchcsite.cli import main

    out, err = io.StringIO(), io.StringIO()
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = TODAY_EPOCH
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit:  # argparse's own exits (usage errors, --help)
                code = exit.code if isinstance(exit.code, int) else 2
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH")
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
        # main() installed its stop handlers, then ignored stop signals once done: give pytest its own back
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for name in ("SIGTERM", "SIGHUP"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_DFL)
    return subprocess.CompletedProcess(["cchcsite", *args], code, out.getvalue(), err.getvalue())


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "cchcsite", *args], cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8")


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


# Front matter exactly as Decap 3 writes it (the `yaml` package: keys in form order, strings
# quoted only when YAML needs it, long lines folded at 80 columns, multi-line text as `|-`,
# datetimes as the widget's format with the browser's offset), then the Markdown body.
DECAP_NEWS = """\
---
title: "Thông báo: Sở Tư pháp công bố đường dây nóng tiếp nhận phản ánh về thủ tục
  hành chính"
date: 2024-07-15T08:30:00+07:00
pillar: thu-tuc-hanh-chinh
author: Văn phòng Sở
source: ""
updated: 2024-07-16T01:30:00+00:00
summary: Người dân, doanh nghiệp có thể gọi đường dây nóng 0221 3 555 868 để phản
  ánh, kiến nghị về việc giải quyết thủ tục hành chính.
tags:
  - Đường dây nóng
  - Phản ánh kiến nghị
image: /images/duong-day-nong.jpg
image_alt: Cán bộ Văn phòng Sở trực đường dây nóng
draft: false
publish_date: 2024-07-15
weight: 2
---
Từ ngày 15/7/2024, Sở Tư pháp **công bố** đường dây nóng.

Xem [danh mục thủ tục](/thu-tuc/).
"""


DECAP_DOCUMENT = """\
---
title: Kế hoạch cải cách hành chính năm 2024
date: 2024-01-10T00:00:00+07:00
number: 11/KH-STP
doc_type: Kế hoạch
issuer: Sở Tư pháp tỉnh Hưng Yên
effective: 2024-01-10
status: con-hieu-luc
signer: Nguyễn Văn A
files:
  - path: /files/ke-hoach-cchc-2024.pdf
    title: Toàn văn kế hoạch
pillar: chi-dao-dieu-hanh
tags: []
draft: false
---
"""


DECAP_PROCEDURE = """\
---
title: Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú
  tại Việt Nam
date: 2024-07-15T08:30:00+07:00
code: "2.000488.000.00.00.H31"
field: Lý lịch tư pháp
level:
  - tinh
online: toan-trinh
decision: 1568/QĐ-UBND
status: sua-doi
procedure_type: TTHC được luật giao cho địa phương quy định
steps:
  - Nộp hồ sơ tại Trung tâm Phục vụ hành chính công tỉnh hoặc trực tuyến.
  - |-
    Cán bộ tiếp nhận kiểm tra hồ sơ:

    - hồ sơ đầy đủ thì viết **giấy biên nhận**;
    - hồ sơ chưa đầy đủ thì hướng dẫn bổ sung một lần.
channels:
  - mode: truc-tiep
    duration: 10 ngày làm việc
    fee: 200.000 đồng/lần/người
  - mode: truc-tuyen
    duration: 10 ngày làm việc
    fee: 100.000 đồng/lần/người
    note: Giảm 50% lệ phí khi nộp trực tuyến
documents:
  - name: Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 03/2013/TT-LLTP)
    original: 1
    copy: 0
    form: /forms/to-khai-lltp.docx
    case: Trường hợp cá nhân tự nộp
  - name: Bản chụp giấy tờ tùy thân
    copy: 1
    case: Trường hợp cá nhân tự nộp
applicants:
  - Công dân Việt Nam
  - "Người nước ngoài đã hoặc đang cư trú tại Việt Nam"
agency: Sở Tư pháp
authority: Giám đốc Sở Tư pháp
result: Phiếu lý lịch tư pháp
legal_basis:
  - number: 28/2009/QH12
    title: Luật Lý lịch tư pháp
    date: 2009-06-17
    issuer: Quốc hội
requirements: |-
  Không có.
online_url: https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=2.000488
internal_process:
  - step: Tiếp nhận hồ sơ
    owner: Bộ phận Một cửa
    duration: 0,5 ngày
draft: false
---
Thủ tục được sửa đổi theo Quyết định 1568/QĐ-UBND.
"""


SAMPLE = Path(__file__).parent / "fixtures/thu-tuc-mau.csv"


HEADER = 'Mã thủ tục,Tên thủ tục,Lĩnh vực,Cấp thực hiện,Mức độ,Trình tự thực hiện,Cách thức thực hiện,Thời hạn giải quyết,"Phí, lệ phí",Thành phần hồ sơ,Đối tượng thực hiện,Cơ quan thực hiện,Kết quả thực hiện,Căn cứ pháp lý\n'


GOOD = '1.000656,Đăng ký khai tử,Hộ tịch,Cấp xã,Toàn trình,Nộp tờ khai | Trả trích lục,Trực tiếp | Trực tuyến,Trong ngày,"Miễn lệ phí đăng ký khai tử đúng hạn, người thuộc hộ nghèo",Tờ khai đăng ký khai tử (1 bản chính),Người thân thích,UBND cấp xã,Trích lục khai tử,Luật Hộ tịch số 60/2014/QH13\n'


DOCUMENT = """\
---
title: Kế hoạch cải cách hành chính năm 2023
number: 125/KH-STP
doc_type: Kế hoạch
issuer: Sở Thử nghiệm
date: 2023-01-10
effective: 2023-01-10
expires: 2023-12-31
files:
  - path: /files/ke-hoach.pdf
    title: Toàn văn kế hoạch
---
Nội dung chính của kế hoạch.
"""


def index_md(year, score, rank, rank_of, components="", index="PAR INDEX", extra=""):
    return f"""\
---
title: Chỉ số {index} {year}
date: {year + 1}-04-10
index: {index}
year: {year}
unit: Sở Thử nghiệm
score: {score}
max_score: 100
rank: {rank}
rank_of: {rank_of}
{extra}{components}---
Kết quả năm {year}.
"""


def stats_md(title, start, end, posted, new, carried, early, on_time, late, in_progress, online):
    return f"""\
---
title: {title}
date: {posted}
period_start: {start}
period_end: {end}
received_new: {new}
carried_over: {carried}
resolved_early: {early}
resolved_on_time: {on_time}
resolved_late: {late}
in_progress: {in_progress}
online: {online}
---
Số liệu của kỳ.
"""


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
        "content/thong-ke/quy-1.md": with_front(
            stats_md("Quý I/2026", "2026-01-01", "2026-03-31", "2026-04-05", 100, 10, 50, 40, 5, 15, 80), extra
        ),
        "content/gioi-thieu.md": with_front(PLAIN, extra),
    }


def text_of(element) -> str:
    """An HTML element's text as a reader sees it: white space runs folded to one space."""
    return " ".join(element.text_content().split())


def read(path):
    return path.read_text(encoding="utf-8")


def sharded_news(count: int) -> dict[str, str]:
    return {
        f"content/tin-tuc/tin-{i:02d}.md": f"---\ntitle: Tin số {i} về đăng ký đất đai\ndate: {2022 + i % 3}-0{1 + i % 9}-1{i % 10}\n---\nNội dung tin số {i}.\n"
        for i in range(count)
    }


# Thirty news items that name procedures in their titles and repeat them in the body: the
# kind of site where plain body-text ranking put news above the procedure.
NEWS_TITLES = [
    "Hơn 1.200 trường hợp {name} trực tuyến trong quý I",
    "Hướng dẫn {name} tại Bộ phận Một cửa cấp xã",
    "Rút ngắn thời gian {name} cho người dân",
    "Những điều cần biết khi {name}",
    "Tập huấn nghiệp vụ {name} cho công chức",
]


MENTIONED = [
    "đăng ký khai sinh",
    "đăng ký khai tử",
    "đăng ký kết hôn",
    "cấp phiếu lý lịch tư pháp",
    "chứng thực bản sao từ bản chính",
    "chứng thực chữ ký",
]


def news_items() -> dict[str, str]:
    items = {}
    for i, (template, name) in enumerate((t, n) for n in MENTIONED for t in NEWS_TITLES):
        title = template.format(name=name)
        body = (
            f"Thời gian qua, việc {name} được đẩy mạnh. Người dân thực hiện {name} qua Cổng Dịch vụ công "
            f"hoặc tại Bộ phận Một cửa. Thủ tục {name} được hướng dẫn cụ thể; hồ sơ {name} được giải quyết đúng hạn.\n"
        )
        items[f"content/tin-tuc/nhac-thu-tuc-{i:02d}.md"] = (
            f"---\ntitle: {title}\ndate: 2025-0{1 + i % 9}-1{i % 10}\nsummary: {title}.\n---\n\n{body}"
        )
    return items


# Two plain pages whose words differ only by đ/d and tone: "đèo" (mountain pass), "dẻo" (supple);
# no other demo page has a syllable folding to "deo…".
DEO_PAGES = {
    "content/deo-hai-van.md": "---\ntitle: Đèo Hải Vân\nsummary: Đèo nối hai tỉnh.\n---\n\nĐèo Hải Vân nối hai tỉnh miền Trung.\n",
    "content/deo-dai.md": "---\ntitle: Dẻo dai\nsummary: Dẻo dai, bền bỉ.\n---\n\nDẻo dai và bền bỉ trong công việc.\n",
}


VNU_JAR = Path(__file__).resolve().parent / "js/node_modules/vnu-jar/build/dist/vnu.jar"


@dataclass(frozen=True)
class Checked:
    """What one run of the checker said, line by line, about each file it was given."""

    by_file: dict[str, list[str]]
    other: list[str]  # lines about no given file: the checker itself went wrong
    returncode: int

    def errors(self, pages: list[str]) -> list[str]:
        assert pages and self.other == [] and self.returncode == (1 if any(self.by_file.values()) else 0), "\n".join(self.other)
        return [line for page in pages for line in self.by_file[page]]


def nu_check(pages: list[str]) -> Checked:
    java = shutil.which("java")
    if java is None:
        missing("Java is not installed: the Nu HTML Checker cannot run")
    if not VNU_JAR.is_file():
        missing("the Nu HTML Checker is not installed (python3 build.py test runs npm ci in tests/js)")
    # one short run: the quick compiler alone (C1) and one GC thread take half the CPU of Java's defaults
    result = subprocess.run(
        [java, "-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(VNU_JAR), "--errors-only", "--format", "gnu", *pages],
        check=False,
        capture_output=True,
        text=True,
    )
    by_file: dict[str, list[str]] = {page: [] for page in pages}
    other = []
    for line in (result.stdout + result.stderr).splitlines():
        named = re.match(r'"file:(.+?)":', line)
        if named and named.group(1) in by_file:
            by_file[named.group(1)].append(line)
        elif line.strip():
            other.append(line)
    return Checked(by_file, other, result.returncode)
