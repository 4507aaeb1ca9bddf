from django.urls import path

from seals.views import pages, registry

urlpatterns = [
    path("", registry.seal_list, name="seal-list"),
    path("new/", registry.seal_create, name="seal-create"),
    path("<int:pk>/", registry.seal_detail, name="seal-detail"),
    path("<int:pk>/status/", registry.seal_status, name="seal-status"),
    path("<int:pk>/image/", registry.seal_image, name="seal-image"),
    path("<int:pk>/image/upload/", registry.seal_image_upload, name="seal-image-upload"),
    path("<int:pk>/loans/new/", registry.loan_create, name="seal-loan-create"),
    path("loans/", registry.loan_list, name="seal-loan-list"),
    path("loans/<int:pk>/<str:action>/", registry.loan_action, name="seal-loan-action"),
    path("register/", registry.register, name="seal-register"),
    path("verify/", registry.verify, name="seal-verify"),
    path("requests/", pages.request_list, name="seal-request-list"),
    path("requests/new/", pages.request_create, name="seal-request-create"),
    path("requests/<int:pk>/", pages.request_detail, name="seal-request-detail"),
    path("requests/<int:pk>/form.pdf", pages.request_form_pdf, name="seal-request-form"),
    path("requests/<int:pk>/<str:action>/", pages.request_action, name="seal-request-action"),
    path("items/<int:pk>/edit/", pages.item_edit, name="seal-item-edit"),
    path("items/<int:pk>/stamp/", pages.item_stamp, name="seal-item-stamp"),
    path("items/<int:pk>/impressions/", pages.item_impressions, name="seal-item-impressions"),
    path("items/<int:pk>/pages/<int:page>.png", pages.item_page, name="seal-item-page"),
]
