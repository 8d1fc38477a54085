"""Pages of search results, nearest first, in one pass over the matches."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, QuerySet, Window


class SearchPaginator(Paginator):
    """Pages of results nearest first in one pass over the matches instead of two.

    Django's Paginator counts the matches, then finds and sorts them again for the page: nearest first,
    both compute every match's distance. Here one query finds the page with the total beside it (a window
    count; on PostgreSQL from the facilities_facility_lat_lng index alone). A page past the last falls back to
    the plain count, so the answers are Django's. In any other order an index can give the order and stop early,
    which a window count would prevent, so Django's count and LIMIT are the better pair.
    """

    def __init__(self, object_list, per_page, hits=list, **kwargs):
        """`hits(found)` makes a page's objects of `found`, the object list ordered and sliced to the page (with
        `search_total` annotated in the nearest-first order); search.query.Search.hits reads only what the page
        needs of each match. By default the page's objects are those of the object list."""
        super().__init__(object_list, per_page, **kwargs)
        self.hits = hits
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
        counted = self.object_list.annotate(search_total=Window(Count("pk")))
        found = self.hits(counted[bottom : bottom + self.per_page])
        if not found:
            if number == 1:
                self.count = 0  # an empty first page: nothing matches, no need to count
            return super().page(number)
        self.count = found[0].search_total  # sets the cached property, so Paginator asks no more
        return self._get_page(found, number, self)

    def _get_page(self, object_list, number, paginator):
        """The page of `object_list`: the hits already made, or (from Paginator.page) `hits` of its slice."""
        if isinstance(object_list, QuerySet):
            object_list = self.hits(object_list)
        return super()._get_page(object_list, number, paginator)
