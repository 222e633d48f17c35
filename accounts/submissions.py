"""Add forms save once: a one-time submission token, consumed together with the write.

An add form carries a hidden token, fresh each time the form is shown
(``shangcheng.forms.PortalFormMixin(submitter=request.user)``). Its view, after the scope
check (another scope stays 404, token or not):

    if (again := submissions.repeated(request, form)) is not None:
        return again  # saved already: back where the first submission went
    if request.method == "POST" and form.is_valid():
        try:
            with submissions.once(request, form) as submission:
                record = service(...)
                submission.went_to(record)
        except submissions.AlreadySubmitted as again:
            return again.response
        except ValidationError as e:
            add_service_error(form, e)

``once`` records the token and runs the write in one savepoint, so both commit or neither
does. A refused write (a ``ValidationError``, which the view shows while the request's own
transaction, ``ATOMIC_REQUESTS``, still commits) deletes the token row again, so the token
stays usable for the corrected form; the service's own record of the refusal (an audit
row) is kept, as it was without a token. Two parallel submissions of one token: the
unique key lets one write; the other waits for it (PostgreSQL on the index entry, SQLite on
the IMMEDIATE write lock), then finds the token used and writes nothing.
"""

import hashlib
from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _

from shangcheng.forms import SUBMISSION_FIELD, SUBMISSION_MAX_AGE

from .models import SubmissionToken


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _already_saved(request, url: str):
    messages.success(request, _("Saved already; not submitted again."))
    return redirect(url or request.path)


class AlreadySubmitted(Exception):
    """The form's token was used by a submission that got there first."""

    def __init__(self, response):
        super().__init__("submission token already used")
        self.response = response


def _is_add_form(form) -> bool:
    return SUBMISSION_FIELD in form.fields


def repeated(request, form):
    """On a POST whose token was used already: the redirect to where that submission went,
    with the message that nothing was saved twice. Otherwise None.

    Checked before the form is validated: a second "add person" would otherwise be told
    that the ID number exists instead of that it was saved. ``form`` may have become an
    edit form meanwhile (the venture fund the first submission recorded): the token decides.
    """
    if request.method != "POST":
        return None
    token = request.POST.get(SUBMISSION_FIELD)
    if not token:
        return None
    used = SubmissionToken.objects.filter(token=_digest(token), user=request.user)
    url = used.values_list("url", flat=True).first()
    return None if url is None else _already_saved(request, url)


class _Submission:
    def __init__(self, row: SubmissionToken | None):
        self.row = row

    def went_to(self, target, *args) -> None:
        """Where a repeat of this submission is sent (a record, a URL name or a path)."""
        if self.row is not None:
            url = resolve_url(target, *args)
            SubmissionToken.objects.filter(pk=self.row.pk).update(url=url[:500])


@contextmanager
def once(request, form):
    """Consume ``form``'s valid token, then run the block (the write).

    ``AlreadySubmitted`` (carrying the redirect) if another submission used the token
    first; the block then does not run. A refusal of the write (``ValidationError``) gives
    the token back, so the corrected form can be sent; whatever the service kept of its
    refusal (an audit row) stays, as without a token. A form without a token (an edit form,
    which the record's version guards) runs the block as it is, so one view helper serves
    both.
    """
    if not _is_add_form(form):
        yield _Submission(None)
        return
    if form.submission is None:
        raise ValueError("once() needs a valid form: call it after form.is_valid()")
    refused = None
    with transaction.atomic():  # the token and the write: both or neither
        try:
            with transaction.atomic():
                row = SubmissionToken.objects.create(
                    token=_digest(form.submission), user=request.user
                )
        except IntegrityError:
            again = repeated(request, form) or _already_saved(request, "")
            raise AlreadySubmitted(again) from None
        # Used tokens expire with the token itself (it is refused after this age anyway).
        old = timezone.now() - SUBMISSION_MAX_AGE
        SubmissionToken.objects.filter(created_at__lt=old).delete()
        try:
            yield _Submission(row)
        except ValidationError as e:
            # Refused: the token is given back; what the service kept of its refusal (an
            # audit row) commits with this block, as it did without a token.
            SubmissionToken.objects.filter(pk=row.pk).delete()
            refused = e
    if refused is not None:
        raise refused
