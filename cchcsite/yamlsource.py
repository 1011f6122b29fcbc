"""YAML as officers write it: line numbers kept, YAML 1.1 surprises removed.

PyYAML's defaults turn `no` into False, `08:30` into 510 and `1.001193` (a
procedure code) into a float. Here only `true`/`false` are booleans, numbers
remember the text they were written as, and dates stay text so that our own
parser can explain a bad one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml

from .errors import Severity


class LineDict(dict):
    """A mapping that remembers the line of each key (1-based, in the file)."""

    lines: dict[str, int]
    line: int


class LineList(list):
    """A sequence that remembers the line of each item."""

    lines: list[int]
    line: int


class YamlInt(int):
    raw: str


class YamlFloat(float):
    raw: str


def flatten_lines(data, prefix: str = "") -> dict[str, int]:
    """`{"files[2].path": 9, ...}`: the line of every key and item, nested ones included."""
    found: dict[str, int] = {}
    if isinstance(data, LineDict):
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else key
            found[name] = data.lines[key]
            found.update(flatten_lines(value, name))
    elif isinstance(data, LineList):
        for number, (value, line) in enumerate(zip(data, data.lines), start=1):
            found[f"{prefix}[{number}]"] = line
            found.update(flatten_lines(value, f"{prefix}[{number}]"))
    return found


def source_text(value) -> str:
    """The scalar as it was written (so `1.0010` stays `1.0010`, not `1.001`)."""
    return getattr(value, "raw", None) or str(value)


@dataclass(frozen=True)
class YamlProblem:
    line: int
    message: str
    severity: Severity = Severity.ERROR


# What Word and web pages paste that YAML does not take as a space (NBSP after `title:`).
_ODD_SPACES = "\u00a0\u2007\u202f"
_LEADING = re.compile(f"^[ \t{_ODD_SPACES}]+")
_AFTER_MARKER = re.compile(f"^(\\s*(?:-[ {_ODD_SPACES}]+)*(?:[^\\s:#][^:#]*?:)?)[{_ODD_SPACES}]+")
_KEY_OR_ITEM = r"\s*(?:-\s+)+|\s*(?:-\s+)*[^\s:#\-\"'“”‘’][^:#]*?:\s+"
_WRAPPED_VALUE = re.compile(f'^({_KEY_OR_ITEM})[“‘]([^“”‘’"\\\\]*)[”’]\\s*$')
_WRAPPED_ITEM = re.compile(r"([\[,]\s*)[“‘]([^“”‘’\"\\\\,\[\]]*)[”’](\s*)(?=[,\]])")
_BLOCK_SCALAR = re.compile(r":\s*[|>][-+0-9]*\s*(?:#.*)?$")
WORD_QUOTES_REMOVED = (
    "đã bỏ dấu ngoặc kép cong (“ ” ‘ ’, thường do dán từ Word) bao quanh giá trị, để trang không hiện chúng; "
    'hãy xóa chúng trong tệp, hoặc dùng ngoặc kép thẳng "..."'
)


def tidy(text: str, first_line: int = 1) -> tuple[str, list[YamlProblem]]:
    """Mend what pastes from Word bring before parsing, reporting each line (so one run shows them all).

    Non-breaking spaces in indentation or after `key:` become spaces; curly quotes
    wrapping a whole value are removed (a warning); tabs in indentation are errors,
    replaced by two spaces only so that parsing can go on to find the next problem.
    Block scalars (`|`, `>`) are text: left exactly as written.
    """
    problems: list[YamlProblem] = []
    lines = text.split("\n")
    block_indent: int | None = None  # inside a block scalar deeper than this indentation
    for number, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" \t" + _ODD_SPACES))
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = None
        if leading := _LEADING.match(line):
            run = leading.group(0)
            if "\t" in run:
                problems.append(
                    YamlProblem(
                        number + first_line,
                        "có ký tự Tab ở đầu dòng: YAML chỉ cho phép thụt lề bằng dấu cách; hãy thay Tab bằng 2 dấu cách",
                    )
                )
            line = run.replace("\t", "  ").translate({ord(c): " " for c in _ODD_SPACES}) + line[len(run) :]
        line = _AFTER_MARKER.sub(lambda m: m.group(1) + " ", line, count=1)
        unwrapped = _WRAPPED_VALUE.sub(lambda m: f'{m.group(1)}"{m.group(2)}"', line)
        unwrapped = _WRAPPED_ITEM.sub(lambda m: f'{m.group(1)}"{m.group(2)}"{m.group(3)}', unwrapped)
        if unwrapped != line:
            problems.append(YamlProblem(number + first_line, WORD_QUOTES_REMOVED, Severity.WARNING))
        lines[number] = unwrapped
        if _BLOCK_SCALAR.search(unwrapped.split(" #", 1)[0]):
            block_indent = len(unwrapped) - len(unwrapped.lstrip(" "))
    return "\n".join(lines), problems


class _Resolver(yaml.resolver.BaseResolver):
    pass


_Resolver.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Resolver.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]+|[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+)$"),
    list("-+0123456789"),
)
_Resolver.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


if TYPE_CHECKING or not yaml.__with_libyaml__:

    class _Parsing(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer):
        """PyYAML's own parser, in Python."""

        def __init__(self, stream):
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)

