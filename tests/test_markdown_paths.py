"""The two Markdown paths give the same page: wherever the compiled engine (cchcsite/pulldown.py)
takes a body, its HTML, links (with their lines), first paragraph and warnings are exactly
markdown-it-py's. Held on the demo, every acceptance site, the imported sample catalogue, the
benchmark corpus, the CommonMark spec examples, officers' usual constructs and two seeded
generators of odd Markdown; and the router must take the ordinary bodies, or the fast path
would be a fast path in name only.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from cchcsite import pulldown
from cchcsite.markdown import MarkdownRenderer

from .conftest import REPO, check_site, run_cli_here, write_site

HERE = Path(__file__).parent
SPEC = HERE / "fixtures/commonmark/spec-0.31.2.json"
RENDERER = MarkdownRenderer(("www.youtube.com",))
PAGE = "/tin-tuc/bai-viet/"


def differences(calls: list[tuple[str, str, str, int]]) -> tuple[int, list[str]]:
    """(bodies the compiled engine took, what differed from markdown-it-py in them)."""
    taken, differ = 0, []
    for text, page_url, path, line in calls:
        fast = RENDERER.render_fast(text, page_url=page_url, path=path, first_line=line)
        if fast is None:
            continue
        taken += 1
        exact = RENDERER.render_exact(text, page_url=page_url, path=path, first_line=line)
        if fast != exact:
            fields = [name for name in ("html", "links", "first_paragraph", "problems") if getattr(fast, name) != getattr(exact, name)]
            differ.append(f"{path}: {text!r} differs in {fields}: exact {exact!r}, fast {fast!r}")
    return taken, differ


def rendered_in(site: Path, monkeypatch) -> list[tuple[str, str, str, int]]:
    """Every Markdown text `check` renders for a site (bodies and Markdown fields), as it is asked."""
    calls = []
    original = MarkdownRenderer.render

    def recording(self, text, *, page_url, path, first_line):
        calls.append((text, page_url, path, first_line))
        return original(self, text, page_url=page_url, path=path, first_line=first_line)

    with monkeypatch.context() as patch:
        patch.setattr(MarkdownRenderer, "render", recording)
        try:
            check_site(site, jobs=1)
        except Exception:  # a site whose config.yaml is refused still had its other files looked at
            pass
    return calls


def test_the_demo_and_every_acceptance_site_render_the_same(monkeypatch):
    sites = [REPO, *sorted(path for path in (HERE / "sites_invalid").iterdir() if path.is_dir())]
    calls = [call for site in sites for call in rendered_in(site, monkeypatch)]
    taken, differ = differences(calls)
    assert not differ, "\n".join(differ)
    assert len(calls) > 100 and taken >= 0.9 * len(calls), f"the compiled engine took {taken} of {len(calls)}"


def test_the_imported_sample_catalogue_renders_the_same(tmp_path, monkeypatch):
    site = write_site(tmp_path / "site", {}, "title: CCHC\norganization: Sở Tư pháp\nbase_url: https://example.gov.vn/cchc/\n")
    imported = run_cli_here("import", "procedures", "--site", str(site), str(HERE / "fixtures/thu-tuc-mau.csv"))
    assert imported.returncode == 0, imported.stderr
    calls = rendered_in(site, monkeypatch)
    taken, differ = differences(calls)
    assert not differ, "\n".join(differ)
    assert taken >= 0.9 * len(calls) > 20


def test_the_benchmark_corpus_takes_the_fast_path_and_renders_the_same():
    sys.path.insert(0, str(REPO / "bench"))
    from corpus import news_item

    rng = random.Random(7)
    bodies = [(news_item(rng, number).split("---\n", 2)[2], PAGE, f"tin-{number}.md", 7) for number in range(300)]
    taken, differ = differences(bodies)
    assert not differ, "\n".join(differ)
    assert taken == len(bodies)


def test_the_commonmark_spec_examples_the_engine_takes_render_the_same():
    examples = json.loads(SPEC.read_text(encoding="utf-8"))
    assert len(examples) == 652
    taken, differ = differences([(example["markdown"], PAGE, f"spec {example['example']}", 1) for example in examples])
    assert not differ, "\n".join(differ)
    assert taken >= 400  # everything but raw HTML, autolinks, references, tabs at line ends and the like


OFFICER_BODIES = {
    "plain news": "Sáng 15/7, Sở Tư pháp tổ chức hội nghị.\nĐại biểu thảo luận về **cải cách** và *chuyển đổi số*.\n",
    "headings that repeat": "## Kết quả\n\nA.\n\n## Kết quả\n\n### Đăng ký khai sinh (NĐ 123/2015/NĐ-CP)\n\n#### 100%\n",
    "links on later lines": 'Dòng một\ndòng hai [thủ tục](/thu-tuc/dang-ky-khai-sinh/)\ndòng ba [nguồn](https://dichvucong.gov.vn/p/home/dvc-trang-chu.html?a=1&b=2 "Cổng")\n',
    "images": "![Hội nghị](/images/hoi-nghi.jpg)\n\n![](/images/khong-mo-ta.png)\n\n![ảnh ngoài](http://baochinhphu.vn/a.jpg)\n",
    "a table with alignment": "| Chỉ tiêu | Kết quả | Tỉ lệ |\n|:--|:-:|--:|\n| Hồ sơ | [xem](/thong-ke/) | 98,5% |\n| Trễ hạn | 3 |\n",
    "a table without rows": "| Chỉ tiêu |\n|---|\n",
    "lists": "- mục [a](/a/)\n- mục\n  tiếp [b](/b/)\n  - con [c](/c/?q=1#x)\n\n1. một\n\n   [d](/d/#muc)\n2. hai\n",
    "strikethrough": "Mức phí ~~50.000 đồng~~ nay miễn phí.\n",
    "quotes and entities": 'Theo "Nghị định" số 42 & \'Thông tư\' &amp; &copy; 2026\n\n```\nmã "trích"\n```\n',
    "no-break spaces from Word": "Điều\u00a05. Quy định chung\n\nKhoản\u00a01, điểm\u00a0a.\n",
    "a summary from a tight list": "- Thủ tục được rút gọn\n- Hồ sơ nộp trực tuyến\n\nĐoạn sau.\n",
    "an address with spaces": "![Hội nghị](/images/Ảnh hội nghị (1).JPG)\n\n[Tải](/files/ke hoach.pdf)\n",
    "a setext heading": "Kết quả năm [2025](/chi-so/2025/)\n----------------\n\nĐoạn.\n",
}
# What the compiled engine must leave to markdown-it-py: the sanitiser, the footnote plugin, linkify-it.
EXACT_ONLY = {
    "raw HTML": 'Đoạn.\n\n<p><img src="/images/a.png"></p>\n',
    "a script": "<script>alert(1)</script>\n",
    "a footnote": "Theo nghị định[^1].\n\n[^1]: NĐ 42/2022/NĐ-CP.\n",
    "a bare address": "Xem tại https://dichvucong.gov.vn/ nhé.\n",
    "a bare domain": "Truy cập www.hungyen.gov.vn để biết thêm.\n",
    "an e-mail address": "Liên hệ lienhe@hungyen.gov.vn.\n",
    "a javascript link": "[bấm](javascript:alert(1))\n",
    "an ftp link": "[tải](ftp://example.gov.vn/a.pdf)\n",
    "a reference definition": "[Cổng][c]\n\n[c]: https://dichvucong.gov.vn/\n",
    "a lone tilde": "Khoảng ~5 ngày.\n",
}


@pytest.mark.parametrize("name", OFFICER_BODIES)
def test_what_officers_write_takes_the_fast_path_and_renders_the_same(name):
    text = OFFICER_BODIES[name]
    assert pulldown.parse(text, 5) is not None
    taken, differ = differences([(text, PAGE, "bai.md", 5)])
    assert taken == 1 and not differ, "\n".join(differ)


@pytest.mark.parametrize("name", EXACT_ONLY)
def test_what_only_markdown_it_renders_goes_the_exact_path(name):
    text = EXACT_ONLY[name]
    assert RENDERER.render_fast(text, page_url=PAGE, path="bai.md", first_line=5) is None
    assert RENDERER.render(text, page_url=PAGE, path="bai.md", first_line=5) == RENDERER.render_exact(
        text, page_url=PAGE, path="bai.md", first_line=5
    )


FRAGMENTS = (
    "Đăng ký", "thủ tục", " ", " ", "\n", "\n\n", "*", "**", "_", "`", "``", "[", "]", "(", ")", "![", "](/a/)", '](/tin-tuc/b/ "t")',
    "](https://x.vn/đ?a=1&b=2)", "# ", "## ", "### ", "- ", "1. ", "> ", "    ", "\t", "|", "---", "===", "~~", "\\", "&amp;", "&#x41;",
    "&copy;", "&nbsp;", '"', "'", ":", "/", ".", "@", "1.5", "www", "a.b", "```", "~~~", "\n- ", "\n1. ", "\n> ", "\n## ", "\n|---|---|\n",
    "| a | b |", "[x]", "[x]: /y", "![alt](/i.png)", "![](/i.png)", "[l](/l/)", "  \n", "\\\n", "*e*", "**s**", "`c`", "(1)", "#", "+", "=",
    "-", "2)", "3.", "!", "%", "?", "&", ";", "http", "://", "mailto:", "x@", "localhost", "<", ">", "[^1]", "~", "\u00a0", "ẞ", "İ",
)  # fmt: skip
LINE_STARTS = ("", "", "", "- ", "* ", "1. ", "2) ", "> ", "> - ", "## ", "# ", "    ", "  ", "   - ", "| ", "|---|---|", "|:-|-:|", "---", "===", "```", "```py", "~~~", "\t")  # fmt: skip


def fragments(rng: random.Random) -> str:
    return "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 40)))


def lines(rng: random.Random) -> str:
    rows = []
    for _ in range(rng.randint(1, 12)):
        rows.append(rng.choice(LINE_STARTS) + "".join(rng.choice(FRAGMENTS[:60]) for _ in range(rng.randint(0, 6))))
        if rng.random() < 0.3:
            rows.append("")
    return "\n".join(rows) + ("\n" if rng.random() < 0.8 else "")


@pytest.mark.parametrize("generate", [fragments, lines])
def test_odd_markdown_the_engine_takes_renders_the_same(generate):
    """Seeded, so a failure reproduces: what found each of the router's refusals."""
    rng = random.Random(2027)
    taken, differ = differences([(generate(rng), PAGE, "bai.md", 3) for _ in range(2500)])
    assert not differ, "\n".join(differ[:5])
    assert taken > 300


