"""The pieces an article body is made of."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.embeds import embeds
from wagtail.embeds.blocks import EmbedBlock, EmbedValue
from wagtail.embeds.exceptions import EmbedException, EmbedUnsupportedProviderException
from wagtail.images.blocks import ImageChooserBlock

#: Inline formatting a table cell or a card's text may have.
INLINE_FEATURES = ["bold", "italic", "link"]


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


class ExplainedEmbedBlock(EmbedBlock):
    """Wagtail's embed block that tells the editor why an address was refused.

    Wagtail's own says only «Не могу найти код для встраивания для этого URL»; the embed
    finders configured in ``WAGTAILEMBEDS_FINDERS`` explain their refusals in the text of
    the exception, and that text is shown under the field.
    """

    def clean(self, value):
        if not (isinstance(value, EmbedValue) and value.url):
            return super().clean(value)  # empty: required or not
        self.field.clean(value.url)  # not an address at all: Django's URL message
        try:
            embeds.get_embed(value.url, value.max_width, value.max_height)
        except EmbedUnsupportedProviderException:
            raise ValidationError(_("Эту ссылку нельзя встроить.")) from None
        except EmbedException as refused:
            raise ValidationError(
                str(refused) or _("Не удалось получить код для встраивания по этой ссылке.")
            ) from None
        return value


class EmbedFigureBlock(blocks.StructBlock):
    """A post or a video from another site with the newsroom's caption; readers get a
    click-to-load placeholder (the embeds app's ``lazy_embed`` tag)."""

    url = ExplainedEmbedBlock(
        label=_("ссылка"),
        help_text=_("Пост или видео: Telegram, ВКонтакте, Rutube, YouTube, Дзен, Одноклассники."),
    )
    caption = blocks.CharBlock(label=_("подпись"), required=False, max_length=500)

    class Meta:
        icon = "media"
        template = "news/blocks/embed.html"
        label = _("встраивание")


class TableBlock(TypedTableBlock):
    """A table: columns with a heading each (the header row), cells of plain text or of
    simple formatted text, and a caption."""

    text = blocks.CharBlock(label=_("текст"), required=False, max_length=1000)
    rich_text = blocks.RichTextBlock(
        label=_("текст с форматированием"), required=False, features=INLINE_FEATURES
    )

    class Meta:
        icon = "table"
        template = "news/blocks/table.html"
        label = _("таблица")


class CardItemBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("вопрос или заголовок пункта"), required=False, max_length=500
    )
    text = blocks.RichTextBlock(label=_("текст"), features=INLINE_FEATURES)


class CardBlock(blocks.StructBlock):
    """A fact box («Справка») or questions and answers («Вопрос — ответ») beside the text."""

    kind = blocks.ChoiceBlock(
        label=_("вид"),
        choices=[("facts", _("Справка")), ("qa", _("Вопрос — ответ"))],
        default="facts",
    )
    title = blocks.CharBlock(
        label=_("заголовок"),
        required=False,
        max_length=255,
        help_text=_("Пусто — «Справка» или «Вопрос — ответ»."),
    )
    items = blocks.ListBlock(CardItemBlock(), label=_("пункты"), min_num=1)

    def clean(self, value):
        value = super().clean(value)
        if value.get("kind") == "qa" and any(not item.get("heading") for item in value["items"]):
            raise blocks.StructBlockValidationError(
                non_block_errors=ErrorList([_("У каждого ответа должен быть свой вопрос.")])
            )
        return value

    class Meta:
        icon = "help"
        template = "news/blocks/card.html"
        label = _("карточка")


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
    embed = EmbedFigureBlock()
    list = ListBlock()
    table = TableBlock()
    card = CardBlock()
