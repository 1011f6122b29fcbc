#!/usr/bin/env python3
"""Build the site in this folder, setting up what it needs on first use.

    python build.py [cchcsite build options]   builds into public/
    python build.py test [pytest options]      lints, format-checks (ruff) and type-checks (mypy), then runs the whole test suite

Set-up is the only step that goes online: the pinned packages (PyPI), and the
Decap CMS bundle (`cchcsite fetch-cms`: for the tests, and for a site whose
config.yaml has `cms:`). The build and the tests themselves never do.

On a fresh clone it creates `.venv/` beside this file, installs the pinned
requirements and the package there (again only when a requirements file
changes), then runs inside it. Works the same on Windows (`py build.py`).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".cchcsite-installed"
sys.path.insert(0, str(ROOT))
from cchcsite.stopping import Stopped, child_preexec, stop_on_signals  # noqa: E402  (standard library only: works before the venv exists)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def wanted_stamp(requirements: str) -> str:
    digest = hashlib.sha256(requirements.encode())
    for name in ("requirements.txt", "requirements-dev.txt", "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def ensure_environment(requirements: str) -> Path:
    python = venv_python()
    if not python.exists():
        print("Lần chạy đầu: đang tạo môi trường .venv/ và cài các gói cần thiết…", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = wanted_stamp(requirements)
    if not STAMP.exists() or STAMP.read_text() != stamp:
        pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
        subprocess.run([*pip, "-r", str(ROOT / requirements)], check=True)
        subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
        STAMP.write_text(stamp)
    return python


def ensure_browser_tools() -> None:
    """npm packages the browser tests inject into pages (axe-core); skipped without npm."""
    folder = ROOT / "tests" / "js"
    npm = shutil.which("npm")
    lock = folder / "package-lock.json"
    stamp = folder / "node_modules" / ".cchcsite-installed"
    if npm is None or not lock.exists():
        return
    wanted = hashlib.sha256(lock.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefix", str(folder)], check=True, stdout=subprocess.DEVNULL)
    stamp.write_text(wanted)


def ensure_decap(python: Path, site: Path | None = None) -> None:
    """The pinned Decap CMS bundle for /admin/ (cchcsite/decap.py), fetched here, once, because the
    build itself never opens a connection: for the tests always (they then run offline), for a site
    build when its config.yaml has `cms:`."""
    if site is not None and not wants_editor(site):
        return
    if subprocess.call([str(python), "-m", "cchcsite", "fetch-cms"], cwd=ROOT, stdout=subprocess.DEVNULL) != 0:
        if site is None:
            print("Chưa tải được Decap CMS: các kiểm thử trang quản trị /admin/ sẽ bỏ qua (hoặc báo lỗi khi CI=true).", file=sys.stderr)
        else:
            print("Chưa tải được Decap CMS: trang vẫn được dựng, trang quản trị /admin/ chưa soạn bài được.", file=sys.stderr)


def wants_editor(site: Path) -> bool:
    """Whether the site's config.yaml has a top-level `cms:` key (read as text: the build reports any mistake in it)."""
    try:
        text = (site / "config.yaml").read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^cms\s*:", text, re.MULTILINE) is not None


def site_folder(argv: list[str]) -> Path:
    """The site `cchcsite build` will build: `--site DIR` among the arguments (from this folder,
    where the build runs), else this folder."""
    for number, arg in enumerate(argv):
        if arg == "--site" and number + 1 < len(argv):
            return ROOT / argv[number + 1]
        if arg.startswith("--site="):
            return ROOT / arg.split("=", 1)[1]
    return ROOT


def main(argv: list[str]) -> int:
    stop_on_signals()  # a stop during set-up (pip) is as clean as one during the build
    if argv[:1] == ["test"]:
        python = ensure_environment("requirements-dev.txt")
        ensure_browser_tools()
        ensure_decap(python)
        lint = lint_problems(python)
        if lint != 0:
            return lint
        command = [str(python), "-m", "pytest", *test_processes(argv[1:]), *argv[1:]]
    else:
        python = ensure_environment("requirements.txt")
        ensure_decap(python, site_folder(argv))
        site = [] if "--site" in argv else ["--site", str(ROOT)]
        command = [str(python), "-m", "cchcsite", "build", *site, *argv]
    return run_child(command)


CODE = ("cchcsite", "tests", "bench", "build.py")
LINTS = (
    (
        ["ruff", "check", "--quiet"],
        "ruff tìm thấy lỗi trong mã (xem trên); sửa rồi chạy lại (`.venv/bin/ruff check --fix` sửa được phần lớn).",
    ),
    (["ruff", "format", "--check", "--quiet"], "Mã chưa đúng định dạng (các tệp trên); chạy `.venv/bin/ruff format` rồi chạy lại."),
    # the files mypy checks are named in pyproject.toml ([tool.mypy] files: the package and this script)
    (["mypy", "--no-error-summary"], "mypy tìm thấy lỗi kiểu dữ liệu (xem trên); sửa chú thích kiểu hoặc mã rồi chạy lại."),
)


def lint_problems(python: Path) -> int:
    """The code checks that run before the tests: the lint rules, the one code format, then the types."""
    for command, advice in LINTS:
        paths = [] if command[0] == "mypy" else list(CODE)
        status = subprocess.call([str(python), "-m", *command, *paths], cwd=ROOT)
        if status != 0:
            print(advice, file=sys.stderr)
            return status
    return 0


def test_processes(args: list[str]) -> list[str]:
    """pytest-xdist options: one test process per core (at most 4, each starts its own Chromium),
    unless the caller chose (`-n …`, `-p no:xdist`). Much of the suite waits on Chromium, servers
    and child builds, so a second process keeps the second core busy. `worksteal`: each process
    takes a run of whole files (a module's site is built once), and one left idle takes over the
    other's remaining tests."""
    if any(arg.startswith(("-n", "--numprocesses")) or arg == "no:xdist" for arg in args):
        return []
    cores = min(os.cpu_count() or 1, 4)
    return ["-n", str(cores), "--dist", "worksteal"] if cores > 1 else []


def run_child(command: list[str]) -> int:
    """Run the build or the tests; a stop signal sent to this script reaches them too.

    CI runners and `timeout` signal only this process: forwarding SIGTERM lets the
    build unwind (workers stopped, last output kept); on Linux the kernel also
    stops the child if this script is killed outright.
    """
    child = subprocess.Popen(command, cwd=ROOT, preexec_fn=child_preexec())
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:  # the terminal sent SIGINT to the whole group: the child has it too
            continue
        except Stopped as stop:
            child.send_signal(stop.signum)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        sys.exit(130)
    except Stopped as stopped:
        print("Đã dừng.", file=sys.stderr)
        sys.exit(stopped.exit_status)
    except subprocess.CalledProcessError as exc:
        print(
            f"Cài đặt thất bại (lệnh {' '.join(exc.cmd[:4])}… trả về {exc.returncode}); kiểm tra kết nối mạng tới kho gói PyPI rồi chạy lại.",
            file=sys.stderr,
        )
        sys.exit(2)
