"""Invalid sites, Zola style: each folder of tests/sites_invalid/ is a small site with mistakes.

A case folder holds a complete site (`config.yaml`, `content/`, optional `static/`) and:

- `expected.txt`: one line per problem the build must report, `path:line: fragment`; some
  reported line must start with `path:line:` and contain the fragment after it;
- `exit.txt` (optional): the expected exit status, default 1 (2 for an unusable config.yaml,
  0 when only warnings are expected);
- `xfail.txt` (optional): why the tool does not meet the contract yet; the case is then a
  strict xfail, so it turns red the day the tool is fixed and the file must be removed.

Every case runs the real command line, `cchcsite build --site DIR` (its `main`, in this process:
a new interpreter per case would prove nothing more), on a copy in tmp_path.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import NEWS, run_cli_here, tree, write_site

CASES_DIR = Path(__file__).parent / "sites_invalid"
CASE_FILES = ("expected.txt", "exit.txt", "xfail.txt")
EXPECTED_LINE = re.compile(r"(?P<where>[^:\s][^:]*:\d+): (?P<fragment>.+)")


def case_dirs() -> list[Path]:
    return sorted(path for path in CASES_DIR.iterdir() if path.is_dir())


def case_params():
    for folder in case_dirs():
        xfail = folder / "xfail.txt"
        marks = [pytest.mark.xfail(strict=True, reason=xfail.read_text(encoding="utf-8").strip())] if xfail.exists() else []
        yield pytest.param(folder, id=folder.name, marks=marks)


def expected_lines(folder: Path) -> list[tuple[str, str]]:
    """`path:line: fragment` lines → (`path:line:`, fragment)."""
    result = []
    for raw in (folder / "expected.txt").read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        match = EXPECTED_LINE.fullmatch(raw)
        assert match, f"{folder.name}/expected.txt: not `path:line: fragment`: {raw!r}"
        result.append((match["where"] + ":", match["fragment"]))
    assert result, f"{folder.name}/expected.txt lists no problem"
    return result


def expected_exit(folder: Path) -> int:
    path = folder / "exit.txt"
    return int(path.read_text(encoding="utf-8").strip()) if path.exists() else 1


def copy_case(folder: Path, tmp_path: Path) -> Path:
    site = tmp_path / folder.name
    shutil.copytree(folder, site, ignore=shutil.ignore_patterns(*CASE_FILES))
    return site


def build(site: Path):
    result = run_cli_here("build", "--site", str(site))
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def reported(stderr: str, where: str, fragment: str) -> bool:
    return any(line.startswith(where) and fragment in line[len(where) :] for line in stderr.splitlines())


def test_cases_exist():
    names = [folder.name for folder in case_dirs()]
    assert len(names) >= 25
    for folder in case_dirs():
        assert (folder / "config.yaml").is_file(), folder.name
        assert (folder / "expected.txt").is_file(), folder.name
        assert not (folder / "public").exists(), f"{folder.name}: a manual build left public/ behind"


@pytest.mark.parametrize("folder", list(case_params()))
def test_invalid_site(folder: Path, tmp_path: Path):
    site = copy_case(folder, tmp_path)
    result = build(site)

    missing = [f"{where} {fragment}" for where, fragment in expected_lines(folder) if not reported(result.stderr, where, fragment)]
    assert not missing, f"not reported: {missing}\n--- stderr ---\n{result.stderr}"
    status = expected_exit(folder)
    assert result.returncode == status, result.stderr
    if status != 0:
        # A failed build writes nothing: no output, and no staging folder left beside it.
        assert not (site / "public").exists()
        assert not (site / ".public.tmp").exists()


def test_script_is_removed_from_built_page(tmp_path: Path):
    site = copy_case(CASES_DIR / "script-in-body", tmp_path)
    result = build(site)
    assert result.returncode == 0, result.stderr
    html = (site / "public" / "tin-tuc" / "a" / "index.html").read_text(encoding="utf-8")
    assert "Đoạn cuối." in html  # the rest of the body is still there
    assert "<script>alert" not in html
    assert 'alert("x")' not in html


def test_stats_warning_names_the_numbers(tmp_path: Path):
    site = copy_case(CASES_DIR / "stats-figures-do-not-add-up", tmp_path)
    result = build(site)
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stderr.splitlines() if "số liệu không khớp" in line)
    assert "1385" in line and "1285" in line  # handled vs received
    assert (site / "public" / "thong-ke" / "quy-2-2024" / "index.html").is_file()


def test_failed_build_keeps_previous_output(tmp_path: Path):
    site = write_site(tmp_path / "site", {"content/tin-tuc/a.md": NEWS.format(title="Triển khai dịch vụ công trực tuyến")})
    first = build(site)
    assert first.returncode == 0, first.stderr
    before = tree(site / "public")
    assert "tin-tuc/a/index.html" in before

    broken = CASES_DIR / "missing-date-news" / "content" / "tin-tuc" / "a.md"
    shutil.copyfile(broken, site / "content" / "tin-tuc" / "a.md")
    second = build(site)

    assert second.returncode == 1, second.stderr
    assert reported(second.stderr, "content/tin-tuc/a.md:2:", "`date`")
    assert tree(site / "public") == before
    # No staging folder left behind (the build cache is expected).
    assert sorted(p.name for p in site.iterdir() if p.name != ".cchcsite-cache") == ["config.yaml", "content", "public"]
