"""Pages of search results, nearest first, in one pass over the matches."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Window


class SearchPaginator(Paginator):
    """Pages of results nearest first in one pass over the matches instead of two.

    Django's Paginator counts the matches, then finds and sorts them again for the page: nearest first,
    both compute every match's distance. Here one query finds the page's ids with the total beside them
    (a window count; on PostgreSQL from the facilities_facility_lat_lng index alone), and a second loads
    only those facilities by primary key (`rows`). A page past the last falls back to the plain count, so the
    answers are Django's. In any other order an index can give the order and stop early, which a window
    count would prevent, so Django's count and LIMIT are the better pair.
    """

    def __init__(self, object_list, per_page, rows=None, **kwargs):
        """`rows(ids)` loads a page's facilities, in the order of the ids, without the search's conditions (which found
        the ids a moment before: search.query.Search.rows); without it the object list is filtered by the ids."""
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows or (lambda ids: self.object_list.filter(pk__in=ids))
        if self.orphans:
            raise ValueError("SearchPaginator does not merge orphans into the last page.")

    def get_page(self, number):
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)

    def page(self, number):
        try:  # Paginator.validate_number without the last page, which would need the count first
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        nearest_first = self.object_list.query.order_by[:1] == ("distance",)
        if not nearest_first or bottom > 2**62:  # past what OFFSET accepts
            return super().page(number)
        rows = list(
            self.object_list.prefetch_related(None)
            .annotate(search_total=Window(Count("pk")))
            .values_list("pk", "search_total")[bottom : bottom + self.per_page]
        )
        if not rows:
            if number == 1:
                self.count = 0  # an empty first page: nothing matches, no need to count
            return super().page(number)
        self.count = rows[0][1]  # sets the cached property, so Paginator asks no more
        return self._get_page(self.rows([pk for pk, _ in rows]), number, self)
