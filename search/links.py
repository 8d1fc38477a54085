"""Links to this search with some parameters changed: the one place a query string is rewritten in Python.

Templates use Django's {% querystring %} tag for the same job.
"""


def with_params(request, **changes) -> str:
    """The request's path and query with parameters replaced (a list sets every value) or removed (None, [])."""
    params = request.GET.copy()
    for name, value in changes.items():
        if value is None or value == []:
            params.pop(name, None)
        elif isinstance(value, list):
            params.setlist(name, value)
        else:
            params[name] = value
    query = params.urlencode()
    return f"{request.path}?{query}" if query else request.path
