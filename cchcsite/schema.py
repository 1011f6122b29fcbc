"""Typed front-matter fields that explain their own errors.

A kind is a dataclass whose fields carry a `FieldSpec` in their metadata:
the same declaration validates content, and later drives `cchcsite new`,
the CMS config and the importer, so the contract lives in one place.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .errors import Problem, error
from .keys import suggest
from .yamlsource import LineDict, LineList, source_text

INVALID = object()  # a value that failed; the problem is already recorded


@dataclass
class Where:
    """Where a value sits, and where its problems go."""

    path: str
    line: int
    name: str
    problems: list[Problem]
    tz: ZoneInfo
    render_markdown: Callable[[str, int], RichText] | None = None

    def at(self, name: str, line: int | None) -> Where:
        return dataclasses.replace(self, name=name, line=line or self.line)

    def fail(self, message: str):
        self.problems.append(error(self.path, self.line, f"`{self.name}`: {message}"))
        return INVALID


@dataclass(frozen=True)
class RichText:
    """Markdown as written, and its sanitised HTML (Jinja prints `__html__` unescaped)."""

    source: str
    html: str

    def __html__(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.source


# How Decap CMS writes dates (Day.js formats: `Z` writes the offset of the officer's clock, +07:00 in
# Vietnam, so the build reads the exact moment whatever the browser's zone), and where it keeps
# uploaded images (`/images/...` in content).
DECAP_DATETIME = "YYYY-MM-DDTHH:mm:ssZ"
DECAP_DATE = "YYYY-MM-DD"
MEDIA_FOLDER = "static/images"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif")
# Raster photos the image stage makes ready for phones (images.py); `.jfif` is how Windows saves
# some JPEGs, `.heic` how iPhones do. GIF (animations) and SVG (drawings) are published as they are.
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".jfif", ".png", ".webp", ".avif", ".heic", ".heif")


class FieldType:
    """One kind of front-matter value. Besides checking a value (`coerce`), each type says what it
    looks like to an officer (`explain`, `example_text`: `cchcsite new`, the field reference, the
    CMS hints), gives a sample that passes (`sample`: scaffolds) and its Decap CMS widget (`decap`)."""

    description = "giá trị"  # in error messages: "cần {description}"
    example = ""

    def coerce(self, value: Any, where: Where) -> Any:
        raise NotImplementedError

    def explain(self) -> str:
        return ""

    def example_text(self) -> str:
        return self.example or ""

    def sample(self, today: date, default: Any, required_only: bool) -> Any:
        return self.example or ("..." if required_only else "")

    def decap(self, field: ModelField | None, rows: Callable[[type], list[dict]]) -> dict[str, Any]:
        """`rows(cls)`: the widgets of a nested record's fields (the CMS decides their defaults)."""
        return {"widget": "string"}


class Text(FieldType):
    description = "một đoạn chữ"

    def __init__(self, example: str = "", pattern: re.Pattern | None = None, pattern_hint: str = ""):
        self.example = example
        self.pattern = pattern
        self.pattern_hint = pattern_hint

    def coerce(self, value, where):
        if isinstance(value, (dict, list)):
            return where.fail(f"cần {self.description}, không phải danh sách hay nhóm trường")
        text = source_text(value).strip() if not isinstance(value, bool) else str(value).lower()
        if self.pattern and not self.pattern.fullmatch(text):
            return where.fail(f"`{text}` không đúng dạng: {self.pattern_hint}")
        return text

    def explain(self) -> str:
        return self.pattern_hint.replace("`", "")

    def decap(self, field, rows):
        if self.pattern is None:
            return {"widget": "string"}
        return {"widget": "string", "pattern": [f"^(?:{self.pattern.pattern})$", f"Không đúng dạng: {self.pattern_hint.replace('`', '')}"]}


