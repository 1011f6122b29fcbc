"""Relative links: the shortest path that works from any page, under any sub-path."""

import posixpath

import pytest

from cchcsite.urls import output_file, relative, resolve

PAGES = ["/", "/tin-tuc/", "/tin-tuc/abc/", "/tin-tuc/trang/2/", "/thu-tuc/linh-vuc/ho-tich/", "/404.html"]
TARGETS = ["/", "/tin-tuc/", "/tin-tuc/abc/", "/tin-tuc/abcd/", "/feed.xml", "/assets/site.1a.css", "/thu-tuc/linh-vuc/"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("target", TARGETS)
def test_relative_link_lands_on_the_target(page, target):
    link = relative(target, page)
    page_dir = page[: page.rfind("/") + 1]
    landed = posixpath.normpath(posixpath.join(page_dir, link))
    assert landed == posixpath.normpath(target), (page, target, link)
    assert target.endswith("/") == link.endswith("/")


def test_examples():
    assert relative("/thu-tuc/", "/tin-tuc/abc/") == "../../thu-tuc/"
    assert relative("/tin-tuc/", "/tin-tuc/abc/") == "../"
    assert relative("/tin-tuc/abc/", "/tin-tuc/abc/") == "./"
    assert relative("/lien-he/#duong-day-nong", "/") == "lien-he/#duong-day-nong"
    assert relative("/tim-kiem/?q=khai+sinh", "/tin-tuc/") == "../tim-kiem/?q=khai+sinh"
    assert relative("https://dichvucong.gov.vn/", "/tin-tuc/") == "https://dichvucong.gov.vn/"


def test_output_files():
    assert output_file("/") == "index.html"
    assert output_file("/tin-tuc/abc/") == "tin-tuc/abc/index.html"
    assert output_file("/feed.xml") == "feed.xml"


def test_pager_offers_a_window_not_every_page():
    from cchcsite.content.taxonomy import Pager

    assert Pager(1, 3, "/tin-tuc/").window() == [1, 2, 3]
    assert Pager(50, 400, "/tin-tuc/").window() == [1, None, 48, 49, 50, 51, 52, None, 400]
    assert Pager(400, 400, "/tin-tuc/").window() == [1, None, 398, 399, 400]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("target", TARGETS)
def test_a_relative_reference_resolves_to_the_site_path_the_browser_loads(page, target):
    assert resolve(relative(target, page), page) == target


@pytest.mark.parametrize(
    ("written", "page", "meant"),
    [
        ("anh.jpg", "/tin-tuc/abc/", "/tin-tuc/abc/anh.jpg"),
        ("../van-ban/x/", "/tin-tuc/abc/", "/tin-tuc/van-ban/x/"),  # what the browser does, not what the officer meant
        ("../../van-ban/x/#dieu-3", "/tin-tuc/abc/", "/van-ban/x/#dieu-3"),
        ("../../../../images/a.jpg", "/tin-tuc/abc/", "/images/a.jpg"),  # never above the site's root
        ("./", "/tin-tuc/abc/", "/tin-tuc/abc/"),
        ("..", "/tin-tuc/abc/", "/tin-tuc/"),
        ("/thu-tuc/./linh-vuc/../", "/", "/thu-tuc/"),
        ("C:\\Users\\Lan\\anh.jpg", "/tin-tuc/abc/", "/tin-tuc/abc/C:\\Users\\Lan\\anh.jpg"),  # a Windows path is checked, not skipped
    ],
)
def test_resolve_examples(written, page, meant):
    assert resolve(written, page) == meant


@pytest.mark.parametrize(
    "other", ["https://dichvucong.gov.vn/", "mailto:cchc@example.gov.vn", "tel:02213555868", "//cdn.example/x.js", "#muc-2", "?q=1", ""]
)
def test_what_is_not_a_site_path_is_left_alone(other):
    assert resolve(other, "/tin-tuc/abc/") is None
