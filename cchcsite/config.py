"""config.yaml → a typed, validated `Config` record.

Options are declared like content fields, so each explains its own error
with the line it sits on; an unknown key, at any depth, is an error that names
the key the officer probably meant (a misspelt `contact: Zalo:` would
otherwise drop the number without a word). Such an error does not make the
config unusable: the build goes on to report every other problem too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import vi
from .errors import Problem, UsageError, error, warning
from .schema import (
    INVALID,
    PHOTO_SUFFIXES,
    Boolean,
    Choice,
    Integer,
    ListOf,
    MappingOf,
    Record,
    SitePath,
    Text,
    Url,
    Where,
    coerce_fields,
    spec,
)
from .sourcetext import decode
from .yamlsource import LineDict, load_yaml, source_text

CONFIG_FILE = "config.yaml"
COLOR = re.compile(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}")
HOST = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?")


@dataclass(frozen=True)
class MenuItem:
    title: str = spec(Text("Thủ tục hành chính"), required=True, label="Tên mục")
    url: str = spec(SitePath("/thu-tuc/", external_ok=True, noun="mục menu"), required=True, label="Đường dẫn")


@dataclass(frozen=True)
class CitizenWords:
    """How citizens name a procedure ("giấy chứng tử", "lltp") and the words of its official name
    ("khai tử", "lý lịch tư pháp"): adds to the list cchcsite ships (cchcsite/content/citizen-words.yaml)."""

    words: tuple[str, ...] = spec(ListOf(Text("giấy chứng tử"), single_ok=True, min_items=1), required=True, label="Người dân gõ")
    means: tuple[str, ...] = spec(
        ListOf(Text("khai tử"), single_ok=True, min_items=1), required=True, label="Cụm từ trong tên thủ tục (hoặc kết quả)"
    )


# The national portal's procedure search (its address as used in public code, 2026): `{query}` is what the citizen typed.
NATIONAL_PROCEDURE_SEARCH = "https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword={query}"


@dataclass(frozen=True)
class Contact:
    address: str = spec(Text(), label="Địa chỉ", default="")
    phone: str = spec(Text(), label="Điện thoại", default="")
    hotline: str = spec(Text(), label="Đường dây nóng", default="")
    email: str = spec(Text(), label="Thư điện tử", default="")
    zalo: str = spec(Text(), label="Zalo", default="")
    facebook: str = spec(Url(), label="Facebook", default="")
    hours: str = spec(Text("Sáng 7h00–11h30, chiều 13h30–17h00, thứ Hai đến thứ Sáu"), label="Giờ tiếp nhận hồ sơ", default="")


@dataclass(frozen=True)
class Brand:
    logo: str = spec(SitePath("/images/logo.svg", noun="biểu trưng"), label="Biểu trưng", default="")
    og_image: str = spec(
        SitePath("/images/chia-se.png", noun="ảnh chia sẻ"), label="Ảnh khi chia sẻ lên mạng xã hội (PNG hoặc JPG)", default=""
    )
    primary_color: str = spec(Text("#a01c1c", COLOR, "mã màu dạng `#a01c1c`"), label="Màu chủ đạo", default="")
    banner: str = spec(Text(), label="Dòng tên cơ quan", default="")
    footer: str = spec(Text(), label="Chân trang", default="")


# Where each Git host's API and sign-in live when config.yaml does not say (Decap's defaults).
GIT_HOSTS = {
    "github": ("https://api.github.com", "https://api.netlify.com"),
    "gitlab": ("https://gitlab.com/api/v4", "https://gitlab.com"),
    "gitea": ("", ""),  # always self-hosted here: config.yaml must say where
}
API_PATHS = {"gitlab": "/api/v4", "gitea": "/api/v1"}


@dataclass(frozen=True)
class Cms:
    backend: str = spec(
        Choice({"github": "GitHub", "gitlab": "GitLab", "gitea": "Gitea", "test-repo": "thử trong trình duyệt, không lưu"}),
        required=True,
        label="Nơi lưu",
    )
    repo: str = spec(Text("so-noi-vu/cchc"), label="Kho mã", default="")
    branch: str = spec(Text("main"), label="Nhánh", default="main")
    api_root: str = spec(Url("https://git.example.gov.vn/api/v4", link=False), label="Địa chỉ API của máy chủ Git", default="")
    base_url: str = spec(Url("https://git.example.gov.vn", link=False), label="Địa chỉ đăng nhập của máy chủ Git", default="")
    app_id: str = spec(Text("Application ID của ứng dụng OAuth"), label="Mã ứng dụng OAuth", default="")
    publish_mode: str = spec(
        Choice({"simple": "đăng ngay khi bấm Công bố", "editorial_workflow": "nháp → chờ duyệt → đăng"}),
        label="Quy trình đăng bài",
        default="simple",
    )

    @property
    def hosts(self) -> tuple[str, str]:
        """(api_root, base_url) with the host's defaults filled in; one gives the other on a self-hosted server."""
        api_default, base_default = GIT_HOSTS.get(self.backend, ("", ""))
        api, base = self.api_root.rstrip("/"), self.base_url.rstrip("/")
        suffix = API_PATHS.get(self.backend, "")
        if suffix and base and not api:
            api = base + suffix
        if suffix and api and not base:
            base = api.removesuffix(suffix) if api.endswith(suffix) else _origin(api)
        return api or api_default, base or base_default


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def cms_problems(cms: Cms, line: int, lines: dict[str, int]) -> list[Problem]:
    """What Decap would need but config.yaml's `cms:` does not give, said before an officer finds a blank login."""
    problems = []

    def at(key: str, message: str, level=error) -> None:
        problems.append(level(CONFIG_FILE, lines.get(key, line), f"`cms.{key}`: {message}"))

    if cms.backend == "test-repo":
        for key in ("repo", "api_root", "base_url", "app_id"):
            if getattr(cms, key):
                at(
                    key,
                    "`backend: test-repo` chỉ thử soạn bài trong trình duyệt (không lưu vào kho nào) nên không dùng khóa này; xóa dòng này hoặc đổi `backend`",
                    warning,
                )
        return problems
    if not cms.repo:
        at(
            "repo",
            f"thiếu tên kho (dạng `nhom/kho`, ví dụ `repo: so-noi-vu/cchc`) để lưu bài khi `backend: {cms.backend}`; "
            "muốn thử trang quản trị mà không cần kho thì viết `backend: test-repo`",
        )
    elif cms.repo.count("/") < 1 or cms.repo.startswith(("/", "http")) or cms.repo.endswith("/"):
        at(
            "repo",
            f"`{cms.repo}` không phải tên kho; hãy viết dạng `nhom/kho` (phần sau tên máy chủ trong địa chỉ kho), ví dụ `so-noi-vu/cchc`",
        )
    api, base = cms.hosts
    if cms.backend in API_PATHS:
        for key, value in (("api_root", cms.api_root), ("base_url", cms.base_url)):
            if value and urlsplit(value).scheme != "https":
                at(key, f"`{value}` phải bắt đầu bằng https:// (đăng nhập kiểu PKCE chỉ chạy qua HTTPS)")
        suffix = API_PATHS[cms.backend]
        if cms.api_root and not cms.api_root.rstrip("/").endswith(suffix):
            at(
                "api_root",
                f"địa chỉ API của {cms.backend} thường kết thúc bằng `{suffix}`, ví dụ `https://git.example.gov.vn{suffix}`; hãy kiểm tra lại",
                warning,
            )
        if cms.api_root and cms.base_url and _origin(cms.api_root) != _origin(cms.base_url):
            at(
                "base_url",
                f"máy chủ `{_origin(cms.base_url)}` khác máy chủ của `api_root` (`{_origin(cms.api_root)}`); thường cả hai là cùng một máy chủ Git",
                warning,
            )
        self_hosted = cms.backend == "gitea" or base != GIT_HOSTS["gitlab"][1]
        if cms.backend == "gitea" and not api:
            at(
                "api_root",
                "Gitea/Forgejo tự cài cần địa chỉ máy chủ: viết `base_url: https://git.example.gov.vn` (và nếu khác thì `api_root: https://git.example.gov.vn/api/v1`)",
            )
        if self_hosted and not cms.app_id:
            at(
                "app_id",
                f"máy chủ {cms.backend} tự cài cần mã ứng dụng OAuth (Application ID) để cán bộ đăng nhập; "
                "tạo ứng dụng trên máy chủ Git với địa chỉ chuyển hướng là đúng địa chỉ trang /admin/ (xem HUONG-DAN.md)",
            )
    elif cms.app_id:
        at("app_id", "chỉ dùng cho `backend: gitlab` hoặc `gitea`; với GitHub bỏ dòng này", warning)
    if cms.backend == "gitea" and cms.publish_mode == "editorial_workflow":  # Decap refuses to start
        at(
            "publish_mode",
            "trang quản trị (Decap CMS) chưa có quy trình duyệt bài cho Gitea/Forgejo; bỏ dòng này (bài được đăng ngay khi bấm Công bố) hoặc dùng GitLab, GitHub",
        )
    return problems


