"""The national procedure database's detail records (JSON as the national portal serves them) →
procedure front matter.

Text is kept verbatim, only cleaned (NFC, tabs, double and trailing spaces); a fee's description
is never replaced by its value (a 0 with "Theo quy định của Bộ trưởng Bộ Tài chính" is not "free").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from .. import vi
from ..content.kinds import ChannelMode, OnlineLevel, normalise_number
from .parse import clean, legal_basis, legal_number, number_of, parse_date

# Keys only a national detail record carries: one of them makes a JSON object a portal record.
MARKER_KEYS = frozenset(
    {"executionMethods", "executionCases", "legalBasisesDetails", "departmentsExecuting", "unitGroupsExecuting",
     "subjectTypesDetails", "resultsDetails", "formalityType", "categoriesDetails", "executionSteps"}
)  # fmt: skip
# Front-matter fields a portal record provides: on `--update` these are the database's, the rest the officer's.
OWNED = (
    "code", "title", "field", "level", "online", "decision", "procedure_type", "steps", "channels", "documents",
    "applicants", "agency", "authority", "delegated", "coordinating", "result", "legal_basis", "requirements",
    "receiving_address", "decision_date", "decision_issuer", "delivery", "portal_id",
)  # fmt: skip
# Relative `attachments[].filePath` values are paths on the national portal.
PORTAL_FILES = "https://dichvucong.gov.vn/"

FORMALITY_TYPES = {
    "ASSIGNED_REGULATION": "TTHC được luật giao quy định chi tiết",
    "NOT_ASSIGNED_REGULATION": "TTHC không được luật giao quy định chi tiết",
    "CENTRAL_REGULATION": "TTHC do Trung ương quy định",
    "LOCAL_REGULATION": "TTHC do Bộ, cơ quan, địa phương quy định",
    "OTHER": "",
}
MODES = {"ONLINE": ChannelMode.ONLINE.value, "POSTAL": ChannelMode.POSTAL.value, "DIRECT": ChannelMode.DIRECT.value}
# `returningMethods` given as codes, in the words the page shows.
RETURNING = {"DIRECT": "Trực tiếp", "ONLINE": "Trực tuyến", "POSTAL": "Qua dịch vụ bưu chính", "POST": "Qua dịch vụ bưu chính"}
# Where a record may say when it was last changed (epoch milliseconds or a date): the first one present counts.
UPDATED_KEYS = ("updatedDate", "updatedAt", "updateDate", "lastModifiedDate", "modifiedDate", "lastUpdatedDate")
UNITS = {"WORKING_DAY": "ngày làm việc", "DAY": "ngày", "HOUR": "giờ", "MONTH": "tháng", "WEEK": "tuần", "YEAR": "năm"}
LEVEL_FLAGS = (("isMinistry", "bo"), ("isProvince", "tinh"), ("isDistrict", "huyen"), ("isWard", "xa"), ("isCommune", "xa"))
AGENCIES = (
    ("agency", "departmentsExecuting", "unitGroupsExecuting"),
    ("authority", "departmentsAuthority", "unitGroupsAuthority"),
    ("delegated", "departmentsAuthorized", "unitGroupsAuthorized"),
    ("coordinating", "departmentsCoordinating", "unitGroupsCoordinating"),
)

_STEP = re.compile(r"(?m)^[ \t\-•*]*(?:\*\*)?[Bb]ước\s+(\d+)\s*(?:\*\*)?\s*[:.\-–)]\s*(?:\*\*)?")
_GENERIC_STEP = re.compile(r"(?i)(trình tự thực hiện|trình tự|các bước( thực hiện)?|bước\s*\d+)\s*[:.]?")
_STEPS_LABEL = re.compile(r"(?i)^(trình tự thực hiện|trình tự|các bước( thực hiện)?)\s*:\s*\n")  # a label line above the steps
_STEP_INLINE = re.compile(r"(?<=[.;:!?])[ \t]+(?=[Bb]ước\s+\d+\s*[:.\-–])")


def is_portal_record(item: Any) -> bool:
    return isinstance(item, dict) and bool(MARKER_KEYS.intersection(item))


_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<])")
_MARKDOWN_LINE_START = re.compile(r"^([#>|]|[-=_]{3,}$)")
_BULLET = re.compile(r"^([-–•*+])\s+(\S.*)$")


def _escaped(line: str) -> str:
    return _MARKDOWN_LINE_START.sub(r"\\\1", _MARKDOWN_INLINE.sub(r"\\\1", line))


def literal(text: str) -> str:
    """Plain text the agency typed, written so Markdown shows it as typed: each line stays a line,
    lines starting "- ", "* ", "• " or "– " a list ("+ " under one of those: its sub-list), "(*) … (*)"
    stays two asterisks (not italics), "[a](/b)" stays text; "1." lists keep their meaning."""
    out: list[str] = []
    block, top = "", ""  # what the last line began: "list" (with its marker `top`), "text" or "" (a blank line)
    for raw in text.split("\n"):
        line = raw.strip()
        bullet = _BULLET.match(line)
        if not line:
            block = ""
            out.append("")
        elif bullet:
            marker, rest = bullet.groups()
            nested = block == "list" and marker == "+" and top != "+"
            if block == "text":
                out.append("")  # a list after a line of text is a block of its own
            if not nested:
                top = top if block == "list" else marker
            out.append(("  - " if nested else "- ") + _escaped(rest))
            block = "list"
        else:
            if block == "list":
                out.append("")  # else Markdown would continue the list item with this line
            elif block == "text":
                out[-1] += "\\"  # a hard line break: the line as typed
            out.append(_escaped(line))
            block = "text"
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def _names(items: Any) -> list[str]:
    """`[{name: ...}, ...]` (or plain strings) → the distinct cleaned names, in order."""
    if not isinstance(items, list):
        return []
    names = [clean(i.get("name") if isinstance(i, dict) else i, one_line=True) for i in items]
    return list(dict.fromkeys(n for n in names if n))


def _mapping(value: Any) -> dict[str, Any]:
    """A record's nested object, or an empty one when the portal sent something else (null, a list)."""
    return value if isinstance(value, dict) else {}


