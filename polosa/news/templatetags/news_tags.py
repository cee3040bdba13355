from django import template

from polosa.news.models import RubricPage

register = template.Library()


@register.simple_tag
def rubric_links() -> list:
    """The live rubrics for the navigation bar, in the editors' tree order."""
    return list(
        RubricPage.objects.live()
        .in_menu()
        .only("id", "title", "slug", "path", "depth", "url_path")
        .order_by("path")
    )
