# -*- coding: utf-8 -*-
# Copyright (c) the cloudflare_one.email_security contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The list request of every collection: paging, order, direction and the filters its Resource names."""

from __future__ import annotations

import re

from .replies import ApiError

LIST_DIRECTIONS = ("asc", "desc")
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 1000
DIGITS_RE = re.compile(r"^[0-9]+$")


def id_order(value):
    """Sort key of an id of either form: integers in numeric order, before strings."""
    return (0, value, "") if isinstance(value, int) else (1, 0, str(value))


class QueryFilter:
    """A list filter the simple kinds of a Resource do not cover: match(record, value) -> bool, the values it takes
    (choices, compared in lower case when casefold; none: any string), and whether it may be given several times
    (then a record passes when it matches one of them)."""

    def __init__(self, match, choices=(), casefold=False, repeatable=False):
        self.match = match
        self.choices = choices
        self.casefold = casefold
        self.repeatable = repeatable

    def problem(self, values):
        """A message when the values given do not fit, else None."""
        if len(values) > 1 and not self.repeatable:
            return "must be given at most once"
        fold = str.lower if self.casefold else str
        if self.choices and any(fold(value) not in [fold(choice) for choice in self.choices] for value in values):
            return "must be one of %s" % ", ".join(self.choices)
        return None


class ListQuery:
    """Validated list query parameters (those of the resource; other parameters are ignored)."""

    def __init__(self, query, resource):
        problems = []
        self.page = self._integer(query, "page", 1, 1, None, problems)
        self.per_page = self._integer(query, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE, problems)
        # A collection without an order parameter (url_ignore_patterns) ignores order and direction, as any other
        # parameter it does not have: it lists in creation order.
        self.order = self._choice(query, "order", resource.orders, problems) if resource.orders else None
        self.direction = self._choice(query, "direction", LIST_DIRECTIONS, problems) if resource.orders else None
        self.exact = {}
        for name, choices in resource.choice_filters.items():
            self.exact[name] = self._choice(query, name, choices, problems)
        for name in resource.exact_filters:
            self.exact[name] = self._single(query, name, problems)
        self.filters = []
        for name, query_filter in resource.filters.items():
            values = query.get(name) or []
            problem = query_filter.problem(values)
            if problem:
                problems.append(("/query/" + name, problem))
            elif values:
                self.filters.append((query_filter, values))
        self.search = self._single(query, "search", problems)
        self.search_fields = resource.search_fields
        self.flags = {}
        for name in resource.boolean_filters:
            value = self._choice(query, name, ("true", "false"), problems)
            if value is not None:
                self.flags[name] = value == "true"
        if problems:
            raise ApiError.invalid(problems)

    @staticmethod
    def _single(query, name, problems):
        values = query.get(name)
        if not values:
            return None
        if len(values) > 1:
            problems.append(("/query/" + name, "must be given at most once"))
            return None
        return values[0]

    def _integer(self, query, name, default, minimum, maximum, problems):
        value = self._single(query, name, problems)
        if value is None:
            return default
        number = int(value) if DIGITS_RE.match(value) else None
        if number is None or number < minimum or (maximum is not None and number > maximum):
            bounds = "an integer >= %d" % minimum if maximum is None else "an integer between %d and %d" % (minimum, maximum)
            problems.append(("/query/" + name, "must be %s" % bounds))
            return default
        return number

    def _choice(self, query, name, choices, problems):
        value = self._single(query, name, problems)
        if value is not None and value not in choices:
            problems.append(("/query/" + name, "must be one of %s" % ", ".join(choices)))
            return None
        return value

    def matches(self, record):
        """True when record passes every filter."""
        for name, wanted in self.exact.items():
            if wanted is not None and record.get(name) != wanted:
                return False
        for name, wanted in self.flags.items():
            if bool(record.get(name, False)) != wanted:
                return False
        for query_filter, values in self.filters:
            if not any(query_filter.match(record, value) for value in values):
                return False
        if self.search:
            needle = self.search.casefold()
            haystacks = (record.get(name) for name in self.search_fields)
            if not any(isinstance(text, str) and needle in text.casefold() for text in haystacks):
                return False
        return True

    def sort_key(self, record):
        """Sort key: the requested order, then created_at, then id."""
        if self.order not in (None, "created_at"):
            return (str(record.get(self.order, "")), record["created_at"], id_order(record["id"]))
        return (record["created_at"], id_order(record["id"]))

    def page_of(self, records):
        """The selected records of this page, filtered and sorted."""
        selected = sorted((record for record in records if self.matches(record)), key=self.sort_key,
                          reverse=self.direction == "desc")
        start = (self.page - 1) * self.per_page
        return selected[start:start + self.per_page]
