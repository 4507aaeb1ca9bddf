"""Charts: server-side SVG, no library, no CDN."""

import datetime

import pytest

from workbench import charts

pytestmark = pytest.mark.django_db


def test_months_back_crosses_years():
    months = charts.months_back(3, datetime.date(2026, 2, 14))
    assert months == [datetime.date(2025, 12, 1), datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)]


def test_bar_chart_is_escaped_stacked_svg():
    svg = charts.bar_chart(
        "c", "标题<&>", ["1月", "2月"], [charts.Series("公章", [2, 0]), charts.Series("<b>", [1, 3])]
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "标题&lt;&amp;&gt;" in svg and "<b>" not in svg
    assert svg.count("<rect") == 3 + 2  # three bars with values, two legend swatches
    assert 'role="img"' in svg and "<title" in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_empty_chart_says_so():
    svg = charts.bar_chart("c", "t", ["a"], [charts.Series("s", [0])], empty_text="暂无数据")
    assert "暂无数据" in svg


def test_page_draws_the_three_charts_from_the_data(web, manager, trail):
    response = web(manager).get("/charts/")
    assert response.status_code == 200
    html = response.content.decode()
    for chart_id in ("chart-seal-use", "chart-filed", "chart-out"):
        assert f'id="{chart_id}"' in html
    this_month = datetime.date.today().strftime("%Y-%m")
    seal_use = next(c for c in response.context["charts"] if c["id"] == "chart-seal-use")
    assert seal_use["series"][0].name == "合同专用章"
    assert seal_use["series"][0].values[-1] == 2  # one placement + the cross-page seal
    assert seal_use["rows"][-1][0] == this_month
    filed = next(c for c in response.context["charts"] if c["id"] == "chart-filed")
    assert filed["series"][0].values[-1] == 1
    assert f'data-label="{this_month}" data-value="2"' in html


def test_originals_out_per_party_type(web, clerk, trail):
    from archive import services as archive

    archive.check_out_original(
        clerk, trail.original, party_type="bank", holder_name="工商银行", purpose="按揭"
    )
    labels, series = charts.originals_out_per_party()
    assert dict(zip(labels, series[0].values, strict=True))["银行"] == 1


def test_roles(web, users):
    assert web(users["outsider"]).get("/charts/").status_code == 403
    assert web(users["field"]).get("/charts/").status_code == 200
