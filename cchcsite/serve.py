"""`cchcsite serve`: build, serve on localhost, watch, rebuild what changed, reload the browser.

The page gets a small script (only here, never in the built site) that listens
on Server-Sent Events: `reload` after a good rebuild, `problems` with the
error lines to show over the page. Files are served only from the output
folder.
"""

from __future__ import annotations

import html
import json
import posixpath
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import replace
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from watchdog.observers import Observer

from .cache import MemoryCache
from .cms import repo_files
from .errors import UsageError
from .live import Broadcast, Changes, Update
from .pipeline import PREVIEW_SHARD_ABOVE, BuildOptions, build

LIVE_SCRIPT = (Path(__file__).parent / "assets" / "live.js").read_bytes()
INJECT = b'<script src="/__cchcsite/live.js" defer></script>'
WATCHED = ("content", "data", "static", "themes", "config.yaml")
KEEPALIVE_SECONDS = 15
# After the pages' update is published: the event streams' threads send it before the search pass
# takes the interpreter (otherwise they wait for Python's thread switch interval, 5 ms, or more).
HANDOVER_SECONDS = 0.002
STOP_POLL_SECONDS = 0.05  # how often the HTTP server looks at its stop flag (default 0.5 s: a slow Ctrl+C)


def problems_page(errors: Iterable[str]) -> bytes:
    """What the preview shows where no good page exists yet; live.js lays the same list over it and reloads when fixed."""
    lines = "\n".join(html.escape(line) for line in errors)
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Nội dung có lỗi — cchcsite serve</title></head>'
        "<body><main><h1>Trang chưa dựng được vì nội dung có lỗi</h1>"
        "<p>Sửa các dòng dưới đây rồi lưu tệp; trang sẽ tự tải lại.</p>"
        f"<pre>{lines}</pre></main></body></html>"
    ).encode()


# Types the standard table lacks (it would send octet-stream): Decap reads admin/config.yml.
CONTENT_TYPES = {".yml": "text/yaml; charset=utf-8", ".yaml": "text/yaml; charset=utf-8"}
REPO_FILES = "/__cchcsite/repo-files.json"  # the content as the CMS's test-repo backend holds it (admin.js asks)


