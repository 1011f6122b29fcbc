"""The kinds of content and their fields, in the order of the content contract.

Each kind's fields are a frozen dataclass; `FieldSpec` metadata says how
front matter becomes that record. Labels are the Vietnamese ones the site shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from .. import vi
from ..errors import Severity
from ..schema import (
    Boolean,
    Choice,
    DateValue,
    FreeMapping,
    Integer,
    ListOf,
    Markdown,
    ModelField,
    Number,
    Record,
    RichText,
    SitePath,
    Text,
    Url,
    spec,
    with_defaults,
)

Day = date  # the type, by a name Common's field `date` does not hide inside its class
COMPONENT_ROUNDING = 0.05  # component scores may add up to a little more than the total (rounding)
# A posting date this far ahead is a mistyped year (2205 for 2025), not a plan: refused. Nearer
# ahead, a warning: the item shows at once, dated in the future, above every other one.
FUTURE_DATE_REFUSED = timedelta(days=366)
FUTURE_DATE_WARNED = timedelta(days=1)  # the site's day and the officer's clock may differ by one


class Kind(StrEnum):
    """The kinds of content, as `sections:` in config.yaml and `kind:` in front matter name them."""

    NEWS = "news"
    DOCUMENT = "document"
    PROCEDURE = "procedure"
    INDEX = "index"
    STATS = "stats"
    UNIT = "unit"
    PAGE = "page"


class ProcedureStatus(StrEnum):
    """`status:` of a procedure (labels: vi.PROCEDURE_STATUS)."""

    CURRENT = "hien-hanh"
    AMENDED = "sua-doi"
    ABOLISHED = "bai-bo"


class OnlineLevel(StrEnum):
    """`online:` of a procedure, as NĐ 42/2022 names the levels (labels: vi.ONLINE_LEVELS)."""

    FULL = "toan-trinh"
    PARTIAL = "mot-phan"
    NONE = "khong"


class ChannelMode(StrEnum):
    """`channels[].mode`: how papers reach the agency (labels: vi.CHANNEL_MODES)."""

    DIRECT = "truc-tiep"
    ONLINE = "truc-tuyen"
    POSTAL = "buu-chinh"


class DocumentStatus(StrEnum):
    """`status:` of a document, stated or derived from its dates (labels: vi.DOCUMENT_STATUS)."""

    IN_FORCE = "con-hieu-luc"
    EXPIRED = "het-hieu-luc"
    PARTLY_EXPIRED = "het-hieu-luc-mot-phan"
    NOT_YET_IN_FORCE = "chua-co-hieu-luc"


def _labelled(values: type[StrEnum], labels: dict[str, str]) -> dict[str, str]:
    """The Vietnamese labels of an enum's values, in the enum's order: one vocabulary, read in two places."""
    return {value.value: labels[value] for value in values}


@dataclass(frozen=True)
class Finding:
    """A rule across fields that a record breaks: `at` names the field whose line is reported
    (nested ones too: `components[2].score`); the message says what is wrong and how to fix it."""

    at: str
    message: str
    severity: Severity = Severity.ERROR


def _finding(key: str, message: str, severity: Severity = Severity.ERROR) -> Finding:
    return Finding(key, f"`{key}`: {message}", severity)


class Rules:
    """Each kind carries its own cross-field rules (`findings`); most kinds have none."""

    def findings(self, today: date) -> Iterator[Finding]:
        return iter(())


PROCEDURE_CODE = re.compile(r"[123]\.\d{6}(\.[0-9A-Za-z]+)*")
PORTAL_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]{7,63}")
# A record's own page on the national portal (its `id`).
PORTAL_RECORD_URL = "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/{id}"
# A unit on the national portal: `H21` (the province), `H21.17`, `H21.227` (its agencies and
# communes, the 766 data's `departmentCode`), or an agency identifier such as `000.00.00.H21`.
UNIT_CODE = re.compile(r"[A-Z]\d{2}(\.\d+)*|\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}")
UNITS = ListOf(Text("H21.17"), single_ok=True)  # a unit named by its code or its name (content/units.py)


@dataclass(frozen=True)
class Change:
    """One public change note ("Lịch sử thay đổi"), as GOV.UK keeps them; `import --update` may add one."""

    date: datetime = spec(DateValue(with_time=True), required=True, label="Ngày thay đổi", hint="2024-07-15")
    note: str = spec(Text("Bổ sung mẫu tờ khai theo Quyết định 123/QĐ-UBND"), required=True, label="Nội dung thay đổi")


@dataclass(frozen=True)
class Common(Rules):
    """Fields every kind has."""

    title: str = spec(Text("Tiêu đề"), required=True, label="Tiêu đề")
    date: datetime | None = spec(DateValue(with_time=True), label="Ngày đăng", hint="2024-07-15 hoặc 2024-07-15 08:30")
    updated: datetime | None = spec(DateValue(with_time=True), label="Cập nhật")
    changes: tuple[Change, ...] = spec(
        ListOf(Record(Change)),
        label="Lịch sử thay đổi",
        hint="Mỗi lần sửa nội dung quan trọng (phí, hồ sơ, thời hạn...) thêm một mục: ngày và nội dung thay đổi; sửa lỗi chính tả không cần ghi",
        default=(),
    )
    summary: str = spec(Text(), label="Tóm tắt", hint="Nếu bỏ trống, lấy đoạn đầu của bài (tối đa 200 ký tự)", default="")
    slug: str = spec(Text("duong-day-nong"), label="Đường dẫn", hint="Nếu bỏ trống, lấy theo tên tệp", default="")
    tags: tuple[str, ...] = spec(ListOf(Text("Chuyển đổi số"), single_ok=True), label="Chủ đề", default=())
    image: str = spec(SitePath("/images/anh.jpg", noun="ảnh"), label="Ảnh đại diện", default="", needs="image_alt")
    image_alt: str = spec(
        Text("Mô tả ảnh"),
        label="Mô tả ảnh cho người khiếm thị",
        hint="Trình đọc màn hình đọc câu này thay cho ảnh; bắt buộc khi có ảnh đại diện",
        default="",
    )
    draft: bool = spec(Boolean(), label="Bản nháp", default=False)
    publish_date: datetime | None = spec(
        DateValue(with_time=True),
        label="Ngày bắt đầu hiển thị",
        hint="Trang chỉ hiện từ lúc này: 2026-07-01 (từ 00:00) hoặc 2026-07-01 08:00; trang tự dựng lại mỗi ngày lúc 00:05",
    )
    expiry_date: datetime | None = spec(
        DateValue(with_time=True),
        label="Ngày thôi hiển thị",
        hint="Trang thôi hiện từ lúc này: 2026-09-30 (từ 00:00) hoặc 2026-09-30 17:00",
    )
    aliases: tuple[str, ...] = spec(
        ListOf(SitePath("/tin-tuc/duong-dan-cu/", link=False), single_ok=True), label="Đường dẫn cũ", default=()
    )
    weight: int | None = spec(Integer(minimum=None, example="1"), label="Thứ tự")
    kind: str = spec(Choice(_labelled(Kind, vi.KIND_LABELS)), label="Loại nội dung", default="")
    extra: dict = spec(
        FreeMapping(),
        label="Dữ liệu riêng của giao diện",
        hint="Chỉ dùng khi giao diện riêng của trang cần thêm thông tin (page.extra); công cụ không kiểm tra các khóa bên trong",
        default={},
    )

    def findings(self, today: Day) -> Iterator[Finding]:
        if self.date and self.date.date() - today > FUTURE_DATE_REFUSED:
            yield _finding(
                "date",
                f"ngày đăng {vi.format_date(self.date)} còn hơn một năm nữa mới đến: có phải gõ nhầm năm? "
                "Muốn hẹn ngày hiện bài, hãy dùng `publish_date`",
            )
        elif self.date and self.date.date() - today > FUTURE_DATE_WARNED:
            yield _finding(
                "date",
                f"ngày đăng {vi.format_date(self.date)} chưa đến: bài vẫn hiện ngay và đứng trên mọi bài khác; "
                "muốn hẹn ngày hiện bài, hãy dùng `publish_date`",
                Severity.WARNING,
            )
        for number, change in enumerate(self.changes, start=1):
            if change.date.date() > today:
                yield Finding(
                    f"changes[{number}].date",
                    f"`changes[{number}].date`: ngày thay đổi {vi.format_date(change.date)} chưa đến; kiểm tra lại năm, tháng",
                    Severity.WARNING,
                )


@dataclass(frozen=True)
class Intro:
    """`_index.md`: the title and intro of a list page (the home page, a section); its body is the intro."""

    title: str = spec(Text("Tin tức"), required=True, label="Tiêu đề")
    summary: str = spec(Text(), label="Tóm tắt", hint="Nếu bỏ trống, lấy đoạn đầu của lời giới thiệu", default="")


PILLAR = Choice(vi.PILLARS)


@dataclass(frozen=True)
class News(Rules):
    pillar: str = spec(PILLAR, label="Trụ cột cải cách", default="")
    author: str = spec(Text(), label="Tác giả", default="")
    source: str = spec(Text(), label="Nguồn", default="")
    units: tuple[str, ...] = spec(
        UNITS,
        label="Đơn vị liên quan",
        hint="Mã đơn vị (như H21.17) hoặc tên đơn vị trong thư mục don-vi: tin hiện trên trang của đơn vị đó",
        default=(),
    )


@dataclass(frozen=True)
class Attachment:
    path: str = spec(SitePath("/files/ke-hoach.pdf", noun="tệp đính kèm"), required=True, label="Tệp")
    title: str = spec(Text("Toàn văn"), label="Tên tệp", default="")


@dataclass(frozen=True)
class Document(Rules):
    number: str = spec(Text("01/2024/QĐ-UBND"), required=True, label="Số ký hiệu")
    doc_type: str = spec(Text("Quyết định"), required=True, label="Loại văn bản")
    issuer: str = spec(Text("UBND tỉnh"), required=True, label="Cơ quan ban hành")
    effective: date | None = spec(DateValue(with_time=False), label="Ngày có hiệu lực")
    expires: date | None = spec(DateValue(with_time=False), label="Ngày hết hiệu lực")
    status: str = spec(Choice(_labelled(DocumentStatus, vi.DOCUMENT_STATUS)), label="Tình trạng hiệu lực", default="")
    signer: str = spec(Text(), label="Người ký", default="")
    files: tuple[Attachment, ...] = spec(ListOf(Record(Attachment)), label="Tệp đính kèm", default=())
    pillar: str = spec(PILLAR, label="Trụ cột cải cách", default="")

    def findings(self, today: date) -> Iterator[Finding]:
        if self.effective and self.expires and self.expires < self.effective:
            yield _finding(
                "expires", f"ngày hết hiệu lực {vi.format_date(self.expires)} trước ngày có hiệu lực {vi.format_date(self.effective)}"
            )

    def status_on(self, today: date) -> str:
        """The stated status, else derived from the dates so nobody has to edit an expired text."""
        if self.status:
            return self.status
        if self.expires and self.expires <= today:
            return DocumentStatus.EXPIRED
        if self.effective and self.effective > today:
            return DocumentStatus.NOT_YET_IN_FORCE
        return DocumentStatus.IN_FORCE


SHORT_FACT = 60  # characters of a fee or time limit the first screen shows whole
_AMOUNT = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?\s*(đồng|đ|vnđ|vnd|usd)(?![^\W\d_])((?:\s*/\s*[^\W\d_]+(?:\s[^\W\d_]+)?)*)", re.I
)
_FREE = re.compile(r"\b(miễn|không thu)", re.I)
_CLAUSE_END = re.compile(r"[;.](?:\s|$)")


def _amount(found: re.Match) -> str:
    """`200000 đồng`, `200.000đ`, `25 USD/chiếc` → `200.000 đ`, `25 USD/chiếc`."""
    number = vi.format_number(int(found[1].replace(".", "")))
    unit = "USD" if found[2].lower() == "usd" else "đ"
    per = "".join("/" + " ".join(part.split()) for part in found[3].split("/")[1:])
    return f"{number} {unit}{per}"


def first_clause(text: str, length: int = SHORT_FACT) -> str:
    """The text up to its first `;` or sentence end, clipped, with "…" when anything was left out."""
    clause = vi.clip(_CLAUSE_END.split(text, maxsplit=1)[0].strip(), length)
    return clause if clause == text or clause.endswith("…") else clause + "…"


def short_fee(text: str) -> str | None:
    """A channel's fee for the first screen: short texts whole ("Miễn phí", "Không thu phí"); long ones
    by their amounts ("200.000 đ (có trường hợp được miễn)"), else their first clause; None when blank."""
    text = " ".join(text.split())
    if not text:
        return None
    if (alone := _AMOUNT.fullmatch(text.rstrip("."))) is not None:
        return _amount(alone)
    if len(text) <= SHORT_FACT:
        return text
    amounts = list(dict.fromkeys(_amount(found) for found in _AMOUNT.finditer(text)))
    if not amounts:
        return first_clause(text)
    shown = ", ".join(amounts[:3]) + ("…" if len(amounts) > 3 else "")
    return shown + (" (có trường hợp được miễn)" if _FREE.search(text) else "")


def short_duration(text: str) -> str | None:
    text = " ".join(text.split())
    return (text if len(text) <= SHORT_FACT else first_clause(text)) if text else None


@dataclass(frozen=True)
class Channel:
    mode: str = spec(Choice(_labelled(ChannelMode, vi.CHANNEL_MODES)), required=True, label="Hình thức nộp")
    duration: str = spec(Text("05 ngày làm việc"), label="Thời hạn giải quyết", default="")
    fee: str = spec(Text("Không"), label="Phí, lệ phí", default="")
    note: str = spec(Text(), label="Mô tả", default="")

    @property
    def fee_short(self) -> str | None:
        return short_fee(self.fee)

    @property
    def duration_short(self) -> str | None:
        return short_duration(self.duration)


def per_channel(channels: tuple[Channel, ...], fact: str, blank: str) -> str:
    """One fact (`fee_short`, `duration_short`) across the ways to submit: the same everywhere → once;
    else by way, ways that agree together ("Trực tiếp, bưu chính 8.000 đ · Trực tuyến 4.000 đ"), a
    remark all of them end with said once at the end; `blank` when none states it."""
    values = [getattr(channel, fact) for channel in channels]
    if not any(values):
        return blank
    if len(set(values)) == 1:
        return values[0]
    remarks = {value[value.rindex(" (") :] if value and value.endswith(")") and " (" in value else "" for value in values}
    remark = remarks.pop() if len(remarks) == 1 else ""
    ways: dict[str, list[str]] = {}  # value → the ways that state it, in order
    for channel, value in zip(channels, values):
        shown = (value.removesuffix(remark) if remark else value) if value else "chưa có thông tin"
        label = vi.CHANNEL_SHORT[channel.mode]
        ways.setdefault(shown, [])
        if label not in ways[shown]:
            ways[shown].append(label)
    parts = []
    for value, labels in ways.items():
        named = ", ".join([labels[0], *(label.lower() for label in labels[1:])])
        parts.append(f"{named} {value}" if value[:1].isdigit() else f"{named}: {value}")
    return " · ".join(parts) + remark


@dataclass(frozen=True)
class Paper:
    name: str = spec(Text("Tờ khai theo mẫu"), required=True, label="Tên giấy tờ")
    original: int | None = spec(Integer(example="1"), label="Bản chính")
    copy: int | None = spec(Integer(example="0"), label="Bản sao")
    form: str = spec(SitePath("/forms/to-khai.docx", external_ok=True, noun="mẫu đơn"), label="Mẫu đơn, tờ khai", default="")
    case: str = spec(Text(), label="Trường hợp", default="")


@dataclass(frozen=True)
class LegalBasis:
    number: str = spec(Text("61/2018/NĐ-CP"), required=True, label="Số ký hiệu")
    title: str = spec(Text(), label="Trích yếu", default="")
    date: date | None = spec(DateValue(with_time=False), label="Ngày ban hành")
    issuer: str = spec(Text(), label="Cơ quan ban hành", default="")


@dataclass(frozen=True)
class InternalStep:
    step: str = spec(Text("Tiếp nhận hồ sơ"), required=True, label="Bước")
    owner: str = spec(Text(), label="Bộ phận thực hiện", default="")
    duration: str = spec(Text(), label="Thời gian", default="")


@dataclass(frozen=True)
class Procedure(Rules):
    code: str = spec(
        Text(
            "1.001193",
            PROCEDURE_CODE,
            "mã quốc gia như `1.001193` (1, 2 hoặc 3, dấu chấm, 6 chữ số) hoặc mã địa phương mở rộng như `2.000815.000.00.00.H55`",
        ),
        required=True,
        label="Mã thủ tục",
    )
    field: str = spec(Text("Hộ tịch"), required=True, label="Lĩnh vực")
    level: tuple[str, ...] = spec(ListOf(Choice(vi.PROCEDURE_LEVELS), single_ok=True, min_items=1), required=True, label="Cấp thực hiện")
    online: str = spec(
        Choice(
            _labelled(OnlineLevel, vi.ONLINE_LEVELS),
            renamed={
                "muc-do-4": "`muc-do-4` là cách gọi cũ; theo Nghị định 42/2022/NĐ-CP hãy viết `toan-trinh` (toàn trình)",
                "muc-do-3": "`muc-do-3` là cách gọi cũ; theo Nghị định 42/2022/NĐ-CP hãy viết `mot-phan` (một phần)",
                "muc-do-2": "`muc-do-2` là cách gọi cũ; theo Nghị định 42/2022/NĐ-CP hãy viết `khong`",
            },
        ),
        required=True,
        label="Dịch vụ công trực tuyến",
    )
    decision: str = spec(Text("647/QĐ-UBND"), label="Quyết định công bố", default="")
    decision_date: date | None = spec(DateValue(with_time=False), label="Ngày của quyết định công bố")
    decision_issuer: str = spec(Text("UBND tỉnh Hưng Yên"), label="Cơ quan ban hành quyết định công bố", default="")
    status: str = spec(Choice(_labelled(ProcedureStatus, vi.PROCEDURE_STATUS)), label="Tình trạng", default=ProcedureStatus.CURRENT.value)
    procedure_type: str = spec(Text(), label="Loại thủ tục", default="")
    steps: tuple[RichText, ...] = spec(
        ListOf(Markdown("Nộp hồ sơ tại Bộ phận Một cửa"), single_ok=True, min_items=1), required=True, label="Trình tự thực hiện"
    )
    channels: tuple[Channel, ...] = spec(ListOf(Record(Channel), min_items=1), required=True, label="Cách thức thực hiện")
    documents: tuple[Paper, ...] = spec(ListOf(Record(Paper), min_items=1), required=True, label="Thành phần hồ sơ")
    applicants: tuple[str, ...] = spec(
        ListOf(Text("Công dân Việt Nam"), single_ok=True, min_items=1), required=True, label="Đối tượng thực hiện"
    )
    agency: str = spec(Text("UBND cấp xã"), required=True, label="Cơ quan thực hiện")
    authority: str = spec(Text(), label="Cơ quan có thẩm quyền", default="")
    delegated: str = spec(Text(), label="Cơ quan được ủy quyền", default="")
    coordinating: str = spec(Text(), label="Cơ quan phối hợp", default="")
    result: str = spec(Text("Giấy khai sinh"), required=True, label="Kết quả thực hiện")
    delivery: tuple[str, ...] = spec(
        ListOf(Text("Trả kết quả trực tiếp tại Bộ phận Một cửa"), single_ok=True),
        label="Cách thức nhận kết quả",
        hint="Người dân nhận kết quả thế nào: trực tiếp, qua bưu chính, trực tuyến",
        default=(),
    )
    legal_basis: tuple[LegalBasis, ...] = spec(ListOf(Record(LegalBasis), min_items=1), required=True, label="Căn cứ pháp lý")
    requirements: RichText | None = spec(Markdown("Không"), label="Yêu cầu, điều kiện thực hiện")
    receiving_address: RichText | None = spec(
        Markdown("Bộ phận Một cửa, Trung tâm Phục vụ hành chính công tỉnh"),
        label="Địa chỉ tiếp nhận hồ sơ",
        hint="Nếu bỏ trống, mục Nộp hồ sơ ở đâu lấy địa chỉ, giờ tiếp nhận của đơn vị thực hiện (thư mục don-vi); "
        "thủ tục cấp xã chỉ đến Bộ phận Một cửa của UBND xã, phường nơi cư trú",
    )
    units: tuple[str, ...] = spec(
        UNITS,
        label="Đơn vị thực hiện",
        hint="Mã đơn vị (như H21.17) hoặc tên đơn vị trong thư mục don-vi; nếu bỏ trống, lấy theo Cơ quan thực hiện. "
        "Thủ tục cấp xã không cần ghi từng xã",
        default=(),
    )
    online_url: str = spec(Url("https://dichvucong.gov.vn/..."), label="Nộp hồ sơ trực tuyến", default="")
    portal_id: str = spec(
        Text(
            "019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7",
            PORTAL_ID,
            "mã bản ghi trên Cổng Dịch vụ công quốc gia, dạng `019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7`",
        ),
        label="Mã bản ghi trên Cổng Dịch vụ công quốc gia",
        hint="`cchcsite import procedures` ghi từ Cơ sở dữ liệu quốc gia; nút nộp trực tuyến mở trang của thủ tục này trên Cổng",
        default="",
    )
    keywords: tuple[str, ...] = spec(
        ListOf(Text("giấy chứng tử"), single_ok=True),
        label="Từ khóa tìm kiếm",
        hint="Những cách người dân hay gọi thủ tục này (ví dụ: giấy chứng tử, làm giấy khai sinh): tìm các từ này sẽ ra thủ tục",
        default=(),
    )
    internal_process: tuple[InternalStep, ...] = spec(ListOf(Record(InternalStep)), label="Quy trình nội bộ", default=())
    replaced_by: str = spec(
        Text("2.000908.000.00.00.H31"),
        label="Thủ tục thay thế",
        hint="Chỉ dùng khi thủ tục đã bãi bỏ: mã hoặc đường dẫn của thủ tục thay thế",
        default="",
    )

    @property
    def abolished(self) -> bool:
        return self.status == ProcedureStatus.ABOLISHED

    @property
    def fee_summary(self) -> str:
        return per_channel(self.channels, "fee_short", vi.NO_FEE)

    @property
    def duration_summary(self) -> str:
        return per_channel(self.channels, "duration_short", vi.NO_DURATION)

    @property
    def portal_url(self) -> str:
        """The record's own page on the national portal, for a procedure imported from there."""
        return PORTAL_RECORD_URL.format(id=self.portal_id) if self.portal_id else ""

    def findings(self, today: date) -> Iterator[Finding]:
        if self.online != OnlineLevel.NONE and self.channels and not any(c.mode == ChannelMode.ONLINE for c in self.channels):
            yield Finding(
                "online",
                f"`online: {self.online}` (dịch vụ công trực tuyến) nhưng `channels` không có cách nộp `truc-tuyen`; "
                "người dân sẽ không biết thời hạn và phí khi nộp trực tuyến: thêm một mục `- mode: truc-tuyen`, hoặc sửa thành `online: khong`",
                Severity.WARNING,
            )