class Markdown(Text):
    description = "một đoạn chữ (Markdown)"

    def coerce(self, value, where):
        text = super().coerce(value, where)
        if text is INVALID or where.render_markdown is None:
            return text
        return where.render_markdown(text, where.line)

    def explain(self) -> str:
        return super().explain() or "đoạn chữ, có thể dùng Markdown"

    def decap(self, field, rows):
        return markdown_widget()


# Images written in Markdown without a description (`![](anh.jpg)`, `<img src=…>` with no alt): the
# CMS refuses to save them (Decap tests `pattern` on the field's text; the same expression in Python
# and JavaScript). The build warns; the editor does not let them through at all.
IMAGE_WITHOUT_ALT = r"!\[\s*\]\(|<img(?![^>]*\salt=)[^>]*>"
IMAGE_ALT_PATTERN = f"^(?![\\s\\S]*(?:{IMAGE_WITHOUT_ALT}))[\\s\\S]*$"


def markdown_widget() -> dict[str, Any]:
    """Decap's Markdown editor as officers need it: what they type is kept as Markdown (`raw` first:
    the rich-text mode escapes typed `**` and `#`, and is one click away), every image described."""
    return {
        "widget": "markdown",
        "modes": ["raw", "rich_text"],
        "pattern": [IMAGE_ALT_PATTERN, "Mỗi ảnh cần một mô tả cho người khiếm thị: viết ![mô tả ảnh](/images/ten-anh.jpg)"],
    }


class Url(Text):
    """A web address. `link`: one the page shows or sends people to, so `check --external` asks
    it; an address only the tool uses (the site's own base URL, the CMS's API) is not."""

    description = "một địa chỉ web (https://...)"

    def __init__(self, example: str = "", link: bool = True):
        super().__init__(example)
        self.link = link
        self.noun = "liên kết"

    def coerce(self, value, where):
        text = super().coerce(value, where)
        if text is INVALID:
            return text
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return where.fail(f"`{text}` không phải địa chỉ web đầy đủ; hãy viết dạng https://ten-mien.gov.vn/...")
        return text

    def explain(self) -> str:
        return "địa chỉ web đầy đủ"

    def decap(self, field, rows):
        return {"widget": "string", "pattern": ["^https?://.+", "Cần địa chỉ web đầy đủ, bắt đầu bằng https://"]}


class SitePath(Text):
    """A path inside the site (`/images/a.png`), or a web address when `external_ok`."""

    description = "một đường dẫn trong trang (bắt đầu bằng /)"

    def __init__(self, example: str = "", external_ok: bool = False, noun: str = "đường dẫn", link: bool = True):
        super().__init__(example)
        self.external_ok = external_ok
        self.noun = noun  # what a missing target is called: "ảnh `/images/a.png` không tồn tại"
        self.link = link  # False: the path names this page (an old address), not something it points to

    def coerce(self, value, where):
        text = super().coerce(value, where)
        if text is INVALID:
            return text
        if self.external_ok and urlsplit(text).scheme in ("http", "https"):
            return text
        if text.startswith("static/"):
            text = text[len("static") :]
        if not text.startswith("/"):
            return where.fail(f"`{text}` phải là đường dẫn bắt đầu bằng `/`, ví dụ `{self.example or '/files/van-ban.pdf'}`")
        if "\\" in text or ".." in text.split("/"):
            return where.fail(f"`{text}` không được chứa `..` hay `\\`; hãy viết đường dẫn từ gốc trang, ví dụ `/files/a.pdf`")
        return text

    def explain(self) -> str:
        return "đường dẫn trong trang, tệp đặt trong thư mục static/" + (" (hoặc địa chỉ web)" if self.external_ok else "")

    def decap(self, field, rows):
        """`/files/a.pdf` → a file picker that uploads to static/files; `/x/` (aliases) stays text."""
        folder, _, name = (self.example or "").rpartition("/")
        if "." not in name or not folder:
            return {"widget": "string", "pattern": ["^/.*", "Đường dẫn trong trang phải bắt đầu bằng /"]}
        if name.lower().endswith(IMAGE_SUFFIXES) and "/" + MEDIA_FOLDER.split("/", 1)[1] == folder:
            return {"widget": "image", "choose_url": False}
        return {"widget": "file", "media_folder": f"/static{folder}", "public_folder": folder, "choose_url": self.external_ok}


