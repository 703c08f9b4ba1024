"""Router: handlers register by (source, event type); dispatch calls each one (gidgethub's shape)."""
from __future__ import annotations

from collections import defaultdict
from typing import Callable

Handler = Callable[..., object]


class Router:
    """Maps (source, event type) to handler functions; routers compose with Router(*others)."""

    def __init__(self, *others: "Router"):
        self._routes: dict[tuple[str, str], list[Handler]] = defaultdict(list)
        for other in others:
            for key, handlers in other._routes.items():
                self._routes[key].extend(handlers)

    def register(self, source: str, event_type: str) -> Callable[[Handler], Handler]:
        def decorator(func: Handler) -> Handler:
            self._routes[(source, event_type)].append(func)
            return func
        return decorator

    def handlers(self, source: str, event_type: str) -> list[Handler]:
        return list(self._routes.get((source, event_type), ()))

    def routes(self) -> list[tuple[str, str]]:
        return sorted(self._routes)

    def dispatch(self, rt, event: dict) -> list[object]:
        return [h(rt, event) for h in self.handlers(event["source"], event["event_type"])]
