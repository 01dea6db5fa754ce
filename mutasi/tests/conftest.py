import pytest

from mutasi.tests.factories import jadikan_layak


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, never to the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def layak(cast):
    """The cast, with cast.pegawai passing every eligibility rule."""
    jadikan_layak(cast.pegawai)
    return cast


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """The cast's users get hashed passwords; PBKDF2 would cost seconds per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