@dataclass(frozen=True)
class Component:
    name: str = spec(Text("Công tác chỉ đạo, điều hành"), required=True, label="Lĩnh vực, tiêu chí")
    score: float = spec(Number(), required=True, label="Điểm")
    max: float | None = spec(Number(), label="Điểm tối đa")


def change_in_words(points: float, places: int | None, same_place: str = "giữ nguyên thứ hạng") -> str:
    """`Tăng 2,67 điểm, tăng 2 bậc`: points gained or lost, and places (None: no two ranks to compare;
    the same place is said as `same_place`, or not at all when it is "")."""
    if points > 0:
        words = f"Tăng {vi.format_number(points)} điểm"
    elif points < 0:
        words = f"Giảm {vi.format_number(-points)} điểm"
    else:
        words = "Giữ nguyên số điểm"
    if places:
        words += f", {'tăng' if places > 0 else 'giảm'} {abs(places)} bậc"
    elif places == 0 and same_place:
        words += f", {same_place}"
    return words


@dataclass(frozen=True)
class IndexChange:
    """One result against the previous one of its series, in the words the site shows."""

    previous_year: int
    score_delta: float  # rounded to 2 decimals
    rank_delta: int | None  # places gained (positive) or lost; None without two ranks
    rank_of_changed: bool  # the number of units ranked differs between the two years

    @property
    def direction(self) -> str:
        return "up" if self.score_delta > 0 else ("down" if self.score_delta < 0 else "same")

    @property
    def text(self) -> str:
        """`Tăng 2,67 điểm, tăng 2 bậc so với năm 2023`."""
        return f"{change_in_words(self.score_delta, self.rank_delta)} so với năm {self.previous_year}"


