"""gunicorn's settings for IOP Finder, read from the working directory (`gunicorn iopfinder.wsgi`).

gunicorn on its own believes X-Forwarded-Proto (and so says a request was HTTPS) from 127.0.0.1. Here it
believes forwarded headers only when TRUST_X_FORWARDED_PROTO says a proxy in front sets them, and then only from
FORWARDED_ALLOW_IPS (the proxy's addresses; default the local machine), the same switch Django reads.
"""

import os

# The longest search a person can make is about 4,500 characters (tests/search/test_query_bounds.py); gunicorn's
# default request line (4,094) would refuse it. search.forms.MAX_QUERY_LENGTH (8,000) answers longer ones with a 400.
limit_request_line = 8190

TRUE_WORDS = {"1", "true", "yes", "on"}

if os.environ.get("TRUST_X_FORWARDED_PROTO", "").strip().lower() in TRUE_WORDS:
    forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
else:
    forwarded_allow_ips = ""
    secure_scheme_headers = {}
