from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.demo import DEMO_PASSWORD, seed_accounts
from staffing import demo as staffing_demo
from stations import demo


class Command(BaseCommand):
    help = "Load the district's real tree and generated demo data; safe to run again."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(_("Demo data and demo accounts are refused when DEBUG is off."))
        created = demo.seed()
        accounts = seed_accounts()
        # After the accounts, so the refused S4 attempt is audited as the street clerk's.
        staff = staffing_demo.seed()
        self.stdout.write(
            _("Demo data: %(tree)d streets/communities and %(units)d units created.") % created
        )
        self.stdout.write(
            "演示人员：已创建人员 {people} 名、岗位 {posts} 个、证书 {certificates} 本、"
            "年度考核 {appraisals} 条、培训 {trainings} 场。".format(**staff)
        )
        self.stdout.write(_("Demo accounts (password %(pw)s):") % {"pw": DEMO_PASSWORD})
        for username, role, scope in accounts:
            self.stdout.write(f"  {username:<12} {role} {scope}")
