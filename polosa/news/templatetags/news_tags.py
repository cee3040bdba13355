from django import template

from polosa.news import listing

register = template.Library()


@register.simple_tag
def rubric_links() -> list:
    """The live rubrics shown in menus, in the editors' tree order (from the cache)."""
    return [rubric for rubric in listing.live_rubrics() if rubric.show_in_menus]
