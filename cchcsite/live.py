"""What is live about the dev server: watching files, waiting out a burst of saves,
and telling every open browser tab what the last rebuild did.

The rebuild itself is the ordinary build (`pipeline.build`) with a cache kept
in memory: one file discovery, one rule for what a change touches, one render
path for `build` and `serve` alike.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import FileSystemEventHandler

QUIET_SECONDS = 0.03  # editors save in bursts (temp file, rename): wait for the burst to end
CHANGE_EVENTS = {"created", "modified", "deleted", "moved", "closed"}
EDITOR_LEFTOVERS = ("~", ".swp", ".swx", ".tmp")


@dataclass(frozen=True)
class Update:
    """What one rebuild did: shown in the terminal, sent to the browser, read by tests."""

    ok: bool
    rendered: tuple[str, ...] = ()  # URLs written again
    errors: tuple[str, ...] = ()  # `path:line: message` lines
    warnings: tuple[str, ...] = ()  # the warnings this build found that the one before did not
    seconds: float = 0.0
    search_only: bool = False  # the search index caught up after the pages: only a search page reloads


class Broadcast:
    """The recent rebuilds, numbered, for every open browser tab to wait on. Kept as a short
    history: the pages and then the search index are published one after the other, and a tab
    must get both (a reload, then a search update), not only the later one."""

    KEPT = 16

    def __init__(self):
        self.condition = threading.Condition()
        self.generation = 0
        self.history: deque[tuple[int, Update]] = deque(maxlen=self.KEPT)

    @property
    def update(self) -> Update | None:
        return self.history[-1][1] if self.history else None

    def pages(self) -> tuple[int, Update | None]:
        """The latest rebuild of the pages (not the search index catching up) and its number."""
        for generation, update in reversed(self.history):
            if not update.search_only:
                return generation, update
        return 0, None

    def publish(self, update: Update) -> None:
        with self.condition:
            self.generation += 1
            self.history.append((self.generation, update))
            self.condition.notify_all()

    def wait(self, after: int, timeout: float) -> list[tuple[int, Update]]:
        """Every update numbered after `after`, oldest first (empty when none came within `timeout`)."""
        with self.condition:
            self.condition.wait_for(lambda: self.generation > after, timeout=timeout)
            return [(generation, update) for generation, update in self.history if generation > after]


class Changes(FileSystemEventHandler):
    """Collects changed paths; calls `rebuild(paths)` once the burst of saves is over."""

    def __init__(self, rebuild: Callable[[set[Path]], object]):
        self.rebuild = rebuild
        self.paths: set[Path] = set()
        self.lock = threading.Lock()
        self.timer: threading.Timer | None = None

    def on_any_event(self, event):
        # Only writes count: our own rebuild reads files, which raises "opened" events.
        if event.event_type not in CHANGE_EVENTS or (event.is_directory and event.event_type == "modified"):
            return
        for raw in filter(None, (getattr(event, "src_path", None), getattr(event, "dest_path", None))):
            path = Path(raw)
            if path.name.endswith(EDITOR_LEFTOVERS) or path.name == "4913":  # 4913: vim's write test
                continue
            with self.lock:
                self.paths.add(path)
                if self.timer:
                    self.timer.cancel()
                self.timer = threading.Timer(QUIET_SECONDS, self._flush)
                self.timer.start()

    def _flush(self):
        with self.lock:
            paths, self.paths = self.paths, set()
        if paths:
            self.rebuild(paths)
