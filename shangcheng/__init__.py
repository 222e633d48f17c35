"""The Shangcheng social work portal project package: two kinds of module.

Base — imported by every app, importing no app (``lint-imports`` checks it):
    ``rules/`` (the policy, pure Python: no Django, no Celery), ``versioning`` (optimistic
    locking), ``forms`` (what every form shares), ``xlsx`` (safe workbook upload and
    writing), ``uploads`` (names and Office checks of uploaded documents), ``middleware``,
    ``templatetags/``.

Composition — may import any app, imported by none:
    ``settings``, ``urls``, ``celery``, ``wsgi``, ``apps``, ``compliance`` (every app's
    findings), ``pages/`` (the start, district, street and unit pages that combine apps),
    ``navigation`` (the navigation bar, from the apps' access predicates), ``demo/``
    (``seed_demo``'s generators, one "as of" date), ``findings`` (the findings table kept
    right), ``tasks``, ``management/``.

Nothing is imported here on purpose: ``shangcheng.rules`` must load without Django or
Celery. The Celery app lives in ``shangcheng.celery``; Django imports it when the app
registry is ready (``ShangchengConfig.ready``) so ``@shared_task`` binds to it, and
``celery -A shangcheng`` finds it as the ``shangcheng.celery`` module.
"""
