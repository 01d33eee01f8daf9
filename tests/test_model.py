"""The records' derived fields."""

from __future__ import annotations

import pytest

from newsprism.model import Article, outlet_from_url


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.reuters.com/world/europe/x", "reuters.com"),
        ("http://web.archive.org/web/20141108120159/http://www.wkrn.com/story/1", "wkrn.com"),
        ("https://web.archive.org/web/2016id_/https://abc7.com/news", "abc7.com"),
        ("https://web.archive.org/web/20160101000000*/example.org/a", "example.org"),
        ("https://web.archive.org/about", "web.archive.org"),
        ("not a url", None),
        (None, None),
    ],
)
def test_the_outlet_of_a_url_is_its_host_and_for_an_archived_copy_the_original_host(
    url: str | None, outlet: str | None
) -> None:
    assert outlet_from_url(url) == outlet


def test_a_given_source_names_the_outlet_before_the_url() -> None:
    article = Article(
        id="a", text="t", original="t", source="Kyiv Independent", url="https://kyivindependent.com/x"
    )
    assert article.outlet == "Kyiv Independent"
    assert (
        Article(id="b", text="t", original="t", url="https://kyivindependent.com/x").outlet
        == "kyivindependent.com"
    )
