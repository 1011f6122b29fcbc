"""National portal detail records built in the shape the portal documents for them,
each carrying the traps real records have: empty `decisionNo`, `OTHER` units, a fee of 0 with a description, USD,
empty `fees`, an unnamed case, malformed and repeated legal numbers, `unitGroupsExecuting` only, NFD text,
text over several lines ("- " and "+" bullets in steps and channel notes, an address on three lines), the
record's `id` (its page on the portal) and `returningMethods` (how the result is returned; its items are not
documented, so the records hold both codes and `{name, description}` items)."""

from __future__ import annotations

import copy
import unicodedata

EPOCH_2026_03_15 = 1773532800000  # decisionDate is epoch milliseconds


def _record(**values) -> dict:
    """The keys every detail record has (top-level `fees` and `profileComponents` always empty, `required` false)."""
    base = {
        "code": "", "name": "", "decisionNo": "", "isMinistry": False, "isProvince": False, "isWard": False, "isOtherAgency": False,
        "isFullProcess": False, "formalityType": "OTHER", "categoriesDetails": [], "subjectTypesDetails": [], "departmentsExecuting": [],
        "departmentsAuthority": [], "departmentsAuthorized": [], "departmentsCoordinating": [], "unitGroupsExecuting": [],
        "executionSteps": [], "executionMethods": [], "executionCases": [], "legalBasisesDetails": [], "resultsDetails": [],
        "requirementsAndConditions": "", "keywords": "", "description": "", "fees": [], "profileComponents": [], "required": False,
    }  # fmt: skip
    base.update(values)
    return base