@dataclass
class Mapped:
    values: dict[str, Any]
    notes: list[str] = field(default_factory=list)  # what the officer should know (warnings)


def front_matter(record: dict[str, Any]) -> Mapped:
    """One detail record → our front-matter values, those the record has (the caller says what is missing)."""
    out: dict[str, Any] = {}
    notes: list[str] = []

    code = clean(record.get("code"), one_line=True)
    if code:
        out["code"] = code
    if isinstance(record.get("id"), str) and (portal_id := clean(record["id"], one_line=True)):
        out["portal_id"] = portal_id
    if title := clean(record.get("name"), one_line=True):
        out["title"] = title
    decision = clean(record.get("decisionNo"), one_line=True)
    proposal = _mapping(record.get("procedureProposal"))
    if not decision:
        decision = clean(proposal.get("proposalNumber"), one_line=True)
    if "/" in decision:  # "Quyết định số 1234/QĐ-UBND" → the number the page prints after "Quyết định"
        decision = legal_number(decision)
    if decision:
        out["decision"] = decision
        issuer = _mapping(proposal.get("issuingAgency"))
        if decided := day_of(proposal.get("decisionDate") or record.get("decisionDate")):
            out["decision_date"] = decided.isoformat()
        if issuer_name := clean(issuer.get("name"), one_line=True):
            out["decision_issuer"] = issuer_name
    levels = [level for flag, level in LEVEL_FLAGS if record.get(flag) is True]
    if not levels and record.get("isOtherAgency") is True:
        levels = ["bo"]
        notes.append("thủ tục của cơ quan khác (isOtherAgency) được ghi cấp bộ (`bo`); hãy sửa `level` nếu cần")
    if levels:
        out["level"] = list(dict.fromkeys(levels))
    formality = clean(record.get("formalityType"), one_line=True)
    if formality in FORMALITY_TYPES:
        if FORMALITY_TYPES[formality]:
            out["procedure_type"] = FORMALITY_TYPES[formality]
    elif formality:
        notes.append(f"loại thủ tục `{formality}` không nhận ra; bỏ qua")
    category = _mapping(record.get("category"))
    fields = _names([category]) if category.get("name") else _names(record.get("categoriesDetails"))
    if fields:
        out["field"] = fields[0]
    if applicants := _names(record.get("subjectTypesDetails")):
        out["applicants"] = applicants
    for name, departments, groups in AGENCIES:
        agencies = _names(record.get(departments)) or _names(record.get(groups))
        if agencies:
            out[name] = "; ".join(agencies)
    if results := _names(record.get("resultsDetails")):
        out["result"] = "; ".join(results)
    if delivery := _delivery(record.get("returningMethods")):
        out["delivery"] = delivery
    keywords = re.split(r"[,;\n]", clean(record.get("keywords"))) if isinstance(record.get("keywords"), str) else []
    if keywords := list(dict.fromkeys(k for k in (clean(k, one_line=True) for k in keywords) if k)):
        out["keywords"] = keywords
    if requirements := clean(record.get("requirementsAndConditions")):
        out["requirements"] = literal(requirements)
    if address := _receiving_address(record.get("dossierReceivingAddresses")):
        out["receiving_address"] = literal(address)
    methods = [m for m in record.get("executionMethods") or [] if isinstance(m, dict)]
    out["online"] = _online(record, methods)
    if steps := _steps(record.get("executionSteps")):
        out["steps"] = steps
    channels, channel_notes = _channels(methods)
    notes += channel_notes
    if channels:
        out["channels"] = channels
    papers, paper_notes = _documents(record.get("executionCases"))
    notes += paper_notes
    if papers:
        out["documents"] = papers
    if bases := _legal_basis(record.get("legalBasisesDetails")):
        out["legal_basis"] = bases
    if changed := next((day_of(record[key]) for key in UPDATED_KEYS if record.get(key)), None):
        out["updated"] = changed.isoformat()
    return Mapped(out, notes)


