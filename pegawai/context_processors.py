from .access import is_bkd, is_kepala_unit, pegawai_of, unit_dipimpin


def peran(request):
    """Role flags for the navigation; evaluated lazily so anonymous pages cost nothing."""
    user = request.user

    class _Peran:
        @property
        def bkd(self):
            return is_bkd(user)

        @property
        def kepala_unit(self):
            return is_kepala_unit(user)

        @property
        def unit(self):
            return unit_dipimpin(user)

        @property
        def pegawai(self):
            return pegawai_of(user)

    return {"peran": _Peran()}