# Province level: the decision only in procedureProposal, category absent, the agency only in unitGroupsExecuting,
# one "Bước 1: … Bước 2: …" block, an OTHER unit, a repeated fee, empty fees, an unnamed case, messy legal numbers.
CRIMINAL_RECORD = _record(
    id="019d2bfd-95d6-778f-889b-e3045003fa5e",
    code="1.013133.000.00.00.H31",
    name="\tCấp Phiếu lý lịch tư pháp  cho công dân Việt Nam ",
    decisionNo="",
    procedureProposal={
        "proposalNumber": "1234/QĐ-UBND ",
        "decisionDate": EPOCH_2026_03_15,
        "issuingAgency": {"name": "UBND tỉnh Hưng Yên"},
    },
    isProvince=True,
    formalityType="LOCAL_REGULATION",
    categoriesDetails=[{"code": "H31-TP05", "name": "Lý lịch tư pháp"}],
    subjectTypesDetails=[{"name": "Công dân Việt Nam"}, {"name": "Người nước ngoài "}, {"name": "Công dân Việt Nam"}],
    unitGroupsExecuting=[{"name": "Sở Tư pháp tỉnh Hưng Yên"}],
    departmentsAuthority=[{"code": "000.00.00.H31", "name": "Giám đốc Sở Tư pháp"}],
    departmentsAuthorized=[{"name": "Công an tỉnh Hưng Yên"}],
    departmentsCoordinating=[{"name": "Cục Hồ sơ nghiệp vụ, Bộ Công an"}],
    dossierReceivingAddresses="Trung tâm Phục vụ hành chính công tỉnh Hưng Yên,  \nsố 10 đường Chùa Chuông, phường Hiến Nam.  \nĐiện thoại: 0221 3 555 555",
    returningMethods=["DIRECT", "POSTAL"],
    keywords="lý lịch tư pháp, LLTP; phiếu lý lịch",
    executionSteps=[
        {
            "name": "Trình tự thực hiện",
            "description": "Bước 1: Cá nhân chuẩn bị hồ sơ và nộp tại Trung tâm:\n- Nộp trực tiếp;\n- Nộp qua dịch vụ bưu chính.\n"
            "Bước 2: Công chức kiểm tra hồ sơ,  cấp giấy hẹn.\nBước 3: Trả kết quả theo giấy hẹn.",
        }
    ],
    executionMethods=[
        {
            "submissionMethod": "DIRECT",
            "processingTime": 10,
            "processingTimeUnit": "WORKING_DAY",
            "description": "",
            "fees": [
                {
                    "type": "FEE",
                    "value": 200000,
                    "currencyName": "VND",
                    "description": "Miễn phí đối với trẻ em, người cao tuổi, người khuyết tật.",
                },
                {
                    "type": "FEE",
                    "value": 200000,
                    "currencyName": "VND",
                    "description": "Miễn phí đối với trẻ em, người cao tuổi, người khuyết tật.",
                },
            ],
        },
        {
            "submissionMethod": "ONLINE",
            "processingTime": 0,
            "processingTimeUnit": "OTHER",
            "description": "Không quá 10 ngày làm việc;  trường hợp phải xác minh thì không quá 15 ngày làm việc.",
            "fees": [
                {
                    "type": "FEE",
                    "value": 200000,
                    "currencyName": "VND",
                    "description": "Miễn phí đối với trẻ em, người cao tuổi, người khuyết tật.",
                }
            ],
        },
        {
            "submissionMethod": "POSTAL",
            "processingTime": 10,
            "processingTimeUnit": "WORKING_DAY",
            "description": "Qua dịch vụ bưu chính công ích:\n+ Gửi hồ sơ kèm bản chụp Căn cước;\n+ Nhận kết quả tại địa chỉ đã đăng ký.",
            "fees": [],
        },
    ],
    executionCases=[
        {
            "name": "",
            "profileComponents": [
                {
                    "name": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp theo mẫu",
                    "originalQty": 1,
                    "copyQty": 0,
                    "code": "TP01",
                    "attachments": [{"fileName": "To khai LLTP so 1.docx", "filePath": "/upload/2026/03/to-khai-lltp-03a.docx"}],
                },
                {"name": "Bản chụp Căn cước", "originalQty": 0, "copyQty": 1, "code": "TP02", "attachments": []},
            ],
        }
    ],
    legalBasisesDetails=[
        {
            "code": "số 32/2026/NĐ-CP",
            "name": "Nghị định số 32/2026/NĐ-CP ngày 10/02/2026 của Chính phủ: Quy định chi tiết Luật Lý lịch tư pháp",
        },
        {
            "code": "32/2026/NĐ-CP ",
            "name": "Nghị định số 32/2026/NĐ-CP ngày 10/02/2026 của Chính phủ: Quy định chi tiết Luật Lý lịch tư pháp",
        },
        {
            "code": "118/2025/NĐ-C",
            "name": "Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ: về thực hiện thủ tục hành chính theo cơ chế một cửa",
        },
        {"code": "Nghị định 118/2025/NĐ-CP ", "name": "Nghị định 118/2025/NĐ-CP"},
        {"code": "Thông tư số 70/2026/TT-BCA", "name": "Thông tư số 70/2026/TT-BCA: Quy định biểu mẫu lý lịch tư pháp"},
        {"code": "nghị định 146/2025", "name": "nghị định 146/2025"},
        {"code": "66.18/2026/NQ-CP", "name": "Nghị quyết số 66.18/2026/NQ-CP ngày 01/3/2026 của Chính phủ về cắt giảm thủ tục"},
    ],
    resultsDetails=[{"code": "KQ01", "name": "PHIẾU LÝ LỊCH TƯ PHÁP"}],
    requirementsAndConditions="không",
)

