"""The page explorer of a rubric, for a member of the «Редактор» group: newest first, at
a number of queries that does not grow with the rubric."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from lxml import html as lxml_html

from polosa.news.models import ArticlePage, RubricPage
from polosa.newsroom import roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model) -> Client:
    user = django_user_model.objects.create_user("redaktor", "r@example.com", "pw")
    user.groups.add(Group.objects.get(name=roles.EDITOR))
    client = Client()
    client.force_login(user)
    return client


def generate(count: int, settings, tmp_path) -> RubricPage:
    settings.VAR_DIR = tmp_path
    call_command("generate", articles=count, stdout=io.StringIO(), stderr=io.StringIO())
    return RubricPage.objects.get(slug="novosti")


def listed_ids(response) -> list[int]:
    document = lxml_html.fromstring(response.content.decode())
    ids = []
    for href in document.xpath("//table//a/@href"):
        parts = href.strip("/").split("/")
        if len(parts) == 4 and parts[:2] == ["admin", "pages"] and parts[3] == "edit":
            ids.append(int(parts[2]))
    return list(dict.fromkeys(ids))


def test_the_explorer_lists_a_rubrics_articles_newest_first(editor, settings, tmp_path):
    rubric = generate(24, settings, tmp_path)
    response = editor.get(f"/admin/pages/{rubric.pk}/")
    assert response.status_code == 200
    expected = list(
        ArticlePage.objects.child_of(rubric)
        .order_by("-latest_revision_created_at")
        .values_list("pk", flat=True)
    )
    assert listed_ids(response) == expected


@pytest.mark.parametrize("count", [8, 40])
def test_the_explorer_costs_the_same_queries_however_many_children(
    editor, settings, tmp_path, count, django_assert_num_queries
):
    rubric = generate(count, settings, tmp_path)
    url = f"/admin/pages/{rubric.pk}/"
    editor.get(url)
    with django_assert_num_queries(39):  # flat in the children; 33 before the merged admin panels
        assert editor.get(url).status_code == 200


def test_the_explorer_search_and_the_edit_form_answer_the_editor(editor, settings, tmp_path):
    rubric = generate(8, settings, tmp_path)
    article = ArticlePage.objects.child_of(rubric).first()
    assert editor.get(f"/admin/pages/{rubric.pk}/", {"q": "фестиваль"}).status_code == 200
    assert editor.get(f"/admin/pages/{article.pk}/edit/").status_code == 200
