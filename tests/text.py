"""Helpers for comparing what readers see with what a test wrote.

Articles get the newsroom's typography on save (non-breaking spaces after short words,
«ёлочки», em dashes), so tests that check a phrase compare it with spaces made plain.
"""

NBSP = "\u00a0"


def plain(text: str) -> str:
    """``text`` with non-breaking spaces as ordinary spaces."""
    return text.replace(NBSP, " ")
