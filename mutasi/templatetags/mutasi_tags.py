from django import template

from ..waktu import format_durasi

register = template.Library()


@register.filter
def durasi(td):
    """A timedelta as people say it: `2 hari 3 jam`."""
    return format_durasi(td)
