"""The pieces an article body is made of."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("изображение"))
    caption = blocks.CharBlock(label=_("подпись"), required=False, max_length=500)
    credit = blocks.CharBlock(
        label=_("автор фото"),
        required=False,
        max_length=255,
        help_text=_("Пусто — берётся из карточки изображения."),
    )

    class Meta:
        icon = "image"
        template = "news/blocks/figure.html"
        label = _("изображение")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("цитата"))
    attribution = blocks.CharBlock(label=_("кто сказал"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        template = "news/blocks/quote.html"
        label = _("цитата")


class ListBlock(blocks.StructBlock):
    ordered = blocks.BooleanBlock(label=_("нумерованный"), required=False)
    items = blocks.ListBlock(blocks.CharBlock(max_length=1000), label=_("пункты"))

    class Meta:
        icon = "list-ul"
        template = "news/blocks/list.html"
        label = _("список")


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("абзац"),
        features=["bold", "italic", "link", "strikethrough"],
        template="news/blocks/paragraph.html",
    )
    heading = blocks.CharBlock(
        label=_("подзаголовок"), max_length=255, template="news/blocks/heading.html"
    )
    image = FigureBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(label=_("встраивание"), template="news/blocks/embed.html")
    list = ListBlock()