# The indexes results are published for (names as the site writes them in `index:`): `new chi-so`
# takes the one its title names. A site's own names (its existing results) come first.
KNOWN_INDEXES = ("PAR INDEX", "SIPAS", "PAPI", "PCI", "DDCI", "DTI")


@dataclass(frozen=True)
class IndexResult(Rules):
    index: str = spec(Text("PAR INDEX"), required=True, label="Chỉ số")
    year: int = spec(Integer(minimum=1990, example="2024"), required=True, label="Năm đánh giá")
    unit: str = spec(Text("Sở Nội vụ"), required=True, label="Đơn vị được đánh giá")
    score: float = spec(Number(), required=True, label="Điểm")
    max_score: float | None = spec(Number(), label="Điểm tối đa")
    percent: float | None = spec(Number(), label="Tỷ lệ (%)")
    rank: int | None = spec(Integer(minimum=1, example="2"), label="Xếp hạng", needs="rank_of")
    rank_of: int | None = spec(Integer(minimum=1, example="20"), label="Tổng số đơn vị được xếp hạng")
    grade: str = spec(Text("Tốt"), label="Xếp loại", default="")
    components: tuple[Component, ...] = spec(ListOf(Record(Component)), label="Điểm thành phần", default=())

    def findings(self, today: date) -> Iterator[Finding]:
        if self.max_score is not None and self.score > self.max_score:
            yield _finding("score", f"điểm {vi.format_number(self.score)} lớn hơn điểm tối đa {vi.format_number(self.max_score)}")
        if self.percent is not None and self.percent > 100:
            yield _finding("percent", f"tỷ lệ {vi.format_number(self.percent)} % lớn hơn 100 %")
        if self.rank and self.rank_of and self.rank > self.rank_of:
            yield _finding("rank", f"xếp thứ {self.rank} nhưng chỉ có {self.rank_of} đơn vị (`rank_of`)")
        if self.year > today.year:
            yield _finding("year", f"năm {self.year} chưa đến; kiểm tra lại năm đánh giá")
        total = sum(c.score for c in self.components)
        if self.components and total > self.score + COMPONENT_ROUNDING:
            yield _finding(
                "components",
                f"tổng điểm thành phần {vi.format_number(round(total, 2))} lớn hơn điểm {vi.format_number(self.score)}; tổng các điểm thành phần không được vượt điểm chung (chỉ cho phép sai số làm tròn {vi.format_number(COMPONENT_ROUNDING)})",
            )
        for number, component in enumerate(self.components, start=1):
            if component.max is not None and component.score > component.max:
                yield Finding(
                    f"components[{number}].score",
                    f"`components`: mục {number} ({component.name}): điểm {vi.format_number(component.score)} lớn hơn điểm tối đa {vi.format_number(component.max)}",
                )

    @property
    def components_total(self) -> float:
        return round(sum(c.score for c in self.components), 2)

    def change_from(self, previous: IndexResult) -> IndexChange:
        ranks = (previous.rank, self.rank) if previous.rank and self.rank else None
        return IndexChange(
            previous_year=previous.year,
            score_delta=round(self.score - previous.score, 2),
            rank_delta=ranks[0] - ranks[1] if ranks else None,
            rank_of_changed=ranks is not None and self.rank_of != previous.rank_of,
        )


