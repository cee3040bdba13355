"""Posting an article's edit form as Wagtail's editor does, with a chosen body."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def list_block(values: list) -> dict:
    """A ListBlock's form data (``count``, then each child's value, order and id)."""
    data = {
        str(index): {"value": value, "deleted": "", "order": str(index), "id": ""}
        for index, value in enumerate(values)
    }
    data["count"] = str(len(values))
    return data


def table_block(caption: str, columns: list[tuple[str, str]], rows: list[list]) -> dict:
    """A TypedTableBlock's form data: ``columns`` as ``(type, heading)``; a rich-text cell's
    value as :func:`rich_text` gives it."""
    data: dict = {
        "caption": caption,
        "column-count": str(len(columns)),
        "row-count": str(len(rows)),
    }
    for index, (kind, heading) in enumerate(columns):
        data[f"column-{index}-type"] = kind
        data[f"column-{index}-order"] = str(index)
        data[f"column-{index}-deleted"] = ""
        data[f"column-{index}-heading"] = heading
    for row_index, row in enumerate(rows):
        data[f"row-{row_index}-order"] = str(row_index)
        data[f"row-{row_index}-deleted"] = ""
        for column_index, cell in enumerate(row):
            data[f"cell-{row_index}-{column_index}"] = cell
    return data


def card_block(kind: str, title: str, items: list[tuple[str, str]]) -> dict:
    return {
        "kind": kind,
        "title": title,
        "items": list_block([{"heading": q, "text": rich_text(a)} for q, a in items]),
    }


def save_draft(client: Client, page, body: list[tuple[str, object]]):
    """Save a draft of ``page`` with ``body`` from the edit form; the response unfollowed
    (a redirect when the form was accepted, the form again with its errors otherwise)."""
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "lead": page.lead,
            "body": streamfield(body),
            "kind": "news",
            "tags": "",
            "source_name": "",
            "source_url": "",
            "published_at": "",
            "updated_at": "",
            "byline": inline_formset([]),  # the authors (none)
            "corrections": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def body_messages(response) -> list[str]:
    """Every message the body's blocks were refused with, however deep the block."""
    errors = response.context["form"].errors["body"].as_data()
    found: list[str] = []

    def collect(data) -> None:
        if isinstance(data, dict):
            found.extend(str(message) for message in data.get("messages", []))
            for key, value in data.items():
                if key != "messages":
                    collect(value)
        elif isinstance(data, list):
            for item in data:
                collect(item)

    for error in errors:
        collect(error.as_json_data())
    return found
