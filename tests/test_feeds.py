"""The Atom feed follows RFC 4287's MUST rules and the sitemap validates against the
sitemaps.org protocol schema, on the real demo build."""

from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMAS = Path(__file__).parent / "schemas"


@pytest.fixture(scope="module")
def demo_output(built_demo):
    site, result = built_demo
    assert result.ok
    return site / "public"


def rfc3339(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert moment.tzinfo is not None, f"{text}: RFC 3339 dates need an offset"
    return moment


def one(element, name: str):
    found = element.findall(ATOM + name)
    assert len(found) == 1, f"<{element.tag}> must contain exactly one <{name}>, has {len(found)}"
    return found[0]


def test_atom_feed_meets_rfc_4287(demo_output):
    feed = etree.parse(str(demo_output / "feed.xml")).getroot()
    assert feed.tag == ATOM + "feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    for name in ("id", "title", "updated"):
        assert one(feed, name).text.strip()
    assert urlsplit(one(feed, "id").text).scheme == "https"
    rfc3339(one(feed, "updated").text)
    assert feed.findall(ATOM + "author/" + ATOM + "name")  # so entries need no author of their own
    assert [link.get("rel") for link in feed.findall(ATOM + "link")].count("self") == 1
    entries = feed.findall(ATOM + "entry")
    assert 10 <= len(entries) <= 50
    ids = [one(entry, "id").text for entry in entries]
    assert len(set(ids)) == len(ids)
    stamps = []
    for entry in entries:
        assert one(entry, "title").text.strip()
        stamps.append(rfc3339(one(entry, "updated").text))
        rfc3339(one(entry, "published").text)
        alternates = [link for link in entry.findall(ATOM + "link") if link.get("rel", "alternate") == "alternate"]
        assert len(alternates) == 1 and alternates[0].get("href") == one(entry, "id").text
        assert all(c.get("term") for c in entry.findall(ATOM + "category"))
    assert one(feed, "updated").text == max(stamps).isoformat()


def test_sitemap_validates_against_the_protocol_schema(demo_output):
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap.xsd")))
    sitemap = etree.parse(str(demo_output / "sitemap.xml"))
    assert schema.validate(sitemap), schema.error_log
    locations = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locations) == len(set(locations)) > 40
    assert all(loc.startswith("https://sotuphap.hungyen.gov.vn/cchc/") for loc in locations)


def test_schema_check_can_fail(tmp_path):
    """Guards the sitemap check: a relative loc and a bad date are rejected."""
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap.xsd")))
    bad = etree.fromstring(
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/tin-tuc/</loc><lastmod>15/07/2024</lastmod></url></urlset>'
    )
    assert not schema.validate(bad)
