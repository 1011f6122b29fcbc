"""Parallel rendering gives exactly the bytes a single process gives."""

import os

from bench.corpus import write_corpus
from cchcsite.render import batch

from .conftest import build_site, messages, tree

_render_chunk = batch._render_chunk


def render_chunk_noting_its_process(state, chunk):
    """The renderer's own chunk function, noting which process ran it (picklable: workers resolve it by name)."""
    with open(os.environ["CCHCSITE_TEST_RENDERERS"], "a", encoding="utf-8") as out:
        out.write(f"{os.getpid()}\n")
    return _render_chunk(state, chunk)


def test_two_processes_write_the_same_bytes_as_one(tmp_path, monkeypatch):
    site = write_corpus(tmp_path / "site", 320)
    monkeypatch.setattr(batch, "_render_chunk", render_chunk_noting_its_process)
    renderers = {}
    for jobs in (1, 2):
        noted = tmp_path / f"renderers-{jobs}.txt"
        monkeypatch.setenv("CCHCSITE_TEST_RENDERERS", str(noted))
        result = build_site(site, output=tmp_path / f"out-{jobs}", jobs=jobs)
        assert result.ok, messages(result)
        renderers[jobs] = set(noted.read_text(encoding="utf-8").split())
    assert renderers[1] == {str(os.getpid())}
    assert renderers[2] and str(os.getpid()) not in renderers[2]  # the pages were rendered in worker processes
    assert tree(tmp_path / "out-1") == tree(tmp_path / "out-2")
