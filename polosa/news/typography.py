"""The newsroom's typography applied to an article's text fields and body blocks.

Plain functions over the stored (JSON) form of the body, so the rules are tested without
a database; :meth:`polosa.news.models.ArticlePage.clean` and ``save`` apply them, before
a revision is stored and before a page is saved.
"""

from __future__ import annotations

from typing import Any

from polosa.core.typography import typograph, typograph_html

#: Which fields of each block are text to set; rich text goes through the HTML variant.
PLAIN_TEXT_FIELDS = {"quote": ("text", "attribution"), "image": ("caption",)}


def typograph_body(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The body's blocks (``[{"type", "value", "id"}, …]``) with typography applied.

    Embeds, image choices and credits are left as they are.
    """
    return [{**block, "value": _typograph_value(block["type"], block["value"])} for block in blocks]


def _typograph_value(block_type: str, value: Any) -> Any:
    if block_type == "paragraph" and isinstance(value, str):
        return typograph_html(value)
    if block_type == "heading" and isinstance(value, str):
        return typograph(value)
    if block_type == "list" and isinstance(value, dict):
        return {**value, "items": [_typograph_item(item) for item in value.get("items", [])]}
    fields = PLAIN_TEXT_FIELDS.get(block_type)
    if fields and isinstance(value, dict):
        return {
            key: typograph(text) if key in fields and isinstance(text, str) else text
            for key, text in value.items()
        }
    return value


def _typograph_item(item: Any) -> Any:
    """A list item: a plain string, or ``{"type": "item", "value": …, "id": …}``."""
    if isinstance(item, str):
        return typograph(item)
    if isinstance(item, dict) and isinstance(item.get("value"), str):
        return {**item, "value": typograph(item["value"])}
    return item
