"""«Авторы» in the admin (``polosa.news.viewsets``): the screen, the chooser in the article
form, and what readers see of an author: their page with photo and position, the
structured data, and precise purges when an editor changes them."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from lxml import html
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from polosa.core import taggedcache
from polosa.core.pagecache import entry_name
from polosa.news.content import ensure_author
from polosa.news.models import ArticlePage, Author
from polosa.news.viewsets import AuthorViewSet
from tests.core.pages import forget_page
from tests.newsroom.conftest import add_url, edit_url, page_form
from tests.text import plain

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/news/author/"
ADD_URL = "/admin/snippets/news/author/add/"


def edit_author_url(author) -> str:
    return f"/admin/snippets/news/author/edit/{author.pk}/"


def choose_url() -> str:
    return reverse(AuthorViewSet().chooser_viewset.get_url_name("choose"))


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


def author_form(**fields) -> dict:
    data = {"name": "", "position": "", "bio": "", "photo": "", "slug": ""}
    data.update(fields)
    return data


def text(response) -> str:
    return plain(response.content.decode())


# --- The screen -----------------------------------------------------------------------------


def test_the_admin_menu_has_authors(editor):
    dashboard = editor.get(reverse("wagtailadmin_home")).content.decode()
    (props,) = html.fromstring(dashboard).xpath("//script[@id='wagtail-sidebar-props']")
    menu = json.dumps(json.loads(props.text), ensure_ascii=False)
    assert '"Авторы"' in menu and LIST_URL in menu
    listing = editor.get(LIST_URL)
    assert listing.status_code == 200
    assert "Авторы" in text(listing)
    assert "Добавить автора" in text(listing)


def test_adding_an_author_fills_in_the_slug_from_the_name(editor, image_factory):
    photo = image_factory("Портрет")
    response = editor.post(
        ADD_URL,
        author_form(name="Анна Ким", position="обозреватель", bio="Пишет о кино.", photo=photo.pk),
    )
    assert response.status_code == 302, text(response)[:800]
    author = Author.objects.get()
    assert (author.slug, author.position, author.photo_id) == ("anna-kim", "обозреватель", photo.pk)


def test_a_namesake_gets_a_numbered_slug(editor):
    for _ in range(2):
        editor.post(ADD_URL, author_form(name="Анна Ким", slug="anna-kim"))
    assert sorted(Author.objects.values_list("slug", flat=True)) == ["anna-kim", "anna-kim-2"]


def test_a_typed_slug_another_author_has_is_a_form_error(editor):
    ensure_author("Анна Ким")
    response = editor.post(ADD_URL, author_form(name="Анна Кимова", slug="anna-kim"))
    assert response.status_code == 200
    assert "Адрес «anna-kim» уже занят другим автором." in text(response)
    assert Author.objects.count() == 1


def test_editing_an_author_keeps_the_slug_and_saves_the_position(editor):
    author = ensure_author("Анна Ким")
    response = editor.post(
        edit_author_url(author),
        author_form(name="Анна Ким-Орлова", position="шеф-редактор", slug=author.slug),
    )
    assert response.status_code == 302, text(response)[:800]
    author.refresh_from_db()
    assert (author.name, author.slug, author.position) == (
        "Анна Ким-Орлова",
        "anna-kim",
        "шеф-редактор",
    )


def test_a_cyrillic_slug_typed_by_an_editor_is_transliterated(editor):
    author = ensure_author("Анна Ким")
    editor.post(edit_author_url(author), author_form(name="Анна Ким", slug="анна-ким-кино"))
    author.refresh_from_db()
    assert author.slug == "anna-kim-kino"


@pytest.mark.parametrize("url", [LIST_URL, "CHOOSER"])
def test_the_list_and_the_chooser_search_by_name(editor, url):
    from wagtail.search.backends import get_search_backend

    for name in ("Анна Ким", "Олег Рябов"):
        get_search_backend().add(ensure_author(name))  # its own signal queues a task
    url = choose_url() if url == "CHOOSER" else url
    response = editor.get(url, {"q": "Ким"})
    assert response.status_code == 200
    found = response.content.decode()
    if response["Content-Type"].startswith("application/json"):  # the chooser's modal
        found = json.loads(found)["html"]
    assert "Анна Ким" in found
    assert "Олег Рябов" not in found


# --- The chooser in the article form --------------------------------------------------------


def byline(*authors) -> dict:
    return nested_form_data(
        {"byline": inline_formset([{"author": a.pk, "ORDER": n} for n, a in enumerate(authors)])}
    )


def test_the_article_form_chooses_several_authors_in_order(editor, rubric):
    anna, oleg = ensure_author("Анна Ким"), ensure_author("Олег Рябов")
    form = editor.get(add_url(rubric))
    assert "Добавить автора" in text(form)
    data = page_form(form, title="Два автора", slug="dva-avtora", action="action-publish")
    data.update(byline(oleg, anna))
    response = editor.post(add_url(rubric), data)
    assert response.status_code == 302, text(response)[:800]
    article = ArticlePage.objects.get(slug="dva-avtora")
    assert [author.name for author in article.author_list] == ["Олег Рябов", "Анна Ким"]
    byline_text = text(editor.get(article.url))
    assert byline_text.index("Олег Рябов") < byline_text.index("Анна Ким")


def test_choosing_one_author_twice_is_a_form_error_not_a_500(editor, rubric):
    anna = ensure_author("Анна Ким")
    form = editor.get(add_url(rubric))
    data = page_form(form, title="Дубль", slug="dubl")
    data.update(byline(anna, anna))
    response = editor.post(add_url(rubric), data)
    assert response.status_code == 200
    assert not ArticlePage.objects.filter(slug="dubl").exists()


def test_the_authors_chosen_in_a_draft_are_kept_in_its_revision(editor, rubric, article_factory):
    anna, oleg = ensure_author("Анна Ким"), ensure_author("Олег Рябов")
    article = article_factory("Колонка", rubric=rubric, authors=[anna])
    form = editor.get(edit_url(article))
    data = page_form(form)
    data.update(
        nested_form_data(
            {
                "byline": inline_formset(
                    [
                        {"id": article.byline.get().pk, "author": anna.pk, "ORDER": 1},
                        {"author": oleg.pk, "ORDER": 0},
                    ],
                    initial=1,
                )
            }
        )
    )
    response = editor.post(edit_url(article), data)
    assert response.status_code == 302, text(response)[:800]
    article.refresh_from_db()
    assert [a.name for a in article.author_list] == ["Анна Ким"]  # live: as published
    draft = article.get_latest_revision_as_object()
    assert [a.name for a in draft.author_list] == ["Олег Рябов", "Анна Ким"]


# --- What readers see -----------------------------------------------------------------------


@pytest.fixture
def pictured_author(image_factory):
    author = ensure_author("Вера Ольхова", photo=image_factory("Портрет"))
    author.position = "обозреватель отдела культуры"
    author.save()
    return author


def test_the_author_page_shows_the_photo_and_the_position(client, pictured_author, article_factory):
    article_factory("Премьера в театре", authors=[pictured_author])
    page = html.fromstring(client.get(pictured_author.get_absolute_url()).content)
    (photo,) = page.xpath("//header[@class='profile']//img")
    assert (photo.get("width"), photo.get("height")) == ("160", "160")
    assert "/media/images/" in photo.get("src")
    assert plain(page.xpath("//p[@class='profile__position']")[0].text_content()) == (
        "обозреватель отдела культуры"
    )


def json_ld(response) -> list[dict]:
    tree = html.fromstring(response.content)
    return [json.loads(s.text) for s in tree.xpath('//script[@type="application/ld+json"]')]


def test_the_author_page_carries_a_profile_with_job_title_and_image(
    client, pictured_author, article_factory
):
    article_factory("Премьера в театре", authors=[pictured_author])
    (profile,) = [
        data
        for data in json_ld(client.get(pictured_author.get_absolute_url()))
        if data["@type"] == "ProfilePage"
    ]
    person = profile["mainEntity"]
    assert person["@type"] == "Person"
    assert person["name"] == "Вера Ольхова"
    assert person["jobTitle"] == "обозреватель отдела культуры"
    assert person["image"].startswith("http") and "/media/images/" in person["image"]
    assert person["url"].endswith("/authors/vera-olkhova/")


def test_an_articles_authors_carry_job_title_and_image_where_present(
    client, pictured_author, article_factory
):
    plain_author = ensure_author("Олег Рябов")
    article = article_factory("Премьера в театре", authors=[pictured_author, plain_author])
    (news,) = [d for d in json_ld(client.get(article.url)) if d["@type"] == "NewsArticle"]
    pictured, bare = news["author"]
    assert pictured["jobTitle"] == "обозреватель отдела культуры"
    assert "/media/images/" in pictured["image"]
    assert bare == {"@type": "Person", "name": "Олег Рябов", "url": bare["url"]}


def test_the_author_page_costs_a_fixed_number_of_queries(
    client, pictured_author, article_factory, image_factory, django_assert_num_queries
):
    for number in range(12):
        article_factory(f"Новость {number}", authors=[pictured_author], main_image=image_factory())
    url = pictured_author.get_absolute_url()
    client.get(url)  # renditions are created on the first view ever
    forget_page(url)
    # the author with their photo, the page of their articles, the total
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200


# --- Purges ---------------------------------------------------------------------------------


def stored(url: str) -> bool:
    return taggedcache.store().get(entry_name("testserver", url, "")) is not None


def test_editing_an_author_purges_exactly_their_page_and_their_articles(
    editor, article_factory, purged
):
    from django.test import Client

    client = Client()  # a reader: the editor's pages are never stored
    author = ensure_author("Анна Ким")
    theirs = article_factory("Колонка Анны", authors=[author])
    other = article_factory("Чужая новость", authors=[ensure_author("Олег Рябов")])
    urls = [author.get_absolute_url(), theirs.url, other.url]
    for url in urls:
        assert client.get(url).status_code == 200
    assert all(stored(url) for url in urls)
    purged.clear()

    response = editor.post(
        edit_author_url(author),
        author_form(name="Анна Ким", position="шеф-редактор", slug=author.slug),
    )
    assert response.status_code == 302

    assert purged.keys == {f"author-{author.pk}", f"listing-author-{author.pk}", "names"}
    assert not stored(author.get_absolute_url())
    assert not stored(theirs.url)
    assert stored(other.url)
    assert "шеф-редактор" in text(client.get(author.get_absolute_url()))


def test_a_new_photo_file_purges_the_author_page_and_their_articles(
    pictured_author, article_factory
):
    from django.test import Client

    from polosa.media import services as media_services

    reader = Client()
    article = article_factory("Премьера в театре", authors=[pictured_author])
    for url in (pictured_author.get_absolute_url(), article.url):
        assert reader.get(url).status_code == 200 and stored(url)
    media_services.image_changed(pictured_author.photo)
    assert not stored(pictured_author.get_absolute_url())
    assert not stored(article.url)