class Boolean(FieldType):
    description = "true hoặc false"

    def coerce(self, value, where):
        if isinstance(value, bool):
            return value
        return where.fail(f"cần `true` hoặc `false`, không phải `{source_text(value)}`")

    def explain(self) -> str:
        return "true (có) hoặc false (không)"

    def example_text(self) -> str:
        return "true"

    def sample(self, today, default, required_only):
        return True if not required_only else bool(default)

    def decap(self, field, rows):
        return {"widget": "boolean", "default": bool(field.default if field else None)}


class Integer(FieldType):
    description = "một số nguyên"

    def __init__(self, minimum: int | None = 0, example: str = "0"):
        self.minimum = minimum
        self.example = example

    def coerce(self, value, where):
        if isinstance(value, int) and not isinstance(value, bool):
            if self.minimum is not None and value < self.minimum:
                return where.fail(f"`{value}` nhỏ hơn {self.minimum}")
            return int(value)
        text = source_text(value).strip() if not isinstance(value, (dict, list)) else ""
        if re.fullmatch(r"\d{1,3}([.,]\d{3})+", text):
            return where.fail(f"`{text}`: viết số không có dấu ngăn cách hàng nghìn: `{re.sub('[.,]', '', text)}`")
        return where.fail(f"cần {self.description}, ví dụ `{self.example}`")

    def explain(self) -> str:
        return "số nguyên, không có dấu ngăn cách hàng nghìn"

    def sample(self, today, default, required_only):
        return int(self.example) if re.fullmatch(r"-?\d+", self.example or "") else max(self.minimum or 0, 0)

    def decap(self, field, rows):
        return {"widget": "number", "value_type": "int", **({"min": self.minimum} if self.minimum is not None else {})}


class Number(FieldType):
    description = "một số (dùng dấu chấm cho phần thập phân: 86.45)"

    def __init__(self, minimum: float | None = 0, example: str = "86.45"):
        self.minimum = minimum
        self.example = example

    def coerce(self, value, where):
        if isinstance(value, bool):
            return where.fail(f"cần {self.description}")
        if isinstance(value, str):
            if re.fullmatch(r"-?\d+,\d+", value.strip()):
                fixed = value.strip().replace(",", ".")
                return where.fail(f"`{value}`: hãy dùng dấu chấm cho phần thập phân (`{fixed}`)")
            return where.fail(f"`{value}` không phải số; ví dụ `{self.example}`")
        if not isinstance(value, (int, float)):
            return where.fail(f"cần {self.description}")
        if self.minimum is not None and value < self.minimum:
            return where.fail(f"`{value}` nhỏ hơn {self.minimum}")
        return float(value)

    def explain(self) -> str:
        return "số, dùng dấu chấm cho phần thập phân"

    def sample(self, today, default, required_only):
        return float(self.example) if self.example else 0.0

    def decap(self, field, rows):
        return {"widget": "number", "value_type": "float", "step": 0.01, **({"min": self.minimum} if self.minimum is not None else {})}


_DATE = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
_VIETNAMESE_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


