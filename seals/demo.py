"""Demo data for the seals app: four seals drawn with Pillow and seal requests in different states.

Called by `manage.py load_demo` as load(demo): `demo.users`, `demo.stdout` and the record of demo objects
(`get`, `keep`, `made`). Only the demo's own documents get seal requests; running it twice changes nothing.
"""

from seals import services
from seals.engine.images import draw_seal, find_cjk_font
from seals.models import Seal, SealRequest

COMPANY = "锦绣置业有限公司"
SEALS = [
    # name, kind, custodian key (never an approver: 审用分离), size mm, ring text, centre text, square
    ("锦绣置业公章", "company", "clerk", 42, COMPANY, "", False),
    ("锦绣置业合同专用章", "contract", "clerk", 40, COMPANY, "合同专用章", False),
    ("法人章（周建国）", "legal_rep", "clerk", 20, "", "周建国印", True),
    ("锦绣置业财务专用章", "finance", "clerk", 38, COMPANY, "财务专用章", False),
]
DEMO_MARK = "［演示］"
REQUESTS = [
    # key, purpose, the demo document's key, seal kind, mode, cross-page, impressions, state
    (
        "mortgage-3-1502",
        "办理按揭：抵押合同盖合同专用章和骑缝章",
        "docstore.document:锦绣花园:3-1502:mortgage_contract",
        "contract",
        "electronic",
        True,
        2,
        "submitted",
    ),
    (
        "contract-5-0801",
        "买卖合同原件盖公章（交房管局备案）",
        "docstore.document:锦绣花园:5-0801:sales_contract",
        "company",
        "physical",
        False,
        4,
        "stamped",
    ),
    (
        "mortgage-2-2203",
        "银行放款：抵押合同电子用印",
        "docstore.document:滨江一号:2-2203:mortgage_contract",
        "contract",
        "electronic",
        True,
        2,
        "electronic",
    ),
]


def _seals(demo) -> dict:
    users = demo.users
    made = {}
    for name, kind, keeper, size, ring, centre, square in SEALS:
        key = f"seals.seal:{kind}"
        seal = demo.get(key, Seal)
        if seal is None:
            seal = services.register_seal(
                users["manager"],
                name=name,
                kind=kind,
                company=COMPANY,
                custodian=users[keeper],
                size_mm=size,
                image=draw_seal(ring, centre, square=square),
            )
            seal = demo.keep(key, services.change_seal_status(users["manager"], seal, to_status="active"))
            demo.stdout.write(f"  seal: {name}")
        made[kind] = seal
    return made


def _requests(demo, seals) -> None:
    from docstore.models import Document

    field, manager, clerk = demo.users["field"], demo.users["manager"], demo.users["clerk"]
    for name, purpose, document_key, kind, mode, cross, count, state in REQUESTS:
        key = f"seals.request:{name}"
        if demo.get(key, SealRequest) is not None:
            continue
        document = demo.get(document_key, Document)
        if document is None or document.current_version is None:
            continue
        item = {
            "version": document.current_version,
            "seal": seals[kind],
            "impressions": count,
            "mode": mode,
            "cross_page": cross,
            "placements": [{"preset": "last_page_signature"}] if mode == "electronic" else [],
        }
        recipient = "housing_authority" if mode == "physical" else "bank"
        req = services.create_request(
            field, purpose=f"{DEMO_MARK}{purpose}", recipient=recipient, items=[item]
        )
        req = services.submit_request(field, req)
        if state != "submitted":
            req = services.approve_request(manager, req, comment="同意，按批准次数用印。")
            if req.status == "submitted":  # 公章: the marketing director approves after the manager
                req = services.approve_request(demo.users["director"], req, comment="同意。")
            demo.keep(f"{key}:form", req.form_document)
            only = req.items.get()
            if state == "stamped":
                services.record_impressions(clerk, only, count=count)
            elif state == "electronic":
                services.stamp_item(field, only)
        demo.keep(key, req)
        demo.stdout.write(f"  seal request #{req.pk}: {state}")


def load(demo) -> None:
    font = find_cjk_font()
    demo.stdout.write(
        f"seals demo (seal images drawn with {'CJK font ' + font if font else 'the plain fallback'})"
    )
    _requests(demo, _seals(demo))
