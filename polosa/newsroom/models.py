"""No tables of its own: the roles are auth groups with Wagtail's permissions, the workflow
is Wagtail's. The module exists because Django sends ``post_migrate`` only to apps with a
models module (see :mod:`polosa.newsroom.apps`)."""
