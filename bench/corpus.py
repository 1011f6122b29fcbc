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


# --- a province after the merger: 150 units, their procedures, news, weekly 766 snapshots ---

PROVINCE_CONFIG = """\
title: Cải cách hành chính
organization: UBND tỉnh Gia Lai
base_url: https://example.gov.vn/cchc/
contact:
  address: Số 2 đường Trần Phú, phường Pleiku
  hours: Sáng 7h00–11h30, chiều 13h30–17h00
"""
AGENCY_NAMES = (
    "Sở Tư pháp", "Sở Công Thương", "Sở Tài chính", "Sở Xây dựng", "Sở Nội vụ", "Sở Y tế", "Sở Giáo dục và Đào tạo",
    "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch", "Sở Dân tộc và Tôn giáo",
    "Văn phòng UBND tỉnh", "Thanh tra tỉnh", "Công an tỉnh",
)  # fmt: skip
GROUP_MAXIMA = (18.0, 20.0, 12.0, 10.0, 18.0, 22.0)


def province_units() -> list[tuple[str, str, str]]:
    """(code, name, unit_type) of 14 agencies, 135 communes and the one-stop centre."""
    units = [(f"H21.{n + 1}", name, "so-nganh") for n, name in enumerate(AGENCY_NAMES)]
    units += [(f"H21.{100 + n}", f"UBND {'phường' if n % 9 == 0 else 'xã'} {_place(n)}", "xa-phuong") for n in range(135)]
    return units + [("H21.99", "Trung tâm Phục vụ hành chính công tỉnh", "mot-cua")]


def _place(number: int) -> str:
    first = ("Chơ", "Ia", "Kông", "Đak", "Hoài", "Phú", "An", "Tây", "Bình", "Chư", "Krông", "Mang")
    second = ("Long", "Kreng", "Bơ La", "Sơmei", "Nhơn", "Quý", "Khê", "Sơn", "Định", "Sê", "Pa", "Yang")
    return f"{first[number % 12]} {second[(number // 12) % 12]} {number // 144 + 1}"


def write_province(root: Path, units: bool = True, procedures: int = 300, news: int = 3000, snapshots: int = 52, seed: int = 2026) -> Path:
    """The province site; `units=False` and `snapshots=0`: the same site without units and snapshots."""
    from datetime import date, timedelta

    from cchcsite.content.snapshots import Group, stored_path, to_json

    rng = random.Random(seed)
    for folder in ("content/tin-tuc", "content/thu-tuc"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "config.yaml").write_text(PROVINCE_CONFIG, encoding="utf-8")
    every = province_units()
    if units:
        (root / "content/don-vi").mkdir(parents=True, exist_ok=True)
        for code, name, unit_type in every:
            old = "".join(
                f"\n  - name: UBND xã {_place(n)} cũ\n    date: 2025-07-01" for n in (int(code.split(".")[1]), int(code.split(".")[1]) + 7)
            )
            extra = f"\nmerged_from:{old}" if unit_type == "xa-phuong" else ""
            (root / f"content/don-vi/{vi_slug(name)}.md").write_text(
                f"---\ntitle: {name}\ncode: {code}\nunit_type: {unit_type}\naddress: Số {rng.randint(1, 200)} đường Trần Phú\n"
                f"hours: Sáng 7h00–11h30, chiều 13h30–17h00{extra}\n---\n{sentence(rng, 20)}\n",
                encoding="utf-8",
            )
    for number in range(procedures):
        level, agency = ("tinh", f"{AGENCY_NAMES[number % 14]} tỉnh Gia Lai") if number % 3 == 0 else ("xa", "Ủy ban nhân dân xã")
        if number % 10 == 1:
            agency = "Công an cấp xã"
        (root / f"content/thu-tuc/thu-tuc-{number:04d}.md").write_text(
            f'---\ntitle: {sentence(rng, 7)[:-1]} {number}\ncode: "1.{100000 + number:06d}"\nfield: Lĩnh vực {number % 12}\nlevel: {level}\n'
            f"online: {('toan-trinh', 'mot-phan', 'khong')[number % 3]}\nsteps:\n  - {sentence(rng, 12)}\n  - {sentence(rng, 10)}\n"
            f"channels:\n  - mode: truc-tiep\n    duration: 05 ngày làm việc\n    fee: Không\n  - mode: truc-tuyen\n    duration: 05 ngày làm việc\n"
            f"documents:\n  - name: Tờ khai\n    original: 1\napplicants: [Công dân Việt Nam]\nagency: {agency}\nresult: Giấy chứng nhận\n"
            f"legal_basis:\n  - number: {number + 1}/2025/NĐ-CP\n---\n",
            encoding="utf-8",
        )
    for number in range(news):
        text = news_item(rng, number)
        if units and number % 5 == 0:
            text = text.replace("\n---\n", f"\nunits: [{every[number % len(every)][0]}]\n---\n", 1)
        (root / f"content/tin-tuc/tin-{number:05d}.md").write_text(text, encoding="utf-8")
    groups = tuple(Group(key, key, maximum) for key, maximum in zip(("a", "b", "c", "d", "e", "f"), GROUP_MAXIMA))
    for week in range(snapshots):
        snapshot = province_snapshot(every, groups, date(2026, 1, 1) + timedelta(weeks=week), random.Random(seed + week))
        target = root / stored_path(snapshot)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(to_json(snapshot), encoding="utf-8")
    return root


def province_snapshot(units, groups, day, rng: random.Random):
    """One week's 766 scores of every agency and commune for the year 2026 (its last ones are taken in
    January, as the year's results settle): group scores that add up, ranks by total."""
    from cchcsite.content.snapshots import Overview, Period, Score, Snapshot

    scored = []
    for code, name, unit_type in units:
        if unit_type == "mot-cua":
            continue
        values = tuple(round(rng.uniform(0.4, 1.0) * g.max, 2) for g in groups)
        scored.append((round(sum(values), 2), name, code, "so-nganh" if unit_type == "so-nganh" else "xa-phuong", values))
    scored.sort(key=lambda s: (-s[0], s[1]))
    places: dict[str, int] = {}
    rows = []
    for rank, (total, name, code, block, values) in enumerate(scored, start=1):
        places[block] = places.get(block, 0) + 1
        rows.append(Score(name, block, total, values, rank, places[block], code))
    overview = Overview("Gia Lai", 66.23, (12.0, 14.0, 8.0, 5.0, 15.0, 12.23), "H21", None, None, len(rows), 14, 135)
    return Snapshot("", "766", "", Period("year", 2026), day, "2026", groups, tuple(rows), overview)


def vi_slug(text: str) -> str:
    from cchcsite.vi import slugify

    return slugify(text)
