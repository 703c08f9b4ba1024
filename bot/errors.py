"""Error trees: BotError for our own failures, ApiError for what external services answer."""
from __future__ import annotations


class BotError(Exception):
    """Base of the bot's own errors."""


class ConfigError(BotError):
    """A setting is missing or malformed; the message names it."""


class ApiError(BotError):
    """An external API answered with an error (or not at all)."""

    def __init__(self, service: str, status: int | None, message: str, body: object = None):
        super().__init__(f"{service}: {status or 'no answer'}: {message}")
        self.service = service
        self.status = status
        self.body = body


class ApiBadRequest(ApiError):
    """400 / 422: the request was malformed or refused as invalid; retrying will not help."""


class ApiUnauthorized(ApiError):
    """401: credentials missing or wrong."""


class ApiForbidden(ApiError):
    """403: the credentials may not do this."""


class ApiNotFound(ApiError):
    """404: the resource does not exist."""


class ApiConflict(ApiError):
    """409: e.g. Zendesk safe_update saw a newer ticket; re-read and try again."""


class ApiTransient(ApiError):
    """A failure worth retrying: 5xx, timeouts, connection errors, rate limits."""


class ApiRateLimited(ApiTransient):
    """429: slow down; retry_after is in seconds when the service said so."""

    def __init__(self, service: str, status: int | None, message: str, body: object = None,
                 retry_after: float | None = None):
        super().__init__(service, status, message, body)
        self.retry_after = retry_after


class ApiServerError(ApiTransient):
    """5xx from the service."""


class ApiUnavailable(ApiTransient):
    """No answer: timeout or connection refused."""


def error_for_status(service: str, status: int, message: str, body: object = None,
                     retry_after: float | None = None) -> ApiError:
    """Map an HTTP status to the matching ApiError subclass."""
    if status == 429:
        return ApiRateLimited(service, status, message, body, retry_after=retry_after)
    if status >= 500:
        return ApiServerError(service, status, message, body)
    cls = {400: ApiBadRequest, 422: ApiBadRequest, 401: ApiUnauthorized, 403: ApiForbidden,
           404: ApiNotFound, 409: ApiConflict}.get(status, ApiError)
    return cls(service, status, message, body)
