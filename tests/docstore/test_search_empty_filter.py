"""A search whose list filters match nothing answers an empty page, not a 500 (found by the API fuzz test once
the yes/no filters offered 全部/是/否: a full-text filter without hits left an empty IN () to compile)."""

import pytest

pytestmark = pytest.mark.django_db


def test_search_with_filters_that_match_nothing(api, field, document):
    answer = api(field).get("/api/v1/search/", {"q": "合同", "checked_out": "true", "text": "³l"})
    assert answer.status_code == 200 and answer.json()["count"] == 0