@dataclass(frozen=True)
class Feedback:
    """ "Thông tin trên trang này có hữu ích không?" on every item page (NĐ 224/2026 Đ10)."""

    action: str = spec(Url("https://gopy.example.gov.vn/cchc", link=False), label="Địa chỉ nhận ý kiến", default="")
    netlify: bool = spec(Boolean(), label="Dùng Netlify Forms", default=False)


DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/deed.vi"
DEFAULT_LICENSE_NAME = "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)"


@dataclass(frozen=True)
class OpenData:
    """The terms under which /du-lieu/ publishes its datasets."""

    license: str = spec(Url("https://creativecommons.org/licenses/by/4.0/deed.vi"), label="Giấy phép dữ liệu mở", default=DEFAULT_LICENSE)
    license_name: str = spec(Text("Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)"), label="Tên giấy phép", default="")

    @property
    def is_default(self) -> bool:
        return self.license == DEFAULT_LICENSE

    @property
    def license_label(self) -> str:
        return self.license_name or (DEFAULT_LICENSE_NAME if self.license == DEFAULT_LICENSE else self.license)


IMAGE_FORMATS = {"avif": "AVIF", "webp": "WebP", "jpeg": "JPEG"}
FALLBACK_FORMAT = "jpeg"  # what every phone reads: the <img> itself; the others are offered before it


