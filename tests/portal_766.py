"""The national portal's 766 evaluation data as provinces save it, built from the documented shape
(Gia Lai, 24/09 and 10/10/2026: agencies and communes in separate files) with every trap the
facts list: CLGQ in the overview but ONLINE in unit rows, MDHL above its maximum on the first
date and capped on the second, 0.0 online-payment scores, an overview that is not the mean, an
agency and a commune tied on their total, `runDateStr` a Vietnam date while `extractedAt` is the
UTC evening before, names with capital "Xã", province suffixes, NFD marks and odd spellings,
`UBND Đặc khu` as a commune, `73.0` in rows and `73` elsewhere, null future months, a null
`scoreDelta`, ranks counted over the whole province; and the 2025 portal's
`report_tinh_766_service` rows (another way of computing: a series break)."""

from __future__ import annotations

import copy
import unicodedata

GROUPS = ("CKMB", "TDGQ", "ONLINE", "TTTT", "MDSH", "MDHL")

# (code, name as the portal writes it, group scores on 24/09, group scores on 10/10)
AGENCIES = [
    ("H21.17", "Sở Công Thương - Gia Lai", (15.5, 17.25, 10.0, 0.0, 18.0, 18.42), (15.5, 17.5, 10.0, 0.0, 18.5, 18.0)),
    ("H21.18", "Sở Tư pháp", (14.0, 16.0, 11.0, 6.5, 17.0, 18.42), (14.0, 16.5, 11.0, 7.0, 17.0, 18.0)),
    ("H21.19", "Thanh tra tỉnh - tỉnh Gia Lai", (12.0, 15.0, 8.0, 0.0, 14.0, 17.0), (12.5, 15.0, 8.0, 0.0, 14.0, 17.0)),
    (
        "H21.20",
        unicodedata.normalize("NFD", "Sở Văn hóa, Thể thao và Du lịch"),
        (10.0, 14.0, 7.0, 2.0, 12.0, 16.0),
        (10.0, 14.0, 7.5, 2.0, 12.0, 16.0),
    ),
]
COMMUNES = [
    ("H21.227", "UBND Xã Chơ Long", (16.0, 18.0, 11.0, 8.0, 20.0, 18.42), (16.0, 18.5, 11.0, 8.5, 20.0, 18.0)),
    ("H21.228", "UBND xã Kông Bơ La - Gia Lai", (13.0, 15.0, 9.0, 5.0, 15.0, 16.0), (13.0, 15.5, 9.0, 5.0, 15.0, 16.0)),
    ("H21.229", "UBND xã SRó", (12.0, 15.0, 8.0, 0.0, 14.0, 17.0), (12.5, 15.0, 8.0, 0.0, 14.0, 17.0)),  # ties Thanh tra tỉnh on 10/10
    ("H21.230", "UBND phường Hoài Nhơn Bắc", (9.0, 11.0, 6.0, 3.0, 10.0, 12.5), (9.5, 11.0, 6.0, 3.0, 10.0, 12.5)),
    ("H21.231", "UBND Đặc khu Phú Quý", (8.0, 10.0, 5.0, 2.0, 9.0, 11.0), (8.0, 10.5, 5.0, 2.0, 9.0, 11.0)),
    ("H21.232", "UBND xã KDang", (7.0, 9.0, 4.0, 1.0, 8.0, 10.0), (7.5, 9.0, 4.0, 1.0, 8.0, 10.0)),
]
RUN_DATES = {"24/09/2026": ("24092026", "2026-09-23T22:44:10.512Z"), "10/10/2026": ("10102026", "2026-10-09T23:05:41.007Z")}
OVERVIEW_TOTAL = {"24/09/2026": 66.23, "10/10/2026": 67.1}  # not the mean of the units: as published


def _rows(units: list, day: int, child_group: str) -> list[dict]:
    rows = []
    for code, name, *scores in units:
        groups = scores[day - 1]
        total = round(sum(groups), 2)
        rows.append(
            {
                "departmentId": f"0b6f{code.replace('.', '')}-9c1e-4d2a-8f00-5a1b2c3d4e5f",
                "departmentName": name,
                "departmentCode": code,
                "childGroup": child_group,
                "totalScore": float(total),  # written 73.0 in rows
                "ratio": round(total / 100, 4),
                "scoreDelta": None,
                "groupScores": dict(zip(GROUPS, (float(v) for v in groups))),
            }
        )
    return rows


