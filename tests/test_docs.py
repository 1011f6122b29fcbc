"""The officers' documents say what the tool does: the field reference and the guide's worked examples."""

from __future__ import annotations

import re

from cchcsite.reference import CONFIG_REFERENCE, REFERENCE, config_reference, field_reference

from .conftest import REPO, build_site, messages, write_site


def test_the_field_reference_in_docs_is_generated_from_the_field_declarations():
    committed = (REPO / REFERENCE).read_text(encoding="utf-8")
    assert committed == field_reference(), "docs/truong-noi-dung.md is out of date: run `python -m cchcsite.reference`"
    for name in ("code", "period_start", "components", "legal_basis"):
        assert f"`{name}`" in committed


def test_the_config_reference_in_docs_is_generated_from_the_config_declarations():
    committed = (REPO / CONFIG_REFERENCE).read_text(encoding="utf-8")
    assert committed == config_reference(), "docs/truong-cau-hinh.md is out of date: run `python -m cchcsite.reference`"
    for heading in ("## Các khóa của `contact`", "## Các khóa của `brand`", "## Mỗi mục của `menu`", "## Các khóa của `cms`"):
        assert heading in committed
    assert "| `zalo` | Zalo |" in committed and "| `base_url` | Địa chỉ trang | có |" in committed


def guide_example(heading: str) -> str:
    """The first ```yaml block after a heading of HUONG-DAN.md."""
    guide = (REPO / "HUONG-DAN.md").read_text(encoding="utf-8")
    section = guide.split(heading, 1)[1]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)


def test_the_guides_index_and_statistics_examples_build_as_the_guide_says(tmp_path):
    site = write_site(
        tmp_path / "site",
        {
            "content/chi-so/par-index-2025.md": guide_example("## 6a."),
            "content/thong-ke/quy-iii-2026.md": guide_example("## 6b."),
        },
    )
    result = build_site(site)
    assert result.ok and not messages(result), messages(result)
    stats = (site / "public/thong-ke/quy-iii-2026/index.html").read_text(encoding="utf-8")
    assert "728" in stats  # the total the guide promises
