"""What an officer probably meant by a key the contract does not have.

Keys are English snake_case, and officers write them from memory: in another case (`Zalo`), with
dashes or spaces (`primary-color`), British spellings (`primary_colour`), Hugo's camelCase
(`publishDate`), or in Vietnamese (`phí`, `ảnh`, `thời_hạn`). `suggest` names the declared key for
each of these; the checking itself (an unknown key is an error on its line) is the schema's.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection

from .vi import without_marks

# British spellings of words that appear in keys.
BRITISH = {"colour": "color", "licence": "license", "organisation": "organization", "centre": "center"}

# Vietnamese words for a key (without diacritics, words joined by `_`) → the keys meant, most likely
# first: the first one the mapping really has is suggested (`ten` is `name` in a paper, `title` in
# a menu item). Reviewed by hand; also a few names other tools use (Hugo, Jekyll).
VIETNAMESE: dict[str, tuple[str, ...]] = {
    # every kind
    "tieu_de": ("title",),
    "ten": ("name", "title"),
    "ngay": ("date",),
    "ngay_dang": ("date",),
    "cap_nhat": ("updated",),
    "ngay_cap_nhat": ("updated",),
    "lastmod": ("updated",),
    "lich_su": ("changes",),
    "lich_su_thay_doi": ("changes",),
    "thay_doi": ("changes",),
    "noi_dung": ("note",),
    "noi_dung_thay_doi": ("note",),
    "tom_tat": ("summary",),
    "mo_ta": ("summary", "note"),
    "description": ("summary", "note"),
    "duong_dan": ("slug", "url", "path"),
    "the": ("tags",),
    "tag": ("tags",),
    "chu_de": ("tags",),
    "categories": ("tags",),
    "anh": ("image",),
    "hinh": ("image",),
    "hinh_anh": ("image",),
    "anh_dai_dien": ("image",),
    "featured_image": ("image",),
    "cover": ("image",),
    "mo_ta_anh": ("image_alt",),
    "chu_thich_anh": ("image_alt",),
    "alt": ("image_alt",),
    "anh_alt": ("image_alt",),
    "ban_nhap": ("draft",),
    "nhap": ("draft",),
    "ngay_hien_thi": ("publish_date",),
    "ngay_bat_dau_hien_thi": ("publish_date",),
    "hen_gio": ("publish_date",),
    "ngay_het_han": ("expiry_date",),
    "het_han": ("expiry_date", "expires"),
    "ngay_thoi_hien_thi": ("expiry_date",),
    "duong_dan_cu": ("aliases",),
    "thu_tu": ("weight",),
    "loai": ("kind", "doc_type"),
    "tru_cot": ("pillar",),
    "linh_vuc_cai_cach": ("pillar",),
    "tac_gia": ("author",),
    "nguon": ("source",),
    # documents
    "so": ("number",),
    "so_hieu": ("number",),
    "so_ky_hieu": ("number",),
    "loai_van_ban": ("doc_type",),
    "co_quan_ban_hanh": ("issuer",),
    "noi_ban_hanh": ("issuer",),
    "ngay_ban_hanh": ("date",),
    "nguoi_ky": ("signer",),
    "hieu_luc": ("effective", "status"),
    "ngay_hieu_luc": ("effective",),
    "ngay_co_hieu_luc": ("effective",),
    "ngay_het_hieu_luc": ("expires",),
    "tinh_trang": ("status",),
    "trang_thai": ("status",),
    "tinh_trang_hieu_luc": ("status",),
    "tep": ("files", "path"),
    "tep_dinh_kem": ("files",),
    "dinh_kem": ("files",),
    "trich_yeu": ("title",),
    # procedures
    "ma": ("code",),
    "ma_so": ("code",),
    "ma_thu_tuc": ("code",),
    "linh_vuc": ("field",),
    "cap": ("level",),
    "cap_thuc_hien": ("level",),
    "truc_tuyen": ("online",),
    "muc_do": ("online",),
    "dich_vu_cong": ("online",),
    "quyet_dinh": ("decision",),
    "quyet_dinh_cong_bo": ("decision",),
    "loai_thu_tuc": ("procedure_type",),
    "trinh_tu": ("steps",),
    "trinh_tu_thuc_hien": ("steps",),
    "cac_buoc": ("steps",),
    "cach_thuc": ("channels",),
    "cach_thuc_thuc_hien": ("channels",),
    "hinh_thuc": ("mode",),
    "hinh_thuc_nop": ("mode",),
    "thoi_han": ("duration",),
    "thoi_gian": ("duration",),
    "thoi_han_giai_quyet": ("duration",),
    "phi": ("fee",),
    "le_phi": ("fee",),
    "phi_le_phi": ("fee",),
    "ghi_chu": ("note",),
    "thanh_phan_ho_so": ("documents",),
    "ho_so": ("documents",),
    "giay_to": ("documents", "name"),
    "ban_chinh": ("original",),
    "so_ban_chinh": ("original",),
    "ban_sao": ("copy",),
    "so_ban_sao": ("copy",),
    "mau_don": ("form",),
    "mau_to_khai": ("form",),
    "truong_hop": ("case",),
    "doi_tuong": ("applicants",),
    "doi_tuong_thuc_hien": ("applicants",),
    "co_quan": ("agency", "organization", "issuer"),
    "co_quan_thuc_hien": ("agency",),
    "co_quan_co_tham_quyen": ("authority",),
    "tham_quyen": ("authority",),
    "uy_quyen": ("delegated",),
    "co_quan_duoc_uy_quyen": ("delegated",),
    "phoi_hop": ("coordinating",),
    "co_quan_phoi_hop": ("coordinating",),
    "ket_qua": ("result",),
    "ket_qua_thuc_hien": ("result",),
    "can_cu": ("legal_basis",),
    "can_cu_phap_ly": ("legal_basis",),
    "yeu_cau": ("requirements",),
    "dieu_kien": ("requirements",),
    "yeu_cau_dieu_kien": ("requirements",),
    "dia_chi_tiep_nhan": ("receiving_address",),
    "noi_nop": ("receiving_address",),
    "noi_tiep_nhan": ("receiving_address",),
    "nop_truc_tuyen": ("online_url",),
    "quy_trinh": ("internal_process",),
    "quy_trinh_noi_bo": ("internal_process",),
    "buoc": ("step",),
    "bo_phan": ("owner",),
    "bo_phan_thuc_hien": ("owner",),
    "thay_the": ("replaced_by",),
    # index results
    "chi_so": ("index",),
    "nam": ("year",),
    "nam_danh_gia": ("year",),
    "don_vi": ("unit",),
    "diem": ("score",),
    "diem_so": ("score",),
    "diem_toi_da": ("max_score", "max"),
    "ty_le": ("percent",),
    "phan_tram": ("percent",),
    "xep_hang": ("rank",),
    "thu_hang": ("rank",),
    "xep_loai": ("grade",),
    "thanh_phan": ("components",),
    "diem_thanh_phan": ("components",),
    # statistics
    "tu_ngay": ("period_start",),
    "den_ngay": ("period_end",),
    "tiep_nhan": ("received_new",),
    "tiep_nhan_moi": ("received_new",),
    "ky_truoc": ("carried_over",),
    "ky_truoc_chuyen_sang": ("carried_over",),
    "truoc_han": ("resolved_early",),
    "dung_han": ("resolved_on_time",),
    "qua_han": ("resolved_late",),
    "tre_han": ("resolved_late",),
    "dang_giai_quyet": ("in_progress",),
    "thu_xin_loi": ("apologies",),
    # config.yaml
    "dia_chi": ("address",),
    "tru_so": ("address",),
    "dien_thoai": ("phone",),
    "so_dien_thoai": ("phone",),
    "sdt": ("phone",),
    "phone_number": ("phone",),
    "duong_day_nong": ("hotline",),
    "thu_dien_tu": ("email",),
    "mail": ("email",),
    "gio_lam_viec": ("hours",),
    "gio_tiep_nhan": ("hours",),
    "thoi_gian_lam_viec": ("hours",),
    "mau": ("primary_color",),
    "mau_sac": ("primary_color",),
    "mau_chu_dao": ("primary_color",),
    "color": ("primary_color",),
    "bieu_trung": ("logo",),
    "chan_trang": ("footer",),
    "ten_co_quan": ("organization", "banner"),
    "dia_chi_trang": ("base_url",),
    "mui_gio": ("timezone",),
    "ngon_ngu": ("language",),
    "giao_dien": ("theme",),
    "trinh_don": ("menu",),
    "lien_he": ("contact",),
    "nhan_dien": ("brand",),
    "so_muc": ("per_page",),
    "cong_dich_vu_cong": ("public_service_url",),
    "trang_quan_tri": ("cms",),
    "kho": ("repo",),
    "nhanh": ("branch",),
    "gop_y": ("feedback",),
    "y_kien": ("feedback",),
    "du_lieu_mo": ("open_data",),
    "giay_phep": ("license",),
}

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def normal(key: str) -> str:
    """`Zalo` → `zalo`, `publishDate` → `publish_date`, `thời hạn` → `thoi_han`."""
    return _NOT_WORD.sub("_", without_marks(_CAMEL.sub("_", key)).lower()).strip("_")


def suggest(key: str, known: Collection[str]) -> str | None:
    """The declared key an unknown `key` most likely means, or None."""
    words = normal(key)
    if words in known:
        return words
    american = "_".join(BRITISH.get(word, word) for word in words.split("_"))
    if american in known:
        return american
    for candidate in (*VIETNAMESE.get(words, ()), *VIETNAMESE.get(american, ())):
        if candidate in known:
            return candidate
    close = difflib.get_close_matches(american, sorted(known), n=1, cutoff=0.75)
    return close[0] if close else None