else:  # libyaml's parser is ~10× faster than the pure-Python one and gives the same nodes
    _Parsing = yaml.cyaml.CParser


class _Loader(_Parsing, yaml.constructor.SafeConstructor, _Resolver):
    def __init__(self, stream, first_line: int):
        _Parsing.__init__(self, stream)
        yaml.constructor.SafeConstructor.__init__(self)
        _Resolver.__init__(self)
        self.first_line = first_line
        self.duplicates: list[YamlProblem] = []

    def line_of(self, node) -> int:
        return node.start_mark.line + self.first_line

    def construct_yaml_map(self, node):
        data = LineDict()
        data.lines = {}
        data.line = self.line_of(node)
        yield data
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = source_text(key)
            if key in data:
                # PyYAML silently keeps the last of two equal keys; an officer would not expect that.
                self.duplicates.append(YamlProblem(self.line_of(key_node), f"trường `{key}` được viết hai lần; hãy xóa một dòng"))
            data[key] = self.construct_object(value_node, deep=True)
            data.lines[key] = self.line_of(key_node)

    def construct_yaml_seq(self, node):
        data = LineList()
        data.line = self.line_of(node)
        data.lines = [self.line_of(item) for item in node.value]
        yield data
        data.extend(self.construct_sequence(node, deep=True))

    def construct_yaml_int(self, node):
        value = YamlInt(super().construct_yaml_int(node))
        value.raw = node.value
        return value

    def construct_yaml_float(self, node):
        value = YamlFloat(super().construct_yaml_float(node))
        value.raw = node.value
        return value


# SafeConstructor's table with ours (what add_constructor would make, one tag at a time). Explicit
# `!!timestamp` values stay text too: our own date parser explains mistakes.
_Loader.yaml_constructors = {
    **yaml.constructor.SafeConstructor.yaml_constructors,
    "tag:yaml.org,2002:map": _Loader.construct_yaml_map,
    "tag:yaml.org,2002:seq": _Loader.construct_yaml_seq,
    "tag:yaml.org,2002:int": _Loader.construct_yaml_int,
    "tag:yaml.org,2002:float": _Loader.construct_yaml_float,
    "tag:yaml.org,2002:timestamp": _Loader.construct_yaml_str,
}


def explain_yaml_error(exc: yaml.YAMLError, text: str, first_line: int) -> YamlProblem:
    """Turn a PyYAML error into a sentence an officer can act on."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = (mark.line + first_line) if mark else first_line
    lines = text.splitlines()
    offending = lines[mark.line] if mark and mark.line < len(lines) else ""
    problem = getattr(exc, "problem", "") or str(exc)
    if "\t" in offending or "'\\t'" in problem:
        return YamlProblem(line, "có ký tự Tab: YAML chỉ cho phép thụt lề bằng dấu cách; hãy thay Tab bằng 2 dấu cách")
    if any(q in offending for q in "“”‘’"):
        return YamlProblem(
            line,
            'lỗi cú pháp YAML gần dấu ngoặc kép cong (“ ” ‘ ’, thường do dán từ Word): hãy đặt cả giá trị trong dấu ngoặc kép thẳng "..."',
        )
    if "mapping values are not allowed" in problem:
        return YamlProblem(
            line,
            'lỗi cú pháp YAML: giá trị có dấu hai chấm ":"; hãy đặt cả giá trị trong dấu ngoặc kép "..."',
        )
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return YamlProblem(line, "danh sách hoặc nhóm viết trong ngoặc thiếu dấu đóng `]` hay `}` (hoặc thiếu dấu phẩy giữa các mục)")
    if any(hint in problem for hint in ("expected <block end>", "did not find expected key", "expected '-' indicator")):
        return YamlProblem(line, "thụt lề không khớp: các trường cùng cấp phải thẳng cột với nhau (dùng cùng số dấu cách ở đầu dòng)")
    if "could not find expected ':'" in problem:
        return YamlProblem(line, "lỗi cú pháp YAML: thiếu dấu hai chấm sau tên trường (viết `ten_truong: giá trị`)")
    return YamlProblem(line, f"lỗi cú pháp YAML ({problem}); kiểm tra thụt lề và dấu hai chấm")


MORE_MAY_FOLLOW = " (YAML dừng đọc ở lỗi này: sau khi sửa, chạy lại để xem các dòng sau còn lỗi không)"


def load_yaml(text: str, first_line: int = 1) -> tuple[Any, list[YamlProblem]]:
    """Parse one YAML document → (data, problems); data is None when the text is not YAML."""
    text, problems = tidy(text, first_line)
    loader = _Loader(text, first_line)
    try:
        try:
            return loader.get_single_data(), problems + loader.duplicates
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        found = explain_yaml_error(exc, text, first_line)
        if any(p.line == found.line and "Tab" in p.message for p in problems):  # the same tab, said once
            return None, problems
        more = MORE_MAY_FOLLOW if found.line - first_line < text.rstrip().count("\n") else ""
        return None, problems + [YamlProblem(found.line, found.message + more)]
