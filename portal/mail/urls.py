from django.urls import path

from portal.mail import views

app_name = "mail"

urlpatterns = [
    path("failed/", views.delivery_failed_list, name="delivery-failed-list"),
    path("send-again/", views.delivery_retry, name="delivery-retry"),
]
