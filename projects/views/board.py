"""A unit's project board (P1/P2 counts per category, C1 stages, P3, L2) and its projects:
add, edit, delete, advance a stage; the district's override of stages and P3 flag.

Each view fetches through ``accounts.access`` / ``projects.access`` (out of scope: 404, also
for POST), validates with a form and writes through ``projects.services.projects``; any
refusal of the service is shown on the form.
"""

from dataclasses import replace
from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import submissions
from accounts.access import can_write_unit, get_unit_for_user, role_required
from accounts.addresses import request_ip
from shangcheng import rules
from shangcheng.forms import add_service_error

from ..access import get_project_for_user, may_override_stages
from ..forms.projects import (
    DeleteForm,
    FlagForm,
    OverrideForm,
    ProjectAddForm,
    ProjectForm,
    StageForm,
)
from ..models import Project
from ..services import projects as services

FIRST_YEAR = 2022


def _years() -> list[int]:
    """The years the board offers: from 2022 (the policy's first) to next year."""
    return list(range(FIRST_YEAR, timezone.localdate().year + 2))


def _year(request) -> int:
    """The ``?year=`` asked for if it is one the board offers, else the current year."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    return year if year in _years() else timezone.localdate().year


def _steps(stage: str) -> list[tuple[str, str]]:
    """C1 as a step indicator: each stage's label and whether it is done, current or ahead."""
    index = services.STAGES.index(stage) if stage in services.STAGES else -1
    return [
        (s.label, "done" if i < index else "current" if i == index else "todo")
        for i, s in enumerate(services.STAGES)
    ]


def board_findings(unit, projects) -> list[rules.Finding]:
    """P1/P2, P3 and L2 of the unit for the projects running in the year (L2 reads the
    stage, which ``Project.summary`` leaves out)."""
    categories = rules.project_categories(unit.kind)
    summaries = [replace(p.summary(), stage=p.stage) for p in projects if p.category in categories]
    return rules.check_projects(unit.kind, summaries) + rules.check_brand(unit.kind, summaries)


def _groups(unit, projects) -> list[dict]:
    """The projects by category in P1/P2 order, with "现有 n / 需 m"; a project whose
    category is not one of the unit's kind (an old import) is shown apart."""
    categories = rules.project_categories(unit.kind)
    by_category = {code: [] for code in categories}
    stray = []
    for project in projects:
        project.steps = _steps(project.stage)
        by_category.get(project.category, stray).append(project)
    groups = [
        {
            "code": code,
            "label": rules.ProjectCategory(code).label,
            "have": len(by_category[code]),
            "need": spec.minimum,
            "projects": by_category[code],
        }
        for code, spec in categories.items()
    ]
    if stray:
        groups.append(
            {
                "code": "",
                "label": _("other categories"),
                "have": len(stray),
                "need": 0,
                "projects": stray,
            }
        )
    return groups


