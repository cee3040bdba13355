"""Pictures that always know whom to credit.

Every picture on a news site needs a visible credit (``Фото: …``) and a licence on file;
Wagtail's custom image model keeps them beside focal points and renditions.

A picture with more pixels than ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` (one stored before the
limit, or put in without the admin's upload check) is never decoded for a rendition: a
60 000 × 2 000 JPEG of 2 MB takes gigabytes and seconds to decode. Wagtail's templates
and Polosa's feeds and metadata treat it like a missing file: no picture.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files import File
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL.Image import DecompressionBombError, DecompressionBombWarning
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    Filter,
    Image,
    SourceImageIOError,
    WagtailImageField,
    get_rendition_storage,
    get_rendition_upload_to,
)

logger = logging.getLogger(__name__)


class OversizedImageError(SourceImageIOError):
    """The original has more pixels than the limit: it is not decoded (a SourceImageIOError,
    so Wagtail's ``{% image %}`` renders it as a missing picture instead of failing)."""


class CreditedImage(AbstractImage):
    credit = models.CharField(
        _("автор или источник фото"),
        max_length=255,
        blank=True,
        help_text=_("Показывается как «Фото: …». Пусто — подпись по умолчанию из настроек."),
    )
    source_url = models.URLField(_("ссылка на источник"), blank=True)
    licence = models.CharField(_("лицензия"), max_length=255, blank=True)

    # Wagtail's own fields without a verbose name («focal point x»), named in Russian; the
    # columns are Wagtail's unchanged.
    focal_point_x = models.PositiveIntegerField(_("фокус по горизонтали"), null=True, blank=True)
    focal_point_y = models.PositiveIntegerField(_("фокус по вертикали"), null=True, blank=True)
    focal_point_width = models.PositiveIntegerField(_("ширина фокуса"), null=True, blank=True)
    focal_point_height = models.PositiveIntegerField(_("высота фокуса"), null=True, blank=True)
    file_size = models.PositiveIntegerField(_("размер файла"), null=True, editable=False)
    file_hash = models.CharField(
        _("контрольная сумма файла"), max_length=40, blank=True, editable=False, db_index=True
    )

    admin_form_fields = Image.admin_form_fields + ("credit", "source_url", "licence")

    class Meta(AbstractImage.Meta):
        verbose_name = _("изображение")
        verbose_name_plural = _("изображения")

    @property
    def exceeds_pixel_limit(self) -> bool:
        """More pixels than ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` (None or 0: no limit), by the
        size stored at upload: nothing is opened to know it."""
        limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
        return bool(limit) and (self.width or 0) * (self.height or 0) > limit

    def generate_rendition_file(self, filter: Filter, *, source: File | None = None) -> File:
        # Every rendition Wagtail makes (one or several at once) is drawn here; the stored
        # size is checked before the original is opened at all.
        if self.exceeds_pixel_limit:
            logger.warning(
                "Picture %s is %s×%s, over the limit of %s pixels: shown as missing",
                self.pk,
                self.width,
                self.height,
                settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS,
            )
            raise OversizedImageError(f"picture {self.pk} has more pixels than the limit")
        try:
            return super().generate_rendition_file(filter, source=source)
        except (DecompressionBombError, DecompressionBombWarning) as error:
            # Pillow's own limit (set at start-up) caught a picture whose stored size lied.
            raise OversizedImageError(str(error)) from error


class CreditedRendition(AbstractRendition):
    # Wagtail's fields, with Russian verbose names only.
    filter_spec = models.CharField(_("фильтр"), max_length=255, db_index=True)
    file = WagtailImageField(
        _("файл"),
        upload_to=get_rendition_upload_to,
        storage=get_rendition_storage,
        width_field="width",
        height_field="height",
    )
    width = models.IntegerField(_("ширина"), editable=False)
    height = models.IntegerField(_("высота"), editable=False)
    focal_point_key = models.CharField(
        _("ключ фокуса"), max_length=16, blank=True, default="", editable=False
    )
    image = models.ForeignKey(
        CreditedImage,
        verbose_name=_("изображение"),
        on_delete=models.CASCADE,
        related_name="renditions",
    )

    class Meta:
        verbose_name = _("версия изображения")
        verbose_name_plural = _("версии изображений")
        unique_together = (("image", "filter_spec", "focal_point_key"),)
