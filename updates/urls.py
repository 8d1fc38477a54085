from django.urls import path

from updates import views

app_name = "updates"

urlpatterns = [
    # Before the token's address: "sent" is no token (a token always holds a ":").
    path("update/sent/", views.sent, name="sent"),
    path("update/new-link/sent/", views.new_link_sent, name="new_link_sent"),
    path("update/<str:token>/", views.update, name="form"),
    path("update/<str:token>/new-link/", views.ask_for_new_link, name="new_link"),
]
