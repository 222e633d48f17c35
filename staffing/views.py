"""Staffing pages: the people list, the person page and its write forms, the tenure page.

Views fetch through ``staffing.access`` (out of scope is 404), validate with a form and
write through ``staffing.services``. Personal data is shown masked; ``person_unmask`` shows
it whole once, to a user with the permission, and audits that.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import submissions
from accounts.access import role_required, visible_streets, visible_units, writable_streets
from accounts.addresses import request_ip
from accounts.models import AuditEvent
from shangcheng.forms import add_service_error

from . import services
from .access import (
    get_person_for_user,
    get_post_for_user,
    may_keep_staff,
    may_list_people,
    may_see_tenure,
    may_unmask,
    staffing_units,
    visible_people,
    writable_people,
)
from .compliance import tenure_rows
from .filters import (
    ID_SEARCH,
    PeopleFilter,
    is_id_search,
    recall_id_search,
    remember_id_search,
)
from .forms import (
    AppraisalForm,
    CertificateForm,
    PersonForm,
    PostAssignForm,
    PostEndForm,
    QualificationForm,
    TenureFilterForm,
)
from .masking import mask
from .models import Attendance, Certificate, Post, Qualification, StaffAppraisal


def _certified(on):
    """Annotation: the person holds a certificate valid on ``on`` (持证社工)."""
    return Exists(Certificate.objects.valid_on(on).filter(person=OuterRef("pk")))


@role_required(may_list_people)
@require_http_methods(["GET", "POST"])
def people(request):
    """The search box POSTs: an ID number goes to the session, never into a URL (filters)."""
    if request.method == "POST" or is_id_search(request.GET.get("q", "")):
        return redirect(_people_search_url(request, request.POST or request.GET))
    today = timezone.localdate()
    base = (
        visible_people(request.user).select_related("street").annotate(certified=_certified(today))
    )
    id_number = None
    if key := request.GET.get(ID_SEARCH):
        id_number = recall_id_search(request.session, key) or ""  # "": expired, finds nobody
    people_filter = PeopleFilter(
        request.GET or None, base, request=request, on=today, id_number=id_number
    )
    rows = people_filter.qs.prefetch_related(
        Prefetch(
            "posts",
            Post.objects.active_on(today).select_related("unit"),
            to_attr="current_posts",
        )
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "staffing/people.html",
        {
            "filter": people_filter,
            "page": page,
            "can_create": writable_streets(request.user).exists(),
            "id_search": mask(id_number) if id_number else id_number,
        },
    )


def _people_search_url(request, source) -> str:
    """The list's GET address for a submitted search: a name as ``q``, an ID number as the
    keyed hash of its session-held value (``staffing.filters``); the filters as they are."""
    params = {k: v for k in ("street", "post", "unit", "certified") if (v := source.get(k))}
    query = source.get("q", "").strip()
    if is_id_search(query):
        params[ID_SEARCH] = remember_id_search(request.session, query)
    elif query:
        params["q"] = query
    url = reverse("staffing:people")
    return f"{url}?{urlencode(params)}" if params else url


def _person_page(request, person, *, unmasked=False):
    user, today = request.user, timezone.localdate()
    posts = list(person.posts.select_related("unit__street").order_by("-start", "-pk"))
    unit_ids = {p.unit_id for p in posts}
    visible = set(visible_units(user).filter(pk__in=unit_ids).values_list("pk", flat=True))
    writable = set(staffing_units(user).filter(pk__in=unit_ids).values_list("pk", flat=True))
    for post in posts:
        post.active = post.is_active_on(today)
        post.unit_visible = post.unit_id in visible
        if post.end is None and post.unit_id in writable:
            post.end_form = PostEndForm(post=post)
    certificates = list(person.certificates.all())
    for certificate in certificates:
        certificate.valid = certificate.is_valid_on(today)
    return render(
        request,
        "staffing/person.html",
        {
            "person": person,
            "posts": posts,
            "certificates": certificates,
            "qualifications": person.qualifications.all(),
            "schools_served": person.schools_served.all(),
            "appraisals": person.appraisals.all(),
            "attendances": Attendance.objects.filter(person=person)
            .select_related("event")
            .order_by("-event__held_on"),
            "today": today,
            "can_edit": writable_people(user).filter(pk=person.pk).exists(),
            "can_assign": staffing_units(user).exists(),
            "can_unmask": may_unmask(user) and not unmasked,
            "unmasked": unmasked,
        },
    )


def person_detail(request, pk):
    return _person_page(request, get_person_for_user(request.user, pk))


@never_cache
@require_POST
@role_required(may_unmask)  # without the permission the URL does not exist: nothing audited
def person_unmask(request, pk):
    person = get_person_for_user(request.user, pk)
    AuditEvent.objects.record(
        event="unmask",
        actor=request.user,
        ip=request_ip(request),
        obj=person,
        detail="id_number, mobile",
    )
    return _person_page(request, person, unmasked=True)


@require_http_methods(["GET", "POST"])
@role_required(may_keep_staff)
def person_create(request):
    streets = writable_streets(request.user)
    form = PersonForm(request.POST or None, streets=streets, submitter=request.user)
    if (again := submissions.repeated(request, form)) is not None:
        return again
    if request.method == "POST" and form.is_valid():
        street = form.cleaned_data.get("street") or streets.get()
        try:
            with submissions.once(request, form) as submission:
                person = services.person_create(street=street, **form.service_data())
                submission.went_to(person)
        except submissions.AlreadySubmitted as again:
            return again.response
        except ValidationError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("Saved."))
            return redirect(person)
    return render(request, "staffing/person_form.html", {"form": form, "person": None})


@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    person = get_person_for_user(request.user, pk, write=True)
    name = person.name  # the form's validation changes the instance; the title keeps this
    form = PersonForm(request.POST or None, instance=person, streets=writable_streets(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        if "street" in form.fields:
            data["street"] = form.cleaned_data["street"]
        try:
            person = services.person_update(
                person=person, data=data, version=form.cleaned_data["version"]
            )
        except ValidationError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("Saved."))
            return redirect(person)
    return render(
        request, "staffing/person_form.html", {"form": form, "person": person, "name": name}
    )


@require_http_methods(["GET", "POST"])
@role_required(may_keep_staff)
def post_assign(request, pk):
    person = get_person_for_user(request.user, pk)
    units = staffing_units(request.user)
    form = PostAssignForm(
        request.POST or None, instance=Post(person=person), units=units, submitter=request.user
    )
    if (again := submissions.repeated(request, form)) is not None:
        return again
    if request.method == "POST" and form.is_valid():
        try:
            with submissions.once(request, form) as submission:
                services.post_assign(
                    person=person, actor=request.user, ip=request_ip(request), **form.cleaned_data
                )
                submission.went_to(person)
        except submissions.AlreadySubmitted as again:
            return again.response
        except ValidationError as e:
            # The S4 refusal names the field "start" and is already audited by the service.
            add_service_error(form, e)
        else:
            messages.success(request, _("Post assigned."))
            return redirect(person)
    return _record_form(request, person, form, _("Assign a post to %(name)s"))


@require_POST
def post_end(request, pk):
    post = get_post_for_user(request.user, pk, write=True)
    form = PostEndForm(request.POST, post=post)
    if form.is_valid():
        try:
            services.post_end(post=post, end=form.cleaned_data["end"])
        except ValidationError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("The post has ended; it stays in the history."))
            return redirect(post.person)
    return render(request, "staffing/post_end.html", {"form": form, "post": post})


def _record_form(request, person, form, title):
    return render(
        request,
        "staffing/record_form.html",
        {"form": form, "person": person, "title": title % {"name": person.name}},
    )


def _person_record(request, pk, *, form_class, model, write, title, done):
    """Add one record to a person through ``write(person=…, **cleaned_data)``."""
    person = get_person_for_user(request.user, pk, write=True)
    form = form_class(request.POST or None, instance=model(person=person), submitter=request.user)
    if (again := submissions.repeated(request, form)) is not None:
        return again
    if request.method == "POST" and form.is_valid():
        try:
            with submissions.once(request, form) as submission:
                write(person=person, **form.cleaned_data)
                submission.went_to(person)
        except submissions.AlreadySubmitted as again:
            return again.response
        except ValidationError as e:
            add_service_error(form, e)
        else:
            messages.success(request, done)
            return redirect(person)
    return _record_form(request, person, form, title)


def certificate_add(request, pk):
    return _person_record(
        request,
        pk,
        form_class=CertificateForm,
        model=Certificate,
        write=services.certificate_add,
        title=_("Add a certificate for %(name)s"),
        done=_("Certificate added."),
    )


def qualification_add(request, pk):
    return _person_record(
        request,
        pk,
        form_class=QualificationForm,
        model=Qualification,
        write=services.qualification_add,
        title=_("Add a qualification for %(name)s"),
        done=_("Qualification added."),
    )


def appraisal_record(request, pk):
    return _person_record(
        request,
        pk,
        form_class=AppraisalForm,
        model=StaffAppraisal,
        write=services.appraisal_record,
        title=_("Record an appraisal for %(name)s"),
        done=_("Appraisal recorded."),
    )


@role_required(may_see_tenure)
def tenure(request):
    """任职待遇 (S6/S7): every head and deputy in post today, district only."""
    form = TenureFilterForm(request.GET or None, streets=visible_streets(request.user))
    units = visible_units(request.user)
    if form.is_valid() and form.cleaned_data["street"]:
        units = units.filter(street=form.cleaned_data["street"])
    today = timezone.localdate()
    return render(
        request,
        "staffing/tenure.html",
        {"form": form, "rows": tenure_rows(today, units=units), "today": today},
    )
