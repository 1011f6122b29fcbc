"""Decap CMS, served by the site itself from `/admin/`.

The one pin: `VERSION` and the `INTEGRITY` npm publishes for it. The bundle is
the npm package `decap-cms` (only its `dist/`: the script, ~94 chunks it loads
from its own folder on demand, two WebAssembly files). `npm pack` fetches the
package's own tarball (none of the dependencies it declares: the bundle
already holds them); its sha512 must equal `INTEGRITY`, then `dist/` minus the
source maps and the `cms.*` duplicate is kept in a per-user cache shared by
every site and build. Nothing is fetched from another host at run time.

To update: `npm view decap-cms@X.Y.Z dist.integrity`, put both here, rebuild.

    python -m cchcsite.decap   fetches the pinned bundle now (build.py does this)
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

VERSION = "3.16.3"
INTEGRITY = "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw=="
PACKAGE = "decap-cms"
SCRIPT = "decap-cms.js"  # the entry point, in /admin/ beside index.html
# The bundle logs this line when it starts: how a browser test reads the served version.
VERSION_LINE = f"decap-cms-app {VERSION}"
COMPLETE = ".complete"  # written last: a half-extracted folder is never used
NPM_TIMEOUT_SECONDS = 180


@dataclass(frozen=True)
class Bundle:
    """The files to put in `/admin/`, or why there are none."""

    files: dict[str, Path]  # name inside /admin/ → cached file
    problem: str = ""  # Vietnamese, for the officer: what is missing and how to get it


def cache_folder() -> Path:
    """Where the unpacked bundle lives: `CCHCSITE_DECAP_DIR`, else the user's cache folder."""
    given = os.environ.get("CCHCSITE_DECAP_DIR")
    if given:
        return Path(given)
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        base = Path(os.environ["LOCALAPPDATA"])
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "cchcsite" / f"{PACKAGE}-{VERSION}"


def cached() -> Bundle | None:
    folder = cache_folder()
    if not (folder / COMPLETE).is_file():
        return None
    return Bundle({path.name: path for path in sorted(folder.iterdir()) if path.is_file() and path.name != COMPLETE})


def bundle(fetch: bool = True) -> Bundle:
    """The pinned bundle, fetched with npm the first time (`fetch=False`: only if already cached)."""
    found = cached()
    if found or not fetch:
        return found or Bundle({}, f"chưa có Decap CMS {VERSION} trong `{cache_folder()}`")
    try:
        _fetch(cache_folder())
    except _FetchFailed as exc:
        return Bundle({}, str(exc))
    return cached() or Bundle({}, f"chưa có Decap CMS {VERSION} trong `{cache_folder()}`")


class _FetchFailed(Exception):
    pass


def _fetch(folder: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise _FetchFailed(f"không tìm thấy npm để tải Decap CMS {VERSION}; hãy cài Node.js (có kèm npm) rồi dựng lại")
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=".decap-") as temp:
        # offline, npm's defaults retry for minutes; one retry and a 30 s timeout keep a build short
        command = [
            npm,
            "pack",
            f"{PACKAGE}@{VERSION}",
            "--json",
            "--silent",
            "--fetch-retries=1",
            "--fetch-timeout=30000",
            "--pack-destination",
            temp,
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=NPM_TIMEOUT_SECONDS, cwd=temp, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise _FetchFailed(
                f"không tải được Decap CMS {VERSION} bằng npm ({exc.__class__.__name__}); kiểm tra kết nối tới kho npm rồi dựng lại"
            ) from exc
        tarballs = list(Path(temp).glob("*.tgz"))
        if done.returncode != 0 or len(tarballs) != 1:
            last = (done.stderr.strip().splitlines() or ["không rõ lý do"])[-1][:200]
            raise _FetchFailed(f"không tải được Decap CMS {VERSION} bằng npm ({last}); kiểm tra kết nối tới kho npm rồi dựng lại")
        data = tarballs[0].read_bytes()
        got = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
        if got != INTEGRITY:
            raise _FetchFailed(f"gói Decap CMS {VERSION} tải về không đúng mã kiểm tra đã ghim ({got[:20]}…); không dùng gói này")
        unpacked = Path(temp) / "dist"
        unpacked.mkdir()
        _extract(data, unpacked)
        (unpacked / COMPLETE).write_text(VERSION + "\n", encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
        try:
            unpacked.rename(folder)
        except OSError:  # another build unpacked it at the same moment
            if not (folder / COMPLETE).is_file():
                raise _FetchFailed(f"không ghi được Decap CMS vào `{folder}`; kiểm tra quyền ghi thư mục đó") from None


def _extract(data: bytes, target: Path) -> None:
    """`package/dist/*` except source maps and the `cms.*` copy of the same bundle; flat names only."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            folder, _, name = member.name.rpartition("/")
            if folder != "package/dist" or not member.isfile() or not _kept(name):
                continue
            source = archive.extractfile(member)
            if source is not None:
                (target / name).write_bytes(source.read())


def _kept(name: str) -> bool:
    if (
        name.endswith(".map")
        or name.startswith("cms.")
        or ".cms." in name
        or name.endswith(".LICENSE.txt")
        and name != SCRIPT + ".LICENSE.txt"
    ):
        return False
    return not name.startswith(".") and "/" not in name


def main() -> int:
    found = bundle()
    if found.problem:
        print(f"Decap CMS: {found.problem}", file=sys.stderr)
        return 1
    size = sum(path.stat().st_size for path in found.files.values())
    print(json.dumps({"version": VERSION, "folder": str(cache_folder()), "files": len(found.files), "bytes": size}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
