from django.utils.functional import cached_property

from . import selectors


class _Menunggu:
    """The in-app count of requests waiting for the user: one COUNT query, run only when a
    template reads `menunggu.jumlah` (the nav shows it to heads and BKD only)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def jumlah(self):
        return selectors.jumlah_menunggu(user=self.user)


def menunggu(request):
    return {"menunggu": _Menunggu(request.user)}
