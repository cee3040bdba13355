"""Where uploaded media live: the local disk, or S3-compatible storage shared by every
application server (``django-storages``), chosen from the environment.

``POLOSA_MEDIA_STORAGE=s3`` with ``POLOSA_S3_BUCKET`` (and ``POLOSA_S3_ENDPOINT_URL`` for
MinIO, Ceph, Yandex Object Storage…, ``POLOSA_S3_REGION``, ``POLOSA_S3_CUSTOM_DOMAIN`` for a
CDN host; keys from ``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY`` as boto3 reads them).
``POLOSA_MEDIA_STORAGE=file`` (the default) keeps ``MEDIA_ROOT``; any other value is a
storage class's dotted path, with ``POLOSA_MEDIA_STORAGE_OPTIONS`` as JSON keyword
arguments. Pure: settings call it with ``os.environ``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

S3_BACKEND = "storages.backends.s3.S3Storage"
FILE_BACKEND = "django.core.files.storage.FileSystemStorage"


class MediaStorageError(ValueError):
    """The environment names a storage it does not fully describe."""


def media_storage(environ: Mapping[str, str]) -> dict:
    """The ``STORAGES["default"]`` entry the environment asks for."""
    kind = environ.get("POLOSA_MEDIA_STORAGE", "file").strip() or "file"
    if kind == "file":
        return {"BACKEND": FILE_BACKEND}
    if kind == "s3":
        bucket = environ.get("POLOSA_S3_BUCKET", "").strip()
        if not bucket:
            raise MediaStorageError("POLOSA_MEDIA_STORAGE=s3 needs POLOSA_S3_BUCKET.")
        options = {
            "bucket_name": bucket,
            # Public pictures at stable URLs: the page cache stores them in pages.
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        }
        for variable, option in (
            ("POLOSA_S3_ENDPOINT_URL", "endpoint_url"),
            ("POLOSA_S3_REGION", "region_name"),
            ("POLOSA_S3_CUSTOM_DOMAIN", "custom_domain"),
        ):
            if environ.get(variable):
                options[option] = environ[variable]
        return {"BACKEND": S3_BACKEND, "OPTIONS": options}
    if "." not in kind:
        raise MediaStorageError(
            f"POLOSA_MEDIA_STORAGE={kind!r}: use file, s3 or a storage class's dotted path."
        )
    try:
        options = json.loads(environ.get("POLOSA_MEDIA_STORAGE_OPTIONS", "") or "{}")
    except ValueError as error:
        raise MediaStorageError(f"POLOSA_MEDIA_STORAGE_OPTIONS is not JSON: {error}") from None
    if not isinstance(options, dict):
        raise MediaStorageError("POLOSA_MEDIA_STORAGE_OPTIONS must be a JSON object.")
    return {"BACKEND": kind, "OPTIONS": options}
