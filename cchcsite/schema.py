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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .errors import Problem, error
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


class FieldType:
    description = "giá trị"
    example = ""

    def coerce(self, value: Any, where: Where) -> Any:
        raise NotImplementedError


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


class Markdown(Text):
    description = "một đoạn chữ (Markdown)"

    def coerce(self, value, where):
        text = super().coerce(value, where)
        if text is INVALID or where.render_markdown is None:
            return text
        return where.render_markdown(text, where.line)


class Url(Text):
    description = "một địa chỉ web (https://...)"

    def coerce(self, value, where):
        text = super().coerce(value, where)
        if text is INVALID:
            return text
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return where.fail(f"`{text}` không phải địa chỉ web đầy đủ; hãy viết dạng https://ten-mien.gov.vn/...")
        return text


class SitePath(Text):
    """A path inside the site (`/images/a.png`), or a web address when `external_ok`."""

    description = "một đường dẫn trong trang (bắt đầu bằng /)"

    def __init__(self, example: str = "", external_ok: bool = False):
        super().__init__(example)
        self.external_ok = external_ok

    def coerce(self, value, where):
        text = super().coerce(value, where)
        if text is INVALID:
            return text
        if self.external_ok and urlsplit(text).scheme in ("http", "https"):
            return text
        if text.startswith("static/"):
            text = text[len("static"):]
        if not text.startswith("/"):
            return where.fail(f"`{text}` phải là đường dẫn bắt đầu bằng `/`, ví dụ `{self.example or '/files/van-ban.pdf'}`")
        if "\\" in text or ".." in text.split("/"):
            return where.fail(f"`{text}` không được chứa `..` hay `\\`; hãy viết đường dẫn từ gốc trang, ví dụ `/files/a.pdf`")
        return text


class Boolean(FieldType):
    description = "true hoặc false"

    def coerce(self, value, where):
        if isinstance(value, bool):
            return value
        return where.fail(f"cần `true` hoặc `false`, không phải `{source_text(value)}`")


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
                day, month, year = (int(part) for part in vn.groups())
                try:
                    date(year, month, day)
                except ValueError:
                    return where.fail(f"`{text}` không có thật trên lịch (kiểm tra ngày và tháng); dạng đúng: `2024-07-15`")
                return where.fail(f"`{text}`: hãy viết ngày dạng năm-tháng-ngày: `{year}-{month:02d}-{day:02d}`")
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


class Choice(FieldType):
    def __init__(self, options: dict[str, str], renamed: dict[str, str] | None = None):
        self.options = options
        self.renamed = renamed or {}
        self.example = next(iter(options))

    @property
    def description(self):
        return "một trong: " + ", ".join(f"`{k}`" for k in self.options)

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


class ListOf(FieldType):
    """A YAML list; `single_ok` also accepts one bare value (`level: tinh`)."""

    def __init__(self, item: FieldType, single_ok: bool = False, min_items: int = 0):
        self.item = item
        self.single_ok = single_ok
        self.min_items = min_items

    @property
    def description(self):
        return f"một danh sách (mỗi dòng bắt đầu bằng `- `), mỗi mục là {self.item.description}"

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


def _with_lines(items: list, line: int) -> LineList:
    result = LineList(items)
    result.lines = [line] * len(items)
    result.line = line
    return result


class Record(FieldType):
    """A nested group of fields (`channels: - mode: ...`) built into a dataclass."""

    def __init__(self, cls: type):
        self.cls = cls

    @property
    def description(self):
        names = ", ".join(f.name for f in dataclasses.fields(self.cls))
        return f"một nhóm trường ({names})"

    def coerce(self, value, where):
        if not isinstance(value, dict):
            return where.fail(f"cần {self.description}")
        values = coerce_fields(self.cls, value, where)
        return INVALID if values is INVALID else self.cls(**values)


@dataclass(frozen=True)
class FieldSpec:
    type: FieldType
    required: bool = False
    label: str = ""
    hint: str = ""


def spec(type_: FieldType, *, required: bool = False, label: str = "", hint: str = "", default: Any = None):
    """Declare a dataclass field with its front-matter rules."""
    factory_default = {"default": default} if not isinstance(default, (list, dict)) else {"default_factory": lambda: default}
    return field(metadata={"spec": FieldSpec(type_, required, label, hint)}, **factory_default)


@functools.cache
def field_specs(cls: type) -> dict[str, FieldSpec]:
    return {f.name: f.metadata["spec"] for f in dataclasses.fields(cls) if "spec" in f.metadata}


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and len(value) == 0)


def coerce_fields(cls: type, data: dict, where: Where, required_extra: frozenset[str] = frozenset()):
    """Coerce every declared field of `cls` from `data`, recording every problem found."""
    lines = data.lines if isinstance(data, LineDict) else {}
    base_line = getattr(data, "line", where.line)
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
    return INVALID if failed else values


def nearest(name: str, known) -> str | None:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
    return close[0] if close else None


class MappingOf(FieldType):
    """A YAML mapping whose keys are free text (`sections: {tin-bai: news}`)."""

    def __init__(self, value: FieldType):
        self.value = value

    @property
    def description(self):
        return f"một nhóm `tên: giá trị`, mỗi giá trị là {self.value.description}"

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
