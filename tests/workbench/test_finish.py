"""Finish: error pages in the product's style, confirmations, accessibility basics, phone layout, print CSS."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings

pytestmark = pytest.mark.django_db

STATIC = Path(django_settings.BASE_DIR) / "static"


@pytest.fixture
def boom(settings, client, clerk):
    settings.ROOT_URLCONF = "tests.workbench.error_urls"
    settings.DEBUG = False
    client.raise_request_exception = False
    client.force_login(clerk)
    return client


@pytest.mark.parametrize(
    "status, title, detail",
    [
        (403, "没有权限", "您没有权限访问此页面。"),
        (404, "找不到页面", "页面不存在或已被移除。"),
        (409, "状态冲突", "该原件已借出（工商银行），归还后才能再借。"),
        (500, "出错了", "服务器出错了，请稍后重试。"),
    ],
)
def test_error_pages_in_the_products_style(boom, status, title, detail):
    response = boom.get(f"/boom/{status}/")
    assert response.status_code == status
    html = response.content.decode()
    assert f'<p class="error-code">{status}</p>' in html
    assert f"<h1>{title}</h1>" in html and detail in html
    assert "返回工作台" in html and 'href="/"' in html
    assert "css/app.css" in html  # the product's own style, header and all
    assert "跳到正文" in html


def test_unknown_url_is_the_styled_404(boom):
    response = boom.get("/no/such/page/")
    assert response.status_code == 404
    assert "找不到页面" in response.content.decode()


def test_confirmation_script_is_loaded_and_handles_data_confirm():
    js = (STATIC / "js" / "app.js").read_text()
    assert "data-confirm" in js and "window.confirm" in js
    # without JS the form still posts: the confirmation only prevents the submit when declined
    assert "preventDefault" in js


def test_every_page_has_skip_link_labels_and_landmarks(web, clerk, trail):
    client = web(clerk)
    for path in ("/", f"/dossiers/{trail.dossier.pk}/timeline/", "/find/?q=3-1502", "/charts/"):
        html = client.get(path).content.decode()
        assert '<a class="skip" href="#main">' in html
        assert '<main id="main"' in html
        assert 'lang="zh-hans"' in html
        assert "{#" not in html and "{%" not in html  # no template syntax leaks into the page
        # every visible input has a label (by for= or wrapped)
        for match in re.finditer(r"<input([^>]*)>", html):
            attrs = match.group(1)
            if 'type="hidden"' in attrs or 'type="submit"' in attrs:
                continue
            found = re.search(r'id="([^"]+)"', attrs)
            wrapped = html.rfind("<label", 0, match.start()) > html.rfind("</label>", 0, match.start())
            assert wrapped or (found and f'for="{found.group(1)}"' in html), (path, attrs)


def test_css_has_phone_print_and_focus_rules():
    css = (STATIC / "css" / "app.css").read_text()
    assert "@media (max-width: 640px)" in css
    assert "@media print" in css and ".timeline-filter" in css
    assert ":focus-visible" in css
    assert "http://" not in css and "https://" not in css  # no CDN


def _luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize(
    "fg, bg",
    [
        ("#1f2328", "#ffffff"),  # text on cards
        ("#57606a", "#ffffff"),  # muted text
        ("#57606a", "#f6f8fa"),  # muted text on the page
        ("#0550ae", "#ffffff"),  # links
        ("#ffffff", "#b3261e"),  # primary buttons, hot badges
        ("#ffffff", "#24292f"),  # header
        ("#b3261e", "#ffffff"),  # errors
    ],
)
def test_colour_contrast_meets_wcag_aa(fg, bg):
    assert _contrast(fg, bg) >= 4.5
