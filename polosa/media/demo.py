"""The demo's pictures in every responsive size, made once while the demo is built, so its
first reader does not wait for a hundred AVIF encodings."""

from __future__ import annotations

from tqdm import tqdm


def populate(stdout=None) -> None:
    from polosa.media import pictures
    from polosa.media.models import CreditedImage
    from polosa.news.models import ArticlePage
    from polosa.titles.models import Title

    article_images = set(ArticlePage.objects.values_list("main_image", flat=True))
    posters = set(Title.objects.values_list("poster", flat=True))
    jobs = [
        (article_images, pictures.filter_specs("card", "lead", "article")),
        (posters, pictures.filter_specs("poster", "poster-small")),
    ]
    total = sum(len(ids - {None}) for ids, _ in jobs)
    with tqdm(total=total, unit="карт.", disable=stdout is None) as bar:
        for ids, specs in jobs:
            for image in CreditedImage.objects.filter(pk__in=ids - {None}):
                image.get_renditions(*specs)
                bar.update(1)
    if stdout is not None:
        stdout.write(f"Картинки демо нарезаны для всех размеров экрана: {total}.")