class DateValue(FieldType):
    """`2024-07-15`, `2024-07-15 08:30` or ISO with offset; without offset, the site's timezone."""

    description = "một ngày dạng năm-tháng-ngày (2024-07-15)"
    example = "2024-07-15"

    def __init__(self, with_time: bool):
        self.with_time = with_time

    def coerce(self, value, where):
        text = source_text(value).strip() if not isinstance(value, (dict, list)) else ""
        match = _DATE.fullmatch(text)
        if not match:
            vn = _VIETNAMESE_DATE.fullmatch(text)
            if vn:
                number, month, year = (int(part) for part in vn.groups())
                try:
                    date(year, month, number)
                except ValueError:
                    return where.fail(f"`{text}` không có thật trên lịch (kiểm tra ngày và tháng); dạng đúng: `2024-07-15`")
                return where.fail(f"`{text}`: hãy viết ngày dạng năm-tháng-ngày: `{year}-{month:02d}-{number:02d}`")
            return where.fail(f"`{text}` không phải ngày hợp lệ; hãy viết dạng `2024-07-15` hoặc `2024-07-15 08:30`")
        g = match.groupdict()
        try:
            day = date(int(g["y"]), int(g["m"]), int(g["d"]))
            moment = time(int(g["H"] or 0), int(g["M"] or 0), int(g["S"] or 0))
        except ValueError:
            return where.fail(f"`{text}` không có thật trên lịch (kiểm tra ngày và tháng); dạng đúng: `2024-07-15`")
        if not self.with_time:
            return day
        if g["tz"]:
            offset = g["tz"].replace("Z", "+00:00")
            if ":" not in offset:
                offset = offset[:3] + ":" + offset[3:]
            aware = datetime.fromisoformat(f"{day.isoformat()}T{moment.isoformat()}{offset}")
            return aware.astimezone(where.tz)
        return datetime.combine(day, moment, tzinfo=where.tz)

    def explain(self) -> str:
        return "ngày giờ dạng năm-tháng-ngày giờ:phút" if self.with_time else "ngày dạng năm-tháng-ngày"

    def example_text(self) -> str:
        return "2024-07-15 08:30" if self.with_time else "2024-07-15"

    def sample(self, today, default, required_only):
        return today

    def decap(self, field, rows):
        if self.with_time:
            now = bool(field and (field.required or field.name == "date"))  # `new` dates every item too
            return {"widget": "datetime", "format": DECAP_DATETIME, "default": "{{now}}" if now else ""}
        return {"widget": "datetime", "date_format": DECAP_DATE, "time_format": False, "picker_utc": True, "default": ""}


class Choice(FieldType):
    def __init__(self, options: dict[str, str], renamed: dict[str, str] | None = None):
        self.options = options
        self.renamed = renamed or {}
        self.example = next(iter(options))
        self.description = "một trong: " + ", ".join(f"`{k}`" for k in self.options)

    def coerce(self, value, where):
        text = source_text(value).strip() if not isinstance(value, (dict, list)) else ""
        if text in self.options:
            return text
        if text in self.renamed:
            return where.fail(self.renamed[text])
        from .vi import slugify

        if slugify(text) in self.options:
            return where.fail(f"`{text}`: hãy viết `{slugify(text)}`")
        close = difflib.get_close_matches(text, list(self.options), n=1)
        hint = f"; có phải `{close[0]}`?" if close else "."
        return where.fail(f"`{text}` không hợp lệ{hint} Giá trị cho phép: " + ", ".join(f"`{k}` ({v})" for k, v in self.options.items()))

    def listed(self) -> str:
        return "; ".join(f"{k} ({v})" for k, v in self.options.items())

    def explain(self) -> str:
        return "chọn một trong " + self.listed()

    def example_text(self) -> str:
        return ""

    def sample(self, today, default, required_only):
        return default or next(iter(self.options))

    def decap_options(self) -> list[dict[str, str]]:
        return [{"label": label, "value": key} for key, label in self.options.items()]

    def decap(self, field, rows):
        default = field.default if field else None
        return {"widget": "select", "options": self.decap_options(), **({"default": default} if default else {})}


