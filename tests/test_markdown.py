"""Markdown bodies: CommonMark + tables, footnotes, anchors, autolinks; raw HTML sanitised with warnings."""

import re

from .conftest import build_site, messages
from .photos import PNG

BODY = """\
---
title: Tin có HTML
date: 2024-07-15
---
Mở đầu bài viết.

## Kết quả năm 2024

| Chỉ tiêu | Kết quả |
|---|--:|
| Hồ sơ trực tuyến | 95 % |

Xem https://dichvucong.gov.vn và chú thích[^1].

<p onclick="steal()">Đoạn có sự kiện</p>
<script>alert("x")</script>
<a href="javascript:alert(1)">bấm</a>
<iframe src="https://evil.example/x" title="lạ"></iframe>
<iframe src="https://www.youtube.com/embed/abc" title="Video hội nghị"></iframe>

[^1]: Theo báo cáo của Sở.
"""


def build_body(make_site, body=BODY):
    site = make_site({"content/tin-tuc/html.md": body})
    result = build_site(site)
    html = (site / "public/tin-tuc/html/index.html").read_text(encoding="utf-8") if result.ok else ""
    return result, html


def test_tables_footnotes_anchors_and_autolinks(make_site):
    result, html = build_body(make_site)
    assert result.ok, messages(result)
    assert '<h2 id="ket-qua-nam-2024">Kết quả năm 2024</h2>' in html
    assert '<td class="align-right">95 %</td>' in html  # alignment as a class: no inline style under the CSP
    assert '<a href="https://dichvucong.gov.vn">https://dichvucong.gov.vn</a>' in html
    assert 'class="footnotes"' in html and "Theo báo cáo của Sở." in html


def test_scripts_handlers_javascript_urls_and_foreign_iframes_are_removed_with_warnings(make_site):
    result, html = build_body(make_site)
    assert result.ok
    body = html.split('<div class="prose">', 1)[1]
    assert "<script" not in body and "alert" not in body
    assert "onclick" not in body and "steal" not in body
    assert "javascript:" not in body
    assert "evil.example" not in body
    assert '<iframe src="https://www.youtube.com/embed/abc" title="Video hội nghị"></iframe>' in body
    found = messages(result)
    assert "content/tin-tuc/html.md:15: cảnh báo: đã bỏ thuộc tính sự kiện `on...=` (mã JavaScript không được phép trong bài)" in found
    assert any(m.startswith("content/tin-tuc/html.md:15: cảnh báo: đã bỏ thẻ <script>") for m in found)
    assert any(m.startswith("content/tin-tuc/html.md:15: cảnh báo: đã bỏ địa chỉ `javascript:`") for m in found)
    assert any(m.startswith("content/tin-tuc/html.md:15: cảnh báo: đã bỏ khung nhúng từ `https://evil.example/x`") for m in found)


def test_untrusted_front_matter_text_is_escaped(make_site):
    body = '---\ntitle: "<img src=x onerror=alert(1)> Tin"\ndate: 2024-07-15\nsummary: "<b>đậm</b>"\n---\nNội dung.\n'
    result, html = build_body(make_site, body)
    assert result.ok
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; Tin" in html
    assert "<b>đậm</b>" not in html


def test_internal_link_to_a_missing_page_is_an_error_on_its_markdown_line(make_site):
    body = "---\ntitle: Tin\ndate: 2024-07-15\n---\nĐoạn một.\n\nXem [thủ tục](/thu-tuc/khong-co/) và ![ảnh](/images/khong-co.png).\n"
    result, _ = build_body(make_site, body)
    assert not result.ok
    found = messages(result)
    assert any(m.startswith("content/tin-tuc/html.md:7: liên kết `/thu-tuc/khong-co/` không tồn tại") for m in found)
    assert any(m.startswith("content/tin-tuc/html.md:7: ảnh `/images/khong-co.png` không tồn tại") for m in found)


def test_image_without_alt_text_warns(make_site):
    site = make_site(
        {
            "content/tin-tuc/anh.md": "---\ntitle: Tin ảnh\ndate: 2024-07-15\n---\n![](/images/a.png)\n",
            "static/images/a.png": PNG,
        }
    )
    result = build_site(site)
    assert result.ok
    assert any("content/tin-tuc/anh.md:5: cảnh báo: ảnh `/images/a.png` thiếu mô tả" in m for m in messages(result))
    page = (site / "public/tin-tuc/anh/index.html").read_text(encoding="utf-8")
    assert re.search(r'<img src="../../assets/photos/a\.\w+\.64\.png" [^>]* alt="" loading="lazy" decoding="async">', page), page


