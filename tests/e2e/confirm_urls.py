"""A page with an irreversible step for the confirmation test (data-confirm), beside the product's routes."""

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

PAGE = """{% extends "base.html" %}{% block content %}
<form method="post" data-confirm="确定要销毁吗？此操作不可撤销。">{% csrf_token %}
  <button type="submit" class="button danger">销毁</button></form>
<form method="post">{% csrf_token %}<input type="hidden" name="what" value="reject">
  <button type="submit" class="button danger">驳回</button></form>
{% if done %}<p id="done">{{ what }}</p>{% endif %}{% endblock %}"""


def confirm_page(request):
    template = engines["django"].from_string(PAGE)
    context = {"done": request.method == "POST", "what": request.POST.get("what", "destroy")}
    return HttpResponse(template.render(context, request))


urlpatterns = [path("e2e/confirm/", confirm_page), path("", include("config.urls"))]
