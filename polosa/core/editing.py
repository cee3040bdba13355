"""Two editors on one page: a save from an outdated form never overwrites the other's.

Wagtail's edit form posts the revision the editor started from (``loaded_revision_id`` and
``loaded_revision_created_at``, and ``overwrite_revision_id`` once autosave has kept a
revision of this session). Wagtail itself checks them only for autosave requests; its notice
for a full save is drawn in the browser and only when the other save is older than the open
form. Here the check runs on the server for every save:

* the loaded revision is still the page's latest: the save goes on exactly as before;
* another save happened meanwhile: the other editor's revision stays as it is (live, if it
  was published), this editor's form is saved as a new draft revision whatever button was
  pressed (publish, submit for moderation, a workflow action), and the editor is told who
  saved and when, with a link to compare the two revisions.

A form without the loaded-revision field (an older admin page, a script) saves as before.
Wagtail's hooks are the only entry points: ``before_edit_page`` turns the request into a
plain draft save, ``after_edit_page`` tells the editor (``polosa/core/wagtail_hooks.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo

from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.models import Page, Revision

from polosa.core.dates import clock, format_published, to_zone

# The hidden fields of Wagtail's edit form (``_loaded_revision_inputs.html``) and the one its
# autosave adds; tests/core/test_concurrent_edits.py pins their names.
LOADED_REVISION_ID_FIELD = "loaded_revision_id"
LOADED_REVISION_CREATED_AT_FIELD = "loaded_revision_created_at"
OVERWRITE_REVISION_ID_FIELD = "overwrite_revision_id"

# Every button of the edit view that does more than keep a draft. Without them Wagtail's
# edit view takes its plain "save" path, which only stores a revision.
ACTIONS_BEYOND_A_DRAFT = (
    "action-publish",
    "action-submit",
    "action-restart-workflow",
    "action-workflow-action",
    "action-cancel-workflow",
)

_CONCURRENT_SAVE_ATTRIBUTE = "polosa_concurrent_save"


@dataclass(frozen=True)
class ConcurrentSave:
    """The save that happened while this editor had the form open."""

    revision_id: int
    saved_at: datetime
    saved_by_id: int | None
    saved_by_name: str


def user_display_name(user) -> str:
    """The full name when the account has one, else the login."""
    if user is None:
        return ""
    return user.get_full_name().strip() or user.get_username()


def saved_meanwhile(posted: Mapping[str, str], latest: Revision | None) -> bool:
    """Whether ``latest`` is newer than the revision the posted form was loaded from.

    The same rule as Wagtail's own autosave check (``EditView.is_out_of_date``): an
    autosaved revision of this session must still be the latest; otherwise the loaded
    revision must be, with the same ``created_at`` (an autosave by another session rewrites
    its revision in place and moves only that time).
    """
    if LOADED_REVISION_ID_FIELD not in posted or latest is None:
        return False
    if overwrite_revision_id := posted.get(OVERWRITE_REVISION_ID_FIELD):
        return overwrite_revision_id != str(latest.pk)
    if posted.get(LOADED_REVISION_ID_FIELD) != str(latest.pk):
        return True
    return _parsed(posted.get(LOADED_REVISION_CREATED_AT_FIELD, "")) != latest.created_at


def _parsed(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def as_draft_save(posted: QueryDict) -> QueryDict:
    """The same form data with only Wagtail's plain "save" left to do.

    The autosave marker goes too: Wagtail refuses to overwrite a revision that is no longer
    the latest, and this editor's autosaved revision stays in the history anyway.
    """
    draft = posted.copy()
    for name in (*ACTIONS_BEYOND_A_DRAFT, OVERWRITE_REVISION_ID_FIELD):
        draft.pop(name, None)
    return draft


def latest_revision_of(page: Page) -> Revision | None:
    """The page's latest revision as the database has it now, with its author."""
    return (
        Revision.objects.select_related("user")
        .filter(pk__in=Page.objects.filter(pk=page.pk).values("latest_revision_id"))
        .first()
    )


def hold_concurrent_save(request: HttpRequest, page: Page) -> None:
    """Before Wagtail handles an edit: turn a save from an outdated form into a draft.

    Wagtail's edit view picks its action from ``request.POST`` only after this hook has run;
    the publish, submit and draft tests in tests/core/test_concurrent_edits.py pin that.
    """
    # Autosave asks for JSON, and Wagtail already refuses an outdated one.
    if request.method != "POST" or not request.accepts("text/html"):
        return
    latest = latest_revision_of(page)
    if not saved_meanwhile(request.POST, latest):
        return
    request.POST = as_draft_save(request.POST)
    setattr(
        request,
        _CONCURRENT_SAVE_ATTRIBUTE,
        ConcurrentSave(
            revision_id=latest.pk,
            saved_at=latest.created_at,
            saved_by_id=latest.user_id,
            saved_by_name=user_display_name(latest.user),
        ),
    )


def concurrent_save_message(
    concurrent: ConcurrentSave, *, editor_id: int, now: datetime, zone: tzinfo
) -> str:
    """What the editor reads: who saved, when, and that their own version is a draft.

    Impersonal forms («сохранён другим редактором»), as the other editor's gender is unknown.
    """
    local = to_zone(concurrent.saved_at, zone)
    if local.date() == to_zone(now, zone).date():
        when = clock(local)
    else:
        when = format_published(concurrent.saved_at, now, zone)
    if concurrent.saved_by_id == editor_id:
        happened = _(
            "Пока вы редактировали здесь, вы сохранили материал в другой вкладке (%(when)s)."
        )
    elif concurrent.saved_by_name:
        happened = _(
            "Пока вы редактировали, материал сохранён другим редактором (%(editor)s, %(when)s)."
        )
    else:
        happened = _("Пока вы редактировали, материал сохранён ещё раз (%(when)s).")
    happened %= {"editor": concurrent.saved_by_name, "when": when}
    kept = _("Ваши правки сохранены черновиком — сравните версии и опубликуйте нужную.")
    return f"{happened} {kept}"


def tell_about_concurrent_save(request: HttpRequest, page: Page) -> None:
    """After Wagtail saved the draft: the warning, with a link to compare the revisions."""
    concurrent: ConcurrentSave | None = getattr(request, _CONCURRENT_SAVE_ATTRIBUTE, None)
    if concurrent is None:
        return
    compare_url = reverse(
        "wagtailadmin_pages:revisions_compare",
        args=(page.pk, concurrent.revision_id, page.latest_revision_id),
    )
    message = concurrent_save_message(
        concurrent,
        editor_id=request.user.pk,
        now=timezone.now(),
        zone=timezone.get_current_timezone(),
    )
    messages.warning(request, message, buttons=[messages.button(compare_url, _("Сравнить версии"))])
