"""Decap CMS, served by the site itself from `/admin/`.

The one pin: `VERSION` and the `INTEGRITY` npm publishes for it. The bundle is
the npm package `decap-cms` (only its `dist/`: the script, ~94 chunks it loads
from its own folder on demand, two WebAssembly files). `fetch()` downloads the
package's own tarball from the npm registry over HTTPS (no Node.js, none of the
dependencies it declares: the bundle already holds them); its sha512 must equal
`INTEGRITY` before anything is unpacked, then `dist/` minus the source maps and
the `cms.*` duplicate is kept in a per-user cache shared by every site and build.

Fetching is an explicit step (`cchcsite fetch-cms`, which `python3 build.py`
runs during its set-up): `build`, `check` and `serve` only look in the cache and
never open a connection, so a build offline is as fast as one without the editor.

To update: `npm view decap-cms@X.Y.Z dist.integrity`, put both here, rebuild.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

VERSION = "3.16.3"
INTEGRITY = "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw=="
PACKAGE = "decap-cms"
SCRIPT = "decap-cms.js"  # the entry point, in /admin/ beside index.html
# The bundle logs this line when it starts: how a browser test reads the served version.
VERSION_LINE = f"decap-cms-app {VERSION}"
COMPLETE = ".complete"  # written last: a half-extracted folder is never used
FETCH_COMMAND = "cchcsite fetch-cms"  # what every message about a missing bundle tells the officer to run
DEFAULT_REGISTRY = "https://registry.npmjs.org/"
TIMEOUT_SECONDS = 30  # to connect, and for each read: offline, a fetch fails within this
MAX_BYTES = 64 * 2**20  # the 3.16.3 tarball is 16 MB; a server sending more is not the registry
# A file of the bundle keeps its name in /admin/: plain flat names only, whatever the archive says.
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class Bundle:
    """The files to put in `/admin/`, or why there are none."""

    files: dict[str, Path]  # name inside /admin/ → cached file
    problem: str = ""  # Vietnamese, for the officer: what is missing and how to get it


class FetchFailed(Exception):
    """Why the bundle could not be fetched, in Vietnamese, with what to do."""


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
    """The bundle as `fetch` left it, if it is this version's (a CI cache may hold an older one)."""
    folder = cache_folder()
    try:
        if (folder / COMPLETE).read_text(encoding="utf-8").strip() != VERSION:
            return None
    except (OSError, UnicodeDecodeError):
        return None
    return Bundle({path.name: path for path in sorted(folder.iterdir()) if path.is_file() and path.name != COMPLETE})


def bundle() -> Bundle:
    """The pinned bundle if it has been fetched; else no files and what to run (nothing is fetched here)."""
    return cached() or Bundle(
        {}, f"chưa có Decap CMS {VERSION} trong `{cache_folder()}`; chạy `{FETCH_COMMAND}` trên máy có kết nối mạng rồi dựng lại"
    )


def registry() -> str:
    """The npm registry a user configured (`npm_config_registry`, else `registry=` in ~/.npmrc),
    else npm's own: a mirror inside an agency's network is used as npm would use it. A proxy
    comes from HTTPS_PROXY / NO_PROXY, as for any download."""
    for name in ("npm_config_registry", "NPM_CONFIG_REGISTRY"):
        if os.environ.get(name, "").strip():
            return os.environ[name].strip()
    try:
        text = (Path.home() / ".npmrc").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return DEFAULT_REGISTRY
    for line in text.splitlines():
        key, equals, value = line.partition("=")
        if equals and key.strip() == "registry" and value.strip().startswith(("https://", "http://")):
            return value.strip()
    return DEFAULT_REGISTRY


def tarball_url(base: str) -> str:
    """Where a registry serves a package's tarball (npm's layout, which mirrors keep)."""
    return f"{base.rstrip('/')}/{PACKAGE}/-/{PACKAGE}-{VERSION}.tgz"


def fetch(opener: Callable[..., BinaryIO] | None = None) -> Bundle:
    """Download, check and unpack the pinned bundle into the cache (nothing to do if it is there).
    Raises FetchFailed; the cache is then as it was. `opener`: how a URL is opened (tests)."""
    found = cached()
    if found:
        return found
    folder = cache_folder()
    url = tarball_url(registry())
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=folder.parent, prefix=".decap-") as temp:
            data = _download(url, opener or urllib.request.urlopen)
            got = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
            if got != INTEGRITY:
                raise FetchFailed(f"gói Decap CMS {VERSION} tải từ {url} không đúng mã kiểm tra đã ghim ({got[:20]}…); không dùng gói này")
            unpacked = Path(temp) / "dist"
            unpacked.mkdir()
            _extract(data, unpacked)
            (unpacked / COMPLETE).write_text(VERSION + "\n", encoding="utf-8")
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)
            try:
                unpacked.rename(folder)
            except OSError:  # another fetch unpacked it at the same moment
                if cached() is None:
                    raise
    except OSError as exc:
        raise FetchFailed(f"không ghi được Decap CMS vào `{folder}` ({exc.strerror or exc}); kiểm tra quyền ghi thư mục đó") from exc
    return cached() or Bundle({}, f"không ghi được Decap CMS vào `{folder}`")


def _download(url: str, opener: Callable[..., BinaryIO]) -> bytes:
    advice = "kiểm tra kết nối tới kho npm (hoặc biến HTTPS_PROXY) rồi chạy lại"
    try:
        with opener(url, timeout=TIMEOUT_SECONDS) as response:
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise FetchFailed(f"không tải được Decap CMS {VERSION} từ {url} (máy chủ trả lời {exc.code}); {advice}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise FetchFailed(f"không tải được Decap CMS {VERSION} từ {url} ({reason}); {advice}") from exc
    if len(data) > MAX_BYTES:
        raise FetchFailed(f"{url} gửi về hơn {MAX_BYTES // 2**20} MB, không phải gói Decap CMS {VERSION}; không dùng")
    return data


def _extract(data: bytes, target: Path) -> None:
    """`package/dist/*` except source maps and the `cms.*` copy of the same bundle. Only regular
    files with plain flat names are written, each straight into `target`: no link, no folder, no
    name that could lead outside it (`..`, an absolute path, a Windows separator)."""
    root = target.resolve()
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            folder, _, name = member.name.rpartition("/")
            if folder != "package/dist" or not member.isfile() or not _kept(name):
                continue
            destination = target / name
            if destination.resolve().parent != root:
                continue
            source = archive.extractfile(member)
            if source is not None:
                destination.write_bytes(source.read())


def _kept(name: str) -> bool:
    if not _SAFE_NAME.fullmatch(name):
        return False
    if name.endswith(".map") or name.startswith("cms.") or ".cms." in name:
        return False
    return not name.endswith(".LICENSE.txt") or name == SCRIPT + ".LICENSE.txt"
