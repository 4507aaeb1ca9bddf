from django.urls import path

from seals.views import evidence, pages, pickers, placement, registry, rules

app_name = "seals"

urlpatterns = [
    path("", registry.seal_list, name="list"),
    path("new/", registry.seal_create, name="create"),
    path("pick.json", pickers.seals_json, name="pick-seals"),
    path("<int:pk>/", registry.seal_detail, name="detail"),
    path("<int:pk>/status/", registry.seal_status, name="status"),
    path("<int:pk>/image/", registry.seal_image, name="image"),
    path("<int:pk>/image/upload/", registry.seal_image_upload, name="image-upload"),
    path("<int:pk>/loans/new/", registry.loan_create, name="loan-create"),
    path("loans/", registry.loan_list, name="loan-list"),
    path("loans/<int:pk>/<str:action>/", registry.loan_action, name="loan-action"),
    path("register/", registry.register, name="register"),
    path("verify/", registry.verify, name="verify"),
    path("approval-rules/", rules.rule_list, name="approval-rules"),
    path("approval-rules/<int:pk>/", rules.rule_edit, name="approval-rule-edit"),
    path("away/", rules.away, name="away"),
    path("requests/", pages.request_list, name="request-list"),
    path("requests/new/", pages.request_create, name="request-create"),
    path("requests/<int:pk>/", pages.request_detail, name="request-detail"),
    path("requests/<int:pk>/form.pdf", pages.request_form_pdf, name="request-form"),
    path("requests/<int:pk>/<str:action>/", pages.request_action, name="request-action"),
    path("items/<int:pk>/edit/", pages.item_edit, name="item-edit"),
    path("items/<int:pk>/stamp/", pages.item_stamp, name="item-stamp"),
    path("items/<int:pk>/impressions/", pages.item_impressions, name="item-impressions"),
    path("items/<int:pk>/pages/<int:page>.png", pages.item_page, name="item-page"),
    path("items/<int:pk>/evidence/", evidence.item_evidence, name="item-evidence"),
    path("evidence/<int:pk>/", evidence.evidence_detail, name="evidence-detail"),
    path("evidence/<int:pk>/accept/", evidence.evidence_accept, name="evidence-accept"),
    path(
        "evidence/<int:pk>/<str:side>/<int:page>.png",
        evidence.evidence_page,
        name="evidence-page",
    ),
    path("versions/<int:pk>/pages.json", placement.version_pages, name="version-pages"),
    path("versions/<int:pk>/placement/", placement.placement_demo, name="placement"),
]