def _read_only(request):
    """A page that only shows: after the scope check (another's pk is 404 whatever the
    method), anything but GET and HEAD is 405."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return None


@never_cache
def board(request, pk):
    unit = get_unit_for_user(request.user, pk)
    if refused := _read_only(request):
        return refused
    year = _year(request)
    running = Q(first_year__lte=year) & (Q(last_year__isnull=True) | Q(last_year__gte=year))
    projects = list(unit.projects.filter(running).order_by("name", "pk"))
    context = {
        "unit": unit,
        "year": year,
        "years": _years(),
        "groups": _groups(unit, projects),
        "findings": board_findings(unit, projects),
        "can_write": can_write_unit(request.user, unit),
        "may_override": may_override_stages(request.user),
        "focus_labels": rules.FOCUS_AREAS,
        "sources": dict(Project.Source.choices),
        "purchase_domains": dict(services.PurchaseDomain.choices),
    }
    return render(request, "projects/board.html", context)


@never_cache
def project_detail(request, pk):
    project = get_project_for_user(request.user, pk)
    if refused := _read_only(request):
        return refused
    context = {
        "project": project,
        "unit": project.unit,
        "steps": _steps(project.stage),
        "records": project.stage_records.all(),
        "awards": project.awards.all(),
        "neighbours": project.neighbour_workrooms.order_by("name"),
        "focus_labels": rules.FOCUS_AREAS,
        "purchase_domains": dict(services.PurchaseDomain.choices),
        "next_stage": rules.next_stage(project.stage),
        "can_write": can_write_unit(request.user, project.unit),
        "may_override": may_override_stages(request.user),
    }
    return render(request, "projects/project_detail.html", context)


def _back(project) -> str:
    return reverse("projects:project", args=[project.pk])


def _form_page(request, form, *, write, back, title, done, unit, project=None, submit=None):
    """Show ``form``; on a valid POST call ``write(**cleaned_data)`` with the actor and go
    to the project (or ``back``). A refusal of the service is shown on the form. An add form
    saves once (``accounts.submissions``): sent again, it goes to the project it added."""
    if (again := submissions.repeated(request, form)) is not None:
        return again
    if request.method == "POST" and form.is_valid():
        try:
            with submissions.once(request, form) as submission:
                saved = write(**form.cleaned_data, actor=request.user, ip=request_ip(request))
                target = saved if isinstance(saved, Project) else project
                went = _back(target) if target is not None else back
                submission.went_to(went)
        except submissions.AlreadySubmitted as again:
            return again.response
        except ValidationError as e:
            add_service_error(form, e)
        else:
            messages.success(request, done)
            return redirect(went)
    context = {
        "form": form,
        "title": title,
        "unit": unit,
        "project": project,
        "back": back,
        "submit": submit or _("Save"),
    }
    return render(request, "projects/project_form.html", context)


@require_http_methods(["GET", "POST"])
def project_add(request, pk):
    unit = get_unit_for_user(request.user, pk, write=True)
    form = ProjectAddForm(
        request.POST or None, instance=Project(unit=unit), user=request.user, submitter=request.user
    )
    return _form_page(
        request,
        form,
        write=partial(services.project_add, unit=unit),
        back=reverse("projects:board", args=[unit.pk]),
        title=_("Add a project: %(unit)s") % {"unit": unit.name},
        done=_("Project added."),
        unit=unit,
    )


@require_http_methods(["GET", "POST"])
def project_edit(request, pk):
    project = get_project_for_user(request.user, pk, write=True)
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    return _form_page(
        request,
        form,
        write=partial(services.project_update, project=project),
        back=_back(project),
        title=_("Edit project: %(name)s") % {"name": project.name},
        done=_("Saved."),
        unit=project.unit,
        project=project,
    )


@require_http_methods(["GET", "POST"])
def project_delete(request, pk):
    """GET asks for confirmation (or says why it cannot be); only a POST deletes."""
    project = get_project_for_user(request.user, pk, write=True)
    form = DeleteForm(request.POST or None, record=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_delete(
                project=project,
                version=form.cleaned_data["version"],
                actor=request.user,
                ip=request_ip(request),
            )
        except ValidationError as e:
            add_service_error(form, e)
        else:
            messages.success(request, _("Project deleted."))
            return redirect("projects:board", project.unit_id)
    protected = project.purchases.exists() or project.awards.exists()
    context = {"project": project, "form": form, "protected": protected, "back": _back(project)}
    return render(request, "projects/project_confirm_delete.html", context)


@require_http_methods(["GET", "POST"])
def project_advance(request, pk):
    project = get_project_for_user(request.user, pk, write=True)
    following = rules.next_stage(project.stage)
    if following is None and request.method == "GET":
        messages.info(
            request,
            _("The project is at its last stage (sustained operation); there is no next stage."),
        )
        return redirect(_back(project))
    title = _("Advance to the next stage: %(name)s") % {"name": project.name}
    return _form_page(
        request,
        StageForm(request.POST or None, project=project),
        write=partial(services.project_advance, project=project),
        back=_back(project),
        title=title,
        done=_("Stage recorded."),
        unit=project.unit,
        project=project,
        submit=following.label if following else _("Save"),
    )


@role_required(may_override_stages)
@require_http_methods(["GET", "POST"])
def project_override(request, pk):
    project = get_project_for_user(request.user, pk, write=True)
    if rules.next_stage(project.stage) is None and request.method == "GET":
        messages.info(
            request,
            _("The project is at its last stage (sustained operation); there is no next stage."),
        )
        return redirect(_back(project))
    return _form_page(
        request,
        OverrideForm(request.POST or None, project=project),
        write=partial(services.project_advance, project=project, override=True),
        back=_back(project),
        title=_("Set a later stage (district override): %(name)s") % {"name": project.name},
        done=_("Stage set by the district's override."),
        unit=project.unit,
        project=project,
    )


@role_required(may_override_stages)
@require_POST
def project_flag(request, pk):
    project = get_project_for_user(request.user, pk, write=True)
    form = FlagForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_back(project))
    try:
        project = services.project_flag(
            project=project, **form.cleaned_data, actor=request.user, ip=request_ip(request)
        )
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        done = (
            _("Flagged as the street's administrative affairs (P3).")
            if project.flagged_administrative
            else _("The P3 flag is cleared.")
        )
        messages.success(request, done)
    return redirect(_back(project))


urlpatterns = [
    path("units/<int:pk>/projects/", board, name="board"),
    path("units/<int:pk>/projects/add/", project_add, name="project_add"),
    path("projects/<int:pk>/", project_detail, name="project"),
    path("projects/<int:pk>/edit/", project_edit, name="project_edit"),
    path("projects/<int:pk>/delete/", project_delete, name="project_delete"),
    path("projects/<int:pk>/advance/", project_advance, name="project_advance"),
    path("projects/<int:pk>/override/", project_override, name="project_override"),
    path("projects/<int:pk>/flag/", project_flag, name="project_flag"),
]
