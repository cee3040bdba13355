"""The home page's block per rubric, and responsive pictures in cards (AVIF/WebP, sized,
the lead eager, the rest lazy) at no query per card."""

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import html

from polosa.media import pictures
from tests.core.pages import forget_page

pytestmark = pytest.mark.django_db


def document(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200
    return html.fromstring(response.content)


def test_the_home_page_has_a_block_of_each_rubrics_newest_cards(client, article_factory, rubrics):
    now = timezone.now()
    for rubric in rubrics:
        for number in range(6):
            article_factory(
                f"{rubric.title}: материал {number}",
                rubric=rubric,
                published_at=now - timedelta(hours=number, minutes=rubrics.index(rubric)),
            )
    page = document(client)
    blocks = page.xpath("//section[@class='rubric-block']")
    assert [block.xpath("string(.//h2/span)") for block in blocks] == [r.title for r in rubrics]
    for block, rubric in zip(blocks, rubrics, strict=True):
        titles = [t.text_content().strip() for t in block.xpath(".//h2[@class='card__title']")]
        assert titles == [f"{rubric.title}: материал {number}" for number in range(4)]
        assert block.xpath(".//h2[@class='block-title']/a/@href") == [rubric.url]
    assert not document(client, "/?page=2").xpath("//section[@class='rubric-block']")


def test_the_rubric_blocks_are_stored_and_cost_two_queries_when_rendered(
    client, article_factory, image_factory, rubrics, django_assert_num_queries
):
    """Stored with the page's own listing key: a page miss reuses them; after a publication
    (the key purged) they cost one windowed query for all rubrics and one for pictures."""
    from polosa.core import surrogate, taggedcache

    picture = image_factory()
    for number in range(12):
        article_factory(f"Новость {number}", main_image=picture)
    client.get("/")
    forget_page("/")
    with django_assert_num_queries(4):
        client.get("/")
    # A renamed rubric: what is stored under the rubrics' key comes back (two queries) and
    # the blocks are rendered anew: one windowed query for every rubric, one for pictures.
    taggedcache.store().purge([surrogate.RUBRICS])
    with django_assert_num_queries(4 + 2 + 2):
        client.get("/")


def test_cards_offer_avif_and_webp_in_two_widths_with_their_size(
    client, article_factory, image_factory, rubrics
):
    picture = image_factory()
    article_factory("С картинкой", main_image=picture)
    article_factory("Ещё с картинкой", main_image=picture)
    page = document(client)
    lead = page.xpath("//section[@class='lead-story']//img")[0]
    assert lead.get("loading") == "eager" and lead.get("fetchpriority") == "high"
    assert lead.get("width") and lead.get("height")
    card = page.xpath("//section[@class='latest']//picture")[0]
    sources = card.xpath("source")
    if "avif" in pictures.formats():
        assert sources[0].get("type") == "image/avif"
        assert sources[0].get("srcset").count(" 400w") == 1
    img = card.xpath(".//img")[0]
    assert img.get("loading") == "lazy"
    assert img.get("srcset").endswith(" 800w") and ".webp" in img.get("srcset")
    assert img.get("sizes")


def test_a_card_without_a_picture_is_a_text_card_with_its_lead(client, article_factory, rubrics):
    article_factory("Без картинки", lead="Лид вместо картинки.")
    card = document(client).xpath("//article[contains(@class,'card--text')]")
    assert card and "Лид вместо картинки." in card[0].text_content().replace("\xa0", " ")
