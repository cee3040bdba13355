"""Media storage from the environment: the disk, S3-compatible storage, or a class."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage.handler import StorageHandler

from polosa.core.media_storage import (
    FILE_BACKEND,
    S3_BACKEND,
    MediaStorageError,
    media_storage,
)


def test_the_default_is_the_local_disk():
    assert media_storage({}) == {"BACKEND": FILE_BACKEND}


def test_s3_compatible_storage_with_its_endpoint():
    entry = media_storage(
        {
            "POLOSA_MEDIA_STORAGE": "s3",
            "POLOSA_S3_BUCKET": "polosa-media",
            "POLOSA_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
            "POLOSA_S3_CUSTOM_DOMAIN": "media.example.com",
        }
    )
    assert entry["BACKEND"] == S3_BACKEND
    options = entry["OPTIONS"]
    assert options["bucket_name"] == "polosa-media"
    assert options["endpoint_url"] == "http://127.0.0.1:9000"
    assert options["custom_domain"] == "media.example.com"
    assert options["querystring_auth"] is False  # stable URLs in cached pages


@pytest.mark.parametrize(
    "environ",
    [
        {"POLOSA_MEDIA_STORAGE": "s3"},
        {"POLOSA_MEDIA_STORAGE": "ftp"},
        {"POLOSA_MEDIA_STORAGE": "x.Storage", "POLOSA_MEDIA_STORAGE_OPTIONS": "{oops"},
        {"POLOSA_MEDIA_STORAGE": "x.Storage", "POLOSA_MEDIA_STORAGE_OPTIONS": "[1]"},
    ],
    ids=["s3-without-bucket", "unknown-kind", "options-not-json", "options-not-object"],
)
def test_an_incomplete_description_is_refused_with_a_message(environ):
    with pytest.raises(MediaStorageError):
        media_storage(environ)


def test_a_storage_class_from_the_environment_stores_files(tmp_path):
    """A storage class named by the environment (here the file backend, in place of
    S3 in tests) writes where its options say and serves from its base URL."""
    entry = media_storage(
        {
            "POLOSA_MEDIA_STORAGE": "django.core.files.storage.FileSystemStorage",
            "POLOSA_MEDIA_STORAGE_OPTIONS": (
                f'{{"location": "{tmp_path}", "base_url": "https://media.example.com/"}}'
            ),
        }
    )
    storage = StorageHandler({"default": entry})["default"]
    name = storage.save("images/shared.txt", ContentFile(b"one copy for every server"))
    assert (tmp_path / name).read_bytes() == b"one copy for every server"
    assert storage.url(name) == f"https://media.example.com/{name}"
