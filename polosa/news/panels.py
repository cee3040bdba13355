"""Admin panels of the news app's pages."""

from __future__ import annotations

from wagtail.admin.panels import MultipleChooserPanel


class BylinePanel(MultipleChooserPanel):
    """The article's authors, chosen several at once with the authors' chooser and put in
    order. Its button says «Добавить автора»: Wagtail's own builds «Добавить автор» from
    the label, which also titles each line («Автор 1»)."""

    class BoundPanel(MultipleChooserPanel.BoundPanel):
        template_name = "news/panels/byline_panel.html"