@dataclass(frozen=True)
class Images:
    """How photos are made for phones (images.py): the widths offered, the encoder quality, the formats."""

    widths: tuple[int, ...] = spec(
        ListOf(Integer(minimum=16, example="720")),
        label="Các bề ngang ảnh (điểm ảnh)",
        hint="Mỗi ảnh được thu nhỏ thành các bề ngang này (không bao giờ phóng to); điện thoại tự chọn bản vừa màn hình",
        default=(480, 720, 1080, 1600),
    )
    quality: int = spec(Integer(minimum=1, example="75"), label="Chất lượng nén (1–100)", default=75)
    formats: tuple[str, ...] = spec(
        ListOf(Choice(IMAGE_FORMATS)),
        label="Định dạng ảnh",
        hint="Trình duyệt nhận định dạng đầu tiên nó đọc được; JPEG luôn có để mọi điện thoại đều xem được",
        default=("webp", "jpeg"),
    )


class ImagesRecord(Record):
    """Widths 16–8192 px, quality 1–100, JPEG among the formats (the fallback every phone reads)."""

    def coerce(self, value, where):
        images = super().coerce(value, where)
        if images is INVALID:
            return images
        if not images.widths:
            return where.fail("`widths`: cần ít nhất một bề ngang, ví dụ `widths: [480, 720, 1080, 1600]`")
        too_wide = [width for width in images.widths if width > 8192]
        if too_wide:
            return where.fail(f"`widths`: {too_wide[0]} điểm ảnh là quá rộng (tối đa 8192); ảnh cho điện thoại thường 480–1600")
        if images.quality > 100:
            return where.fail(f"`quality`: {images.quality} vượt quá 100; thường dùng 70–85")
        if FALLBACK_FORMAT not in images.formats:
            return where.fail("`formats`: cần có `jpeg` (điện thoại cũ chỉ đọc được JPEG), ví dụ `formats: [webp, jpeg]`")
        formats = tuple(dict.fromkeys(f for f in images.formats if f != FALLBACK_FORMAT)) + (FALLBACK_FORMAT,)
        return Images(tuple(sorted(set(images.widths))), images.quality, formats)


