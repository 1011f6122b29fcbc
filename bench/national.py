"""A national-scale site: a catalogue of procedures plus news, cold builds at 4,000 and 64,000 items
(not a test).

    python bench/national.py [SMALL] [LARGE]      (default 4000 64000; a quarter of them procedures)

Each build runs as its own `cchcsite build --no-search` process, like CI; prints the time, the
peak RSS of the largest process (the build or one of its workers), and the time ratio.
Goals: the large site within 17× the small one's time, peak RSS ≤ 600 MB.
"""

from __future__ import annotations

import random
import resource
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import SYLLABLES, news_item, sentence  # noqa: E402
from bench.scaling import cold_build  # noqa: E402

FIELDS = [f"Lĩnh vực {name}" for name in ("Hộ tịch", "Chứng thực", "Đất đai", "Xây dựng", "Đầu tư", "Giáo dục", "Y tế", "Lao động")]
FIELDS += [f"{field} {number}" for field in FIELDS for number in range(1, 6)]  # some forty fields, as a ministry's catalogue
CONFIG = """\
title: Cải cách hành chính
organization: Văn phòng Chính phủ
base_url: https://example.gov.vn/cchc/
menu:
  - title: Tin tức
    url: /tin-tuc/
  - title: Thủ tục hành chính
    url: /thu-tuc/
"""


def procedure(rng: random.Random, number: int) -> str:
    mode = rng.choice(["truc-tiep", "buu-chinh", "truc-tuyen"])
    online = "toan-trinh" if mode == "truc-tuyen" else "khong"
    steps = "\n".join(f'  - "{sentence(rng, rng.randint(12, 24))}"' for _ in range(rng.randint(2, 5)))
    papers = "\n".join(
        f"  - name: {sentence(rng, rng.randint(6, 14))[:-1]}\n    original: 1\n    copy: 0" for _ in range(rng.randint(1, 4))
    )
    return (
        f"---\ncode: {1 + number % 3}.{number:06d}.000.00.00.H{number % 63:02d}\n"
        f"title: {sentence(rng, 9)[:-1]} số {number}\nfield: {FIELDS[number % len(FIELDS)]}\nlevel: tinh\n"
        f"online: {online}\ndecision: {number % 900 + 100}/QĐ-UBND\nstatus: hien-hanh\nsteps:\n{steps}\n"
        f"channels:\n  - mode: {mode}\n    duration: {rng.randint(1, 30)} ngày làm việc\n    fee: Không\n"
        f"documents:\n{papers}\napplicants:\n  - Công dân Việt Nam\nagency: Sở Tư pháp\nauthority: Sở Tư pháp\n"
        f"legal_basis:\n  - number: {number % 90 + 10}/2020/NĐ-CP\n    title: {sentence(rng, 8)[:-1]}\n"
        f"result: {' '.join(rng.choice(SYLLABLES) for _ in range(5))}\nrequirements: Không\n---\n"
    )


def write_national(root: Path, count: int, seed: int = 2027) -> Path:
    rng = random.Random(seed)
    for folder in ("tin-tuc", "thu-tuc"):
        (root / "content" / folder).mkdir(parents=True, exist_ok=True)
    (root / "config.yaml").write_text(CONFIG, encoding="utf-8")
    procedures = count // 4
    for number in range(procedures):
        (root / f"content/thu-tuc/tt-{number:06d}.md").write_text(procedure(rng, number), encoding="utf-8")
    for number in range(count - procedures):
        text = news_item(rng, number).replace("date: 2026-12", "date: 2025-12")  # a posting date in the future warns
        (root / f"content/tin-tuc/tin-{number:06d}.md").write_text(text, encoding="utf-8")
    return root


def main(small: int, large: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        results, cpu = {}, {}
        for count in (small, large):
            site = write_national(Path(tmp) / f"site-{count}", count)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            results[count] = cold_build(site)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[count] = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            print(
                f"{count} items ({count // 4} procedures): cold build {results[count][0]:.1f} s, CPU {cpu[count]:.1f} s, "
                f"peak RSS {results[count][1]:.0f} MB",
                flush=True,
            )
        ratio = results[large][0] / results[small][0]
        print(
            f"{large} / {small} time ratio: {ratio:.1f} (CPU {cpu[large] / cpu[small]:.1f}; goal ≤ {17 * large / 64000:.0f}); "
            f"peak RSS {results[large][1]:.0f} MB (goal ≤ 600)"
        )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3])) if len(sys.argv) > 2 else main(4000, 64000)
