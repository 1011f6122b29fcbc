"""The procedure records in one file: table rows under a header of field names or of the labels
printed on the national publication form ("Mã thủ tục", "Thời hạn giải quyết", ...), JSON objects
of our field names (the site's own open data), or the national portal's detail records."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.kinds import Procedure
from ..schema import field_specs
from . import portal
from .procedure_fields import EXTRA_COLUMNS, FIELDS
from .readers import Columns, ImportFileError, JsonData, Table, fold_label, read_source, table_records, unwrap

ACCEPTED = "chỉ nhận tệp JSON (hồ sơ thủ tục tải từ Cổng Dịch vụ công quốc gia), CSV hoặc XLSX (bảng danh sách thủ tục)"
# The portal's list export ("DANH SÁCH THỦ TỤC HÀNH CHÍNH": Mã số, Tên, Cơ quan ban hành, Cơ quan thực hiện, Lĩnh vực).
LIST_EXPORT_COLUMNS = frozenset({"code", "title", "agency", "field"})
# Header label (folded: no diacritics, lower case, single spaces, no punctuation) → field name.
_LABELS = {
    "ma thu tuc": "code",
    "ma tthc": "code",
    "ma so": "code",
    "ten thu tuc": "title",
    "ten tthc": "title",
    "linh vuc": "field",
    "cap thuc hien": "level",
    "muc do": "online",
    "muc do dvc": "online",
    "muc do dich vu cong truc tuyen": "online",
    "dich vu cong truc tuyen": "online",
    "dvc truc tuyen": "online",
    "quyet dinh cong bo": "decision",
    "tinh trang": "status",
    "loai thu tuc": "procedure_type",
    "trinh tu thuc hien": "steps",
    "cach thuc thuc hien": "channels",
    "hinh thuc nop": "channels",
    "thanh phan ho so": "documents",
    "thoi han giai quyet": "duration",
    "phi le phi": "fee",
    "phi": "fee",
    "le phi": "fee",
    "doi tuong thuc hien": "applicants",
    "co quan thuc hien": "agency",
    "co quan giai quyet": "agency",
    "co quan co tham quyen": "authority",
    "co quan duoc uy quyen": "delegated",
    "co quan phoi hop": "coordinating",
    "ket qua thuc hien": "result",
    "ket qua": "result",
    "can cu phap ly": "legal_basis",
    "yeu cau dieu kien": "requirements",
    "yeu cau dieu kien thuc hien": "requirements",
    "nop ho so truc tuyen": "online_url",
    "duong dan nop truc tuyen": "online_url",
    "quy trinh noi bo": "internal_process",
    "ghi chu": "body",
    "thu tuc thay the": "replaced_by",
    "thay the boi": "replaced_by",
    "tieu de": "title",
    "ten": "title",
    "dia chi tiep nhan": "receiving_address",
    "noi tiep nhan ho so": "receiving_address",
    "cach thuc nhan ket qua": "delivery",
    "tu khoa": "keywords",
    "tu khoa tim kiem": "keywords",
    "cap nhat": "updated",
    "ngay cap nhat": "updated",
}
COLUMNS = Columns(
    # Every label the site shows for a procedure field ("Địa chỉ tiếp nhận hồ sơ") names its column too.
    labels={**{fold_label(s.label): n for n, s in field_specs(Procedure).items() if s.label}, **_LABELS},
    fields=frozenset(FIELDS + EXTRA_COLUMNS),
    anchors={"code": "Mã thủ tục", "title": "Tên thủ tục"},
)
_CODE_COLUMNS = ("code", "replaced_by")
_CODE_LOST_ZEROS = re.compile(r"[123]\.\d{1,5}")  # `1.00011`: the code 1.000110 typed into Excel as a number


@dataclass(frozen=True)
class Row:
    number: int  # the spreadsheet row (header = 1) or the JSON item (first = 1)
    values: dict[str, Any]
    portal: bool = False  # a national detail record (raw keys), mapped by `portal.front_matter`
    unit: str = "dòng"  # what `number` counts: "dòng" (a spreadsheet row) or "mục" (a JSON item)
    refused: str = ""  # why the item is no record at all

    @property
    def where(self) -> str:
        return f"{self.unit} {self.number}"


def read_rows(path: Path) -> tuple[list[Row], list[str]]:
    """The procedure records of a CSV, XLSX or JSON file, keys mapped to field names; plus the columns nobody understood."""
    source = read_source(path, ACCEPTED)
    if isinstance(source, JsonData):
        return _json_rows(source.data)
    return _table_rows(source)


def _table_rows(table: Table) -> tuple[list[Row], list[str]]:
    records, unknown = table_records(table, COLUMNS)
    if table.spreadsheet:
        records = [(number, {**values, **_codes_with_zeros(values)}) for number, values in records]
    return [Row(number, values) for number, values in records], unknown


def _codes_with_zeros(values: dict[str, str]) -> dict[str, str]:
    return {name: values[name].ljust(8, "0") for name in _CODE_COLUMNS if _CODE_LOST_ZEROS.fullmatch(values.get(name, ""))}


def _json_rows(data: Any) -> tuple[list[Row], list[str]]:
    data = unwrap(data, portal.is_portal_record)
    if isinstance(data, dict) and not portal.is_portal_record(data):  # a page of results: {"content": [...], "total": 80}
        data = next((data[k] for k in ("procedures", "content", "items", "records", "list") if isinstance(data.get(k), list)), data)
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ImportFileError(
            'JSON phải là hồ sơ thủ tục `{...}`, danh sách `[ {...}, {...} ]` hoặc `{"data": ...}` như Cổng Dịch vụ công trả về'
        )
    items = [unwrap(item, portal.is_portal_record) for item in data]
    if items and not any(
        portal.is_portal_record(i) or (isinstance(i, dict) and {"code", "title"} & {COLUMNS.key(k) for k in i}) for i in items
    ):
        keys = sorted({str(k) for i in items if isinstance(i, dict) for k in i})[:8]
        shown = ", ".join(f"`{k}`" for k in keys) or "không có khóa nào"
        raise ImportFileError(
            f"JSON này không phải hồ sơ thủ tục ({shown}); cần hồ sơ chi tiết của Cổng Dịch vụ công quốc gia "
            "(có `code`, `name`, `executionMethods`, ...) hoặc các trường của trang (`code`, `title`, ...)"
        )
    rows, unknown = [], set()
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            rows.append(Row(number, {}, unit="mục", refused=f"mục {number} không phải một đối tượng {{...}}"))
            continue
        if portal.is_portal_record(item):
            rows.append(Row(number, item, portal=True, unit="mục"))
            continue
        record = {}
        for key, value in item.items():
            mapped = COLUMNS.key(key)
            if mapped is None:
                unknown.add(str(key))
            elif value not in (None, "", []):
                record[mapped] = value
        rows.append(Row(number, record, unit="mục"))
    return rows, sorted(unknown)
