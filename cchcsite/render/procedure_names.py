"""/tim-kiem/thu-tuc.json: every procedure's name, code, keywords and filter values, small enough
to come with the search page (a few kilobytes compressed per hundred procedures), so a shared
`?q=` link names the procedures it finds at once on a slow link while Pagefind loads for the
full text (cchcsite/theme/static/js/search.js, "Procedure names").

A row per procedure: [address ("" when it is `prefix` + the name as a slug + "/"), name, code, lĩnh vực (index into `fields`), cấp (`levels` keys,
comma-separated), mức độ trực tuyến (`online` key), 1 if abolished else 0, keywords (indexes
into `keywords`, comma-separated: the citizens' words repeat over many procedures), result (when it names something the title does not), 1 if only agencies apply for it (a
citizen searching "lý lịch tư pháp" wants the Phiếu for công dân before the one for cơ quan tố
tụng) else 0].
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .. import vi
from ..content import addresses
from ..content.citizen_words import syllables
from ..content.kinds import Kind, ProcedureStatus

if TYPE_CHECKING:
    from ..content.routes import Route, Routes
    from ..content.site import Site


def procedure_names(site: Site, routes: Routes, route: Route) -> bytes:
    pages = sorted(site.listed(route.items), key=lambda page: page.url)
    fields = sorted({page.data.field for page in pages})
    rows = []
    keywords: dict[str, int] = {}  # keyword → its index in the listing's table
    for page in pages:
        data = page.data
        title_words = set(syllables(page.title))
        result = data.result if set(syllables(data.result)) - title_words else ""
        rows.append(
            [
                "" if page.url == f"{addresses.PROCEDURES}{vi.slugify(page.title)}/" else page.url,
                page.title,
                data.code,
                fields.index(data.field),
                ",".join(data.level),
                data.online,
                int(data.abolished),
                ",".join(str(keywords.setdefault(keyword, len(keywords))) for keyword in site.search_keywords(page)),
                result,
                int(all(_agency(applicant) for applicant in data.applicants)),
            ]
        )
    listing = {
        "kind": vi.KIND_LABELS[Kind.PROCEDURE],
        "prefix": addresses.PROCEDURES,
        "fields": fields,
        "levels": vi.PROCEDURE_LEVELS,
        "online": vi.ONLINE_LEVELS,
        "status": vi.PROCEDURE_STATUS[ProcedureStatus.ABOLISHED],
        "filler": list(site.vocabulary.filler),
        "keywords": list(keywords),
        "procedures": rows,
    }
    return (json.dumps(listing, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


_PEOPLE = ("công dân", "cá nhân", "người", "tổ chức", "doanh nghiệp", "hộ gia đình")


def _agency(applicant: str) -> bool:
    """ "Cơ quan điều tra, Viện kiểm sát, Tòa án" is; "Cơ quan, tổ chức, cá nhân" is not."""
    text = applicant.strip().lower()
    return text.startswith(("cơ quan", "viện", "tòa án", "ủy ban")) and not any(word in text for word in _PEOPLE)