FEEDBACK_HOW = (
    "viết `feedback:` rồi một dòng thụt lề `action: https://...` (địa chỉ máy chủ nhận ý kiến góp ý) "
    "hoặc `netlify: true` (khi trang đăng trên Netlify: Netlify Forms nhận ý kiến); bỏ hẳn `feedback:` nếu không muốn hỏi ý kiến"
)


class FeedbackRecord(Record):
    """`{action: URL}` or `{netlify: true}`: exactly one place receives the answers."""

    def coerce(self, value, where):
        if not isinstance(value, dict):
            return where.fail(f"cần một nhóm trường; {FEEDBACK_HOW}")
        feedback = super().coerce(value, where)
        if feedback is INVALID:
            return feedback
        if feedback.action and feedback.netlify:
            return where.fail("chỉ chọn một nơi nhận ý kiến: `action: https://...` hoặc `netlify: true`, không cả hai")
        if not feedback.action and not feedback.netlify:
            return where.fail(f"chưa có nơi nhận ý kiến; {FEEDBACK_HOW}")
        if feedback.action and not HOST.fullmatch(_host(feedback.action)):
            return where.fail(
                f"`action`: `{feedback.action}` không có tên máy chủ hợp lệ; hãy viết dạng `https://gopy.ten-mien.gov.vn/duong-dan`"
            )
        return feedback


def _host(url: str) -> str:
    try:
        parts = urlsplit(url)
        return f"{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}"
    except ValueError:  # a port that is not a number
        return ""


MARKDOWN_ENGINES = {
    "auto": "bộ dịch biên dịch cho bài thông thường, markdown-it-py cho bài có HTML, chú thích và các trường hợp khác",
    "exact": "markdown-it-py cho mọi bài (chậm hơn)",
}


class Language(Choice):
    """Only Vietnamese for now: labels, dates, numbers and the search's folding are Vietnamese, so
    another language would give a site in two languages; said plainly rather than half done."""

    def coerce(self, value, where):
        text = source_text(value).strip() if not isinstance(value, (dict, list)) else ""
        if text.lower().replace("_", "-") in ("vi", "vi-vn"):
            return "vi"
        return where.fail(
            f"ngôn ngữ `{text}` chưa được hỗ trợ: nhãn, ngày tháng, số và tìm kiếm của trang hiện chỉ có tiếng Việt; "
            "hãy viết `language: vi` hoặc xóa dòng này"
        )