# Ward level, typed on a Mac (NFD), full process online, named cases, an OTHER unit with its paragraph,
# a fee of 0 with a description (not free) and one without (free).
BIRTH = _record(
    id="019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7",
    code="1.001193",
    name=unicodedata.normalize("NFD", "Đăng ký khai sinh"),
    decisionNo="1568/QĐ-UBND",
    isWard=True,
    isFullProcess=True,
    formalityType="CENTRAL_REGULATION",
    category={"code": "H31-HT", "name": unicodedata.normalize("NFD", "Hộ tịch")},
    categoriesDetails=[{"code": "H31-HT", "name": "Hộ tịch"}],
    subjectTypesDetails=[{"name": "Công dân Việt Nam"}],
    departmentsExecuting=[{"code": "000.00.00.H31", "name": "Ủy ban nhân dân xã"}],
    returningMethods=[
        {"name": "Trả kết quả trực tiếp tại Bộ phận Một cửa"},
        {"name": "Trả kết quả trực tuyến", "description": "Bản điện tử gửi vào tài khoản của người yêu cầu trên Cổng"},
    ],
    updatedDate=1774137600000,  # 22/03/2026
    executionSteps=[
        {"name": "Bước 1", "description": "Trình tự thực hiện:\n- Người yêu cầu nộp hồ sơ tại Bộ phận Một cửa;\n- hoặc nộp trực tuyến."},
        {"name": "Bước 2", "description": unicodedata.normalize("NFD", "\tCông chức tư pháp - hộ tịch  kiểm tra hồ sơ.  ")},
    ],
    executionMethods=[
        {
            "submissionMethod": "DIRECT",
            "processingTime": 0,
            "processingTimeUnit": "OTHER",
            "description": "Ngay trong ngày tiếp nhận hồ sơ; trường hợp nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo.",
            "fees": [{"type": "FEE", "value": 0, "currencyName": "VND", "description": "Theo quy định của Bộ trưởng Bộ Tài chính"}],
        },
        {
            "submissionMethod": "ONLINE",
            "processingTime": 1,
            "processingTimeUnit": "WORKING_DAY",
            "description": "Nộp trên Cổng Dịch vụ công quốc gia",
            "fees": [{"type": "FEE", "value": 0, "currencyName": "VND", "description": ""}],
        },
    ],
    executionCases=[
        {
            "name": "Trường hợp có Giấy chứng sinh",
            "profileComponents": [
                {
                    "name": "Tờ khai đăng ký khai sinh theo mẫu",
                    "originalQty": 1,
                    "copyQty": 0,
                    "attachments": [
                        {
                            "fileName": "To khai dang ky khai sinh.docx",
                            "filePath": "https://dichvucong.gov.vn/p/file/bieu-mau/tokhai-ks.docx",
                        }
                    ],
                },
                {"name": "Giấy chứng sinh", "originalQty": 1, "copyQty": 0, "attachments": []},
            ],
        },
        {
            "name": "Trường hợp không có Giấy chứng sinh",
            "profileComponents": [
                {"name": "Văn bản của người làm chứng xác nhận về việc sinh", "originalQty": 1, "copyQty": 0, "attachments": []},
            ],
        },
    ],
    legalBasisesDetails=[{"code": "Luật 60/2014/QH13", "name": "Luật Hộ tịch số 60/2014/QH13 ngày 20/11/2014"}],
    resultsDetails=[{"name": "Giấy khai sinh"}],
)

# Ministry level, fees in USD (twice, identical, for each method), "Không quy định." with value 0.
VISA = _record(
    code="2.000806",
    name="Cấp thị thực cho người nước ngoài tại cửa khẩu quốc tế",
    decisionNo="97/QĐ-BCA",
    isMinistry=True,
    formalityType="ASSIGNED_REGULATION",
    categoriesDetails=[{"code": "G05-XNC", "name": "Quản lý xuất nhập cảnh"}],
    subjectTypesDetails=[{"name": "Người nước ngoài"}],
    departmentsExecuting=[{"name": "Cục Quản lý xuất nhập cảnh"}],
    executionSteps=[{"name": "", "description": "Bước 1: Nộp tờ khai. Bước 2: Nhận thị thực."}],
    executionMethods=[
        {
            "submissionMethod": "DIRECT",
            "processingTime": 5,
            "processingTimeUnit": "WORKING_DAY",
            "description": "",
            "fees": [
                {"type": "FEE", "value": 25, "currencyName": "USD", "description": "25 USD/chiếc"},
                {"type": "SERVICE_FEE", "value": 0, "currencyName": "VND", "description": "Không quy định."},
            ],
        },
        {
            "submissionMethod": "POSTAL",
            "processingTime": 5,
            "processingTimeUnit": "WORKING_DAY",
            "description": "",
            "fees": [
                {"type": "FEE", "value": 25, "currencyName": "USD", "description": "25 USD/chiếc"},
                {"type": "SERVICE_FEE", "value": 0, "currencyName": "VND", "description": "Không quy định."},
            ],
        },
        {
            "submissionMethod": "DIRECT",
            "processingTime": 2,
            "processingTimeUnit": "HOUR",
            "description": "Trường hợp khẩn cấp",
            "fees": [{"type": "FEE", "value": 10, "currencyName": "USD", "description": ""}],
        },
    ],
    executionCases=[
        {"name": "", "profileComponents": [{"name": "Tờ khai đề nghị cấp thị thực", "originalQty": 1, "copyQty": 0, "attachments": []}]}
    ],
    legalBasisesDetails=[{"code": "47/2014/QH13", "name": "Luật số 47/2014/QH13"}],
    resultsDetails=[{"name": "Thị thực"}],
)