@dataclass(frozen=True)
class Stats(Rules):
    period_start: date = spec(DateValue(with_time=False), required=True, label="Từ ngày")
    period_end: date = spec(DateValue(with_time=False), required=True, label="Đến ngày")
    received_new: int = spec(Integer(example="1250"), required=True, label="Tiếp nhận mới")
    carried_over: int = spec(Integer(example="35"), required=True, label="Kỳ trước chuyển sang")
    resolved_early: int = spec(Integer(example="900"), required=True, label="Giải quyết trước hạn")
    resolved_on_time: int = spec(Integer(example="320"), required=True, label="Giải quyết đúng hạn")
    resolved_late: int = spec(Integer(example="5"), required=True, label="Giải quyết quá hạn")
    in_progress: int | None = spec(Integer(example="60"), label="Đang giải quyết")
    online: int | None = spec(Integer(example="1100"), label="Hồ sơ trực tuyến")
    apologies: int | None = spec(Integer(example="5"), label="Thư xin lỗi")

    def findings(self, today: date) -> Iterator[Finding]:
        if self.period_end < self.period_start:
            yield _finding(
                "period_end", f"kết thúc kỳ {vi.format_date(self.period_end)} trước ngày bắt đầu {vi.format_date(self.period_start)}"
            )
        handled = self.resolved_total + (self.in_progress or 0)
        numbers = (
            f"đã giải quyết {self.resolved_total} ({self.resolved_early} trước hạn + {self.resolved_on_time} đúng hạn + "
            f"{self.resolved_late} quá hạn) + đang giải quyết {self.in_progress or 0} = {handled}, "
            f"tổng tiếp nhận {self.received_total} ({self.received_new} mới + {self.carried_over} chuyển sang)"
        )
        if handled > self.received_total:
            yield Finding("resolved_early", f"số liệu không khớp: {numbers}; số đã xử lý không thể lớn hơn số tiếp nhận", Severity.WARNING)
        elif self.in_progress is not None and handled != self.received_total:
            yield Finding("resolved_early", f"số liệu không khớp: {numbers}; hai số này phải bằng nhau", Severity.WARNING)
        if self.online is not None and self.online > self.received_new:
            yield Finding("online", f"số hồ sơ trực tuyến {self.online} lớn hơn số tiếp nhận mới {self.received_new}", Severity.WARNING)

    @property
    def received_total(self) -> int:
        return self.received_new + self.carried_over

    @property
    def resolved_total(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def on_time_share(self) -> float | None:
        return 100 * (self.resolved_early + self.resolved_on_time) / self.resolved_total if self.resolved_total else None

    @property
    def online_share(self) -> float | None:
        return 100 * self.online / self.received_new if self.online is not None and self.received_new else None

    @property
    def period_lines(self) -> tuple[str, str]:
        """The period as people name it, in two short lines for chart labels:
        ("Quý II", "2026"), ("Tháng 7", "2026"), ("6 tháng đầu năm", "2026"), else the dates."""
        start, end = self.period_start, self.period_end
        whole_months = start.day == 1 and (end + timedelta(days=1)).day == 1 and start.year == end.year
        if whole_months:
            months = end.month - start.month + 1
            year = str(start.year)
            if months == 12:
                return ("Năm", year)
            if months == 1:
                return (f"Tháng {start.month}", year)
            if months == 3 and start.month in (1, 4, 7, 10):
                return (f"Quý {('I', 'II', 'III', 'IV')[start.month // 3]}", year)
            if months == 6 and start.month in (1, 7):
                return ("6 tháng đầu năm" if start.month == 1 else "6 tháng cuối năm", year)
            if start.month == 1:
                return (f"{months} tháng năm", year)
        return (vi.format_date(start) + " –", vi.format_date(end))

    @property
    def period_label(self) -> str:
        first, second = self.period_lines
        return f"{first} {second}" if first in ("Năm",) or first.endswith(("năm", "–")) else f"{first}/{second}"


@dataclass(frozen=True)
class MergedUnit:
    """A unit this one replaced (the 2025 merger): citizens still search by its name."""

    name: str = spec(Text("UBND xã Chư Sê cũ"), required=True, label="Tên đơn vị cũ")
    date: date | None = spec(DateValue(with_time=False), label="Ngày sáp nhập", hint="2025-07-01")


@dataclass(frozen=True)
class Unit(Rules):
    """One unit a province site serves: a Sở, a xã/phường, the one-stop centre..."""

    code: str = spec(
        Text("H21.17", UNIT_CODE, "mã đơn vị trên Cổng Dịch vụ công quốc gia như `H21.17` (mã tỉnh, dấu chấm, số)"),
        label="Mã đơn vị",
        hint="Mã của đơn vị trong số liệu Bộ chỉ số 766; dùng để ghép kết quả xếp hạng với trang đơn vị",
        default="",
    )
    unit_type: str = spec(Choice(vi.UNIT_TYPES), required=True, label="Loại đơn vị")
    address: str = spec(Text("Số 2 đường Trần Phú, xã Chơ Long"), label="Địa chỉ tiếp nhận hồ sơ", default="")
    hours: str = spec(Text("Sáng 7h00–11h30, chiều 13h30–17h00, thứ Hai đến thứ Sáu"), label="Giờ tiếp nhận hồ sơ", default="")
    phone: str = spec(Text("0269 3 822 123"), label="Điện thoại", default="")
    email: str = spec(Text("ubndxa@gialai.gov.vn"), label="Thư điện tử", default="")
    map: str = spec(
        Url("https://maps.google.com/?q=..."), label="Bản đồ", hint="Địa chỉ bản đồ chỉ đường tới nơi tiếp nhận hồ sơ", default=""
    )
    merged_from: tuple[MergedUnit, ...] = spec(
        ListOf(Record(MergedUnit)),
        label="Hình thành từ",
        hint="Các đơn vị cũ đã sáp nhập vào đơn vị này, kèm ngày sáp nhập: người dân tìm được đơn vị theo tên cũ",
        default=(),
    )

    def findings(self, today: date) -> Iterator[Finding]:
        if self.email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", self.email):
            yield _finding("email", f"`{self.email}` không phải địa chỉ thư điện tử; hãy viết dạng `ten@gialai.gov.vn`")
        for number, old in enumerate(self.merged_from, start=1):
            if old.date and old.date > today:
                yield Finding(
                    f"merged_from[{number}].date",
                    f"`merged_from[{number}].date`: ngày sáp nhập {vi.format_date(old.date)} chưa đến; kiểm tra lại năm, tháng",
                    Severity.WARNING,
                )


@dataclass(frozen=True)
class Plain(Rules):
    """A plain page (giới thiệu, liên hệ): only the common fields."""


_NOT_NUMBER_CHARS = re.compile(r"[\s\-‐‑–—_.]+")


def normalise_number(number: str) -> str:
    """`61/2018/ND-CP`, `61/2018/nđ-cp`, `61 / 2018 / NĐ – CP` → one key: how officers misspell a số ký hiệu."""
    folded = number.replace("đ", "d").replace("Đ", "D").upper()
    return _NOT_NUMBER_CHARS.sub("", folded)


@dataclass(frozen=True)
class KindInfo:
    name: str
    fields: type
    url_prefix: str  # list URL; items live below it
    date_required: bool


KINDS: dict[str, KindInfo] = {
    Kind.NEWS: KindInfo(Kind.NEWS, News, "/tin-tuc/", True),
    Kind.DOCUMENT: KindInfo(Kind.DOCUMENT, Document, "/van-ban/", True),
    Kind.PROCEDURE: KindInfo(Kind.PROCEDURE, Procedure, "/thu-tuc/", False),
    Kind.INDEX: KindInfo(Kind.INDEX, IndexResult, "/chi-so/", True),
    Kind.STATS: KindInfo(Kind.STATS, Stats, "/thong-ke/", True),
    Kind.UNIT: KindInfo(Kind.UNIT, Unit, "/don-vi/", False),
    Kind.PAGE: KindInfo(Kind.PAGE, Plain, "/", False),
}

DEFAULT_SECTIONS: dict[str, str] = {
    "tin-tuc": Kind.NEWS,
    "van-ban": Kind.DOCUMENT,
    "thu-tuc": Kind.PROCEDURE,
    "chi-so": Kind.INDEX,
    "thong-ke": Kind.STATS,
    "don-vi": Kind.UNIT,
}

# Fields every kind has that lead the form; the rest of `Common` follows the kind's own fields.
LEADING = ("title", "date")
# `kind` is decided by the folder; `new` still lists it (commented out), the CMS leaves it out.
STRUCTURAL = ("kind",)
# A site theme's own data (`extra:`): for the theme's author, in no officer's form (README, "Giao diện").
THEME_ONLY = ("extra",)


def model_fields(kind: str, include_structural: bool = True) -> list[ModelField]:
    """The fields of `kind` in form order: title, date, the kind's own, then the common rest
    (what `new` writes, the CMS edits and the field reference lists)."""
    info = KINDS[kind]
    common = with_defaults(Common)
    own = with_defaults(info.fields)
    ordered = [common[n] for n in LEADING] + list(own.values()) + [f for n, f in common.items() if n not in LEADING]
    result = []
    for name, field_spec, default in ordered:
        if name in THEME_ONLY or (name in STRUCTURAL and not include_structural):
            continue
        required = field_spec.required or (name == "date" and info.date_required)
        result.append(ModelField(name, field_spec, required, default))
    return result
