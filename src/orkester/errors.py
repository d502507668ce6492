"""Every error Orkester raises, and how each one looks on the wire.

    OrkesterError                      status  OpenAI type
    ├── RequestError                   400     invalid_request_error
    │   ├── PayloadTooLargeError       413
    │   ├── UnknownModelError          404     (code model_not_found)
    │   ├── NotFoundError              404     an admin resource (key, team), a prompt template, or a request to rate
    │   └── UnsupportedFeatureError    400     no candidate supports what the request needs
    ├── AuthenticationError            401     authentication_error
    ├── PermissionDeniedError          403     permission_error
    ├── RateLimitError                 429     rate_limit_error (the gateway's own limits: a key's or team's
    │                                          rpm/tpm, budget_exceeded, deployment_rate_limited)
    ├── ConfigError                    500     server_error (bad settings; raised at start-up)
    ├── NoHealthyCandidateError        503     every candidate's circuit is open
    ├── StorageError                   503     server_error: a store is unreachable, unreadable or inconsistent
    │   └── StoreUnreachableError      503     the database cannot be reached now (refused, dropped, timed out)
    └── UpstreamError                  502     upstream_error; carries provider, model, upstream status
        ├── UpstreamConnectionError    502     retryable: could not connect / connection dropped
        ├── UpstreamTimeoutError       504     retryable: connect, first-token or total timeout
        │   └── DeadlineExceededError  504     the request's own deadline passed
        ├── UpstreamRateLimitError     429     retryable after Retry-After
        ├── UpstreamUnavailableError   503     retryable: 503/529 overloaded
        ├── UpstreamServerError        502     retryable: other 5xx
        ├── UpstreamAuthError          502     the gateway's credentials were refused: not the caller's fault
        ├── UpstreamQuotaExceededError 502     the gateway's account used up its quota (DeepL 456): not retried
        ├── UpstreamNotFoundError      502     the upstream does not know the model/deployment: try another
        ├── UpstreamBadRequestError    400     the upstream rejected the request itself: not retried
        │   ├── ContextWindowError     400     prompt too long: fallback tries a larger window
        │   └── ContentPolicyError     400     refused by a content filter: fallback tries another provider
        ├── StreamInterruptedError     502     the stream broke after tokens were sent
        └── AllCandidatesFailedError   (the last attempt's status) every candidate failed; keeps the attempts

``retryable`` says whether the same deployment may be tried again; ``fallback`` says whether
another candidate may be tried. The HTTP mapping lives in ``to_openai``/``status`` here and
nowhere else.
"""

from __future__ import annotations

from typing import Any


