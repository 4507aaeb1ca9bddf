"""Data generator for the document-store benchmarks: N documents with about two pages of Chinese text each,
in dossiers of 4 documents, with customers, contract numbers and unit numbers, indexed for search.

Rows are bulk-inserted (not through the services: the benchmarks measure reads, and 100,000 audited uploads
would take hours); the search index is written by the same docstore.search.write_index the app uses.
"""

import hashlib
import random
import time

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "明华强伟芳娜敏静丽军杰涛超勇艳秀英霞平刚桂兰玉萍红娥玲燕宇浩然子轩梓涵欣怡晨阳思远佳琪雨泽博文"
PROJECTS = ["锦绣花园", "滨江一号", "翠湖天地", "金色家园", "阳光城", "紫荆苑", "星河湾", "东方明珠苑"]
TYPES = [
    "sales_contract",
    "supplementary_agreement",
    "mortgage_contract",
    "loan_contract",
    "liaison_letter",
    "other",
]
CLAUSES = [
    "出卖人与买受人根据《中华人民共和国民法典》《中华人民共和国城市房地产管理法》及其他法律、法规之规定，在平等、自愿、协商一致的基础上就买卖商品房达成如下协议。",
    "出卖人以出让方式取得位于本市的地块的建设用地使用权，土地用途为住宅，土地使用年限自取得之日起七十年。",
    "该商品房为预售商品房，预售许可证号为本市房预售证第号，建筑面积共计一百零二点三五平方米。",
    "按照套内建筑面积计算，该商品房单价为每平方米人民币壹万贰仟元整，总价款为人民币壹佰贰拾捌万元整。",
    "买受人采取银行按揭贷款方式付款，首付款于签订本合同之日支付，余款由贷款银行直接划入出卖人监管账户。",
    "出卖人应当在约定日期前向买受人交付该商品房，并出具住宅质量保证书和住宅使用说明书。",
    "双方同意共同向不动产登记机构申请办理该商品房的转移登记，所需税费按国家规定各自承担。",
    "买受人逾期付款的，按日计算向出卖人支付逾期应付款万分之五的违约金，合同继续履行。",
    "出卖人逾期交付的，按日计算向买受人支付全部房价款万分之五的违约金，合同继续履行。",
    "抵押人以其合法拥有的房地产作为抵押物，向抵押权人提供担保，担保范围包括借款本金、利息和实现债权的费用。",
    "借款人向贷款人申请个人住房贷款，贷款期限为三十年，贷款利率按照中国人民银行公布的同期贷款市场报价利率执行。",
    "本合同未尽事宜，双方可签订补充协议，补充协议与本合同具有同等法律效力。",
    "因本合同发生的争议，由双方协商解决；协商不成的，依法向房屋所在地人民法院起诉。",
    "物业管理服务由出卖人依法选聘的物业服务企业提供，物业服务费用按照政府指导价执行。",
    "该商品房的保修期自交付之日起计算，屋面防水工程和有防水要求的卫生间保修期为五年。",
    "买受人应当按照约定办理房屋交接手续，并在交接单上签字确认房屋的设施设备情况。",
    "联络函：关于网上备案资料补充的说明，请贵局予以办理为盼，特此函告。",
    "客服部已将客户签署的合同原件送交银行，银行审批通过后办理抵押登记和放款手续。",
]


