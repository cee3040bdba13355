"""An article page's weight as a phone downloads it: its HTML, the stylesheet and the web
font's files, compressed as they travel (pictures aside)."""

import gzip
import re
from pathlib import Path

from django.contrib.staticfiles import finders
from wagtail.rich_text import RichText

#: HTML + CSS + fonts of an article page, compressed.
BUDGET_BYTES = 120_000
PARAGRAPH = (
    "Организаторы фестиваля рассказали, что программа в этом году вдвое больше прошлогодней: "
    "показы пройдут на набережной и в трёх кинотеатрах, а вход на большинство из них свободный. "
)


def compressed(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def test_an_article_page_with_its_stylesheet_and_fonts_stays_within_budget(
    client, article_factory, image_factory, rubrics
):
    body = [("paragraph", RichText(f"<p>{PARAGRAPH * 4}</p>")) for _ in range(8)]
    article = article_factory(
        "Фестиваль уличного кино открылся в Самаре",
        rubric=rubrics[2],
        lead="Показы пройдут на набережной, вход свободный.",
        main_image=image_factory("Набережная"),
        body=body,
        tags=["фестивали", "кино"],
    )
    html = client.get(article.url).content
    stylesheet = Path(finders.find("polosa/site.css")).read_bytes()
    fonts = {
        name: Path(finders.find(f"polosa/{name}")).stat().st_size
        for name in re.findall(r'url\("(fonts/[^"]+\.woff2)"\)', stylesheet.decode())
    }
    assert len(fonts) == 2  # the Cyrillic and the Latin subset, nothing else
    sizes = {"html": compressed(html), "css": compressed(stylesheet), **fonts}
    print(sizes, sum(sizes.values()))
    assert sum(sizes.values()) <= BUDGET_BYTES, sizes
