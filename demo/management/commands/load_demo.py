"""Demo data for `make run`: users, three dossiers, real-looking PDFs and DOCX files. Idempotent."""

import io

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.roles import ADMIN, CLERK, FIELD_STAFF, MANAGER
from demo.content import CONTRACT_CLAUSES, make_docx, make_pdf
from docstore.models import Document, DocumentType, Dossier
from docstore.services import documents, dossiers

USERS = [
    # username, display name, roles
    ("clerk", "王芳", [CLERK]),
    ("field", "李军", [FIELD_STAFF]),
    ("manager", "张伟", [MANAGER]),
    ("admin", "系统管理员", [ADMIN]),
]
DOSSIERS = [
    ("锦绣花园", "3", "1502", [("陈明", "110101198003071234"), ("刘洋", "110101198205114321")]),
    ("锦绣花园", "5", "0801", [("赵丽", "310101199001019876")]),
    ("滨江一号", "2", "2203", [("孙强", "440301198512125678")]),
]


class Command(BaseCommand):
    help = "Load the demo users and data (DEBUG installations only). Running it twice changes nothing."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo data is for DEBUG installations only")
        users = self._users()
        created = 0
        for project, building, unit, customers in DOSSIERS:
            created += self._dossier(users, project, building, unit, customers)
        created += self._extra(users)
        self.stdout.write(f"demo data ready ({created} new documents)")
        self._after_core(users)
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {settings.DEMO_PASSWORD}):")
        for username, name, roles in USERS:
            self.stdout.write(f"  {username:8} {name}  ({', '.join(roles)})")

    def _users(self):
        User = get_user_model()
        users = {}
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
            users[username] = user
        return users

    def _dossier(self, users, project, building, unit, customers) -> int:
        dossier = Dossier.objects.filter(project=project, building=building, unit=unit).first()
        if dossier is None:
            dossier = dossiers.create_dossier(
                users["clerk"],
                project=project,
                building=building,
                unit=unit,
                customers=[{"name": n, "id_number": i} for n, i in customers],
            )
        names = "、".join(n for n, _i in customers)
        label = f"{building}-{unit}"
        docs = [
            (
                "sales_contract",
                f"商品房买卖合同 {project} {label}",
                "contract.pdf",
                make_pdf(
                    f"商品房买卖合同（{project} {label}）",
                    [f"买受人：{names}", f"房屋坐落：{project}{building}栋{unit}室", *CONTRACT_CLAUSES],
                    pages=3,
                ),
            ),
            (
                "supplementary_agreement",
                f"补充协议 {label}",
                "supplement.docx",
                make_docx(
                    f"补充协议（{project} {label}）",
                    [f"甲方：本公司  乙方：{names}", "双方就车位使用、物业费减免等事项补充约定如下。"],
                ),
            ),
            (
                "mortgage_contract",
                f"房地产抵押合同 {label}",
                "mortgage.pdf",
                make_pdf(
                    f"房地产抵押合同（{label}）", [f"抵押人：{names}", "抵押权人：中国建设银行"], pages=2
                ),
            ),
        ]
        made = 0
        for code, title, filename, data in docs:
            if Document.objects.filter(dossier=dossier, title=title).exists():
                continue
            documents.create_document(
                users["clerk"] if code != "mortgage_contract" else users["field"],
                file=io.BytesIO(data),
                filename=filename,
                title=title,
                doc_type=DocumentType.objects.get(code=code),
                dossier=dossier,
            )
            made += 1
        return made

    def _extra(self, users) -> int:
        made = 0
        extras = [
            (
                users["manager"],
                "contract_template",
                "商品房买卖合同范本（2026版）",
                "template.docx",
                make_docx(
                    "商品房买卖合同",
                    ["买受人：{{ 客户姓名 }}", "房号：{{ 楼栋 }}-{{ 房号 }}", *CONTRACT_CLAUSES],
                ),
            ),
            (
                users["clerk"],
                "company_notice",
                "关于规范用印管理的通知",
                "notice.pdf",
                make_pdf(
                    "关于规范用印管理的通知", ["各部门：为规范印章使用，即日起一律通过系统提交用章申请。"]
                ),
            ),
        ]
        for actor, code, title, filename, data in extras:
            if Document.objects.filter(title=title).exists():
                continue
            documents.create_document(
                actor,
                file=io.BytesIO(data),
                filename=filename,
                title=title,
                doc_type=DocumentType.objects.get(code=code),
            )
            made += 1
        return made

    def _after_core(self, users) -> None:
        """Later apps (seals, archive) add their demo data here."""
        from django.utils.module_loading import import_string

        for dotted in getattr(settings, "DEMO_LOADERS", []):
            try:
                loader = import_string(dotted)
            except ImportError:
                continue
            with transaction.atomic():
                loader(users, self.stdout)