class ListOf(FieldType):
    """A YAML list; `single_ok` also accepts one bare value (`level: tinh`)."""

    def __init__(self, item: FieldType, single_ok: bool = False, min_items: int = 0):
        self.item = item
        self.single_ok = single_ok
        self.min_items = min_items
        self.description = f"một danh sách (mỗi dòng bắt đầu bằng `- `), mỗi mục là {item.description}"

    def coerce(self, value, where):
        if not isinstance(value, list):
            if self.single_ok and not isinstance(value, dict):
                value = [value]
                value = _with_lines(value, where.line)
            else:
                return where.fail(f"cần {self.description}")
        if len(value) < self.min_items:
            return where.fail(f"cần ít nhất {self.min_items} mục")
        lines = getattr(value, "lines", [where.line] * len(value))
        result = []
        for index, (item, line) in enumerate(zip(value, lines)):
            coerced = self.item.coerce(item, where.at(f"{where.name}[{index + 1}]", line))
            if coerced is not INVALID:
                result.append(coerced)
        return tuple(result) if len(result) == len(value) else INVALID

    def explain(self) -> str:
        if isinstance(self.item, Choice):
            return "một hoặc nhiều giá trị (mỗi dòng `- `) trong " + self.item.listed()
        if isinstance(self.item, Record):
            names = ", ".join(
                f"{f.name} ({f.spec.label or f.name}{'' if f.required else ', không bắt buộc'})" for f in record_fields(self.item.cls)
            )
            return f"danh sách, mỗi mục (bắt đầu bằng `- `) gồm {names}"
        return "danh sách, mỗi mục một dòng bắt đầu bằng `- `"

    def example_text(self) -> str:
        return self.item.example_text()

    def sample(self, today, default, required_only):
        return [self.item.sample(today, None, required_only)]

    def decap(self, field, rows):
        limit = {"min": self.min_items} if self.min_items else {}
        if isinstance(self.item, Choice):
            return {"widget": "select", "multiple": True, "options": self.item.decap_options(), **limit}
        if isinstance(self.item, Record):
            first = record_fields(self.item.cls)[0].name
            return {"widget": "list", "summary": "{{fields." + first + "}}", "fields": rows(self.item.cls), **limit}
        return {"widget": "list", "field": {"label": "Mục", "name": "item", **self.item.decap(None, rows)}, **limit}


def _with_lines(items: list, line: int) -> LineList:
    result = LineList(items)
    result.lines = [line] * len(items)
    result.line = line
    return result


class Record(FieldType):
    """A nested group of fields (`channels: - mode: ...`) built into a dataclass."""

    def __init__(self, cls: type):
        self.cls = cls
        self.description = f"một nhóm trường ({', '.join(f.name for f in dataclasses.fields(cls))})"

    def coerce(self, value, where):
        if not isinstance(value, dict):
            return where.fail(f"cần {self.description}")
        values = coerce_fields(self.cls, value, where)
        return INVALID if values is INVALID else self.cls(**values)

    def explain(self) -> str:
        return "nhóm trường (mỗi trường một dòng thụt lề bên dưới): " + ", ".join(f.name for f in record_fields(self.cls))

    def example_text(self) -> str:
        return ""

    def sample(self, today, default, required_only):
        return {
            f.name: (f.spec.type.sample(today, f.default, required_only) if f.required or not required_only else None)
            for f in record_fields(self.cls)
        }

    def decap(self, field, rows):
        return {"widget": "object", "collapsed": False, "fields": rows(self.cls)}


@dataclass(frozen=True)
class FieldSpec:
    type: FieldType
    required: bool = False
    label: str = ""
    hint: str = ""
    needs: str = ""  # another field of the record that must be given when this one is (`image` → `image_alt`)


def spec(type_: FieldType, *, required: bool = False, label: str = "", hint: str = "", default: Any = None, needs: str = ""):
    """Declare a dataclass field with its front-matter rules."""
    factory_default = {"default": default} if not isinstance(default, (list, dict)) else {"default_factory": lambda: default}
    return field(metadata={"spec": FieldSpec(type_, required, label, hint, needs)}, **factory_default)


def companions(cls: type) -> list[tuple[str, str, str]]:
    """(field, the field it needs, what to say when that one is missing), for the build and for the
    CMS, which refuses to save such an entry (admin.js) with the same words."""
    specs = field_specs(cls)
    found = []
    for name, fspec in specs.items():
        if fspec.needs:
            what = specs[fspec.needs].label or fspec.needs
            message = f"có {(fspec.label or name).lower()} nhưng thiếu `{fspec.needs}` ({what.lower()}); thêm dòng `{fspec.needs}: ...`"
            found.append((name, fspec.needs, message))
    return found


