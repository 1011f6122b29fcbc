"""One page of every kind, by the template that renders it (shared by the accessibility
test and the weight benchmark, so both look at the same pages)."""

PAGE_KINDS = {
    "trang chủ": "home.html",
    "danh sách tin": "list.html",
    "tin tức": "news.html",
    "danh sách văn bản": "documents.html",
    "văn bản": "document.html",
    "danh mục thủ tục": "procedures.html",
    "thủ tục": "procedure.html",
    "lĩnh vực": "procedure_field.html",
    "tổng quan chỉ số": "indexes.html",
    "kết quả chỉ số": "index_result.html",
    "danh sách thống kê": "stats_list.html",
    "thống kê": "stats.html",
    "chủ đề": "term.html:/chu-de/",
    "trụ cột": "term.html:/tru-cot/",
    "tìm kiếm": "search.html",
    "trang thường": "page.html",
    "dữ liệu mở": "data.html",
    "danh sách đơn vị": "units.html",
    "đơn vị theo loại": "units_filter.html",
    "đơn vị": "unit.html:/don-vi/ubnd-",
    "xếp hạng": "ranking.html",
    "các bảng xếp hạng": "rankings.html",
    "xếp hạng theo chỉ số": "ranking_index.html",
}


def first_url_per_kind(routes) -> dict[str, str]:
    urls = {}
    for name, wanted in PAGE_KINDS.items():
        template, _, prefix = wanted.partition(":")
        urls[name] = next(r.url for r in routes if r.template == template and r.url.startswith(prefix or "/"))
    return urls
