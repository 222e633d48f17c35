"""The Shangcheng social work portal project package.

Nothing is imported here on purpose: ``shangcheng.rules`` must load without Django or
Celery. The Celery app lives in ``shangcheng.celery``; Django imports it when the app
registry is ready (``ShangchengConfig.ready``) so ``@shared_task`` binds to it, and
``celery -A shangcheng`` finds it as the ``shangcheng.celery`` module.
"""