RICH = """\
Đoạn mở đầu với "ngoặc kép", &amp; ký hiệu, `mã <b>`, **đậm**, *nghiêng*, ~~gạch~~ và ngắt dòng\\
dòng sau.

## Mục hai {#khong-dung}

1. Mục một
2. Mục hai

5. Bắt đầu từ năm

> Trích dẫn với [liên kết có tiêu đề](https://dichvucong.gov.vn/a?b=1&c=2 "Cổng DVC").

| Trái | Giữa | Phải |
|:--|:-:|--:|
| a | b | c |

```python
print("<xin chào>")
```

***

Ảnh ![Biểu đồ](https://example.gov.vn/a.png "tiêu đề"), thư <hanhchinh@hungyen.gov.vn>, gọi [đường dây nóng](tel:02213123456),
[neo](#muc-hai), trang dichvucong.gov.vn, www.hungyen.gov.vn và thư hotro@hungyen.gov.vn; chú thích[^a].

[^a]: Ghi chú.
"""


def test_raw_html_images_follow_the_markdown_rules(make_site):
    body = (
        "---\ntitle: Tin ảnh HTML\ndate: 2024-07-15\n---\nMở đầu.\n\n"
        '<p><img src="/images/a.png"></p>\n\n<p><img src="/images/mat.png" alt="Ảnh"></p>\n\n<img src="http://example.com/b.jpg" alt="Hội nghị">\n'
    )
    site = make_site({"content/tin-tuc/anh.md": body, "static/images/a.png": PNG})
    result = build_site(site)
    found = messages(result)
    assert any(m.startswith("content/tin-tuc/anh.md:9: ảnh `/images/mat.png` không tồn tại") for m in found)
    assert any(m.startswith("content/tin-tuc/anh.md:7: cảnh báo: ảnh `/images/a.png` (viết bằng HTML) thiếu mô tả") for m in found)
    assert any(m.startswith("content/tin-tuc/anh.md:11: cảnh báo: ảnh `http://example.com/b.jpg` dùng http://") for m in found)
    (site / "static/images/mat.png").write_bytes(PNG)
    result = build_site(site)
    assert result.ok
    page = (site / "public/tin-tuc/anh/index.html").read_text(encoding="utf-8")
    # the first photo of the page: not lazy, fetched first
    assert re.search(r'<img src="../../assets/photos/a\.\w+\.64\.png" [^>]* alt="" fetchpriority="high" decoding="async">', page), page


def _elements(html: str) -> list[tuple[str, tuple]]:
    from html.parser import HTMLParser

    found: list[tuple[str, tuple]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, tuple(sorted(attrs))))

    Collect().feed(html)
    return found


def test_markdown_without_raw_html_needs_nothing_from_the_sanitiser():
    """Bodies without raw HTML skip the sanitiser (most of the Markdown time): it would remove nothing."""
    import nh3

    from cchcsite.markdown import SAFE_ATTRIBUTES, SAFE_TAGS, MarkdownRenderer

    html = MarkdownRenderer(()).render(RICH, page_url="/tin-tuc/a/", path="a.md", first_line=1).html
    sanitised = nh3.clean(html, tags=SAFE_TAGS, attributes=SAFE_ATTRIBUTES, url_schemes={"http", "https", "mailto", "tel"}, link_rel=None)
    assert _elements(html) == _elements(sanitised)
    assert len(_elements(html)) > 30  # the sample really exercises tables, lists, footnotes, links, images
    for bare in ("http://dichvucong.gov.vn", "http://www.hungyen.gov.vn", "mailto:hotro@hungyen.gov.vn"):
        assert f'href="{bare}"' in html  # bare addresses still become links


def test_links_with_unsafe_schemes_are_removed_even_without_raw_html():
    from cchcsite.markdown import MarkdownRenderer

    body = "[tệp](ftp://example.vn/a.zip) ![ảnh](data:image/png;base64,AAAA) [ổn](https://example.vn/)\n"
    html = MarkdownRenderer(()).render(body, page_url="/tin-tuc/a/", path="a.md", first_line=1).html
    assert "ftp:" not in html and "data:" not in html
    assert 'href="https://example.vn/"' in html


def test_quick_linkify_finds_exactly_the_links_linkify_it_finds():
    from linkify_it import LinkifyIt

    from cchcsite.markdown import _QuickLinkify

    samples = [
        "Xem dichvucong.gov.vn ngay", "WWW.HUNGYEN.GOV.VN", "thư: hotro@hungyen.gov.vn", "HTTPS://A.VN/x",
        "ftp://tep.vn/a", "mailto:a@b.vn", "//cdn.vn/a.js", "http://localhost:8080/", "LOCALHOST:3000",
        "cổng bộ.vn", "số 1.000 hồ sơ, v.v.", "Kết thúc câu. Câu sau", "tỷ lệ 95,5 %", "giờ 08:30",
        "địa chỉ 192.168.1.1", "xn--bcher-kva.example", "không có gì", "a.b", "ký hiệu @",
    ]  # fmt: skip

    def links(linkify, text):
        if not (linkify.pretest(text) and linkify.test(text)):
            return []
        return [(m.index, m.last_index, m.url) for m in linkify.match(text) or ()]

    quick, full = _QuickLinkify(), LinkifyIt()
    found = {text: links(full, text) for text in samples}
    assert sum(1 for text in samples if found[text]) >= 9  # the samples do hold links
    for text in samples:
        assert links(quick, text) == found[text], text
