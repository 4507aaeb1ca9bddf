from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/open/", views.message_open, name="open"),
    path("<int:pk>/read/", views.message_read, name="read"),
    path("read-all/", views.all_read, name="read-all"),
    path("preferences/", views.preferences, name="preferences"),
    path("deliveries/", views.deliveries, name="deliveries"),
    path("deliveries/<int:pk>/retry/", views.delivery_retry, name="delivery-retry"),
    path("deliveries/retry-failed/", views.deliveries_retry_failed, name="retry-failed"),
    path("robots/", views.robots, name="robots"),
    path("robots/<int:pk>/switch/", views.robot_switch, name="robot-switch"),
]