def _ranked(day: int) -> tuple[list[dict], list[dict]]:
    """Ranks over the whole province (agencies and communes together, ties by name), groupRank within each block."""
    agencies, communes = _rows(AGENCIES, day, "AGENCY"), _rows(COMMUNES, day, "COMMUNE")
    every = sorted(agencies + communes, key=lambda r: (-r["totalScore"], unicodedata.normalize("NFC", r["departmentName"])))
    for rank, row in enumerate(every, start=1):
        row["rank"] = rank
    for block in (agencies, communes):
        block.sort(key=lambda r: r["rank"])
        for rank, row in enumerate(block, start=1):
            row["groupRank"] = rank
    return agencies, communes


def snapshot_file(day: str, block: str) -> dict:
    """One file as a crawler saves it: metadata, the province overview, and one block's rows."""
    number = list(RUN_DATES).index(day) + 1
    agencies, communes = _ranked(number)
    rows = agencies if block == "agencies" else communes
    run_date, extracted = RUN_DATES[day]
    return {
        "metadata": {
            "province": "Gia Lai",
            "provinceCode": "H21",
            "runDateStr": run_date,
            "timeType": "year",
            "year": 2026,
            "period": 2026,
            "periodLabel": "Năm 2026",
            "extractedAt": extracted,
            "sourceUrl": f"https://dichvucong.gov.vn/api/v1/reporting/evaluation/service-results?timeType=year&year=2026&provinceCode=H21&childGroup={'AGENCY' if block == 'agencies' else 'COMMUNE'}",
        },
        "overview": {
            "provinceName": "Gia Lai",
            "totalScore": OVERVIEW_TOTAL[day],
            "groupScores": {"CKMB": 13, "TDGQ": 15, "CLGQ": 8, "TTTT": 4, "MDSH": 12, "MDHL": round(OVERVIEW_TOTAL[day] - 52, 2)},
            "totalUnitsCount": len(AGENCIES) + len(COMMUNES),
            "agencyCount": len(AGENCIES),
            "communeCount": len(COMMUNES),
            "months": [{"month": m, "totalScore": (60 + m if m <= 9 else None)} for m in range(1, 13)],  # future months: null
        },
        "count": len(rows),
        block: rows,
    }


def future_month_file() -> dict:
    """A month not over yet: every score null (not 0)."""
    data = snapshot_file("10/10/2026", "agencies")
    data["metadata"].update(timeType="month", period=11, periodLabel="Tháng 11/2026")
    for row in data["agencies"]:
        row.update(totalScore=None, groupScores=dict.fromkeys(GROUPS), rank=None, groupRank=None)
    return data


# The 2025 portal (`/jsp/rest.jsp`, service `report_tinh_766_service`): text numbers, TEN, MA_COQUAN,
# CAPDONVIID ("1" Sở/ngành, "2" xã), ROW_STT, CLGQ for the online services, TONG_SCORE.
ROWS_2025 = [
    ("H21.18", "Sở Tư pháp", "1", ("16.5", "19.0", "11.0", "9.0", "17.5", "17.0")),
    ("H21.17", "Sở Công Thương", "1", ("16.0", "18.5", "11.0", "8.0", "17.0", "16.5")),
    ("H21.227", "UBND xã Chơ Long", "2", ("16.0", "19.0", "11.5", "9.0", "17.0", "17.5")),
    ("H21.228", "UBND xã Kông Bơ La", "2", ("15.0", "18.0", "10.0", "8.0", "16.5", "16.0")),
]


def rows_2025(block: str) -> dict:
    """One block as the 2025 service answered (ROW_STT counts within the block)."""
    wanted = "1" if block == "agencies" else "2"
    rows = []
    for code, name, level, scores in ROWS_2025:
        if level != wanted:
            continue
        values = dict(zip(("CKMB", "TDGQ", "CLGQ", "TTTT", "MDSH", "MDHL"), scores))
        total = f"{sum(float(v) for v in scores):.2f}"
        rows.append({"ID": f"3981{len(rows)}", "TEN": name, "MA_COQUAN": code, "CAPDONVIID": level, **values, "TONG_SCORE": total})
    rows.sort(key=lambda r: -float(r["TONG_SCORE"]))
    for number, row in enumerate(rows, start=1):
        row["ROW_STT"] = str(number)
    return {
        "params": {
            "service": "report_tinh_766_service",
            "p_nam": "2025",
            "p_6thang": 0,
            "p_quy": 0,
            "p_thang": 0,
            "p_loaidonvi": int(wanted),
        },
        "report_tinh_766_service": rows,
    }


def copied(data: dict) -> dict:
    return copy.deepcopy(data)
