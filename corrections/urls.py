from django.urls import path

from corrections import views

app_name = "corrections"

urlpatterns = [
    path("facilities/<slug:slug>/correction/", views.suggest, name="suggest"),
]
