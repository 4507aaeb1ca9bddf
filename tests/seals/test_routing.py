"""Approval routing: each rule shape (single, sequential, parallel 会签), deputies, the requester skipped and the
second approver; the queue, the navigation count and the notifications follow the chain."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from accounts.roles import MANAGER
from core.errors import Conflict, Forbidden, InvalidInput
from notifications.models import Message
from seals import selectors, services
from seals.approval_models import ApprovalRule, ApprovalStep
from tests.conftest import make_user


def told(user, req) -> int:
    return Message.objects.filter(
        recipient=user, event="seal_request.submitted", link__contains=f"/{req.pk}/"
    ).count()


def steps(req):
    return [
        (s.order, s.seat_ref, s.decision) for s in ApprovalStep.objects.filter(request=req, round=req.round)
    ]


@pytest.fixture
def company(make_seal):
    return make_seal(name="公章", kind="company")


@pytest.fixture
def finance(make_seal):
    return make_seal(name="财务专用章", kind="finance")


@pytest.fixture
def manager2(db):
    return make_user("manager2", MANAGER, display_name="赵敏")


@pytest.mark.django_db
class TestShapes:
    def test_the_seeded_rules(self):
        rules = {r.seal_kind: (r.shape, r.approvers) for r in ApprovalRule.objects.all()}
        assert rules["contract"] == ("single", ["group:manager"])
        assert (
            rules["company"]
            == rules["legal_rep"]
            == ("sequential", ["group:manager", "group:marketing_director"])
        )

    def test_single_step(self, field, manager, make_request):
        req = make_request("submitted")
        assert steps(req) == [(0, "group:manager", "pending")]
        assert told(manager, req) == 1
        req = services.approve_request(manager, req, comment="同意")
        assert req.status == "approved" and req.approval["steps"][0]["by"] == manager.pk

    def test_sequential_steps_each_in_turn(self, field, manager, director, company, make_request):
        req = make_request("submitted", seal=company)
        assert [s[2] for s in steps(req)] == ["pending", "pending"]
        assert (
            list(selectors.approval_queue(manager)) == [req]
            and not selectors.approval_queue(director).exists()
        )
        assert told(manager, req) == 1 and told(director, req) == 0
        with pytest.raises(Forbidden) as exc:
            services.approve_request(director, req)  # not their turn yet
        assert exc.value.code == "not_approver" and "客服部经理" in str(exc.value.detail)
        req = services.approve_request(manager, req, comment="同意")
        assert req.status == "submitted" and req.current_step == 1 and req.decided_by is None
        assert told(director, req) == 1
        assert selectors.nav_counts(director) == {"seal_queue": 1} and selectors.nav_counts(manager) == {
            "seal_queue": 0
        }
        with pytest.raises(Forbidden):
            services.approve_request(manager, req)  # one seat per person
        req = services.approve_request(director, req, comment="同意")
        assert req.status == "approved" and req.decided_by == director
        assert [s["by"] for s in req.approval["steps"]] == [manager.pk, director.pk]
        assert (
            AuditEvent.objects.filter(action="seal_request.step_approved", object_id=str(req.pk)).count() == 1
        )

    def test_a_rejection_at_any_step_ends_it(self, field, manager, director, company, make_request):
        req = services.approve_request(manager, make_request("submitted", seal=company))
        req = services.reject_request(director, req, reason="不符合用印规定")
        assert req.status == "rejected"
        assert [s[2] for s in steps(req)] == ["approved", "rejected"]

    def test_parallel_all_must_agree(self, field, manager, director, finance, make_request):
        services.create_rule(
            manager,
            name="财务章会签",
            seal_kind="finance",
            shape="parallel",
            approvers=["group:manager", "group:marketing_director"],
        )
        req = make_request("submitted", seal=finance, mode="physical", cross_page=False, placements=[])
        assert {s[0] for s in steps(req)} == {0}
        assert told(manager, req) == told(director, req) == 1  # both at once
        assert selectors.approval_queue(director).filter(pk=req.pk).exists()
        req = services.approve_request(director, req)
        assert req.status == "submitted"
        req = services.approve_request(manager, req)
        assert req.status == "approved"

    def test_returned_and_submitted_again_is_a_new_round(self, field, manager, make_request):
        req = make_request("returned")
        req = services.submit_request(field, req)
        assert req.round == 2 and steps(req) == [(0, "group:manager", "pending")]
        assert services.approve_request(manager, req).status == "approved"

    def test_the_most_specific_rule_wins(self, manager, director, field, doc_type, make_request):
        services.create_rule(
            manager,
            name="房管局的买卖合同",
            seal_kind="contract",
            doc_type=doc_type("sales_contract"),
            recipient="bank",
            shape="sequential",
            approvers=["group:manager", "group:marketing_director"],
        )
        req = make_request("submitted")  # the contract seal on a sales contract for the bank
        assert req.rule.name == "房管局的买卖合同" and len(steps(req)) == 2


@pytest.mark.django_db
class TestOwnRequests:
    def test_a_managers_own_request_goes_to_the_second_approver(self, manager, director, make_request):
        req = make_request("submitted", requester=manager)
        assert steps(req) == [(0, "group:manager", "skipped"), (1, "group:marketing_director", "pending")]
        assert told(director, req) == 1 and told(manager, req) == 0
        with pytest.raises(Forbidden) as exc:
            services.approve_request(manager, req)
        assert exc.value.code == "own_request"
        assert services.approve_request(director, req).status == "approved"

    def test_a_named_second_approver(self, settings, manager, clerk, make_request):
        settings.SEALS_SECOND_APPROVER = "clerk1"
        req = make_request("submitted", requester=manager)
        assert steps(req)[-1] == (1, "user:clerk1", "pending")
        assert services.approve_request(clerk, req).status == "approved"

    def test_without_a_second_approver_it_is_refused_not_left_waiting(self, settings, manager, make_request):
        settings.SEALS_SECOND_APPROVER = ""
        req = make_request("draft", requester=manager)
        with pytest.raises(Conflict) as exc:
            services.submit_request(manager, req)
        assert exc.value.code == "no_approver" and "SEALS_SECOND_APPROVER" in str(exc.value.detail)
        req.refresh_from_db()
        assert req.status == "draft" and not req.steps.exists()

    def test_an_approver_skipped_goes_to_the_next_step(self, manager, director, company, make_request):
        req = make_request("submitted", requester=manager, seal=company)
        assert [s[2] for s in steps(req)] == ["skipped", "pending"]
        assert services.approve_request(director, req).status == "approved"

    def test_another_manager_decides_a_managers_request(self, manager, manager2, make_request):
        req = make_request("submitted", requester=manager)
        assert steps(req) == [(0, "group:manager", "pending")]
        assert not selectors.approval_queue(manager).exists()
        assert services.approve_request(manager2, req).status == "approved"

    def test_a_group_with_nobody_is_refused_at_submission(self, field, company, make_request):
        req = make_request("draft", seal=company)  # nobody is 营销总监
        with pytest.raises(Conflict) as exc:
            services.submit_request(field, req)
        assert exc.value.code == "no_approver" and "营销总监" in str(exc.value.detail)


@pytest.mark.django_db
class TestDeputies:
    def test_a_deputy_acts_while_the_approver_is_away_and_the_record_says_so(
        self, web, field, manager, clerk, make_request
    ):
        services.set_away(manager, manager, away=True, deputy=clerk)
        req = make_request("submitted")
        assert told(clerk, req) == 1 and told(manager, req) == 0
        assert list(selectors.approval_queue(clerk)) == [req]
        assert selectors.is_approver(clerk)  # the manager's role seat, covered while he is away
        assert not selectors.is_approver(field)
        req = services.approve_request(clerk, req, comment="代为审批")
        step = ApprovalStep.objects.get(request=req)
        assert (step.decided_by, step.on_behalf_of) == (clerk, manager)
        event = AuditEvent.objects.get(action="seal_request.approved", object_id=str(req.pk))
        assert event.details["on_behalf_of"] == manager.pk
        html = web(field).get(req.get_absolute_url()).content.decode()
        assert "代 张伟 审批" in html

    def test_no_deputy_while_the_approver_is_in(self, field, manager, clerk, make_request):
        services.set_away(manager, manager, away=False, deputy=clerk)
        req = make_request("submitted")
        assert not selectors.is_approver(clerk)
        with pytest.raises(Forbidden):
            services.approve_request(clerk, req)

    def test_a_deputy_never_approves_their_own_request(self, field, manager, make_request):
        services.set_away(manager, manager, away=True, deputy=field)
        req = make_request("submitted")  # by field
        with pytest.raises(Forbidden):
            services.approve_request(field, req)
        assert not selectors.approval_queue(field).exists()

    def test_away_needs_a_deputy_and_is_ones_own(self, manager, clerk, field):
        with pytest.raises(InvalidInput):
            services.set_away(manager, manager, away=True, deputy=None)
        with pytest.raises(InvalidInput):
            services.set_away(manager, manager, away=True, deputy=manager)
        with pytest.raises(Forbidden):
            services.set_away(field, clerk, away=True, deputy=field)

    def test_the_away_form(self, web, manager, clerk):
        answer = web(manager).post(reverse("seals:away"), {"away": "on", "deputy": clerk.pk}, follow=True)
        manager.refresh_from_db()
        assert manager.away and manager.deputy == clerk and "外出状态已保存" in answer.content.decode()


@pytest.mark.django_db
class TestRulesApi:
    URL = "/api/v1/approval-rules/"

    def body(self, **extra):
        return {
            "name": "财务章",
            "seal_kind": "finance",
            "shape": "single",
            "approvers": ["group:manager"],
            **extra,
        }

    def test_the_manager_edits_the_table(self, api, manager, clerk):
        client = api(manager)
        made = client.post(self.URL, self.body(valid_days=7), format="json")
        assert made.status_code == 201 and made.json()["approver_labels"] == ["客服部经理"]
        pk = made.json()["id"]
        changed = client.patch(
            f"{self.URL}{pk}/",
            {"shape": "sequential", "approvers": ["group:manager", "user:clerk1"]},
            format="json",
        )
        assert changed.status_code == 200 and changed.json()["approver_labels"] == ["客服部经理", "王芳"]
        assert AuditEvent.objects.filter(action="approval_rule.changed", object_id=str(pk)).exists()
        assert api(clerk).get(self.URL).status_code == 200
        assert client.delete(f"{self.URL}{pk}/").status_code == 204
        assert not ApprovalRule.objects.filter(pk=pk).exists()

    @pytest.mark.parametrize("who", ["clerk", "field", "outsider"])
    def test_only_the_manager_edits(self, api, users, who):
        answer = api(users[who]).post(self.URL, self.body(), format="json")
        assert answer.status_code == 403
        rule = ApprovalRule.objects.first()
        if who != "outsider":
            assert api(users[who]).delete(f"{self.URL}{rule.pk}/").status_code == 403

    @pytest.mark.parametrize(
        "bad",
        [
            {"approvers": ["group:nobody-has-this"]},
            {"approvers": ["user:ghost"]},
            {"approvers": ["group:manager", "group:manager"], "shape": "sequential"},
            {"approvers": ["group:manager", "group:clerk"]},  # single with two
            {"approvers": ["group:manager"], "shape": "parallel"},
            {"shape": "circle"},
            {"approvers": []},
            {"seal_kind": "stone"},
            {"valid_days": 0},
            {"name": ""},
        ],
    )
    def test_bad_input(self, api, manager, bad):
        answer = api(manager).post(self.URL, self.body(**bad), format="json")
        assert answer.status_code == 400 and answer.json()["error"]

    def test_the_rules_page(self, web, manager, clerk):
        page = web(manager).post(
            reverse("seals:approval-rules"),
            {
                "new-name": "其他章",
                "new-seal_kind": "other",
                "new-shape": "single",
                "new-approvers": "group:manager",
            },
            follow=True,
        )
        assert (
            "审批规则已添加" in page.content.decode() and ApprovalRule.objects.filter(name="其他章").exists()
        )
        html = web(clerk).get(reverse("seals:approval-rules")).content.decode()
        assert (
            "公章：经理、营销总监逐级审批" in html
            and "客服部经理 → 营销总监" in html
            and "添加审批规则" not in html
        )
        web(clerk).post(
            reverse("seals:approval-rules"),
            {"new-name": "x", "new-shape": "single", "new-approvers": "group:clerk"},
        )
        assert not ApprovalRule.objects.filter(name="x").exists()
        rule = ApprovalRule.objects.get(name="其他章")
        web(manager).post(
            reverse("seals:approval-rule-edit", args=[rule.pk]),
            {
                f"rule{rule.pk}-name": "其他章",
                f"rule{rule.pk}-shape": "single",
                f"rule{rule.pk}-approvers": "group:clerk",
                "delete": "1",
            },
        )
        assert not ApprovalRule.objects.filter(pk=rule.pk).exists()


@pytest.mark.django_db
def test_the_queue_page_lists_only_the_current_steps(
    web, manager, director, company, make_request, django_assert_max_num_queries
):
    reqs = [make_request("submitted", seal=company) for _ in range(3)]
    client = web(manager)
    # a constant: the page, the queue, and the nav's counts (seal loans and disposal lists to decide included)
    with django_assert_max_num_queries(14):
        html = client.get(reverse("seals:request-list") + "?tab=queue").content.decode()
    # each request's electronic item drawn with its seal marks (read-only)
    assert '<span class="count" aria-label="待办">3</span>' in html and html.count("data-readonly") == 3
    html = web(director).get(reverse("seals:request-list") + "?tab=queue").content.decode()
    assert not any(f"/seals/requests/{req.pk}/" in html for req in reqs)  # the manager decides first
    services.approve_request(manager, reqs[0])
    html = web(director).get(reverse("seals:request-list") + "?tab=queue").content.decode()
    assert (
        f"/seals/requests/{reqs[0].pk}/" in html and '<span class="count" aria-label="待办">1</span>' in html
    )


@pytest.mark.django_db
def test_a_clerk_named_in_a_rule_decides(manager, field, clerk, finance, make_request):
    services.create_rule(
        manager, name="财务章", seal_kind="finance", shape="single", approvers=["user:clerk1"]
    )
    req = make_request("submitted", seal=finance, mode="physical", cross_page=False, placements=[])
    assert list(selectors.approval_queue(clerk)) == [req] and not selectors.approval_queue(manager).exists()
    assert services.approve_request(clerk, req).status == "approved"


@pytest.mark.django_db
def test_the_directors_home_page_lists_their_step(web, manager, director, company, make_request):
    req = services.approve_request(manager, make_request("submitted", seal=company))
    html = web(director).get("/").content.decode()
    assert "待我审批的用章申请" in html and f"/seals/requests/{req.pk}/" in html
