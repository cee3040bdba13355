"""Members of each role, logged in to the real admin, and the page forms they post.

Every user is created in the test and added to the group the roles' migration made; forms
are read from the page the admin renders (so fields other apps add are posted back as
shown) with the streamfield and the comments, which the admin draws in the browser, added.
"""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from polosa.news.models import ArticlePage
from polosa.newsroom import roles

_numbers = itertools.count(1)

# Short ids for parametrised tests: a failure names the role.
ROLES = {
    "author": roles.AUTHOR,
    "editor": roles.EDITOR,
    "managing_editor": roles.MANAGING_EDITOR,
    "lawyer": roles.LAWYER,
    "administrator": roles.ADMINISTRATOR,
}


def each_role(*allowed: str):
    """Parametrise over every role: ``(role, allowed)`` with ids like ``author-refused``."""
    unknown = set(allowed) - set(ROLES)
    assert not unknown, unknown
    return pytest.mark.parametrize(
        ("role", "allowed"),
        [
            pytest.param(name, key in allowed, id=f"{key}-{_verdict(key in allowed)}")
            for key, name in ROLES.items()
        ],
    )


def _verdict(allowed: bool) -> str:
    return "allowed" if allowed else "refused"


@pytest.fixture
def login(db):
    """``login(role)``: a client logged in as a new member of that group."""

    def make(role: str, username: str | None = None) -> Client:
        number = next(_numbers)
        user = User.objects.create_user(
            username or f"member{number}", f"member{number}@example.com", "pw"
        )
        user.groups.add(Group.objects.get(name=role))
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return make


def refused(response) -> bool:
    """Wagtail answers a refusal with a redirect to the dashboard (or a 403)."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def rendered_form(response) -> dict[str, str | list[str]]:
    """The values of the admin's edit form (a page, a setting, a user) as it rendered them."""
    document = lxml_html.fromstring(response.content.decode())
    (form,) = document.xpath("//form[@data-edit-form]")
    data: dict[str, str | list[str]] = {}
    for field in form.xpath(".//input[@name]|.//textarea[@name]|.//select[@name]"):
        name = field.get("name")
        if field.tag == "select":
            data[name] = [option.get("value") for option in field.xpath(".//option[@selected]")]
        elif field.tag == "textarea":
            data[name] = field.text or ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.get("checked") is not None:
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    return data


def page_form(response, *, action: str | None = None, body: str = "<p>Текст.</p>", **fields):
    """What a browser would post from this page form, with ``fields`` changed and the
    button ``action`` pressed («action-publish», «action-submit»; none saves a draft)."""
    data = rendered_form(response)
    data.update(
        nested_form_data(
            {
                "body": streamfield([("paragraph", rich_text(body))]),
                "comments": inline_formset([]),
            }
        )
    )
    data.update(fields)
    if action:
        data[action] = action
    return data


def add_url(rubric) -> str:
    return reverse("wagtailadmin_pages:add", args=("news", "articlepage", rubric.pk))


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


@pytest.fixture
def write(rubric):
    """``write(client, title, action=...)``: the member adds an article under the rubric
    through the admin's create view; returns the response (followed) or the refusal, with
    ``response.page``: the article created (``None`` if none was).

    Titles are found by their slug: the typography changes spaces after short words."""

    def post(client: Client, title: str, *, action: str | None = None, body: str = "<p>Текст.</p>"):
        form = client.get(add_url(rubric))
        if form.status_code != 200:
            form.page = None
            return form
        slug = f"material-{next(_numbers)}"
        response = client.post(
            add_url(rubric),
            page_form(form, action=action, body=body, title=title, slug=slug),
            follow=True,
        )
        response.page = ArticlePage.objects.filter(slug=slug).first()
        return response

    return post


@pytest.fixture
def edit():
    """``edit(client, page, action=..., **fields)``: the member opens the page's editor and
    posts it back; returns the response (followed) or the refusal."""

    def post(client: Client, page, *, action: str | None = None, **fields):
        form = client.get(edit_url(page))
        if form.status_code != 200:
            return form
        return client.post(edit_url(page), page_form(form, action=action, **fields), follow=True)

    return post
