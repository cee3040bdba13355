"""Pictures that always know whom to credit.

Every picture on a news site needs a visible credit (``Фото: …``) and a licence on file;
Wagtail's custom image model keeps them beside focal points and renditions.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image


class CreditedImage(AbstractImage):
    credit = models.CharField(
        _("автор или источник фото"),
        max_length=255,
        blank=True,
        help_text=_("Показывается как «Фото: …». Пусто — подпись по умолчанию из настроек."),
    )
    source_url = models.URLField(_("ссылка на источник"), blank=True)
    licence = models.CharField(_("лицензия"), max_length=255, blank=True)

    admin_form_fields = Image.admin_form_fields + ("credit", "source_url", "licence")

    class Meta(AbstractImage.Meta):
        verbose_name = _("изображение")
        verbose_name_plural = _("изображения")


class CreditedRendition(AbstractRendition):
    image = models.ForeignKey(CreditedImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