# Unusable: no name, no papers.
BROKEN = _record(code="1.000999", name="", executionCases=[], isWard=True)


def records() -> list[dict]:
    return [copy.deepcopy(r) for r in (CRIMINAL_RECORD, BIRTH, VISA)]


# Ward level, carried out by the commune police (only in unitGroupsExecuting, "cấp Xã" capitalised as the
# portal writes it), no receiving address: the papers go to the police, not to any UBND's one-stop desk.
RESIDENCE = _record(
    code="1.004194",
    name="Đăng ký thường trú",
    decisionNo="5548/QĐ-BCA",
    isWard=True,
    isFullProcess=True,
    formalityType="CENTRAL_REGULATION",
    categoriesDetails=[{"code": "G05-CT", "name": "Đăng ký, quản lý cư trú"}],
    subjectTypesDetails=[{"name": "Công dân Việt Nam"}],
    unitGroupsExecuting=[{"name": "Công an cấp Xã"}],
    executionSteps=[{"name": "", "description": "Bước 1: Nộp hồ sơ tại Công an cấp xã. Bước 2: Nhận kết quả."}],
    executionMethods=[
        {"submissionMethod": "DIRECT", "processingTime": 7, "processingTimeUnit": "WORKING_DAY", "description": "", "fees": []},
        {"submissionMethod": "ONLINE", "processingTime": 7, "processingTimeUnit": "WORKING_DAY", "description": "", "fees": []},
    ],
    executionCases=[{"name": "", "profileComponents": [{"name": "Tờ khai thay đổi thông tin cư trú", "originalQty": 1, "copyQty": 0}]}],
    legalBasisesDetails=[{"code": "68/2020/QH14", "name": "Luật Cư trú số 68/2020/QH14"}],
    resultsDetails=[{"name": "Thông báo kết quả đăng ký thường trú"}],
)

# Province level, another department of the province: its own unit file gives the address.
ALCOHOL_LICENCE = _record(
    code="2.000633.000.00.00.H21",
    name="Cấp Giấy phép bán buôn sản phẩm rượu",
    isProvince=True,
    formalityType="CENTRAL_REGULATION",
    categoriesDetails=[{"code": "H21-LTHH", "name": "Lưu thông hàng hóa trong nước"}],
    subjectTypesDetails=[{"name": "Doanh nghiệp"}],
    departmentsExecuting=[{"code": "000.00.17.H21", "name": "Sở Công thương tỉnh Gia Lai"}],
    executionSteps=[{"name": "", "description": "Bước 1: Nộp hồ sơ. Bước 2: Nhận giấy phép."}],
    executionMethods=[
        {"submissionMethod": "DIRECT", "processingTime": 15, "processingTimeUnit": "WORKING_DAY", "description": "", "fees": []}
    ],
    executionCases=[{"name": "", "profileComponents": [{"name": "Đơn đề nghị cấp giấy phép", "originalQty": 1, "copyQty": 0}]}],
    legalBasisesDetails=[{"code": "105/2017/NĐ-CP", "name": "Nghị định 105/2017/NĐ-CP về kinh doanh rượu"}],
    resultsDetails=[{"name": "Giấy phép bán buôn sản phẩm rượu"}],
)
