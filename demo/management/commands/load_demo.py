"""Demo data for `make run`: users, three dossiers, real-looking PDFs and DOCX files.

Every object the demo makes is recorded under a stable key (demo.models.DemoObject), and the loaders find,
extend and file only those: a second run changes nothing, and nobody's own work is ever touched, even when
they work as the demo users.
"""

import io

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from accounts.roles import ADMIN, CLERK, FIELD_STAFF, MANAGER, MARKETING_DIRECTOR
from demo.content import CONTRACT_CLAUSES, make_docx, make_pdf
from demo.models import DemoObject
from demo.registry import DemoRun
from docstore.models import Document, DocumentType, Dossier
from docstore.services import documents as services
from docstore.services import dossiers

USERS = [
    # username, display name, roles
    ("clerk", "王芳", [CLERK]),
    ("field", "李军", [FIELD_STAFF]),
    ("manager", "张伟", [MANAGER]),
    ("director", "孙总", [MARKETING_DIRECTOR]),
    ("admin", "系统管理员", [ADMIN]),
]
DOSSIERS = [
    ("锦绣花园", "3", "1502", [("陈明", "110101198003071239"), ("刘洋", "110101198205114321")]),
    ("锦绣花园", "5", "0801", [("赵丽", "310101199001019877")]),
    ("滨江一号", "2", "2203", [("孙强", "440301198512125677")]),
]


def document_key(project: str, label: str, code: str) -> str:
    """The key of a dossier's demo document; the seals demo names its documents by these keys."""
    return f"docstore.document:{project}:{label}:{code}"


class Command(BaseCommand):
    help = "Load the demo users and data (DEBUG installations only). Running it twice changes nothing."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo data is for DEBUG installations only")
        with transaction.atomic():
            users, new_users = self._users()
            if not new_users and not DemoObject.objects.exists():
                # Demo users from a version that kept no record of its objects: which rows are demo data is
                # unknown, so nothing is added or filed (start afresh with an empty database to reload).
                self.stdout.write("demo users exist but no record of demo data: nothing loaded")
                demo = None
            else:
                demo = DemoRun(users, self.stdout)
                created = sum(self._dossier(demo, *spec) for spec in DOSSIERS) + self._extra(demo)
                self.stdout.write(f"demo data ready ({created} new documents)")
        for dotted in getattr(settings, "DEMO_LOADERS", []) if demo else []:
            try:
                loader = import_string(dotted)
            except ImportError:
                continue
            with transaction.atomic():
                loader(demo)
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {settings.DEMO_PASSWORD}):")
        for username, name, roles in USERS:
            self.stdout.write(f"  {username:8} {name}  ({', '.join(roles)})")

    def _users(self) -> tuple[dict, bool]:
        User = get_user_model()
        taken = User.objects.filter(username__in=[u for u, _n, _r in USERS], is_demo=False)
        if taken:
            names = ", ".join(sorted(u.username for u in taken))
            raise CommandError(f"not loading the demo: {names} exist as real (non-demo) accounts")
        users, new = {}, False
        for username, name, roles in USERS:
            user, made = User.objects.get_or_create(
                username=username,
                defaults={"display_name": name, "is_demo": True, "is_staff": ADMIN in roles},
            )
            if made:
                user.set_password(settings.DEMO_PASSWORD)
                user.is_superuser = ADMIN in roles
                user.save()
                user.groups.set(Group.objects.filter(name__in=roles))
                new = True
            users[username] = user
        return users, new

    def _dossier(self, demo: DemoRun, project, building, unit, customers) -> int:
        users = demo.users
        label = f"{building}-{unit}"
        key = f"docstore.dossier:{project}:{label}"
        dossier = demo.get(key, Dossier)
        if dossier is None:
            if Dossier.objects.filter(project=project, building=building, unit=unit).exists():
                self.stdout.write(f"  skipped {project} {label}: that unit's dossier is not demo data")
                return 0
            dossier = dossiers.create_dossier(
                users["clerk"],
                project=project,
                building=building,
                unit=unit,
                customers=[{"name": n, "id_number": i} for n, i in customers],
            )
            demo.keep(key, dossier)
        names = "、".join(n for n, _i in customers)
        docs = [
            (
                "sales_contract",
                f"商品房买卖合同 {project} {label}",
                "contract.pdf",
                lambda: make_pdf(
                    f"商品房买卖合同（{project} {label}）",
                    [f"买受人：{names}", f"房屋坐落：{project}{building}栋{unit}室", *CONTRACT_CLAUSES],
                    pages=3,
                ),
            ),
            (
                "supplementary_agreement",
                f"补充协议 {label}",
                "supplement.docx",
                lambda: make_docx(
                    f"补充协议（{project} {label}）",
                    [f"甲方：本公司  乙方：{names}", "双方就车位使用、物业费减免等事项补充约定如下。"],
                ),
            ),
            (
                "mortgage_contract",
                f"房地产抵押合同 {label}",
                "mortgage.pdf",
                lambda: make_pdf(
                    f"房地产抵押合同（{label}）", [f"抵押人：{names}", "抵押权人：中国建设银行"], pages=2
                ),
            ),
        ]
        made = 0
        for code, title, filename, data in docs:
            key = document_key(project, label, code)
            if demo.get(key, Document) is not None:
                continue
            document = services.create_document(
                users["clerk"] if code != "mortgage_contract" else users["field"],
                file=io.BytesIO(data()),
                filename=filename,
                title=title,
                doc_type=DocumentType.objects.get(code=code),
                dossier=dossier,
            )
            demo.keep(key, document)
            made += 1
        return made

    def _extra(self, demo: DemoRun) -> int:
        users = demo.users
        made = 0
        extras = [
            (
                users["manager"],
                "contract_template",
                "商品房买卖合同范本（2026版）",
                "template.docx",
                lambda: make_docx(
                    "商品房买卖合同",
                    ["买受人：{{ 客户姓名 }}", "房号：{{ 楼栋 }}-{{ 房号 }}", *CONTRACT_CLAUSES],
                ),
            ),
            (
                users["clerk"],
                "company_notice",
                "关于规范用印管理的通知",
                "notice.pdf",
                lambda: make_pdf(
                    "关于规范用印管理的通知", ["各部门：为规范印章使用，即日起一律通过系统提交用章申请。"]
                ),
            ),
        ]
        for actor, code, title, filename, data in extras:
            key = f"docstore.document:{code}"
            if demo.get(key, Document) is not None:
                continue
            document = services.create_document(
                actor,
                file=io.BytesIO(data()),
                filename=filename,
                title=title,
                doc_type=DocumentType.objects.get(code=code),
            )
            demo.keep(key, document)
            made += 1
        return made
