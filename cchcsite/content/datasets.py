"""The open datasets the site publishes under /du-lieu/: which kind each holds, which fields
lead its rows and in what stable order they come. render/opendata.py writes them all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..schema import field_specs
from .addresses import OPEN_DATA
from .kinds import KINDS, Kind

if TYPE_CHECKING:
    from .page import Page

FORMATS = {"json": "application/json", "csv": "text/csv"}
LIST_SEPARATOR = " | "  # a list in one CSV cell, as the open data writes it and `import` reads it


@dataclass(frozen=True)
class Dataset:
    slug: str  # `/du-lieu/<slug>.json|.csv`
    kind: str
    title: str
    description: str
    lead: tuple[str, ...]  # identifying fields, first in every row
    order: Callable[[Page], tuple]  # stable row order, whatever the file order

    @property
    def url(self) -> str:
        return f"{OPEN_DATA}{self.slug}"

    def file_url(self, extension: str) -> str:
        return f"{self.url}.{extension}"

    @property
    def columns(self) -> list[str]:
        """The keys of every row: the lead, the kind's own fields, then what every kind has."""
        info = KINDS[self.kind]
        names = [
            *self.lead,
            *(["date"] if info.date_required else []),
            *field_specs(info.fields),
            "summary",
            "tags",
            "updated",
            "changes",
            "url",
        ]
        return list(dict.fromkeys(names))


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        "thu-tuc",
        Kind.PROCEDURE,
        "Danh mục thủ tục hành chính",
        "Mọi thủ tục hành chính đã công bố, kể cả thủ tục đã bãi bỏ (status: bai-bo): mã, lĩnh vực, cấp thực hiện, "
        "mức độ dịch vụ công trực tuyến, trình tự, cách thức (thời hạn, phí, lệ phí), thành phần hồ sơ, căn cứ pháp lý.",
        ("code", "title"),
        lambda page: (page.data.code, page.source),
    ),
    Dataset(
        "van-ban",
        Kind.DOCUMENT,
        "Văn bản chỉ đạo, điều hành về cải cách hành chính",
        "Số ký hiệu, loại văn bản, cơ quan ban hành, ngày ban hành, ngày có hiệu lực, hết hiệu lực, tình trạng hiệu lực "
        "(tính theo ngày công bố dữ liệu), người ký và tệp đính kèm của mọi văn bản trên trang.",
        ("number", "title"),
        lambda page: (page.date, page.data.number, page.source),
    ),
    Dataset(
        "chi-so",
        Kind.INDEX,
        "Kết quả chỉ số cải cách hành chính",
        "Điểm, tỷ lệ, xếp hạng, xếp loại và điểm thành phần của các chỉ số (PAR INDEX, SIPAS, PAPI, PCI...) theo từng năm đánh giá.",
        ("index", "year", "unit", "title"),
        lambda page: (page.data.index, page.data.unit, page.data.year, page.source),
    ),
    Dataset(
        "thong-ke",
        Kind.STATS,
        "Kết quả giải quyết hồ sơ thủ tục hành chính",
        "Số hồ sơ tiếp nhận (mới, kỳ trước chuyển sang), đã giải quyết (trước hạn, đúng hạn, quá hạn), đang giải quyết, "
        "nộp trực tuyến và thư xin lỗi của từng kỳ báo cáo.",
        ("title", "period_start", "period_end"),
        lambda page: (page.data.period_start, page.data.period_end, page.source),
    ),
    Dataset(
        "don-vi",
        Kind.UNIT,
        "Cơ quan, đơn vị tiếp nhận hồ sơ",
        "Tên, mã đơn vị trên Cổng Dịch vụ công quốc gia, loại đơn vị, địa chỉ và giờ tiếp nhận hồ sơ, điện thoại, thư điện tử "
        "của các sở, ban, ngành và xã, phường; các đơn vị cũ đã sáp nhập (merged_from) kèm ngày sáp nhập.",
        ("code", "title"),
        lambda page: (page.data.code, page.title, page.source),
    ),
)
