from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reports.models import ReportRun
from reports.services import run_start
from supervision.models import AnnualAppraisal
from supervision.tasks import year_end


class Command(BaseCommand):
    help = (
        "Draft (or refresh) the annual appraisals of a year now, in this process, recorded as "
        "a job run like the one the district starts from its page."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="the year to appraise")

    def handle(self, *args, **options):
        year = options["year"]
        run = run_start(kind=ReportRun.Kind.YEAR_END, params={"year": year}, actor=None)
        try:
            drafts = year_end(run.pk)  # the task's body, called directly: no broker
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        run.refresh_from_db()
        final = AnnualAppraisal.objects.filter(year=year, status=AnnualAppraisal.Status.FINAL)
        self.stdout.write(
            f"year {year}: {run.total} supervisors engaged, {drafts} draft appraisals written "
            f"or refreshed, {final.count()} final appraisals left untouched (run {run.pk})"
        )
