from django.urls import path

from learn import views

app_name = "learn"

urlpatterns = [
    path("", views.learn_index, name="index"),
    path("what-is-an-iop/", views.what_is_an_iop, name="what_is_an_iop"),
    path("levels-of-care/", views.levels_of_care, name="levels_of_care"),
    path("therapies/", views.therapies, name="therapies"),
    path("what-to-expect/", views.what_to_expect, name="what_to_expect"),
    path("questions-to-ask/", views.questions_to_ask, name="questions_to_ask"),
    path("faq/", views.faq, name="faq"),
]