@dataclass(frozen=True)
class Config:
    title: str = spec(Text("Cải cách hành chính"), required=True, label="Tên chuyên mục", hint="Hiện ở đầu mọi trang và trong thẻ <title>")
    organization: str = spec(Text("Sở Nội vụ tỉnh Gia Lai"), required=True, label="Cơ quan", hint="Tên đầy đủ của cơ quan")
    base_url: str = spec(
        Url("https://snv.gialai.gov.vn/cchc/", link=False),
        required=True,
        label="Địa chỉ trang",
        hint="Địa chỉ công bố chuyên mục, có thể nằm trong một thư mục con của cổng (https://.../cchc/); mỗi nơi xuất bản có thể thay bằng --base-url",
    )
    language: str = spec(Language({"vi": "tiếng Việt"}), label="Ngôn ngữ", hint="Hiện chỉ có vi (tiếng Việt)", default="vi")
    timezone: str = spec(
        Text("Asia/Ho_Chi_Minh"), label="Múi giờ", hint="Múi giờ của ngày giờ viết không kèm múi giờ", default="Asia/Ho_Chi_Minh"
    )
    theme: str = spec(
        Text("ten-giao-dien"), label="Giao diện riêng", hint="Tên thư mục trong themes/; bỏ trống: giao diện mặc định", default=""
    )
    menu: tuple[MenuItem, ...] = spec(ListOf(Record(MenuItem)), label="Trình đơn chính", default=())
    contact: Contact = spec(
        Record(Contact), label="Thông tin liên hệ", hint="Hiện ở chân mọi trang và trên trang Liên hệ: chỉ viết ở đây", default=Contact()
    )
    public_service_url: str = spec(
        Url("https://dichvucong.gov.vn/"),
        label="Cổng dịch vụ công",
        hint="Nơi người dân nộp hồ sơ trực tuyến; thủ tục không ghi online_url và không nhập từ Cơ sở dữ liệu quốc gia thì liên kết tới đây (viết {code} trong địa chỉ để thêm mã thủ tục)",
        default="",
    )
    procedure_search_url: str = spec(
        Url(NATIONAL_PROCEDURE_SEARCH),
        label="Tìm thủ tục trên Cổng Dịch vụ công",
        hint="Khi trang không có thủ tục người dân tìm, trang tìm kiếm chỉ đến đây; `{query}` là từ người dân đã gõ",
        default=NATIONAL_PROCEDURE_SEARCH,
    )
    citizen_words: tuple[CitizenWords, ...] = spec(
        ListOf(Record(CitizenWords)),
        label="Từ người dân hay gõ",
        hint="Thêm vào danh sách có sẵn: mỗi mục `words` (cách người dân gọi) và `means` (cụm từ trong tên thủ tục)",
        default=(),
    )
    per_page: int = spec(Integer(minimum=1, example="10"), label="Số mục mỗi trang danh sách", default=10)
    sections: dict = spec(
        MappingOf(Choice({kind: kind for kind in vi.KIND_LABELS})),
        label="Đổi tên thư mục nội dung",
        hint="Mỗi dòng `thư-mục: loại` (news, document, procedure, index, stats, page), ví dụ `tin-bai: news`",
        default={},
    )
    brand: Brand = spec(Record(Brand), label="Nhận diện cơ quan", default=Brand())
    embed_hosts: tuple[str, ...] = spec(
        ListOf(Text("www.youtube.com"), single_ok=True),
        label="Máy chủ được nhúng",
        hint="Máy chủ mà bài viết được nhúng khung (iframe) từ đó; mặc định YouTube",
        default=("www.youtube.com", "www.youtube-nocookie.com"),
    )
    cms: Cms | None = spec(
        Record(Cms), label="Trang quản trị /admin/ (Decap CMS)", hint="Có khóa này thì bản dựng có trang soạn bài /admin/"
    )
    open_data: OpenData = spec(Record(OpenData), label="Dữ liệu mở", default=OpenData())
    jurisdiction: str = spec(
        Text("VN"),
        label="Phạm vi áp dụng của văn bản (dữ liệu Legislation)",
        hint="Mã quốc gia trong dữ liệu có cấu trúc của văn bản",
        default="VN",
    )
    feedback: Feedback | None = spec(
        FeedbackRecord(Feedback), label="Hỏi ý kiến người đọc", hint="`action: https://...` hoặc `netlify: true`, không cả hai"
    )
    images: Images = spec(ImagesRecord(Images), label="Ảnh cho điện thoại", default=Images())
    markdown: str = spec(
        Choice(MARKDOWN_ENGINES),
        label="Bộ dịch Markdown",
        hint="để `auto`; viết `exact` nếu một bài hiện khác với bản xem trước của trình soạn (báo lại cho nhóm phát triển)",
        default="auto",
    )
    lines: dict[str, int] = field(default_factory=dict, compare=False)  # key → line, for later checks

    @property
    def base_path(self) -> str:
        """`/cchc/` for `https://host/cchc/`: where the site lives on its host."""
        return urlsplit(self.base_url).path or "/"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def absolute(self, url: str) -> str:
        return self.base_url.rstrip("/") + url


