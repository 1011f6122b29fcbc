"""Write stage: everything goes into a temporary folder beside the output, and
reaches the output only when the whole build succeeded. A failed build leaves
the last good site byte-identical, and nothing is ever written outside it.

A full build swaps the whole folder in. A build that reuses the current output
(the cache says most pages are unchanged) stages only the changed files and
moves each into place with an atomic rename, then deletes pages that no longer
exist: rebuilding thousands of unchanged folders would cost more than the edit.
"""

from __future__ import annotations

import os
import posixpath
import shutil
from collections.abc import Collection
from pathlib import Path

from .errors import UsageError

MARKER = ".cchcsite-output"  # proves a folder is ours before we replace it


class OutputWriter:
    def __init__(self, output: Path, site_dir: Path, update_in_place: bool = False):
        self.output = output.resolve()
        _refuse_dangerous_output(self.output, site_dir.resolve())
        self.staging = self.output.parent / f".{self.output.name}.tmp"
        self.previous = self.output.parent / f".{self.output.name}.old"
        self.update_in_place = update_in_place and (self.output / MARKER).is_file()
        self.files_written = 0

    def __enter__(self) -> OutputWriter:
        self.output.parent.mkdir(parents=True, exist_ok=True)
        if self.previous.is_dir() and not self.output.exists():  # a build killed mid-swap: put the last site back
            self.previous.rename(self.output)
        if self.staging.exists():
            shutil.rmtree(self.staging)
        self.staging.mkdir()
        (self.staging / MARKER).write_text("Thư mục này do cchcsite tạo ra; lệnh build sẽ thay thế toàn bộ.\n", encoding="utf-8")
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None and self.staging.exists():
            shutil.rmtree(self.staging)

    def target(self, relative: str) -> Path:
        return Path(staged_path(str(self.staging), relative))

    def write(self, relative: str, content: bytes) -> None:
        path = self.target(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        self.files_written += 1

    def copy(self, relative: str, source: Path) -> None:
        """Copy a static file (keeping its time stamp); an unchanged one is skipped when updating in place."""
        path = self.target(relative)
        if self.update_in_place:
            current = self.output / path.relative_to(self.staging)
            if current.is_file() and _same_file_stamp(current, source):
                return
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, path)
        self.files_written += 1

    def commit(self, removed: Collection[str] = ()) -> None:
        """Make the finished build the output: swap the folder, or move changed files in place."""
        if self.update_in_place:
            self._commit_in_place(removed)
            return

        if self.previous.exists():
            shutil.rmtree(self.previous)
        if self.output.exists():
            self.output.rename(self.previous)
        self.staging.rename(self.output)
        if self.previous.exists():
            shutil.rmtree(self.previous)

    def _commit_in_place(self, removed: Collection[str]) -> None:
        for staged in sorted(p for p in self.staging.rglob("*") if p.is_file()):
            target = self.output / staged.relative_to(self.staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
        for relative in removed:
            gone = self.output / posixpath.normpath(relative)
            gone.unlink(missing_ok=True)
            folder = gone.parent
            while folder != self.output and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
        shutil.rmtree(self.staging)


def staged_path(staging: str, relative: str) -> str:
    """The staged path for `relative`; anything that could escape the folder is refused.

    Render workers call this too (plain strings: it runs once per page). The staging
    folder is our own fresh folder (no links in it), so a purely lexical check is
    exact and much cheaper than resolving every path.
    """
    clean = posixpath.normpath(relative.replace("\\", "/"))
    if clean.startswith(("/", "../")) or clean in ("..", ".") or ":" in clean.split("/", 1)[0]:
        raise ValueError(f"refusing to write outside the output folder: {relative!r}")
    return os.path.join(staging, clean)


def _same_file_stamp(one: Path, two: Path) -> bool:
    a, b = one.stat(), two.stat()
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns


def _refuse_dangerous_output(output: Path, site_dir: Path) -> None:
    if output == site_dir or site_dir.is_relative_to(output):
        raise UsageError(f"thư mục đầu ra `{output}` chứa cả trang nguồn; hãy chọn thư mục khác, ví dụ `public`")
    for protected in ("content", "static", "themes"):
        if output.is_relative_to(site_dir / protected):
            raise UsageError(f"thư mục đầu ra `{output}` nằm trong `{protected}/`; hãy chọn thư mục khác, ví dụ `public`")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        raise UsageError(
            f"thư mục đầu ra `{output}` đã có tệp không do cchcsite tạo ra; lệnh build sẽ thay thế toàn bộ thư mục, "
            "nên hãy chọn thư mục trống hoặc xóa thư mục đó trước"
        )