@functools.cache
def field_specs(cls: type) -> dict[str, FieldSpec]:
    return {f.name: f.metadata["spec"] for f in dataclasses.fields(cls) if "spec" in f.metadata}


@dataclass(frozen=True)
class ModelField:
    """One front-matter field as an editor sees it: spec, whether required here, default."""

    name: str
    spec: FieldSpec
    required: bool
    default: Any


def record_fields(cls: type) -> list[ModelField]:
    """The fields of a record (a kind, or a nested `channels` item...) with their defaults."""
    return [ModelField(name, spec, spec.required, default) for name, spec, default in with_defaults(cls).values()]


def with_defaults(cls: type) -> dict[str, tuple[str, FieldSpec, Any]]:
    specs = field_specs(cls)
    result = {}
    for f in dataclasses.fields(cls):
        if f.name not in specs:
            continue
        if f.default is not dataclasses.MISSING:
            default = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            default = None
        result[f.name] = (f.name, specs[f.name], default)
    return result


@dataclass(frozen=True)
class Address:
    """A web address or site path one field of a record holds; `path` names the field as the
    line numbers of front matter do (`documents[2].form`)."""

    path: str
    value: str
    noun: str

    @property
    def top(self) -> str:
        """The top-level key (`documents`): the line config.yaml's checks know."""
        return re.split(r"[.\[]", self.path, maxsplit=1)[0]

    @property
    def external(self) -> bool:
        return self.value.startswith(("http://", "https://"))


def addresses(record: Any, cls: type | None = None, prefix: str = "") -> Iterator[Address]:
    """Every address the link checks follow in a record: the fields declared `Url` or `SitePath`
    (nested records and lists too), left out when at their default (not written by anyone).
    `record` may also be front matter that failed as a whole (`cls` its record type): a page
    refused for one field still has its paths checked, so its file's problems come at once."""
    for name, ftype, default in _address_fields(cls or type(record)):
        value = record.get(name) if isinstance(record, dict) else getattr(record, name)
        if not is_blank(value) and value != default:
            yield from _addresses_in(ftype, value, prefix + name)


@functools.cache
def _address_fields(cls: type) -> tuple[tuple[str, FieldType, Any], ...]:
    """The fields of `cls` that hold addresses, at any depth, with their defaults."""
    return tuple((name, s.type, default) for name, s, default in with_defaults(cls).values() if _holds_addresses(s.type))


def _holds_addresses(ftype: FieldType) -> bool:
    if isinstance(ftype, (Url, SitePath)):
        return ftype.link
    if isinstance(ftype, ListOf):
        return _holds_addresses(ftype.item)
    return isinstance(ftype, Record) and bool(_address_fields(ftype.cls))


def _addresses_in(ftype: FieldType, value: Any, path: str) -> Iterator[Address]:
    if isinstance(ftype, (Url, SitePath)):
        text = ftype.coerce(value, Where("", 1, path, [], _UTC))  # a checked value again, or raw front matter
        if text is not INVALID and text:
            yield Address(path, text, ftype.noun)
    elif isinstance(ftype, Record) and (dataclasses.is_dataclass(value) or isinstance(value, dict)):
        yield from addresses(value, ftype.cls, f"{path}.")
    elif isinstance(ftype, ListOf):
        items = value if isinstance(value, (list, tuple)) else [value] if ftype.single_ok else []
        for number, item in enumerate(items, start=1):
            yield from _addresses_in(ftype.item, item, f"{path}[{number}]")


_UTC = ZoneInfo("UTC")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and len(value) == 0)


