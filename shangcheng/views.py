from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.models import User
from shangcheng import rules


def home(request):
    """Send each role to its start page."""
    user = request.user
    role = user.role
    if role == User.Role.DISTRICT:
        return redirect("stations:district")
    if role == User.Role.STREET:
        return redirect("stations:street", pk=user.street_id)
    if role == User.Role.COMMUNITY:
        workroom = user.community.units.filter(kind="workroom").first()
        if workroom is not None:
            return redirect(workroom)
    if role == User.Role.AUDITOR:
        return redirect("accounts:audit_log")
    if user.is_superuser and not role:
        return redirect(reverse("admin:index"))
    return render(request, "home.html", {})


def rule_catalogue(request):
    """Every rule of the policy with id, clause, text and kind; findings link here."""
    if request.user.role == User.Role.AUDITOR:
        raise Http404  # 三员: the auditor reads the audit log and nothing else
    return render(request, "rules.html", {"rules": rules.RULES})