def _handler(root: Path, broadcast: Broadcast, site_dir: Path):
    class Handler(SimpleHTTPRequestHandler):
        extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **CONTENT_TYPES}

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args):  # the terminal shows rebuilds, not every request
            pass

        def do_GET(self):
            address = urlsplit(self.path)
            path = address.path
            if path == "/__cchcsite/live.js":
                return self._send(LIVE_SCRIPT, "text/javascript; charset=utf-8")
            if path == "/__cchcsite/status":  # the latest rebuild of the pages, and how far the search index is
                generation, update = broadcast.pages()
                body = {
                    "generation": generation,
                    "ok": update.ok if update else None,
                    "rendered": update.rendered if update else [],
                    "errors": update.errors if update else [],
                }
                return self._send(json.dumps(body, ensure_ascii=False).encode(), "application/json; charset=utf-8")
            if path == REPO_FILES:  # read at each request: what the editor opens is what is on disk now
                return self._send(json.dumps(repo_files(site_dir), ensure_ascii=False).encode(), "application/json; charset=utf-8")
            if path == "/__cchcsite/events":
                after = parse_qs(address.query).get("after", [""])[0]
                return self._events(int(after) if after.isdigit() else None)
            file = self._file_for(path)
            if file is None and broadcast.update and not broadcast.update.ok:
                # nothing good built yet for this address (the first build failed): the error list itself
                return self._send(
                    self._inject(problems_page(broadcast.update.errors)), "text/html; charset=utf-8", HTTPStatus.SERVICE_UNAVAILABLE
                )
            if file is None:
                missing = root / "404.html"
                return self._send(
                    self._inject(missing.read_bytes()) if missing.is_file() else b"404", "text/html; charset=utf-8", HTTPStatus.NOT_FOUND
                )
            content = file.read_bytes()
            kind = self.guess_type(str(file))
            if file.suffix == ".html":
                kind = "text/html; charset=utf-8"
                if not path.startswith("/admin/"):  # the CMS page manages itself; a reload would lose edits
                    content = self._inject(content)
            return self._send(content, kind)

        def do_HEAD(self):
            self.send_error(HTTPStatus.METHOD_NOT_ALLOWED)

        def _file_for(self, path: str) -> Path | None:
            """Only files inside the output folder, whatever the request says."""
            clean = posixpath.normpath(unquote(path)).lstrip("/")
            if clean.startswith("..") or "\x00" in clean:
                return None
            candidate = (root / clean).resolve()
            if not candidate.is_relative_to(root.resolve()):
                return None
            if candidate.is_dir():
                candidate = candidate / "index.html"
            return candidate if candidate.is_file() else None

        def _inject(self, html: bytes) -> bytes:
            # the update this page was served after: live.js asks for every later one, so a search
            # index that caught up while the page loaded still reloads it
            html = html.replace(b"<html", f"<html data-cchcsite-generation={broadcast.generation}".encode(), 1)
            return html.replace(b"</body>", INJECT + b"</body>", 1) if b"</body>" in html else html + INJECT

        def _send(self, body: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK):
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _events(self, after: int | None):
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = min(after, broadcast.generation) if after is not None else broadcast.generation
            try:
                if broadcast.update and not broadcast.update.ok:
                    self._event("problems", broadcast.update.errors, seen)
                while True:
                    updates = broadcast.wait(seen, KEEPALIVE_SECONDS)
                    if not updates:
                        self.wfile.write(b": keepalive\n\n")
                        self.wfile.flush()
                        continue
                    for generation, update in updates:
                        if update.ok:
                            self._event("search" if update.search_only else "reload", update.rendered, generation)
                        else:
                            self._event("problems", update.errors, generation)
                    seen = updates[-1][0]
            except (BrokenPipeError, ConnectionResetError):
                return

        def _event(self, name: str, data, generation: int) -> None:
            self.wfile.write(f"id: {generation}\nevent: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode())
            self.wfile.flush()

    return Handler


class DevServer:
    """Builds once, then serves and rebuilds on every saved change until stopped.

    Every rebuild is the ordinary build into a private output folder, with a
    cache kept in memory: only the saved file is read and validated again, and
    only the pages it touches are written again.
    """

    def __init__(
        self, site_dir: Path, host: str = "127.0.0.1", port: int = 8000, drafts: bool = False, report=print, markdown: str | None = None
    ):
        self.site_dir = site_dir.resolve()
        self.output = Path(tempfile.mkdtemp(prefix="cchcsite-serve-"))
        # The preview has the search too; its index is sharded from a few hundred pages on, so a
        # save re-indexes only the saved page's shard (see search.py).
        self.options = BuildOptions(
            site_dir=self.site_dir, output=self.output, drafts=drafts, search_shard_above=PREVIEW_SHARD_ABOVE, markdown=markdown
        )
        self.cache = MemoryCache()
        # Paths saved since the last build looked: a rebuild stamps only these instead of listing every
        # folder. None until the watcher runs (a save before it was not seen): then every file is looked at.
        self.unseen: set[Path] | None = None
        self.broadcast = Broadcast()
        self.report = report
        self.lock = threading.Lock()
        try:
            self.httpd = ThreadingHTTPServer((host, port), _handler(self.output, self.broadcast, self.site_dir))
        except OSError:  # a busy port, an unknown host: nothing was served, no folder is left behind
            shutil.rmtree(self.output, ignore_errors=True)
            raise
        self.httpd.daemon_threads = True
        self.serving = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": STOP_POLL_SECONDS}, daemon=True)
        self.observer = Observer()
        self.watching: set[str] = set()
        self.built_once = False
        self.warned: frozenset[str] = frozenset()  # the last build's warnings: the terminal tells each once, when it appears
        self.stopped = False  # a save's rebuild that starts after the stop must not write the removed folder again

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host.decode() if isinstance(host, bytes) else host}:{port}/"

    def start(self) -> Update:
        """Build once, then watch and serve. Stopped during that first build (Ctrl+C on a large site),
        the preview folder is removed and the error goes on: nothing is left behind."""
        try:
            first = self._build(jobs=None)  # before any thread starts: worker processes may be forked safely
        except BaseException:
            self.stop()
            raise
        self.changes = Changes(self.rebuild)
        self._watch_folders()
        self.observer.schedule(self.changes, str(self.site_dir), recursive=False)  # config.yaml, new folders
        self.observer.start()
        self.serving.start()
        return first

    def _watch_folders(self) -> None:
        """Watch content/, static/, themes/ — also one created while serving (a new site theme)."""
        for name in WATCHED:
            path = self.site_dir / name
            if path.is_dir() and name not in self.watching:
                self.observer.schedule(self.changes, str(path), recursive=True)
                self.watching.add(name)

    def rebuild(self, paths: set[Path]) -> Update | None:
        relevant = (
            {p for p in paths if p.name == "config.yaml" or any(part in WATCHED for part in p.relative_to(self.site_dir).parts[:1])}
            if paths
            else set()
        )
        if not relevant:
            return self.broadcast.update
        with self.lock:
            if self.stopped:
                return self.broadcast.update
            if self.unseen is not None:
                self.unseen |= relevant
            self._watch_folders()
            return self._build(jobs=1, pages_first=True)  # threads are running now: no forking

    def _build(self, jobs: int | None, pages_first: bool = False) -> Update:
        """One build; `pages_first`: the pages (the browser reloads at once), then the search
        index in a second build of the same engine, which finds nothing else to redo."""
        if not pages_first:
            return self._announce(self._run(replace(self.options, jobs=jobs)))
        update = self._announce(self._run(replace(self.options, jobs=jobs, search=False, keep_index=True)))
        if update.ok:
            time.sleep(HANDOVER_SECONDS)
            indexed = self._run(replace(self.options, jobs=jobs))
            if not indexed.ok or indexed.rendered:  # a search failure, or pages that changed meanwhile
                return self._announce(indexed)
            self.broadcast.publish(replace(indexed, search_only=True))
        return update

    def _run(self, options: BuildOptions) -> Update:
        started = time.perf_counter()
        try:
            result = build(options, cache=self.cache, changed=self.unseen)
        except UsageError as exc:  # config.yaml unusable, theme missing: shown like any other error
            return Update(False, errors=(str(exc),), seconds=time.perf_counter() - started)
        if self.observer.is_alive():  # the files are as this build saw them; every later save is reported
            self.unseen = set()
        self.built_once = self.built_once or result.ok
        warnings = [str(p) for p in result.report.warnings]
        new_warnings = tuple(line for line in warnings if line not in self.warned)
        if result.ok:
            self.warned = frozenset(warnings)
        return Update(
            result.ok,
            rendered=tuple(sorted(result.rendered_urls)),
            errors=tuple(str(p) for p in result.report.errors),
            warnings=new_warnings,
            seconds=result.seconds,
        )

    def _announce(self, update: Update) -> Update:
        self.broadcast.publish(update)
        if update.ok:
            for line in update.warnings:
                self.report(line)
            self.report(f"Đã dựng lại {len(update.rendered)} trang trong {update.seconds * 1000:.0f} ms")
        else:
            for line in update.errors:
                self.report(line)
            if self.built_once:
                self.report("Có lỗi: trang trong trình duyệt giữ bản cũ và hiện danh sách lỗi.")
            else:
                self.report("Có lỗi: trình duyệt hiện danh sách lỗi thay cho trang cho đến khi sửa xong.")
        return update

    def stop(self) -> None:
        # shutdown() waits for the serving loop: one that never started would be waited for forever
        if self.serving.is_alive():
            self.httpd.shutdown()
        self.httpd.server_close()
        if self.observer.is_alive():
            self.observer.stop()
            self.observer.join(timeout=5)
        with self.lock:  # a rebuild under way finishes first; none starts after
            self.stopped = True
            shutil.rmtree(self.output, ignore_errors=True)

    def serve_forever(self) -> None:
        try:
            while True:
                time.sleep(3600)
        finally:
            self.stop()
