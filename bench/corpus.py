"""Deterministic corpus of N Vietnamese news items, for benchmarks (not tests)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

SYLLABLES = (
    "cải cách hành chính thủ tục đăng ký khai sinh đất đai chuyển đổi số dịch vụ công trực tuyến "
    "một cửa liên thông hồ sơ giải quyết đúng hạn người dân doanh nghiệp cơ quan nhà nước kiểm soát "
    "văn bản quy phạm pháp luật công chức viên chức chỉ số hài lòng phục vụ tỉnh huyện xã báo cáo kế hoạch"
).split()
TAGS = ["Chuyển đổi số", "Một cửa", "Hộ tịch", "Dịch vụ công trực tuyến", "Kiểm soát TTHC", "Đất đai", "Công vụ"]
PILLARS = ["chi-dao-dieu-hanh", "the-che", "thu-tuc-hanh-chinh", "to-chuc-bo-may", "cong-vu", "tai-chinh-cong", "chinh-quyen-so"]
CONFIG = """\
title: Cải cách hành chính
organization: Sở Thử nghiệm tỉnh Hưng Yên
base_url: https://example.gov.vn/cchc/
menu:
  - title: Tin tức
    url: /tin-tuc/
"""


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(SYLLABLES) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def news_item(rng: random.Random, number: int) -> str:
    day = 1 + number % 28
    month = 1 + (number // 28) % 12
    year = 2020 + (number // 336) % 7
    tags = rng.sample(TAGS, rng.randint(2, 3))
    paragraphs = [" ".join(sentence(rng, rng.randint(10, 18)) for _ in range(4)) for _ in range(3)]
    items = "\n".join(f"- {sentence(rng, 6)}" for _ in range(4))
    return (
        f"---\ntitle: {sentence(rng, 8)[:-1]} số {number}\n"
        f"date: {year:04d}-{month:02d}-{day:02d}T{8 + number % 9:02d}:30:00+07:00\n"
        f"tags: [{', '.join(tags)}]\npillar: {PILLARS[number % 7]}\n---\n"
        f"{paragraphs[0]}\n\n## Kết quả nổi bật\n\n{paragraphs[1]}\n\n{items}\n\n"
        f"## Nhiệm vụ tiếp theo\n\n{paragraphs[2]} Xem [danh sách tin](/tin-tuc/) và "
        f"[nguồn](https://dichvucong.gov.vn/).\n"
    )


def write_corpus(root: Path, count: int, seed: int = 2024) -> Path:
    rng = random.Random(seed)
    (root / "content/tin-tuc").mkdir(parents=True, exist_ok=True)
    (root / "config.yaml").write_text(CONFIG, encoding="utf-8")
    for number in range(count):
        (root / f"content/tin-tuc/tin-{number:05d}.md").write_text(news_item(rng, number), encoding="utf-8")
    return root


def set_aside(path: Path, trash: Path) -> None:
    """Move an earlier output out of the way instead of deleting it.

    On ext4, creating thousands of files right after deleting thousands makes every
    create scan the recently freed inodes: kernel time that grows run after run (seen
    here for both cchcsite and Hugo). A fresh CI checkout has no such debris, so a cold
    run should not pay for the previous run's. The caller deletes `trash` at the end.
    """
    if path.exists():
        trash.mkdir(exist_ok=True)
        try:
            path.rename(trash / str(sum(1 for _ in trash.iterdir())))
        except OSError:  # another file system: deleting is all that is left
            shutil.rmtree(path)
