"""Each write of the news app purges exactly the keys of what readers see change, and the
page shows the change at once after it."""

import pytest
from django.utils import timezone

from polosa.news import content

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged(article_factory, rubrics):
    author = content.ensure_author("Вера Ольхова")
    return article_factory(
        "Театр открыл сезон премьерой", rubric=rubrics[1], authors=[author], tags=["театр"]
    )


def expected_article_keys(article) -> set[str]:
    tag = article.tags.get()
    author = article.authors.get()
    return {
        f"article-{article.pk}",
        "listing-site",
        f"listing-rubric-{article.get_parent().pk}",
        f"listing-tag-{tag.pk}",
        f"listing-author-{author.pk}",
        # What is computed over its thousand ids: its sitemap file's date.
        f"article-ids-{(article.pk - 1) // 1000}",
    }


def test_publishing_an_edit_purges_the_article_and_the_lists_it_is_in(client, tagged, purged):
    client.get(tagged.url)
    tagged.title = "Театр открыл сезон громкой премьерой"
    tagged.save_revision().publish()
    assert purged.keys == expected_article_keys(tagged)
    assert "site" not in purged.keys
    assert "громкой премьерой" in client.get(tagged.url).content.decode()


def test_unpublishing_purges_the_same_keys_and_the_page_is_gone(client, tagged, purged):
    client.get(tagged.url)
    tagged.unpublish()
    assert purged.keys == expected_article_keys(tagged)
    assert client.get(tagged.url).status_code == 404


def test_deleting_a_live_article_purges_it_and_its_lists(client, tagged, purged):
    keys = expected_article_keys(tagged)
    client.get("/")
    tagged.delete()
    assert purged.keys == keys
    assert "Театр открыл сезон" not in client.get("/").content.decode()


def test_moving_an_article_purges_its_old_and_new_rubric_lists(tagged, rubrics, purged):
    old_rubric = tagged.get_parent()
    tagged.move(rubrics[2], pos="last-child")
    tagged.refresh_from_db()
    assert f"listing-rubric-{old_rubric.pk}" in purged.keys
    assert expected_article_keys(tagged) <= purged.keys
    assert "site" not in purged.keys


def test_publishing_a_new_article_leaves_other_articles_pages_cached(
    client, tagged, article_factory, purged
):
    client.get(tagged.url)
    newcomer = article_factory("Свежая новость", live=False, published_at=timezone.now())
    newcomer.save_revision().publish()
    assert f"article-{tagged.pk}" not in purged.keys
    assert client.get(tagged.url)["X-Polosa-Cache"] == "hit"


def test_a_rubric_publication_purges_the_rubric_its_lists_and_the_navigation(rubrics, purged):
    rubric = rubrics[0]
    rubric.title = "Главные новости"
    rubric.save_revision().publish()
    assert purged.keys == {
        f"rubric-{rubric.pk}",
        f"listing-rubric-{rubric.pk}",
        "rubrics",
        "listing-site",
    }


def test_renaming_an_author_purges_their_bylines_page_and_lists(client, tagged, purged):
    author = tagged.authors.get()
    client.get(tagged.url)
    author.name = "Вера Ольхова-Левина"
    author.save()
    assert purged.keys == {f"author-{author.pk}", f"listing-author-{author.pk}", "names"}
    assert "Вера Ольхова-Левина" in client.get(tagged.url).content.decode()


def test_renaming_a_tag_purges_its_name_page_and_lists(client, tagged, purged):
    tag = tagged.tags.get()
    tag.name = "театры"
    tag.save()
    assert purged.keys == {f"tag-{tag.pk}", f"listing-tag-{tag.pk}", "names"}
    assert "#театры" in client.get(tagged.url).content.decode()


def test_an_edited_picture_purges_what_shows_it(client, article_factory, image_factory, purged):
    picture = image_factory("Сцена", credit="Иван Светлов / Полоса")
    article = article_factory("Премьера в театре", main_image=picture)
    client.get(article.url)
    purged.clear()
    picture.credit = "Пресс-служба театра"
    picture.save()
    assert purged.keys == {f"image-{picture.pk}"}
    assert "Фото: Пресс-служба театра" in client.get(article.url).content.decode()


def test_a_view_restriction_purges_the_whole_site(rubrics, purged):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=rubrics[0], restriction_type=PageViewRestriction.PASSWORD, password="секрет"
    )
    assert purged.keys == {"site"}


def test_changed_outlet_settings_purge_what_every_page_shows(client, rubrics, purged):
    from wagtail.models import Site

    from polosa.core.models import OutletSettings

    client.get("/")
    settings = OutletSettings.for_site(Site.objects.get(is_default_site=True))
    purged.clear()
    settings.outlet_name = "Вечерний курьер"
    settings.save()
    assert purged.keys == {"settings"}
