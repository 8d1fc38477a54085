import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iopfinder.settings")

application = get_wsgi_application()

# What start-up made (Django, the apps, the models) lives as long as the process: the garbage collector
# need not walk it again. A full collection then takes under 1 ms instead of about 13 (BENCHMARKS.md).
gc.freeze()
