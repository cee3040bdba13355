"""Read-only panels of the legal reviewer's screens."""

from __future__ import annotations

from wagtail.admin.panels import Panel

from polosa.legal import context


class MentionContextPanel(Panel):
    """Where a review's words stand: the article's headline, the sentences of its current
    text that hold them (the match marked) and the links to the draft and the editor.

    For the edit view of a :class:`~polosa.legal.models.MentionReview`; shows nothing for a
    review not saved yet (reviews are opened by the engine, never by hand).
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "legal/mention_context_panel.html"

        def is_shown(self) -> bool:
            return bool(getattr(self.instance, "pk", None))

        def get_context_data(self, parent_context=None):
            data = super().get_context_data(parent_context)
            data["item"] = context.review_in_context(self.instance)
            return data
