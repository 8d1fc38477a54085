# Spanish as written in the United States (and Mexico): a decimal point and a thousands comma, as on the English
# pages and on every bill and prescription a reader sees here ("2.5 millas", not Spain's "2,5 millas"). Dates keep
# Django's Spanish formats ("30 de noviembre de 2026").
from django.conf.locale.es.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
