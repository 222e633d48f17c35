"""Every model of the portal's apps is in the admin, and its changelist renders."""

from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

from tests.factories import PostFactory, UserFactory


def project_apps():
    """The installed apps that live in this repository (not libraries): a new app is
    covered without anyone remembering to list it."""
    root = Path(settings.BASE_DIR).resolve()
    return [
        config
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(root)
        and ".venv" not in Path(config.path).parts
    ]


def test_project_apps_are_found():
    assert {"accounts", "stations", "staffing"} <= {c.label for c in project_apps()}


def _models():
    for config in project_apps():
        for model in config.get_models():
            if not model.__name__.startswith("Historical") and not model._meta.auto_created:
                yield model


@pytest.mark.parametrize("model", list(_models()), ids=lambda m: m.__name__)
def test_every_model_is_registered_and_its_changelist_renders(client_for, db, model):
    assert admin.site.is_registered(model), model.__name__
    client = client_for(UserFactory(system_admin=True))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200


def test_posts_cannot_be_added_or_changed_in_the_admin(client_for, station):
    """Posts go through post_assign (S4 refusal, audit); the admin only reads them."""
    post = PostFactory(unit=station, post="head", start=date(2022, 9, 1))
    person = post.person
    client = client_for(UserFactory(system_admin=True))
    assert client.get(reverse("admin:staffing_post_add")).status_code == 403
    change = reverse("admin:staffing_post_change", args=[post.pk])
    assert client.post(change, {"post": "deputy", "start": "2022-09-01"}).status_code == 403
    post.refresh_from_db()
    assert post.post == "head"
    page = client.get(reverse("admin:staffing_person_change", args=[person.pk]))
    assert page.status_code == 200
    assert b'name="posts-0-post"' not in page.content  # the inline shows, it does not edit
