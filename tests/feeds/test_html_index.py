"""Tests for feeds/html_index.py: the index page lists the feeds and every review, escapes what it shows,
and links to the NSPCC repository."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import html

from aggregator.models import Partnership, Review, SiteStatus, Source
from feeds.html_index import build_index
from feeds.publish import render_site
from feeds.site import Site


def _page(site: Site, partnerships: list[Partnership], reviews: list[Review]) -> html.HtmlElement:
    return html.fromstring(build_index(site, partnerships, reviews))


def _find(node: html.HtmlElement, tag: str, css_class: str | None = None) -> list[html.HtmlElement]:
    """Descendants by tag and class (lxml's cssselect needs the cssselect package, which we do without)."""
    test = f"[contains(concat(' ', normalize-space(@class), ' '), ' {css_class} ')]" if css_class else ""
    found: list[html.HtmlElement] = node.xpath(f".//{tag}{test}")
    return found


def _articles(page: html.HtmlElement) -> list[html.HtmlElement]:
    return _find(page, "article", "review")


def _article(page: html.HtmlElement, title: str) -> html.HtmlElement:
    (article,) = [a for a in _articles(page) if _find(a, "h3")[0].text_content() == title]
    return article


def _badges(article: html.HtmlElement) -> list[str]:
    return [badge.text_content() for badge in _find(article, "li", "badge")]


def test_autodiscovery_links_resolve_to_published_feeds(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    files = render_site(site, partnerships, reviews)
    page = html.fromstring(files["index.html"])
    links = page.xpath("//head/link[@rel='alternate'][@type='application/atom+xml']")
    hrefs = [link.get("href") for link in links]
    # Relative, so an exported copy works from any folder; and each is a file render_site publishes.
    assert hrefs == [
        "feeds/all.atom",
        "feeds/partnerships/derby-and-derbyshire.atom",
        "feeds/partnerships/doncaster.atom",
        "feeds/partnerships/example-newcomer.atom",
    ]
    assert set(hrefs) <= files.keys()
    assert all(link.get("title") for link in links)


def test_links_between_site_files_are_relative(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    page = _page(site, partnerships, reviews)
    assert not [href for href in page.xpath("//@href") if href.startswith(site.base_url)]


def test_header_links_to_nspcc_repository(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    page = _page(site, partnerships, reviews)
    (header,) = _find(page, "header", "site")
    assert site.nspcc_repository_url in [a.get("href") for a in _find(header, "a")]
    assert "12 months" in header.text_content()


def test_feed_list_gives_each_partnership_and_its_review_count(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    page = _page(site, partnerships, reviews)
    rows = [
        [cell.text_content().strip() for cell in row.xpath("td")] + row.xpath("td[@class='feed']/a/@href")
        for row in page.xpath("//table[@class='feeds']/tbody/tr")
    ]
    assert rows == [
        ["All partnerships", "5", "Atom", "feeds/all.atom"],
        [
            "Derby and Derbyshire Safeguarding Children Partnership",
            "4",
            "Atom",
            "feeds/partnerships/derby-and-derbyshire.atom",
        ],
        ["Doncaster Safeguarding Children Partnership", "1", "Atom", "feeds/partnerships/doncaster.atom"],
        [
            "Example Newcomer Safeguarding Children Partnership",
            "0",
            "Atom",
            "feeds/partnerships/example-newcomer.atom",
        ],
    ]
    assert "No reviews found" in page.get_element_by_id("partnership-example-newcomer").text_content()


def test_every_review_title_and_document_appears(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    page = _page(site, partnerships, reviews)
    titles = [_find(article, "h3")[0].text_content() for article in _articles(page)]
    assert sorted(titles) == sorted(r.title for r in reviews)
    hrefs = set(page.xpath("//article//a/@href"))
    for review in reviews:
        for document in review.documents:
            assert document.url in hrefs
    zac = _article(page, "Child Safeguarding Practice Review: Zac (ZDS22)")
    notes = [span.text_content() for span in _find(zac, "span", "notes")]
    assert notes == ["(Report, PDF, 1.2 MB)", "(Summary of progress, PDF)"]


def test_review_shows_type_date_reference_and_pseudonyms(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    page = _page(site, partnerships, reviews)
    mds = _article(page, "Child Safeguarding Practice Review: MDS20/PDS20").text_content()
    for expected in [
        "Local child safeguarding practice review",
        "Published August 2023",
        "MDS20/PDS20",
        "YP1, YP2",
        "School attendance, mental health and neglect",
    ]:
        assert expected in mds
    theo = _article(page, "Child Safeguarding Practice Review: Theo (TDS20)").text_content()
    assert "Published 12 March 2024" in theo
    briefing = _article(page, "Learning briefing: serious harm to babies under one, 2018 to 2020")
    assert "Date not given" in briefing.text_content()


@pytest.mark.parametrize(
    ("status", "badge"),
    [
        (SiteStatus.LIVE, "Live on the partnership's site"),
        (SiteStatus.RETENTION_DUE, "Retention due 12 March 2025"),
        (SiteStatus.REMOVED, "Removed from the partnership's site"),
    ],
)
def test_state_badge_per_site_status(
    site: Site, partnerships: list[Partnership], reviews: list[Review], status: str, badge: str
) -> None:
    review = next(r for r in reviews if r.key == "derby-and-derbyshire:tds20")
    review.site_status = status
    page = _page(site, partnerships, [review])
    assert _badges(_articles(page)[0]) == [badge]


def test_retention_badge_without_a_due_date(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    review = next(r for r in reviews if r.key == "derby-and-derbyshire:tds20")
    review.retention_due_on = None
    page = _page(site, partnerships, [review])
    assert _badges(_articles(page)[0]) == ["Retention due"]


def test_nspcc_link_goes_to_record_once_archived_else_to_repository(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    page = _page(site, partnerships, reviews)

    def nspcc_href(title: str) -> str:
        article = _article(page, title)
        wording = ("Its record in the NSPCC repository", "Find it in the NSPCC repository")
        (link,) = [a for a in _find(article, "a") if a.text_content() in wording]
        return str(link.get("href"))

    assert nspcc_href("LCSPR 'Child Cameron'").endswith("searchterm=Cameron")
    assert nspcc_href("Child Safeguarding Practice Review: Zac (ZDS22)") == site.nspcc_repository_url
    cameron = _article(page, "LCSPR 'Child Cameron'")
    assert _badges(cameron) == [
        "Live on the partnership's site",
        "Archived in the NSPCC repository on 1 February 2024",
    ]


def test_removed_review_is_not_linked_to_the_partnership_site(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    page = _page(site, partnerships, reviews)
    mds = _article(page, "Child Safeguarding Practice Review: MDS20/PDS20")
    review = next(r for r in reviews if r.key == "derby-and-derbyshire:mds20-pds20")
    assert review.url not in mds.xpath(".//a/@href")


def test_ids_are_unique_and_anchors_resolve(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    original = next(r for r in reviews if r.key == "derby-and-derbyshire:mds20-pds20")
    # A different key that cleans up to the same anchor as the original's.
    clash = Review(
        key="derby-and-derbyshire/mds20/pds20",
        title="Another review",
        url="https://x.example/",
        partnership_id=original.partnership_id,
        content_hash="",
        content_updated_at=original.content_updated_at,
        first_seen_at=original.first_seen_at,
        last_seen_at=original.last_seen_at,
    )
    clash.partnership = original.partnership
    page = _page(site, partnerships, [*reviews, clash])
    assert len(_articles(page)) == len(reviews) + 1
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids))
    for href in page.xpath("//a/@href[starts-with(., '#')]"):
        assert href[1:] in ids


def test_markup_in_data_is_escaped(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    review = reviews[0]
    review.title = "Review <script>alert('x')</script>"
    review.summary = "<img src=x onerror=alert(1)>"
    raw = build_index(site, partnerships, [review])
    assert b"<script>" not in raw
    assert b"<img" not in raw
    assert b"Review &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in raw
    page = html.fromstring(raw)
    assert _find(_articles(page)[0], "h3")[0].text_content() == review.title


def test_a_summary_that_only_repeats_the_title_is_shown_once(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    review = reviews[0]
    review.title = review.summary = "The learning review concerns the death of a 4 month old baby"
    article = _articles(_page(site, partnerships, [review]))[0]
    assert _find(article, "p", "summary") == []
    review.summary = "A different sentence."
    article = _articles(_page(site, partnerships, [review]))[0]
    assert [p.text_content() for p in _find(article, "p", "summary")] == ["A different sentence."]


def test_generated_at_only_in_footer_when_given(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    moment = dt.datetime(2025, 6, 1, 6, 5, tzinfo=dt.UTC)
    page = html.fromstring(build_index(site, partnerships, reviews, generated_at=moment))
    assert "Generated 1 June 2025, 06:05 UTC." in _find(page, "footer")[0].text_content()
    without = build_index(site, partnerships, reviews)
    assert b"Generated" not in without
    assert build_index(site, partnerships, list(reversed(reviews))) == without


def test_review_of_unknown_partnership_is_refused(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    with pytest.raises(ValueError, match="not given"):
        build_index(site, partnerships[1:], reviews)


def test_partnership_header_says_when_it_was_checked_and_what_failed(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    derby, doncaster = partnerships[0], partnerships[1]
    derby.sources = [
        Source(
            partnership_id=1,
            name="case-reviews",
            adapter="derby-and-derbyshire",
            url="https://d.example/a",
            schedule="17 6 * * *",
            last_success_at=dt.datetime(2026, 11, 21, 6, 17, tzinfo=dt.UTC),
        ),
        Source(
            partnership_id=1,
            name="learning-reviews",
            adapter="derby-and-derbyshire",
            schedule="17 6 * * *",
            url="https://d.example/b",
            last_success_at=dt.datetime(2026, 11, 1, 6, 17, tzinfo=dt.UTC),
            last_error="GET https://d.example/b answered HTTP 503 Service Unavailable",
            consecutive_failures=2,
            last_error_at=dt.datetime(2026, 11, 22, 6, 17, tzinfo=dt.UTC),
        ),
    ]
    doncaster.sources = []
    page = _page(site, partnerships, reviews)
    headers = {h.findtext("h2"): h for h in page.iter("header") if h.findtext("h2")}
    derby_header = headers[derby.name].text_content()
    assert "Last checked 21 November 2026" in derby_header
    checked = "https://d.example/b could not be checked on 22 November 2026 (2 attempts in a row)"
    assert checked in derby_header

    assert (
        "https://d.example/b could not be checked on 22 November 2026 (2 attempts in a row)" in derby_header
    )
    assert "503" not in derby_header and "GET" not in derby_header  # the exception's words are for operators
    assert "Not harvested yet" in headers[doncaster.name].text_content()


def _facts(article: html.HtmlElement) -> dict[str, str]:
    terms = [dt_.text_content() for dt_ in _find(article, "dt")]
    return dict(zip(terms, [dd.text_content() for dd in _find(article, "dd")], strict=True))


def test_each_review_says_when_its_retention_ends_and_from_what(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    theo = next(r for r in reviews if r.key == "derby-and-derbyshire:tds20")
    undated = next(r for r in reviews if r.published_on is None)
    undated.retention_due_on = dt.date(2025, 5, 2)
    page = _page(site, partnerships, reviews)
    assert _facts(_article(page, theo.title))["Retention period ends"] == (
        "12 March 2025, 12 months from publication"
    )
    assert _facts(_article(page, undated.title))["Retention period ends"] == (
        "2 May 2025, 12 months from when first seen here, 2 May 2024 (no date given)"
    )
    newcomer = next(p for p in partnerships if p.slug == "example-newcomer")  # gives no retention period
    theo.partnership = newcomer
    page = _page(site, partnerships, [theo])
    assert "Retention period ends" not in _facts(_articles(page)[0])


def test_an_archived_review_shows_its_record_and_what_the_nspcc_lists(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    cameron = next(r for r in reviews if r.key == "doncaster:child-cameron")
    cameron.learning_themes = ["information sharing between agencies"]
    cameron.recommendations = ["run a public awareness campaign"]
    article = _article(_page(site, partnerships, reviews), cameron.title)
    (record,) = [a for a in _find(article, "a") if a.text_content() == "Its record in the NSPCC repository"]
    assert record.get("href") == cameron.nspcc_url
    listed = [p.text_content() for p in _find(article, "p", "listed")]
    assert listed == ["Learning themes (NSPCC)", "Recommendations (NSPCC)"]
    assert "information sharing between agencies" in article.text_content()


def test_a_partnership_known_only_from_the_nspcc_has_no_website_link(
    site: Site, partnerships: list[Partnership], reviews: list[Review]
) -> None:
    newcomer = next(p for p in partnerships if p.slug == "example-newcomer")
    newcomer.homepage = ""
    page = _page(site, partnerships, reviews)
    headers = {h.findtext("h2"): h for h in page.iter("header") if h.findtext("h2")}
    header = headers[newcomer.name]
    assert "Partnership's website" not in header.text_content()
    assert "known from the NSPCC repository's lists" in header.text_content()