def person(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


def id_number(rng) -> str:
    return f"{rng.randint(110000, 659999)}{rng.randint(1960, 2004)}{rng.randint(1, 12):02}{rng.randint(1, 28):02}{rng.randint(100, 999)}{rng.choice('0123456789X')}"


def body_text(rng, customer: str, unit_label: str, contract_no: str, chars: int = 1500) -> str:
    parts = [f"合同编号：{contract_no}", f"买受人：{customer}", f"房号：{unit_label}"]
    total = 0
    while total < chars:
        clause = rng.choice(CLAUSES)
        parts.append(clause)
        total += len(clause)
    return "\n".join(parts)


_DOSSIERS: dict = {}
_NAMES: dict = {}


def dossier_for(i: int, user):
    """Dossier number i: a unique (project, building, unit), e.g. 锦绣花园 3-1502; reused across batches."""
    from docstore.models import Dossier

    if i not in _DOSSIERS:
        rest = i // len(PROJECTS)
        building, rest = 1 + rest % 30, rest // 30
        _DOSSIERS[i] = Dossier(
            project=PROJECTS[i % len(PROJECTS)],
            building=str(building),
            unit=f"{rest % 33 + 1:02}{rest // 33 + 1:02}",
            created_by=user,
        )
    return _DOSSIERS[i]


def generate(count: int, *, seed: int = 7, batch: int = 1000, chars: int = 1500, progress=True) -> dict:
    """Insert `count` documents (and count/4 dossiers). Returns facts the benchmarks query for."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from docstore import search
    from docstore.models import Customer, Derivative, Document, DocumentType, Dossier, SearchEntry, Version

    rng = random.Random(seed)
    User = get_user_model()
    users = []
    for name, role in [
        ("bench_clerk", "clerk"),
        ("bench_field", "field_staff"),
        ("bench_manager", "manager"),
    ]:
        user, _ = User.objects.get_or_create(username=name, defaults={"display_name": name})
        user.groups.set(Group.objects.filter(name=role))
        users.append(user)
    types = {t.code: t for t in DocumentType.objects.all()}
    facts = {"units": [], "customers": [], "contracts": [], "ids": []}
    started = time.monotonic()
    made = 0
    per_dossier = 4
    while made < count:
        n = min(batch, count - made)
        with transaction.atomic():
            first, last = made // per_dossier, (made + n + per_dossier - 1) // per_dossier
            dossiers = [dossier_for(i, users[0]) for i in range(first, last)]
            fresh = [d for d in dossiers if d.pk is None]
            Dossier.objects.bulk_create(fresh)
            customers = []
            names = _NAMES
            for d in fresh:
                name, idn = person(rng), id_number(rng)
                names[d.pk] = (name, idn)
                customers.append(Customer(dossier=d, name=name, id_number=idn))
            Customer.objects.bulk_create(customers)
            docs, bodies = [], []
            for j in range(n):
                k = made + j
                dossier = dossiers[k // per_dossier - first]
                name, idn = names.get(dossier.pk) or (person(rng), id_number(rng))
                code = TYPES[k % len(TYPES)]
                contract_no = f"HT-{2020 + k % 7}-{k:06}"
                docs.append(
                    Document(
                        title=f"{types[code].name} {dossier.unit_label} {name}",
                        doc_type=types[code],
                        dossier=dossier,
                        metadata={"合同编号": contract_no},
                        created_by=users[k % 3],
                    )
                )
                bodies.append(body_text(rng, name, dossier.unit_label, contract_no, chars))
                if k % 997 == 0:
                    facts["units"].append(dossier.unit_label)
                    facts["customers"].append(name)
                    facts["contracts"].append(contract_no)
                    facts["ids"].append(idn)
            Document.objects.bulk_create(docs)
            versions = [
                Version(
                    document=d,
                    number=1,
                    sha256=hashlib.sha256(f"{d.pk}".encode()).hexdigest(),
                    size=len(b.encode()),
                    filename=f"{d.pk}.pdf",
                    media_type="application/pdf",
                    page_count=2,
                    created_by=d.created_by,
                )
                for d, b in zip(docs, bodies, strict=True)
            ]
            Version.objects.bulk_create(versions)
            for d, v in zip(docs, versions, strict=True):
                d.current_version = v
            Document.objects.bulk_update(docs, ["current_version"])
            Derivative.objects.bulk_create(
                Derivative(version=v, text=b, text_status="ready", preview_status="pending")
                for v, b in zip(versions, bodies, strict=True)
            )
            entries = []
            for d, b in zip(docs, bodies, strict=True):
                title, content = search.document_text(
                    d, b, customers=[names[d.dossier_id]] if d.dossier_id in names else []
                )
                entries.append(SearchEntry(document=d, title=title, content=content))
            SearchEntry.objects.bulk_create(entries)
            search.write_index_many([(e.document_id, e.title, e.content) for e in entries])
        made += n
        if progress:
            rate = made / max(time.monotonic() - started, 1e-6)
            print(f"  generated {made}/{count} documents ({rate:.0f}/s)", flush=True)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO docstore_search_fts(docstore_search_fts) VALUES('optimize')")
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    facts["seconds"] = round(time.monotonic() - started, 1)
    return facts
