"""Parallel rendering gives exactly the bytes a single process gives."""

from bench.corpus import write_corpus

from .conftest import build_site, messages, tree


def test_two_processes_write_the_same_bytes_as_one(tmp_path):
    site = write_corpus(tmp_path / "site", 320)
    one = build_site(site, output=tmp_path / "one", jobs=1)
    two = build_site(site, output=tmp_path / "two", jobs=2)
    assert one.ok and two.ok, messages(one)
    assert len(one.routes.all) > 400  # enough routes for the parallel path to be taken
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert one.files_written == two.files_written
