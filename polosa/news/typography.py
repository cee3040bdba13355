"""The newsroom's typography applied to an article's text fields and body blocks.

Plain functions over the stored (JSON) form of the body, so the rules are tested without
a database; :meth:`polosa.news.models.ArticlePage.clean` and ``save`` apply them, before
a revision is stored and before a page is saved.
"""

from __future__ import annotations

from typing import Any

from polosa.core.typography import typograph, typograph_html

#: Which fields of each block are text to set; rich text goes through the HTML variant.
PLAIN_TEXT_FIELDS = {
    "quote": ("text", "attribution"),
    "image": ("caption",),
    "embed": ("caption",),
}
#: Table columns whose cells are rich text (the others are plain text).
RICH_TEXT_COLUMNS = frozenset({"rich_text"})


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
    if block_type == "table" and isinstance(value, dict):
        return _typograph_table(value)
    if block_type == "card" and isinstance(value, dict):
        return _typograph_card(value)
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


def _typograph_table(table: dict[str, Any]) -> dict[str, Any]:
    """A table's caption, headings and cells (``{"columns": [{"type", "heading"}, …],
    "rows": [{"values": [...]}, …], "caption"}``), each cell by its column's type."""
    columns = [column for column in table.get("columns", []) if isinstance(column, dict)]
    rich = [column.get("type") in RICH_TEXT_COLUMNS for column in columns]

    def cell(index: int, text: Any) -> Any:
        if not isinstance(text, str):
            return text
        return typograph_html(text) if index < len(rich) and rich[index] else typograph(text)

    return {
        **_typograph_keys(table, "caption"),
        "columns": [_typograph_keys(column, "heading") for column in columns],
        "rows": [
            {**row, "values": [cell(i, text) for i, text in enumerate(row.get("values", []))]}
            if isinstance(row, dict)
            else row
            for row in table.get("rows", [])
        ],
    }


def _typograph_card(card: dict[str, Any]) -> dict[str, Any]:
    """A card's title and items (``{"heading", "text"}``, the text rich)."""
    items = []
    for item in card.get("items", []):
        value = item.get("value") if isinstance(item, dict) and "value" in item else item
        if isinstance(value, dict):
            value = _typograph_keys(value, "heading")
            if isinstance(value.get("text"), str):
                value["text"] = typograph_html(value["text"])
        items.append(
            {**item, "value": value} if isinstance(item, dict) and "value" in item else value
        )
    return {**_typograph_keys(card, "title"), "items": items}


def _typograph_keys(value: dict[str, Any], *keys: str) -> dict[str, Any]:
    """A copy of ``value`` with the plain-text ``keys`` it has typographed."""
    return {
        key: typograph(text) if key in keys and isinstance(text, str) else text
        for key, text in value.items()
    }
