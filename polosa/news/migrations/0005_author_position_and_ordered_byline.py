"""Authors get a position; an article's authors become an ordered byline.

The plain many-to-many of articles and authors becomes ``ArticleAuthor`` rows (Orderable,
chosen in the article form with a searchable chooser), keeping every link: live articles'
links are copied in the order readers saw them (by name), and every stored revision of an
article is rewritten from its list of author ids to the byline rows in that list's order,
so drafts and the history open and publish with the authors they had.
"""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

BATCH = 500


def article_revisions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(app_label="news", model="articlepage").first()
    if content_type is None:
        return Revision.objects.none()
    return Revision.objects.filter(content_type=content_type)


def rewrite_revisions(apps, convert) -> None:
    changed = []
    for revision in article_revisions(apps).iterator(chunk_size=BATCH):
        content = revision.content
        if isinstance(content, dict) and convert(content):
            changed.append(revision)
        if len(changed) >= BATCH:
            type(revision).objects.bulk_update(changed, ["content"])
            changed = []
    if changed:
        type(changed[0]).objects.bulk_update(changed, ["content"])


def links_to_byline(apps, schema_editor):
    ArticlePage = apps.get_model("news", "ArticlePage")
    ArticleAuthor = apps.get_model("news", "ArticleAuthor")
    links = ArticlePage.authors.through.objects.order_by(
        "articlepage_id", "author__name", "author_id"
    ).values_list("articlepage_id", "author_id")
    rows, order, previous = [], 0, None
    for article_id, author_id in links.iterator(chunk_size=BATCH):
        order = order + 1 if article_id == previous else 0
        previous = article_id
        rows.append(ArticleAuthor(article_id=article_id, author_id=author_id, sort_order=order))
    ArticleAuthor.objects.bulk_create(rows, batch_size=BATCH)

    def convert(content: dict) -> bool:
        if "authors" not in content:
            return False
        ids = content.pop("authors") or []
        content["byline"] = [
            {"pk": None, "sort_order": number, "article": content.get("pk"), "author": pk}
            for number, pk in enumerate(ids)
        ]
        return True

    rewrite_revisions(apps, convert)


def byline_to_links(apps, schema_editor):
    ArticlePage = apps.get_model("news", "ArticlePage")
    ArticleAuthor = apps.get_model("news", "ArticleAuthor")
    Link = ArticlePage.authors.through
    Link.objects.bulk_create(
        [
            Link(articlepage_id=article_id, author_id=author_id)
            for article_id, author_id in ArticleAuthor.objects.values_list("article_id", "author_id")
        ],
        batch_size=BATCH,
    )

    def convert(content: dict) -> bool:
        if "byline" not in content:
            return False
        lines = sorted(content.pop("byline") or [], key=lambda line: line.get("sort_order") or 0)
        content["authors"] = [line["author"] for line in lines]
        return True

    rewrite_revisions(apps, convert)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0004_russian_names_and_adult_sign"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [
        migrations.AddField(
            model_name="author",
            name="position",
            field=models.CharField(
                blank=True,
                help_text="Например, «обозреватель» или «шеф-редактор отдела культуры».",
                max_length=200,
                verbose_name="должность",
            ),
        ),
        migrations.AlterField(
            model_name="author",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text="Латиницей, для адреса страницы автора. Пусто — составится из имени.",
                max_length=200,
                unique=True,
                verbose_name="адрес",
            ),
        ),
        migrations.CreateModel(
            name="ArticleAuthor",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "sort_order",
                    models.IntegerField(
                        blank=True, editable=False, null=True, verbose_name="порядок"
                    ),
                ),
                (
                    "article",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="byline",
                        to="news.articlepage",
                        verbose_name="материал",
                    ),
                ),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="bylines",
                        to="news.author",
                        verbose_name="автор",
                    ),
                ),
            ],
            options={
                "verbose_name": "автор материала",
                "verbose_name_plural": "авторы материалов",
                "ordering": ["sort_order"],
                "abstract": False,
                "unique_together": {("article", "author")},
            },
        ),
        migrations.RunPython(links_to_byline, byline_to_links),
        migrations.RemoveField(model_name="articlepage", name="authors"),
        migrations.AddField(
            model_name="articlepage",
            name="authors",
            field=models.ManyToManyField(
                blank=True,
                related_name="articles",
                through="news.ArticleAuthor",
                to="news.author",
                verbose_name="авторы",
            ),
        ),
    ]
