"""The surrogate keys of what the newsroom chooses for readers (see :mod:`polosa.core.surrogate`).

Kept here, beside the choices they name, as the other apps keep theirs: the home page and
the banner fragment declare them, the newsroom's services purge them.
"""

from __future__ import annotations

#: The editors' choice for the home page: the pinned lead and featured stories.
FRONT_PAGE = "front-page"
#: The «Срочно» banner: the fragment every page includes.
URGENT = "urgent"
