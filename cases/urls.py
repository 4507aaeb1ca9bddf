from django.urls import path

from cases.views import board, cases, ledger, registers, templates

app_name = "cases"

urlpatterns = [
    path("", board.board, name="board"),
    path("all/", board.case_list, name="list"),
    path("pipeline/", board.pipeline, name="pipeline"),
    path("new/", cases.open_case, name="open"),
    path("applications/new/", cases.new_application, name="application-new"),
    path("<int:pk>/", cases.case_detail, name="case"),
    path("<int:pk>/cancel/", cases.cancel, name="case-cancel"),
    path("<int:pk>/move/", cases.move, name="case-move"),
    path("<int:pk>/steps/<int:number>/", cases.step_detail, name="step"),
    path("<int:pk>/steps/<int:number>/complete/", cases.complete, name="step-complete"),
    path("<int:pk>/steps/<int:number>/skip/", cases.skip, name="step-skip"),
    path("<int:pk>/steps/<int:number>/seal-request/", cases.request_seal, name="step-request-seal"),
    path("registers/loan-releases/", registers.loan_register, name="loan-register"),
    path("collections/", registers.collection_plan, name="collections"),
    path("ledger/", registers.ledger, name="ledger"),
    path("ledger/<int:pk>/", ledger.sale_edit, name="sale"),
    path("payments/", ledger.payments, name="payments"),
    path("payments/<int:pk>/reverse/", ledger.reverse, name="payment-reverse"),
    path("templates/", templates.template_list, name="templates"),
    path("templates/new/", templates.template_edit, name="template-new"),
    path("templates/<int:pk>/", templates.template_edit, name="template"),
]
