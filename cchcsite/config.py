"""config.yaml → a typed, validated `Config` record.

Options are declared like content fields, so each explains its own error
with the line it sits on; an unknown key is a warning that names the key
the officer probably meant.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .content.fields import (
    INVALID,
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
    field_specs,
    nearest,
    spec,
)
from .content.kinds import KINDS
from .errors import Problem, UsageError, error, warning
from .yamlsource import LineDict, load_yaml

CONFIG_FILE = "config.yaml"
COLOR = re.compile(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}")


@dataclass(frozen=True)
class MenuItem:
    title: str = spec(Text("Thủ tục hành chính"), required=True, label="Tên mục")
    url: str = spec(SitePath("/thu-tuc/", external_ok=True), required=True, label="Đường dẫn")


@dataclass(frozen=True)
class Contact:
    address: str = spec(Text(), label="Địa chỉ", default="")
    phone: str = spec(Text(), label="Điện thoại", default="")
    hotline: str = spec(Text(), label="Đường dây nóng", default="")
    email: str = spec(Text(), label="Thư điện tử", default="")
    zalo: str = spec(Text(), label="Zalo", default="")
    facebook: str = spec(Url(), label="Facebook", default="")


@dataclass(frozen=True)
class Brand:
    logo: str = spec(SitePath("/images/logo.svg"), label="Biểu trưng", default="")
    og_image: str = spec(SitePath("/images/chia-se.png"), label="Ảnh khi chia sẻ lên mạng xã hội (PNG hoặc JPG)", default="")
    primary_color: str = spec(Text("#a01c1c", COLOR, "mã màu dạng `#a01c1c`"), label="Màu chủ đạo", default="")
    banner: str = spec(Text(), label="Dòng tên cơ quan", default="")
    footer: str = spec(Text(), label="Chân trang", default="")


@dataclass(frozen=True)
class Cms:
    backend: str = spec(Choice({"github": "GitHub", "gitlab": "GitLab", "gitea": "Gitea"}), required=True, label="Nơi lưu")
    repo: str = spec(Text("so-tu-phap/cchc"), required=True, label="Kho mã")
    branch: str = spec(Text("main"), label="Nhánh", default="main")


@dataclass(frozen=True)
class Config:
    title: str = spec(Text("Cải cách hành chính"), required=True, label="Tên chuyên mục")
    organization: str = spec(Text("Sở Tư pháp tỉnh Hưng Yên"), required=True, label="Cơ quan")
    base_url: str = spec(Url("https://sotuphap.hungyen.gov.vn/cchc/"), required=True, label="Địa chỉ trang")
    language: str = spec(Text("vi"), default="vi")
    timezone: str = spec(Text("Asia/Ho_Chi_Minh"), default="Asia/Ho_Chi_Minh")
    theme: str = spec(Text("ten-giao-dien"), default="")
    menu: tuple[MenuItem, ...] = spec(ListOf(Record(MenuItem)), default=())
    contact: Contact = spec(Record(Contact), default=Contact())
    public_service_url: str = spec(Url("https://dichvucong.gov.vn/"), default="")
    per_page: int = spec(Integer(minimum=1, example="10"), default=10)
    sections: dict = spec(MappingOf(Choice({k: v.name for k, v in KINDS.items()})), default={})
    brand: Brand = spec(Record(Brand), default=Brand())
    embed_hosts: tuple[str, ...] = spec(ListOf(Text("www.youtube.com"), single_ok=True), default=("www.youtube.com", "www.youtube-nocookie.com"))
    cms: Cms | None = spec(Record(Cms))
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


def load_config(site_dir: Path, base_url_override: str | None = None) -> tuple[Config | None, list[Problem]]:
    """Read and check config.yaml; `None` means unusable (exit status 2)."""
    path = site_dir / CONFIG_FILE
    if not path.is_file():
        return None, [error(CONFIG_FILE, 0, f"không tìm thấy {CONFIG_FILE} trong `{site_dir}`; hãy chạy lệnh trong thư mục của trang hoặc dùng --site THƯ_MỤC")]
    from .content.load import decode

    text, decode_problem = decode(path.read_bytes(), CONFIG_FILE)
    if decode_problem:
        return None, [decode_problem]
    data, yaml_problems = load_yaml(text)
    if data is None and yaml_problems:
        return None, [error(CONFIG_FILE, p.line, p.message) for p in yaml_problems]
    if not isinstance(data, dict):
        return None, [error(CONFIG_FILE, 1, "config.yaml phải là các dòng `khóa: giá trị` (ví dụ `title: Cải cách hành chính`)")]
    problems = [error(CONFIG_FILE, p.line, p.message) for p in yaml_problems]
    if base_url_override:
        data[("base_url")] = base_url_override
    known = field_specs(Config)
    lines = data.lines if isinstance(data, LineDict) else {}
    for key in data:
        if key not in known:
            guess = nearest(key, known)
            hint = f" có phải `{guess}`?" if guess else " khóa này sẽ bị bỏ qua"
            problems.append(warning(CONFIG_FILE, lines.get(key, 1), f"khóa `{key}` không được biết đến;{hint}"))
    where = Where(CONFIG_FILE, 1, "", problems, ZoneInfo("UTC"))
    values = coerce_fields(Config, data, where)
    if values is INVALID:
        return None, problems
    if not values["base_url"].endswith("/"):
        values["base_url"] += "/"
    try:
        ZoneInfo(values.get("timezone", "Asia/Ho_Chi_Minh"))
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(error(CONFIG_FILE, lines.get("timezone", 1), f"`timezone`: `{values['timezone']}` không phải múi giờ; hãy viết `Asia/Ho_Chi_Minh`"))
        return None, problems
    config = Config(**values, lines=dict(lines))
    problems.extend(_contrast_warnings(config, lines))
    problems.extend(_share_image_warnings(config, lines))
    return config, problems


def require_config(site_dir: Path, base_url_override: str | None = None) -> tuple[Config, list[Problem]]:
    """config.yaml as a record, with its warnings; an unusable one stops the command (exit 2)."""
    config, problems = load_config(site_dir, base_url_override)
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
    return [warning(CONFIG_FILE, lines.get("brand", 1), f"`brand.primary_color` {color} quá nhạt: chữ trắng trên nền màu này có độ tương phản {ratio:.1f}:1, cần ít nhất 4.5:1 (WCAG AA); hãy chọn màu đậm hơn")]


RASTER_IMAGES = (".png", ".jpg", ".jpeg", ".webp")


def _share_image_warnings(config: Config, lines: dict) -> list[Problem]:
    image = config.brand.og_image
    if not image or image.lower().endswith(RASTER_IMAGES):
        return []
    return [warning(CONFIG_FILE, lines.get("brand", 1), f"`brand.og_image` {image} không phải ảnh PNG, JPG hay WebP: Facebook và Zalo không hiện ảnh SVG khi chia sẻ; hãy dùng ảnh PNG hoặc JPG, khổ 1200×630")]


def contrast_with_white(color: str) -> float:
    hex_digits = color.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(c * 2 for c in hex_digits)
    channels = [int(hex_digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)
