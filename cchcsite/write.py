"""Write stage: everything goes into a temporary folder beside the output, which
replaces the output only when the whole build succeeded. A failed build leaves
the last good site byte-identical, and nothing is ever written outside it."""
from __future__ import annotations

import posixpath
import shutil
from pathlib import Path

from .errors import UsageError

MARKER = ".cchcsite-output"  # proves a folder is ours before we replace it


class OutputWriter:
    def __init__(self, output: Path, site_dir: Path):
        self.output = output.resolve()
        _refuse_dangerous_output(self.output, site_dir.resolve())
        self.staging = self.output.parent / f".{self.output.name}.tmp"
        self.files_written = 0

    def __enter__(self) -> "OutputWriter":
        self.output.parent.mkdir(parents=True, exist_ok=True)
        if self.staging.exists():
            shutil.rmtree(self.staging)
        self.staging.mkdir()
        (self.staging / MARKER).write_text("Thư mục này do cchcsite tạo ra; lệnh build sẽ thay thế toàn bộ.\n", encoding="utf-8")
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None and self.staging.exists():
            shutil.rmtree(self.staging)

    def target(self, relative: str) -> Path:
        """The staged path for `relative`; anything that could escape the folder is refused.

        The staging folder is our own fresh folder (no links in it), so a purely
        lexical check is exact and much cheaper than resolving every path.
        """
        clean = posixpath.normpath(relative.replace("\\", "/"))
        if clean.startswith(("/", "../")) or clean in ("..", ".") or ":" in clean.split("/", 1)[0]:
            raise ValueError(f"refusing to write outside the output folder: {relative!r}")
        return self.staging / clean

    def write(self, relative: str, content: bytes) -> None:
        path = self.target(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        self.files_written += 1

    def copy(self, relative: str, source: Path) -> None:
        path = self.target(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
        self.files_written += 1

    def commit(self) -> None:
        """Swap the finished build in; the old output is removed only after the swap."""
        previous = self.output.parent / f".{self.output.name}.old"
        if previous.exists():
            shutil.rmtree(previous)
        if self.output.exists():
            self.output.rename(previous)
        self.staging.rename(self.output)
        if previous.exists():
            shutil.rmtree(previous)


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