def day_of(value: Any):
    """A record's date: what `parse_date` reads, or the day of an ISO moment (`2026-03-15T08:30:00`)."""
    return parse_date(value) or (parse_date(value[:10]) if isinstance(value, str) else None)


def _delivery(value: Any) -> list[str]:
    """`returningMethods`: how the result reaches the citizen, as codes, texts or `{name, description}`."""
    items = value if isinstance(value, list) else [value] if value else []
    shown = []
    for item in items:
        if isinstance(item, dict):
            name = clean(item.get("name") or item.get("returningMethod") or item.get("method") or item.get("type"), one_line=True)
            description = clean(item.get("description"))
            name = RETURNING.get(name.upper(), name)
            text = f"{name}: {description}" if name and description and description != name else name or description
        else:
            text = clean(item)
            text = RETURNING.get(text.upper(), text)
        if text:
            shown.append(text)
    return list(dict.fromkeys(shown))


def _online(record: dict[str, Any], methods: list[dict[str, Any]]) -> str:
    """`isFullProcess` → toàn trình; an ONLINE submission method otherwise → một phần; none → không."""
    if record.get("isFullProcess") is True:
        return OnlineLevel.FULL.value
    if any(str(m.get("submissionMethod", "")).upper() == "ONLINE" for m in methods):
        return OnlineLevel.PARTIAL.value
    return OnlineLevel.NONE.value


def _receiving_address(value: Any) -> str:
    if isinstance(value, list):
        parts = [clean(v.get("name") or v.get("address") or v.get("description") if isinstance(v, dict) else v) for v in value]
        return "\n\n".join(dict.fromkeys(p for p in parts if p))
    if isinstance(value, dict):
        return clean(value.get("name") or value.get("address") or value.get("description"))
    return clean(value)


def _steps(items: Any) -> list[str]:
    """`executionSteps[] {name, description}`: a "Bước 1: … Bước 2: …" block becomes one step each."""
    steps: list[str] = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            name, text = clean(item.get("name"), one_line=True), clean(item.get("description"))
        else:
            name, text = "", clean(item)
        if not text:
            text, name = name, ""
        text = _STEPS_LABEL.sub("", text)
        if not text:
            continue
        pieces = split_steps(text)
        if len(pieces) == 1 and name and not text.startswith(name) and not _GENERIC_STEP.fullmatch(name):
            pieces = [f"{name}: {text}"]  # a named block ("Tiếp nhận hồ sơ") keeps its name
        steps.extend(literal(piece) for piece in pieces)
    return steps


def split_steps(text: str) -> list[str]:
    """Split at each "Bước N:" that starts a line (or a sentence); the label goes, the list numbers them."""
    text = _STEP_INLINE.sub("\n", text)
    marks = list(_STEP.finditer(text))
    if len(marks) < 2 and not (marks and marks[0].start() == 0):
        return [text]
    numbers = [int(m.group(1)) for m in marks]
    if numbers != list(range(1, len(numbers) + 1)):  # "Bước 2a", restarts: keep the agency's own numbering
        return [text] if len(marks) < 2 else [clean(p) for p in _pieces(text, marks, keep_label=True) if clean(p)]
    return [clean(p) for p in _pieces(text, marks, keep_label=False) if clean(p)]


def _pieces(text: str, marks: list[re.Match], keep_label: bool) -> list[str]:
    pieces = []
    head = text[: marks[0].start()].strip()
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
        pieces.append(text[mark.start() if keep_label else mark.end() : end])
    if head:  # an introduction before "Bước 1" belongs to the first step
        pieces[0] = f"{head}\n\n{pieces[0].strip()}"
    return pieces


