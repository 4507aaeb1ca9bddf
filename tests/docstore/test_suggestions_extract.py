"""The suggestion extractor on realistic contract text, as a text layer gives it and as OCR does (stray spaces
between digits, full-width colons and digits, lines broken mid-number)."""

from docstore import suggestions
from docstore.suggestions import id_number_valid, parse_upper

CONTRACT = """商品房买卖合同（预售）
合同编号：HT-2026-00123
出卖人：锦绣置业有限公司
买受人：张伟，身份证号：110101199003074514；共有人：李娜，身份证号码 11010519850612000X
房屋坐落：锦绣花园第3栋3-1502室，建筑面积98.56平方米。
总价款为人民币（大写）壹佰贰拾叁万肆仟伍佰陆拾柒元整（小写：1,234,567.00元）。
首付款：人民币（大写）叁拾万元整（小写：￥310000.00元）。
出卖人应当于2026年12月31日前交付，签订日期：2026-07-15。"""


def values(kind, text=CONTRACT):
    return [s.value for s in suggestions.extract(text)[kind]]


def test_contract_number():
    assert values("contract_number") == ["HT-2026-00123"]
    assert values("contract_number", "合同号 JX/2026/0042 双方") == ["JX/2026/0042"]


def test_id_numbers_with_valid_check_digits_only():
    assert values("id_number") == ["110101199003074514", "11010519850612000X"]
    assert id_number_valid("110101199003074514")
    assert not id_number_valid("110101199003074515")  # a wrong check digit
    assert not id_number_valid("110101199013074519")  # month 13
    assert values("id_number", "证件号 110101199003074515") == []


def test_ocr_spacing_and_full_width_forms():
    ocr = "身份证号：1101 0119 9003 0745 14 房号：３-１５０２ 合同编号：ＨＴ-2026-00123"
    assert values("id_number", ocr) == ["110101199003074514"]
    assert values("unit", ocr) == ["3-1502"]
    assert values("contract_number", ocr) == ["HT-2026-00123"]


def test_units_not_parts_of_codes_or_dates():
    assert values("unit") == ["3-1502"]
    assert values("unit", "编号HT-2026-00123，日期2026-12-31，电话 0571-8888 1234") == []


def test_amounts_upper_and_lower_checked_against_each_other():
    found = suggestions.extract(CONTRACT)["amount"]
    total, down = found[0], found[1]
    assert total.value == "1234567.00" and total.checked and total.details["agree"]
    # 叁拾万 is 300,000 but the figure says 310,000: suggested, flagged as not agreeing
    assert down.value == "300000.00" and not down.checked and down.details["lower"] == "310000.00"


def test_parse_upper():
    assert parse_upper("壹佰贰拾叁万肆仟伍佰陆拾柒元整") == 123456700
    assert parse_upper("叁仟零伍元伍角陆分") == 300556
    assert parse_upper("壹亿零贰万元整") == 10002000000
    assert parse_upper("拾万元整") == 10000000
    assert parse_upper("壹佰元ABC") is None


def test_a_lone_lower_amount_is_unchecked():
    found = suggestions.extract("定金 ¥20,000.00 元")["amount"]
    assert [(s.value, s.checked) for s in found] == [("20000.00", False)]


def test_dates():
    assert values("date") == ["2026-12-31", "2026-07-15"]
    assert values("date", "2026年2月30日 1890-01-01") == []


def test_nothing_in_plain_prose():
    assert all(v == [] for v in suggestions.extract("双方协商一致，签订本补充协议。").values())


def test_a_figure_broken_over_two_lines_of_the_page():
    text = "总价款为人民币（大写）壹佰贰拾叁万肆仟伍佰陆拾柒元整（小写：1,234,56\r\n7.00元）"
    assert [(s.value, s.checked) for s in suggestions.extract(text)["amount"]] == [("1234567.00", True)]
