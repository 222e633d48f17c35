FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
# pg_dump/pg_restore for `manage.py backup` and `restore` (Debian bookworm: 15, as the server).
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql-client \
 && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
RUN pip install --quiet .
COPY . .
RUN DEBUG=1 python manage.py compiletranslations \
 && SECRET_KEY=build-only DEBUG=0 CELERY_BROKER_URL=redis://build-only:6379/0 ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput
# /app/media exists owned by portal, so the named volume mounted there starts writable.
RUN useradd --system portal && mkdir -p /app/media && chown -R portal /app
USER portal
EXPOSE 8000
# The access log leaves out query strings (no search term reaches a log).
CMD ["gunicorn", "shangcheng.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-", "--access-logformat", "%(h)s %(t)s \"%(m)s %(U)s\" %(s)s %(b)s %(M)sms"]