class OrkesterError(Exception):
    status: int = 500
    error_type: str = "server_error"
    code: str | None = None
    retryable: bool = False
    fallback: bool = False

    def __init__(self, message: str, *, param: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.param = param
        if code is not None:
            self.code = code

    def headers(self) -> dict[str, str]:
        return {}

    def to_openai(self) -> dict[str, Any]:
        return {
            "error": {
                "message": self.message,
                "type": self.error_type,
                "param": self.param,
                "code": self.code,
            }
        }


class RequestError(OrkesterError):
    status = 400
    error_type = "invalid_request_error"


class PayloadTooLargeError(RequestError):
    status = 413
    code = "payload_too_large"


class UnknownModelError(RequestError):
    status = 404
    code = "model_not_found"


class NotFoundError(RequestError):
    status = 404
    code = "not_found"


class UnsupportedFeatureError(RequestError):
    code = "unsupported_feature"


class AuthenticationError(OrkesterError):
    status = 401
    error_type = "authentication_error"
    code = "invalid_api_key"


class PermissionDeniedError(OrkesterError):
    status = 403
    error_type = "permission_error"


class RateLimitError(OrkesterError):
    status = 429
    error_type = "rate_limit_error"
    code = "rate_limit_exceeded"

    def __init__(self, message: str, *, retry_after: float | None = None, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        return {} if self.retry_after is None else {"retry-after": str(max(1, round(self.retry_after)))}


class ConfigError(OrkesterError):
    status = 500
    code = "config_error"


class StorageError(OrkesterError):
    """The store could not be reached or refused the write; what needed it fails closed."""

    status = 503
    code = "storage_unavailable"


class StoreUnreachableError(StorageError):
    """The database cannot be reached right now (connection refused, dropped or timed out), as opposed to a
    store that answered and refused (a missing table, a broken chain). What can wait for it — the audit log's
    spool, the key cache's last known answer — does; everything else fails closed like any StorageError."""


class NoHealthyCandidateError(OrkesterError):
    status = 503
    error_type = "upstream_error"
    code = "no_healthy_deployment"


class UpstreamError(OrkesterError):
    status = 502
    error_type = "upstream_error"
    code = "upstream_error"
    retryable = False
    fallback = True

    def __init__(
        self,
        message: str,
        *,
        provider: str | None = None,
        model: str | None = None,
        upstream_status: int | None = None,
        retry_after: float | None = None,
        code: str | None = None,
        param: str | None = None,
    ) -> None:
        # The caller sees Orkester's code for the class (the same whatever vendor failed);
        # the vendor's own code is kept for logs and messages.
        super().__init__(message, param=param)
        self.upstream_code = code
        self.provider = provider
        self.model = model
        self.upstream_status = upstream_status
        self.retry_after = retry_after

    def headers(self) -> dict[str, str]:
        return {} if self.retry_after is None else {"retry-after": str(max(1, round(self.retry_after)))}

    def describe(self) -> str:
        where = "/".join(x for x in (self.provider, self.model) if x)
        status = f" HTTP {self.upstream_status}" if self.upstream_status else ""
        return f"{where}{status}: {self.message}"


class UpstreamConnectionError(UpstreamError):
    retryable = True
    code = "upstream_connection_error"


class UpstreamTimeoutError(UpstreamError):
    status = 504
    retryable = True
    code = "upstream_timeout"


class DeadlineExceededError(UpstreamTimeoutError):
    """The caller's own deadline passed before an answer came."""

    code = "deadline_exceeded"


class UpstreamRateLimitError(UpstreamError):
    status = 429
    error_type = "rate_limit_error"
    retryable = True
    code = "upstream_rate_limited"


class UpstreamUnavailableError(UpstreamError):
    status = 503
    retryable = True
    code = "upstream_unavailable"


class UpstreamServerError(UpstreamError):
    retryable = True
    code = "upstream_server_error"


class UpstreamAuthError(UpstreamError):
    code = "upstream_auth_error"


class UpstreamQuotaExceededError(UpstreamError):
    """The vendor account's quota (characters, spend) is used up: retrying will not help before it resets,
    another candidate may."""

    code = "upstream_quota_exceeded"


class UpstreamBadRequestError(UpstreamError):
    status = 400
    error_type = "invalid_request_error"
    code = "upstream_rejected_request"
    fallback = False


class ContextWindowError(UpstreamBadRequestError):
    code = "context_length_exceeded"
    fallback = True


class ContentPolicyError(UpstreamBadRequestError):
    code = "content_policy_violation"
    fallback = True


class UpstreamNotFoundError(UpstreamError):
    code = "upstream_not_found"


class StreamInterruptedError(UpstreamError):
    code = "stream_interrupted"


class AllCandidatesFailedError(UpstreamError):
    """Raised when every candidate of a plan failed; answers with the last failure's status."""

    def __init__(self, attempts: list[UpstreamError]) -> None:
        last = attempts[-1]
        tried = "; ".join(e.describe() for e in attempts)
        super().__init__(
            f"All {len(attempts)} attempt(s) failed. {tried}",
            provider=last.provider,
            model=last.model,
            upstream_status=last.upstream_status,
            retry_after=last.retry_after,
            code=last.upstream_code,
        )
        self.attempts = attempts
        self.status = last.status
        self.error_type = last.error_type
        self.code = last.code


def error_for_status(
    status: int,
    message: str,
    *,
    provider: str | None = None,
    model: str | None = None,
    retry_after: float | None = None,
    code: str | None = None,
) -> UpstreamError:
    """The error class for a vendor's HTTP status, before any vendor-specific refinement."""
    cls: type[UpstreamError]
    if status == 429:
        cls = UpstreamRateLimitError
    elif status in (401, 403):
        cls = UpstreamAuthError
    elif status in (503, 529):
        cls = UpstreamUnavailableError
    elif status in (408, 504):
        cls = UpstreamTimeoutError
    elif status >= 500:
        cls = UpstreamServerError
    elif status == 404:
        # The model or deployment is missing there; another candidate may well have it.
        cls = UpstreamNotFoundError
    elif 400 <= status < 500:
        cls = UpstreamBadRequestError
    else:
        cls = UpstreamError
    return cls(
        message,
        provider=provider,
        model=model,
        upstream_status=status,
        retry_after=retry_after,
        code=code,
    )


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