def _amount(value: Any, currency: str) -> str:
    number = float(value)
    shown = vi.format_number(int(number) if number.is_integer() else number)
    unit = currency.strip() if currency.strip() and currency.strip().upper() not in ("VND", "VNĐ", "ĐỒNG", "VNĐỒNG") else "đồng"
    return f"{shown} {unit}"


def fee_text(fee: dict[str, Any]) -> str:
    """One fee as the citizen must read it: its description verbatim; the amount only when the text lacks it."""
    description = clean(fee.get("description"))
    value = number_of(fee.get("value"))
    currency = clean(fee.get("currencyName"), one_line=True)
    if value <= 0:
        return description or "Không thu phí"  # 0 with a description is "see the description", never "free"
    amount = _amount(value, currency)
    digits = re.sub(r"\D", "", amount)
    if description and digits and digits in re.sub(r"\D", "", description):
        return description
    return f"{amount}. {description}" if description else amount


def _duration(method: dict[str, Any]) -> tuple[str, bool]:
    """(`05 ngày làm việc`, False) or, for unit OTHER / time 0, (the method's own description, True)."""
    unit = str(method.get("processingTimeUnit") or "").upper()
    amount = number_of(method.get("processingTime"))
    if unit in UNITS and amount > 0:
        shown = f"{int(amount):02d}" if amount.is_integer() else vi.format_number(amount)
        return f"{shown} {UNITS[unit]}", False
    return clean(method.get("description")), True


def _channels(methods: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    channels, notes = [], []
    for method in methods:
        kind = str(method.get("submissionMethod") or "").upper()
        if kind not in MODES:
            notes.append(f"cách thức nộp `{kind or '(trống)'}` không nhận ra; bỏ qua cách thức này")
            continue
        duration, from_description = _duration(method)
        fees = [fee_text(f) for f in method.get("fees") or [] if isinstance(f, dict)]
        channel = {"mode": MODES[kind], "duration": duration, "fee": "; ".join(dict.fromkeys(f for f in fees if f))}
        description = clean(method.get("description"))
        if description and not from_description:
            channel["note"] = description
        channel = {k: v for k, v in channel.items() if v}
        if channel not in channels:  # the same method listed twice
            channels.append(channel)
    return channels, notes


def form_url(path: str) -> str:
    """An attachment's `filePath` as a link: kept when it is a web address, else joined to the portal."""
    path = clean(path, one_line=True)
    if not path:
        return ""
    if urlsplit(path).scheme in ("http", "https"):
        return path
    return urljoin(PORTAL_FILES, quote(path.lstrip("/"), safe="/?=&%:#+"))


def _documents(cases: Any) -> tuple[list[dict[str, Any]], list[str]]:
    papers, notes = [], []
    for case in cases if isinstance(cases, list) else []:
        if not isinstance(case, dict):
            continue
        case_name = clean(case.get("name"), one_line=True)
        for component in case.get("profileComponents") or []:
            if not isinstance(component, dict) or not clean(component.get("name")):
                continue
            paper: dict[str, Any] = {"name": clean(component.get("name"), one_line=True)}
            for ours, theirs in (("original", "originalQty"), ("copy", "copyQty")):
                if component.get(theirs) not in (None, "") and not isinstance(component.get(theirs), bool):
                    paper[ours] = int(number_of(component[theirs]))
            forms = [form_url(a.get("filePath", "")) for a in component.get("attachments") or [] if isinstance(a, dict)]
            forms = [f for f in dict.fromkeys(forms) if f]
            if forms:
                paper["form"] = forms[0]
                if len(forms) > 1:
                    notes.append(f"giấy tờ `{paper['name']}` có {len(forms)} mẫu; trang chỉ liên kết mẫu đầu tiên")
            if case_name:
                paper["case"] = case_name
            papers.append(paper)
    return papers, notes


def _legal_basis(items: Any) -> list[dict[str, Any]]:
    """`legalBasisesDetails[] {code, name}` → `{number, title, date}`, the same basis listed twice merged."""
    merged: dict[str, dict[str, Any]] = {}
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        basis = legal_basis(str(item.get("name") or ""), str(item.get("code") or ""))
        if not basis:
            continue
        key = normalise_number(basis["number"])
        if key in merged:
            for name, value in basis.items():
                merged[key].setdefault(name, value)
        else:
            merged[key] = basis
    return list(merged.values())
