"""Demo data for the seals app: four seals drawn with Pillow and seal requests in different states.

Called by `manage.py load_demo` as load(users, stdout); running it twice changes nothing.
"""

from seals import services
from seals.engine.images import draw_seal, find_cjk_font
from seals.models import Seal, SealRequest

COMPANY = "锦绣置业有限公司"
SEALS = [
    # name, kind, custodian key, size mm, ring text, centre text, square
    ("锦绣置业公章", "company", "clerk", 42, COMPANY, "", False),
    ("锦绣置业合同专用章", "contract", "clerk", 40, COMPANY, "合同专用章", False),
    ("法人章（周建国）", "legal_rep", "manager", 20, "", "周建国印", True),
    ("锦绣置业财务专用章", "finance", "clerk", 38, COMPANY, "财务专用章", False),
]
DEMO_MARK = "［演示］"


def _seals(users, stdout) -> dict:
    made = {}
    for name, kind, keeper, size, ring, centre, square in SEALS:
        seal = Seal.objects.filter(name=name).first()
        if seal is None:
            png = draw_seal(ring, centre, square=square)
            seal = services.register_seal(
                users["manager"],
                name=name,
                kind=kind,
                company=COMPANY,
                custodian=users[keeper],
                size_mm=size,
                image=png,
            )
            seal = services.change_seal_status(users["manager"], seal, to_status="active")
            stdout.write(f"  seal: {name}")
        made[kind] = seal
    return made


def _version(title_contains: str):
    from docstore.models import Document

    document = (
        Document.objects.filter(title__contains=title_contains, current_version__media_type="application/pdf")
        .select_related("current_version", "dossier")
        .order_by("id")
        .first()
    )
    return document.current_version if document else None


def _requests(users, seals, stdout) -> None:
    field, manager, clerk = users["field"], users["manager"], users["clerk"]
    wanted = [
        # purpose, document title contains, seal kind, mode, cross-page, impressions, state
        (
            "办理按揭：抵押合同盖合同专用章和骑缝章",
            "房地产抵押合同 3-1502",
            "contract",
            "electronic",
            True,
            2,
            "submitted",
        ),
        (
            "买卖合同原件盖公章（交房管局备案）",
            "商品房买卖合同 锦绣花园 5-0801",
            "company",
            "physical",
            False,
            4,
            "stamped",
        ),
        (
            "银行放款：抵押合同电子用印",
            "房地产抵押合同 2-2203",
            "contract",
            "electronic",
            True,
            2,
            "electronic",
        ),
    ]
    for purpose, title, kind, mode, cross, count, state in wanted:
        purpose = f"{DEMO_MARK}{purpose}"
        if SealRequest.objects.filter(purpose=purpose).exists():
            continue
        version = _version(title)
        if version is None:
            continue
        item = {
            "version": version,
            "seal": seals[kind],
            "impressions": count,
            "mode": mode,
            "cross_page": cross,
            "placements": [{"preset": "last_page_signature"}] if mode == "electronic" else [],
        }
        recipient = "housing_authority" if mode == "physical" else "bank"
        req = services.create_request(field, purpose=purpose, recipient=recipient, items=[item])
        req = services.submit_request(field, req)
        if state != "submitted":
            req = services.approve_request(manager, req, comment="同意，按批准次数用印。")
            only = req.items.get()
            if state == "stamped":
                services.record_impressions(clerk, only, count=count)
            elif state == "electronic":
                services.stamp_item(field, only)
        stdout.write(f"  seal request #{req.pk}: {state}")


def load(users, stdout) -> None:
    font = find_cjk_font()
    stdout.write(
        f"seals demo (seal images drawn with {'CJK font ' + font if font else 'the plain fallback'})"
    )
    seals = _seals(users, stdout)
    _requests(users, seals, stdout)
