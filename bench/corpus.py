"""A varied Chinese corpus for the search benchmarks: a large vocabulary with a long tail, names, unit, contract,
ID and phone numbers, amounts and dates, and document lengths from a short letter to a long contract.

Words are made from the 3,755 characters of GB2312 level 1 (the common ones first, the rest in a fixed
shuffled order), their frequencies falling off as in real text (Zipf), with the department's own words
(合同, 房屋, 贷款, 买受人...) among the most frequent. GB2312 level 2 characters never occur: they are the
benchmark's absent terms. Deterministic for a seed.
"""

import math
import random

# The most frequent characters of written Chinese, most frequent first (about 500); the rest of level 1
# follows in a fixed shuffled order.
FREQUENT = (
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作"
    "里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从"
    "想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头"
    "文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提"
    "立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务"
    "做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像"
    "难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导"
    "争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗"
    "字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器"
    "容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周"
    "较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章"
    "音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻"
    "父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久"
    "错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷"
    "警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协"
    "角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份"
)
DOMAIN = (
    "合同 房屋 贷款 违约 银行 登记 买受人 出卖人 抵押 按揭 商品房 补充协议 网上备案 房号 首付款 总价款 "
    "交付 面积 单价 公积金 不动产 借款人 保证金 担保 物业 业主 住房 房产管理局 公证 放款 签约 定金 退房 "
    "调房 延期付款 优惠 审批 用章 盖章 骑缝章 合同专用章 联络函 客服部 预售 许可证 产权 税费 契税 维修基金"
).split()
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧阳司马上官诸葛"
GIVEN = "明华强伟芳娜敏静丽军杰涛超勇艳秀英霞平刚桂兰玉萍红娥玲燕宇浩然子轩梓涵欣怡晨阳思远佳琪雨泽博文建国志刚淑珍海燕丽娟春梅秋菊冬雪嘉怡俊杰子墨一诺梓萱诗涵浩宇宇轩睿泽"
PROJECTS = [
    "锦绣花园",
    "滨江一号",
    "翠湖天地",
    "金色家园",
    "阳光城",
    "紫荆苑",
    "星河湾",
    "东方明珠苑",
    "碧桂园",
    "万科城",
]
TYPE_WORDS = [
    "商品房买卖合同",
    "补充协议",
    "抵押合同",
    "借款合同",
    "联络函",
    "退房申请",
    "调房申请",
    "延期付款申请",
]


def _level(first: int, last: int, last_low: int = 0xFE) -> list[str]:
    return [
        bytes([hi, lo]).decode("gb2312")
        for hi in range(first, last + 1)
        for lo in range(0xA1, (last_low if hi == last else 0xFE) + 1)
    ]


LEVEL1 = _level(0xB0, 0xD7, 0xF9)
_FIXED = FREQUENT + "".join(DOMAIN) + SURNAMES + GIVEN + "".join(PROJECTS) + "".join(TYPE_WORDS)
# Level 2 characters the corpus never writes (names and fixed words excepted): the absent terms.
ABSENT_CHARACTERS = [c for c in _level(0xD8, 0xF7)[::150] if c not in _FIXED]


class Corpus:
    def __init__(self, seed: int = 11, vocabulary: int = 40_000):
        rng = random.Random(seed)
        level1 = set(LEVEL1)
        frequent = [c for c in dict.fromkeys(FREQUENT) if c in level1]
        rest = [c for c in LEVEL1 if c not in set(frequent)]
        rng.shuffle(rest)
        self.characters = frequent + rest
        char_weights = list(_accumulate(1 / (r + 8) ** 0.9 for r in range(len(self.characters))))
        words, seen = [], set(DOMAIN)
        while len(words) < vocabulary:
            size = rng.choice([1, 2, 2, 2, 3, 3, 4])
            word = "".join(rng.choices(self.characters, cum_weights=char_weights, k=size))
            if word not in seen:
                seen.add(word)
                words.append(word)
        # the department's words among the most frequent, one every fifth rank
        for i, word in enumerate(DOMAIN):
            words.insert(i * 5 + 1, word)
        self.words = words
        self.cum_weights = list(_accumulate(1 / (r + 12) ** 1.05 for r in range(len(words))))

    def person(self, rng: random.Random) -> str:
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))

    def length(self, rng: random.Random, median: int = 1500) -> int:
        """Characters of a body: log-normal, from a short letter to a long contract."""
        return int(min(30_000, max(150, rng.lognormvariate(math.log(median), 0.8))))

    def body(self, rng: random.Random, chars: int, facts: list[str]) -> str:
        """About `chars` characters of text; the facts (numbers, names) are spread through it."""
        parts, total, facts = [], 0, list(facts)
        while total < chars:
            words = rng.choices(self.words, cum_weights=self.cum_weights, k=rng.randint(6, 20))
            sentence = "".join(words)
            if facts and rng.random() < 0.3:
                sentence += facts.pop(0)
            elif rng.random() < 0.15:
                sentence += rng.choice(
                    [
                        f"人民币{rng.randint(1, 999)},{rng.randint(0, 999):03}元",
                        f"{rng.randint(2015, 2026)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
                        f"电话1{rng.randint(3000000000, 9999999999)}",
                        f"{rng.randint(60, 180)}.{rng.randint(0, 99):02}平方米",
                    ]
                )
            sentence += rng.choice("，。。；")
            parts.append(sentence)
            total += len(sentence)
        return "".join(parts + facts)

    def phrase(self, rng: random.Random, text: str, size: int) -> str:
        """A run of `size` CJK characters taken from the text (a phrase a user would copy)."""
        runs = [run for run in _cjk_runs(text) if len(run) >= size]
        run = rng.choice(runs)
        start = rng.randrange(len(run) - size + 1)
        return run[start : start + size]


def _accumulate(values):
    total = 0.0
    for value in values:
        total += value
        yield total


def _cjk_runs(text: str) -> list[str]:
    import re

    return re.findall(r"[\u4e00-\u9fff]+", text)


def id_number(rng: random.Random) -> str:
    return (
        f"{rng.randint(110000, 659999)}{rng.randint(1960, 2004)}{rng.randint(1, 12):02}"
        f"{rng.randint(1, 28):02}{rng.randint(100, 999)}{rng.choice('0123456789X')}"
    )
