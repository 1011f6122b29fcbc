"""Write stage: everything goes into a temporary folder beside the output, and
reaches the output only when the whole build succeeded. A failed build leaves
the last good site byte-identical, and nothing is ever written outside it.

A full build swaps the whole folder in. A build that reuses the current output
(the cache says most pages are unchanged) stages only the changed files and
moves each into place with an atomic rename, then deletes pages that no longer
exist: rebuilding thousands of unchanged folders would cost more than the edit.

The build cache keeps the output too (`kept`: hard links, no second copy of the bytes), so a
fresh checkout that restored only `.cchcsite-cache/` (CI) gets the last output back and builds warm.
"""

from __future__ import annotations

import os
import posixpath
import shutil
from collections.abc import Collection
from pathlib import Path

from .errors import UsageError

MARKER = ".cchcsite-output"  # proves a folder is ours before we replace it
INDEX_FOLDER = "pagefind"  # the search stage's (search.BUNDLE), left to it whole


class OutputWriter:
    def __init__(self, output: Path, site_dir: Path, update_in_place: bool = False, kept: Path | None = None, keep_folders: bool = False):
        self.output = output.resolve()
        self.kept = kept  # the cache's copy of the output, kept equal to it after each commit
        # Updating in place, leave the staging folder's empty folders for the next build (the dev
        # server's): a save writes the same few pages again, and making their folders anew was
        # most of writing them (a folder costs as much as a page on a busy disk, or on Windows).
        self.keep_folders = keep_folders
        _refuse_dangerous_output(self.output, site_dir.resolve())
        self.staging = self.output.parent / f".{self.output.name}.tmp"
        self.previous = self.output.parent / f".{self.output.name}.old"
        self.update_in_place = update_in_place and (self.output / MARKER).is_file()
        self.files_written = 0

    def __enter__(self) -> OutputWriter:
        self.output.parent.mkdir(parents=True, exist_ok=True)
        if self.previous.is_dir() and not self.output.exists():  # a build killed mid-swap: put the last site back
            self.previous.rename(self.output)
        if self.staging.exists() and not (self.keep_folders and self.update_in_place and _only_folders(self.staging)):
            shutil.rmtree(self.staging)
        self.staging.mkdir(exist_ok=True)
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
        if self.kept is not None:
            keep_copy(self.output, self.kept)

    def _commit_in_place(self, removed: Collection[str]) -> None:
        moved = []
        for staged in sorted(p for p in self.staging.rglob("*") if p.is_file()):
            relative = staged.relative_to(self.staging)
            target = self.output / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
            moved.append(relative)
        for gone in removed:
            _remove(self.output, posixpath.normpath(gone))
        if self.keep_folders:
            shutil.rmtree(self.staging / INDEX_FOLDER, ignore_errors=True)  # the search index's folders: Pagefind's own
        else:
            shutil.rmtree(self.staging)
        if self.kept is not None:
            if not (self.kept / MARKER).is_file():
                keep_copy(self.output, self.kept)
                return
            try:
                for relative in moved:
                    _link(self.output / relative, self.kept / relative)
                for gone in removed:
                    _remove(self.kept, posixpath.normpath(gone))
            except OSError:
                shutil.rmtree(self.kept, ignore_errors=True)  # a copy that may differ is no copy


def _only_folders(root: Path) -> bool:
    """True when no file is left below `root` (a build that ended well moved them all out)."""
    return not any(files for _, _, files in os.walk(root))


def keep_copy(output: Path, kept: Path) -> None:
    """`kept` becomes the output's twin: a hard link to each file (where the file system has none,
    no copy is kept: copying every page again would cost more than it saves). Plain `os` calls:
    it runs for every file of a cold build."""
    fresh = str(kept) + ".tmp"
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        _link_tree(str(output), fresh)
    except OSError:
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(kept, ignore_errors=True)
        return
    shutil.rmtree(kept, ignore_errors=True)
    os.rename(fresh, kept)


def _link_tree(source: str, target: str) -> None:
    os.mkdir(target)
    with os.scandir(source) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                _link_tree(entry.path, os.path.join(target, entry.name))
            else:
                os.link(entry.path, os.path.join(target, entry.name))


def restore_copy(kept: Path, output: Path) -> bool:
    """A missing output comes back from the cache's twin (a fresh checkout whose CI restored the
    cache): then the build only writes what changed. False when there is no usable twin."""
    if not (kept / MARKER).is_file() or (output.exists() and any(output.iterdir())):
        return False
    keep_copy(kept, output)
    return (output / MARKER).is_file()


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".link")
    temporary.unlink(missing_ok=True)
    os.link(source, temporary)
    os.replace(temporary, target)


def _remove(root: Path, relative: str) -> None:
    gone = root / relative
    gone.unlink(missing_ok=True)
    folder = gone.parent
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


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
