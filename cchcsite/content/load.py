"""Load stage: content files → `SourceFile` records (front matter with key lines, body).

Officers paste from Word and save on Windows: a BOM, CRLF and NFD accents are
accepted and normalised; any other encoding is refused with a message that
says how to fix it, never turned into mojibake.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Collection, Container, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import Problem, error
from ..sourcetext import decode
from ..yamlsource import LineDict, load_yaml
from .sections import kind_for
from .snapshots import DATA_DIR

CONTENT_DIR = "content"
SOURCE_DIRS = ((CONTENT_DIR, ".md"), (DATA_DIR, ".json"))  # Markdown content, and data files (index snapshots)


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative to the site folder, with `/`: what messages show
    folder: str  # folder below content/ (`tin-tuc`, `` for the root)
    stem: str
    kind: str
    front: LineDict
    body: str
    body_line: int  # file line where the body starts
    is_section_intro: bool


def split_front_matter(text: str, path: str) -> tuple[LineDict | None, str, int, list[Problem]]:
    """`---` YAML `---` body → (front matter, body, body's first line, problems)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return (
            None,
            text,
            1,
            [error(path, 1, "thiếu phần thông tin đầu bài: dòng đầu tiên phải là `---`, tiếp theo là `title: ...`, rồi một dòng `---`")],
        )
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            break
    else:
        return None, "", 1, [error(path, 1, "phần thông tin đầu bài mở bằng `---` nhưng không có dòng `---` để đóng")]
    yaml_text = "\n".join(lines[1:index])
    data, yaml_problems = load_yaml(yaml_text, first_line=2)
    problems = [Problem(path, p.line, p.message, p.severity) for p in yaml_problems]
    if data is None and yaml_problems:
        return None, "", index + 2, problems
    if data is None:
        data = LineDict()
        data.lines, data.line = {}, 1
    if not isinstance(data, LineDict):  # every mapping the loader makes is one
        return None, "", index + 2, problems + [error(path, 2, "phần thông tin đầu bài phải là các dòng `tên_trường: giá trị`")]
    return data, "\n".join(lines[index + 1 :]), index + 2, problems


def load_file(site_dir: Path, file: Path, sections: dict[str, str], raw: bytes | None = None) -> tuple[SourceFile | None, list[Problem]]:
    rel = file.relative_to(site_dir).as_posix()
    text, problem = decode(file.read_bytes() if raw is None else raw, rel)
    if problem:
        return None, [problem]
    front, body, body_line, problems = split_front_matter(text, rel)
    if front is None:
        return None, problems
    folder = PurePosixPath(rel).parent.as_posix().removeprefix(CONTENT_DIR).strip("/")
    kind = str(front.get("kind") or kind_for(folder, sections))
    source = SourceFile(rel, folder, file.stem, kind, front, body, body_line, file.name == "_index.md")
    return source, problems


@dataclass(frozen=True)
class ContentFile:
    """A Markdown file found below content/, with the stamp that tells whether it changed."""

    rel: str  # `content/tin-tuc/abc.md`, below the site folder
    stamp: tuple[int, int, int, int]  # size, mtime, ctime (ns), inode: same stamp → same bytes


def content_files(site_dir: Path) -> list[ContentFile]:
    """Every Markdown file below content/ and every data file below data/, sorted so builds are
    deterministic.

    A file whose name starts with `_` or `.` is not a page, except `_index.md`
    which gives a list page its title and intro; folders starting with `.` are
    skipped. One `os.scandir` per folder: the stamps come with the listing.
    """
    found: list[ContentFile] = []

    def walk(folder: Path, rel: str, suffix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):  # as rglob: no walking into linked folders (loops)
                    walk(folder / entry.name, f"{rel}/{entry.name}", suffix)
                elif entry.name.endswith(suffix) and _is_page_name(entry.name) and entry.is_file():
                    found.append(ContentFile(f"{rel}/{entry.name}", _stamp(entry.stat())))

    for top, suffix in SOURCE_DIRS:
        if (site_dir / top).is_dir():
            walk(site_dir / top, top, suffix)
    return sorted(found, key=lambda file: file.rel)


def content_files_since(site_dir: Path, listed: Container[str], changed: Collection[Path]) -> list[ContentFile] | None:
    """The changed content files, stamped again, when a watcher says only `changed` may differ from
    an earlier listing (`listed`: the files it found); the other files are as that listing found them.
    None when the listing itself may have changed — a file created, removed or renamed, a folder, a
    path outside the site — so every folder must be listed again (`content_files`). Paths outside
    content/ and data/ (config.yaml, static/, themes/) hold no content file."""
    roots = [site_dir / top for top, _ in SOURCE_DIRS]
    found = []
    for path in changed:
        if not path.is_relative_to(site_dir):
            return None
        if not any(path.is_relative_to(root) for root in roots):
            continue
        rel = path.relative_to(site_dir).as_posix()
        try:
            info = path.stat()
        except OSError:
            return None
        if rel not in listed or not stat.S_ISREG(info.st_mode):
            return None
        found.append(ContentFile(rel, _stamp(info)))
    return found


def _stamp(info: os.stat_result) -> tuple[int, int, int, int]:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def _is_page_name(name: str) -> bool:
    return not (name.startswith("_") and name != "_index.md")


@dataclass(frozen=True)
class SiteProcedure:
    code: str
    title: str
    status: str
    path: Path  # the file that holds it, whatever its name


def front_matters(folder: Path) -> Iterator[tuple[Path, dict]]:
    """The items of a folder with their front matter, read cheaply (no validation, no Markdown);
    a file that cannot be read is passed over (the build reports it)."""
    for file in sorted(folder.rglob("*.md")) if folder.is_dir() else ():
        if file.name.startswith("_"):
            continue
        text, problem = decode(file.read_bytes(), file.name)
        if problem:
            continue
        front, *_ = split_front_matter(text, file.name)
        if isinstance(front, dict):
            yield file, front


def site_procedures(folder: Path) -> dict[str, SiteProcedure]:
    """The procedures in a folder by code: for `new` (a free placeholder code) and `import`
    (which file holds a code, whatever its name)."""
    found: dict[str, SiteProcedure] = {}
    for file, front in front_matters(folder):
        if front.get("code") not in (None, ""):
            code = str(front["code"]).strip()
            found.setdefault(code, SiteProcedure(code, str(front.get("title") or ""), str(front.get("status") or ""), file))
    return found
