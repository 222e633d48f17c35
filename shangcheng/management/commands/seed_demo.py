from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from shangcheng import demo
from shangcheng.demo.accounts import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Load the district's real tree and generated demo data as of a day (default today); "
        "safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            metavar="YYYY-MM-DD",
            help="the day the demo is seeded as of: recent dates are counted back from it",
        )

    def handle(self, *args, **options):
        if not settings.DEMO:
            raise CommandError(_("Demo data and demo accounts are refused unless DEMO is on."))
        as_of = options["as_of"] or timezone.localdate()
        if as_of < demo.EARLIEST_AS_OF:
            raise CommandError(
                _("The demo cannot be seeded as of a day before %(day)s.")
                % {"day": demo.EARLIEST_AS_OF.isoformat()}
            )
        created = demo.seed(as_of=as_of)
        self.stdout.write(
            _("Demo data: %(tree)d streets/communities and %(units)d units created.")
            % created["stations"]
        )
        self.stdout.write(
            "演示人员：已创建人员 {people} 名、岗位 {posts} 个、证书 {certificates} 本、"
            "年度考核 {appraisals} 条、培训 {trainings} 场。".format(**created["staffing"])
        )
        self.stdout.write(
            _(
                "Demo supervision: %(supervisors)d supervisors, %(engagements)d engagements, "
                "%(agreements)d agreements, %(assignments)d unit links, %(evaluations)d "
                "monthly evaluations and %(appraisals)d annual appraisals created."
            )
            % created["supervision"]
        )
        self.stdout.write(
            _(
                "Demo projects: %(projects)d projects, %(case_studies)d case studies, "
                "%(fundings)d yearly funds with %(purchases)d purchases, %(site_budgets)d site "
                "budget lines, %(awards)d awards and %(practice_bases)d practice bases created."
            )
            % created["projects"]
        )
        self.stdout.write(_("Demo accounts (password %(pw)s):") % {"pw": DEMO_PASSWORD})
        for username, role, scope in created["accounts"]:
            self.stdout.write(f"  {username:<12} {role} {scope}")
