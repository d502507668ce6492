"""Google Cloud Translation as a provider for translation requests: Basic (v2) or Advanced (v3).

Options (``providers.<name>.options``; the translation options of docs/translation.md may also be set
per deployment):

* ``api``: ``v2`` (default; an API key in ``$GOOGLE_TRANSLATE_API_KEY``, sent as ``x-goog-api-key``) or
  ``v3`` (glossaries, regional endpoints; Google accepts no API keys there, only an OAuth access token:
  read from ``access_token_file`` on every call, so a sidecar such as ``gcloud auth print-access-token``
  on a timer can keep it fresh, else from the env var named by ``api_key_env``).
* v3 only: ``project`` (required), ``endpoint`` (``global``, the default, ``eu`` or ``us``: the EU and
  US multi-regional endpoints keep data and processing in that region), ``location`` (default
  ``europe-west1`` on the EU endpoint, else ``us-central1``; glossaries live in a location, never
  ``global``), ``glossary_ignore_case``.

Where it runs, honestly: v2 and the v3 global endpoint give no residency promise and are labelled ``us``
(Google LLC); only v3 with ``endpoint: eu`` is ``eu``, and then the provider must say ``region: eu``
too (the catalog labels deployments by it) — anything else is refused at start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..dialects.google_translate import API, GoogleTranslateDialect
from ..dialects.translation import TranslationOptions
from ..errors import ConfigError, UpstreamAuthError
from ..settings import Deployment
from .base import ProviderContext
from .translation import TranslationProvider

if TYPE_CHECKING:
    from ..plugins import Registry

V2_URL = "https://translation.googleapis.com"
V3_ENDPOINTS = {
    "global": "https://translate.googleapis.com",
    "eu": "https://translate-eu.googleapis.com",
    "us": "https://translate-us.googleapis.com",
}
V3_LOCATIONS = {"global": "us-central1", "eu": "europe-west1", "us": "us-central1"}


class GoogleTranslateProvider(TranslationProvider):
    default_region = "us"
    dialect_name = "google_translate"
    dialect: GoogleTranslateDialect

    def __init__(self, ctx: ProviderContext) -> None:
        where = f"providers.{ctx.name}.options"
        opts = ctx.settings.options
        api = str(opts.get("api", "v2"))
        endpoint = str(opts.get("endpoint", "global"))
        if api not in ("v2", "v3"):
            raise ConfigError(f"{where}.api must be v2 or v3, not {api!r}")
        if endpoint not in V3_ENDPOINTS:
            raise ConfigError(f"{where}.endpoint must be one of {', '.join(V3_ENDPOINTS)}, not {endpoint!r}")
        if api == "v2" and "endpoint" in opts:
            raise ConfigError(f"{where}.endpoint: the v2 API has one global endpoint; regional ones need api: v3")
        if (endpoint == "eu") != (ctx.settings.region == "eu"):
            raise ConfigError(
                f"providers.{ctx.name}: only the v3 EU endpoint serves from the EU; "
                "set both options.endpoint: eu (with api: v3) and region: eu, or neither"
            )
        self.default_base_url = V2_URL if api == "v2" else V3_ENDPOINTS[endpoint]
        super().__init__(ctx)
        self.options = TranslationOptions.parse(opts, where)
        parent = None
        if api == "v3":
            project = opts.get("project")
            if not project:
                raise ConfigError(f"{where}.project is required with api: v3")
            parent = f"projects/{project}/locations/{opts.get('location') or V3_LOCATIONS[endpoint]}"
        elif self.options.glossary or self.options.glossaries:
            raise ConfigError(f"{where}: glossaries need api: v3")
        self.api: API = "v3" if api == "v3" else "v2"
        self.dialect = GoogleTranslateDialect(self.api, parent, self.options)
        token_file = opts.get("access_token_file")
        self._token_file = Path(str(token_file)) if token_file else None

    def chat_url(self, deployment: Deployment, *, stream: bool) -> str:
        if self.api == "v2":
            return f"{self.base_url}/language/translate/v2"
        return f"{self.base_url}/v3/{self.dialect.parent}:translateText"

    def auth_headers(self) -> dict[str, str]:
        if self.api == "v2":
            key = self.settings.api_key()
            return {"x-goog-api-key": key} if key else {}
        token = self._access_token()
        return {"authorization": f"Bearer {token}"} if token else {}

    def _access_token(self) -> str | None:
        if self._token_file is None:
            return self.settings.api_key()
        try:
            return self._token_file.read_text(encoding="utf-8").strip() or None
        except OSError as e:
            raise UpstreamAuthError(
                f"Cannot read the Google access token from {self._token_file}: {e.strerror}", provider=self.name
            ) from None

    def deployment_options(self, deployment: Deployment) -> TranslationOptions:
        if not deployment.options:
            return self.options
        return self.options.merged(TranslationOptions.parse(deployment.options, f"deployment {deployment.key} options"))


def register(registry: Registry) -> None:
    registry.add_provider("google_translate", GoogleTranslateProvider, api_key_env="GOOGLE_TRANSLATE_API_KEY")
