from django.urls import path

from programs import views

app_name = "learn"

urlpatterns = [
    path("", views.learn_index, name="index"),
    path("therapies/", views.therapies, name="therapies"),
]
