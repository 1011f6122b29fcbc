"""`cchcsite import procedures --compare LIST`: the portal's official list against the site's procedures, by code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..content.kinds import PROCEDURE_CODE, ProcedureStatus
from ..content.load import SiteProcedure, site_procedures
from .parse import clean
from .procedure_rows import read_rows
from .procedures import national_part, procedure_folder
from .readers import ImportFileError


@dataclass
class Reconciliation:
    """The portal's official list against the site's procedures, by code."""

    listing: str
    listed: dict[str, str]  # code → name, from the list
    site: dict[str, SiteProcedure]
    missing: list[tuple[str, str]]  # on the list, not on the site
    extra: list[SiteProcedure]  # on the site, not on the list
    by_national_code: list[tuple[str, str]]  # (list code, site code) matched by their national part only

    def lines(self) -> list[str]:
        out = [f"Đối chiếu danh sách {self.listing} ({len(self.listed)} thủ tục) với trang ({len(self.site)} thủ tục):"]
        if self.missing:
            out.append(f"Trang còn thiếu {len(self.missing)} thủ tục có trong danh sách:")
            out += [f"  {code} – {name}" for code, name in self.missing]
        if self.extra:
            out.append(f"Trang có {len(self.extra)} thủ tục không có trong danh sách:")
            out += [
                f"  {p.code} – {p.title} ({p.path.name}{', đã ghi bãi bỏ' if p.status == ProcedureStatus.ABOLISHED else ''})"
                for p in self.extra
            ]
        for listed, ours in self.by_national_code:
            out.append(f"  Lưu ý: mã {listed} trong danh sách được coi là thủ tục {ours} của trang (cùng mã quốc gia)")
        if not self.missing and not self.extra:
            out.append("Trang có đủ các thủ tục của danh sách và không có thủ tục nào ngoài danh sách.")
        return out


def reconcile(site_dir: Path, config: Config, listing: Path) -> Reconciliation:
    rows, _ = read_rows(listing)
    listed: dict[str, str] = {}
    for row in rows:
        found = re.search(PROCEDURE_CODE.pattern, str(row.values.get("code", "")))
        if found:
            listed.setdefault(found.group(0), clean(row.values.get("title", ""), one_line=True))
    if not listed:
        raise ImportFileError("không thấy mã thủ tục nào trong cột `Mã số`; đây có phải danh sách thủ tục xuất từ Cổng không?")
    site = site_procedures(site_dir / procedure_folder(config))
    national_site: dict[str, list[str]] = {}
    for code in site:
        national_site.setdefault(national_part(code), []).append(code)
    matched_site: set[str] = set()
    missing, by_national = [], []
    for code, name in listed.items():
        if code in site:
            matched_site.add(code)
            continue
        same = [c for c in national_site.get(national_part(code), []) if c not in listed]
        if len(same) == 1:
            matched_site.add(same[0])
            by_national.append((code, same[0]))
        else:
            missing.append((code, name))
    extra = [found for code, found in site.items() if code not in matched_site]
    return Reconciliation(listing.name, listed, site, missing, extra, by_national)