def coerce_fields(cls: type, data: dict, where: Where, required_extra: frozenset[str] = frozenset(), strict: bool = True):
    """Coerce every declared field of `cls` from `data`, recording every problem found. `strict`: a key
    `cls` does not declare is an error too (front matter, which two records share, checks its keys once)."""
    lines = data.lines if isinstance(data, LineDict) else {}
    base_line = getattr(data, "line", where.line)
    if strict:
        check_keys(data, field_specs(cls), where)
    values: dict[str, Any] = {}
    failed = False
    for name, fspec in field_specs(cls).items():
        raw = data.get(name)
        qualified = f"{where.name}.{name}" if where.name else name
        if is_blank(raw):
            if fspec.required or name in required_extra:
                label = f" ({fspec.label})" if fspec.label else ""
                example = f", ví dụ `{name}: {fspec.type.example}`" if fspec.type.example else ""
                where.at(qualified, lines.get(name, base_line)).fail(f"thiếu trường bắt buộc{label}{example}")
                failed = True
            continue
        coerced = fspec.type.coerce(raw, where.at(qualified, lines.get(name, base_line)))
        if coerced is INVALID:
            failed = True
        else:
            values[name] = coerced
    for name, needed, message in companions(cls):
        if name in values and is_blank(data.get(needed)):
            qualified = f"{where.name}.{name}" if where.name else name
            where.at(qualified, lines.get(name, base_line)).fail(message)
            failed = True
    return INVALID if failed else values


def check_keys(data: dict, known: Collection[str], where: Where, elsewhere: Callable[[str], str | None] | None = None) -> None:
    """An unknown key is an error on its line naming the key meant (`Có phải `zalo`?`): its value
    would otherwise be dropped without a word. The value around it is still read, so every other
    problem is reported too. `elsewhere(key)`: why a key declared for something else is not used here."""
    lines = data.lines if isinstance(data, LineDict) else {}
    for key in data:
        if key in known:
            continue
        qualified = f"{where.name}.{key}" if where.name else key
        at = where.at(qualified, lines.get(key))
        reason = elsewhere(key) if elsewhere else None
        if reason:
            at.fail(reason)
            continue
        guess = suggest(key, known)
        place = "không có trường này" + (f" trong `{where.name}`" if where.name else "") + " (giá trị của nó sẽ không được dùng)"
        if guess:
            at.fail(f"{place}. Có phải `{guess}`?")
        elif len(known) <= 12:
            at.fail(f"{place}; các trường dùng được ở đây: " + ", ".join(f"`{name}`" for name in known))
        else:
            at.fail(f"{place}; xem danh sách trường trong docs/truong-noi-dung.md và docs/truong-cau-hinh.md")


def nearest(name: str, known) -> str | None:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
    return close[0] if close else None


class MappingOf(FieldType):
    """A YAML mapping whose keys are free text (`sections: {tin-bai: news}`)."""

    def __init__(self, value: FieldType):
        self.value = value
        self.description = f"một nhóm `tên: giá trị`, mỗi giá trị là {value.description}"

    def explain(self) -> str:
        return "nhóm `tên: giá trị`, mỗi dòng thụt lề bên dưới"

    def coerce(self, value, where):
        if not isinstance(value, dict):
            return where.fail(f"cần {self.description}")
        lines = getattr(value, "lines", {})
        result = {}
        for key, item in value.items():
            coerced = self.value.coerce(item, where.at(f"{where.name}.{key}", lines.get(key)))
            if coerced is INVALID:
                return INVALID
            result[str(key)] = coerced
        return result


class FreeMapping(FieldType):
    """A mapping whose keys nobody checks (`extra:`, data a site's own theme reads): the one place
    where keys are free, so every other key can be checked."""

    description = "một nhóm `tên: giá trị` (mỗi dòng thụt lề bên dưới)"

    def coerce(self, value, where):
        if not isinstance(value, dict):
            return where.fail(f"cần {self.description}")
        return dict(value)

    def explain(self) -> str:
        return "nhóm `tên: giá trị` tùy ý, dành cho giao diện riêng của trang (không được kiểm tra)"

    def sample(self, today, default, required_only):
        return {}

    def decap(self, field, rows):
        return {"widget": "hidden"}
