"""Every model of the portal's apps is in the admin, and its changelist renders."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from accounts.models import User

APPS = ["accounts", "stations", "staffing"]


def _models():
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if not model.__name__.startswith("Historical") and not model._meta.auto_created:
                yield model


@pytest.mark.parametrize("model", list(_models()), ids=lambda m: m.__name__)
def test_every_model_is_registered_and_its_changelist_renders(client, db, model):
    assert admin.site.is_registered(model), model.__name__
    root = User.objects.create_superuser("root", password="Root-pass-2026")
    client.force_login(root)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200