def load_config(
    site_dir: Path, base_url_override: str | None = None, markdown_override: str | None = None
) -> tuple[Config | None, list[Problem]]:
    """Read and check config.yaml; `None` means unusable (exit status 2). The overrides are the
    command line's `--base-url` and `--markdown`."""
    path = site_dir / CONFIG_FILE
    if not path.is_file():
        return None, [
            error(
                CONFIG_FILE,
                0,
                f"không tìm thấy {CONFIG_FILE} trong `{site_dir}`; hãy chạy lệnh trong thư mục của trang hoặc dùng --site THƯ_MỤC",
            )
        ]

    text, decode_problem = decode(path.read_bytes(), CONFIG_FILE)
    if decode_problem:
        return None, [decode_problem]
    data, yaml_problems = load_yaml(text)
    if data is None and yaml_problems:
        return None, [Problem(CONFIG_FILE, p.line, p.message, p.severity) for p in yaml_problems]
    if not isinstance(data, dict):
        return None, [error(CONFIG_FILE, 1, "config.yaml phải là các dòng `khóa: giá trị` (ví dụ `title: Cải cách hành chính`)")]
    problems = [Problem(CONFIG_FILE, p.line, p.message, p.severity) for p in yaml_problems]
    if base_url_override:
        data[("base_url")] = base_url_override
    if markdown_override:
        data["markdown"] = markdown_override
    lines = data.lines if isinstance(data, LineDict) else {}
    where = Where(CONFIG_FILE, 1, "", problems, ZoneInfo("UTC"))
    values = coerce_fields(Config, data, where)
    if values is INVALID:
        return None, problems
    if not values["base_url"].endswith("/"):
        values["base_url"] += "/"
    try:
        ZoneInfo(values.get("timezone", "Asia/Ho_Chi_Minh"))
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(
            error(
                CONFIG_FILE, lines.get("timezone", 1), f"`timezone`: `{values['timezone']}` không phải múi giờ; hãy viết `Asia/Ho_Chi_Minh`"
            )
        )
        return None, problems
    config = Config(**values, lines=dict(lines))
    if config.cms:
        raw = data.get("cms")
        problems.extend(cms_problems(config.cms, lines.get("cms", 1), raw.lines if isinstance(raw, LineDict) else {}))
    problems.extend(_contrast_warnings(config, lines))
    problems.extend(_share_image_warnings(config, lines))
    return config, problems


def require_config(
    site_dir: Path, base_url_override: str | None = None, markdown_override: str | None = None
) -> tuple[Config, list[Problem]]:
    """config.yaml as a record, with its warnings; an unusable one stops the command (exit 2)."""
    config, problems = load_config(site_dir, base_url_override, markdown_override)
    if config is None:
        raise UsageError("\n".join(str(p) for p in problems))
    return config, problems


def _contrast_warnings(config: Config, lines: dict) -> list[Problem]:
    color = config.brand.primary_color
    if not color:
        return []
    ratio = contrast_with_white(color)
    if ratio >= 4.5:
        return []
    return [
        warning(
            CONFIG_FILE,
            lines.get("brand", 1),
            f"`brand.primary_color` {color} quá nhạt: chữ trắng trên nền màu này có độ tương phản {ratio:.1f}:1, cần ít nhất 4.5:1 (WCAG AA); hãy chọn màu đậm hơn",
        )
    ]


def _share_image_warnings(config: Config, lines: dict) -> list[Problem]:
    image = config.brand.og_image
    if not image or image.lower().endswith(PHOTO_SUFFIXES):
        return []
    return [
        warning(
            CONFIG_FILE,
            lines.get("brand", 1),
            f"`brand.og_image` {image} không phải ảnh PNG, JPG hay WebP: Facebook và Zalo không hiện ảnh SVG khi chia sẻ; hãy dùng ảnh PNG hoặc JPG, khổ 1200×630",
        )
    ]


def contrast_with_white(color: str) -> float:
    hex_digits = color.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(c * 2 for c in hex_digits)
    channels = [int(hex_digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)
