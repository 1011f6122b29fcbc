"""Relative links: the shortest path that works from any page, under any sub-path."""

import posixpath

import pytest

from cchcsite.urls import output_file, relative

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