def test_markdown_exact_in_config_yaml_renders_every_body_with_markdown_it(tmp_path, monkeypatch):
    config = "title: CCHC\norganization: Sở Tư pháp\nbase_url: https://example.gov.vn/cchc/\nmarkdown: exact\n"
    site = write_site(
        tmp_path / "site", {"content/tin-tuc/a.md": "---\ntitle: Tin\ndate: 2026-01-02\n---\nĐoạn [một](/tin-tuc/).\n"}, config
    )
    monkeypatch.setattr(pulldown, "parse", lambda *args: pytest.fail("the compiled engine was asked"))
    result = check_site(site)
    assert result.ok and not result.report.warnings, [str(p) for p in result.report.warnings]


def test_the_command_line_forces_the_exact_path_over_config_yaml(tmp_path, monkeypatch):
    config = "title: CCHC\norganization: Sở Tư pháp\nbase_url: https://example.gov.vn/cchc/\nmarkdown: auto\n"
    site = write_site(tmp_path / "site", {"content/tin-tuc/a.md": "---\ntitle: Tin\ndate: 2026-01-02\n---\nĐoạn.\n"}, config)
    monkeypatch.setattr(pulldown, "parse", lambda *args: pytest.fail("the compiled engine was asked"))
    assert run_cli_here("check", "--site", str(site), "--markdown", "exact").returncode == 0
