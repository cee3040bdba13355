import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polosa.settings")

from polosa.core.pagecache import PageCacheApplication  # noqa: E402 - needs the settings

# Page-cache hits are answered here, before Django builds a request.
application = PageCacheApplication(get_wsgi_application())
