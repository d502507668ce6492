"""DeepL (api.deepl.com; DeepL SE, Cologne: served from the EU) as a provider for translation requests.

Authentication is ``Authorization: DeepL-Auth-Key <key>`` with the key in ``$DEEPL_AUTH_KEY`` (or the
provider's ``api_key_env``). Keys of the free plan end in ``:fx`` and are served by api-free.deepl.com,
so without a ``base_url`` the host follows the key, as DeepL's own client libraries do.

Options (``providers.<name>.options``, and per deployment in ``models.<alias>.deployments[].options``,
which win): ``target_lang`` and ``source_lang`` (defaults for requests that name none), ``glossaries``
(``"nb>de": <glossary id>``), ``glossary`` (one for every pair, e.g. a multilingual glossary),
``formality``, ``english_variant`` (``EN-GB``, the default, or ``EN-US``), ``context``, ``tag_handling``,
``split_sentences``, ``preserve_formatting``. See docs/translation.md.

DeepL does not stream: a streamed request gets the whole translation as one piece of the stream.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..dialects.deepl import DeepLDialect, check_options
from ..dialects.translation import TranslationOptions
from ..settings import Deployment
from .base import ProviderContext
from .translation import TranslationProvider

if TYPE_CHECKING:
    from ..plugins import Registry

PRO_URL = "https://api.deepl.com"
FREE_URL = "https://api-free.deepl.com"


class DeepLProvider(TranslationProvider):
    default_base_url = PRO_URL
    default_region = "eu"
    dialect_name = "deepl"
    dialect: DeepLDialect

    def __init__(self, ctx: ProviderContext) -> None:
        super().__init__(ctx)
        where = f"providers.{ctx.name}.options"
        self.options = TranslationOptions.parse(ctx.settings.options, where)
        check_options(self.options, where)
        self.dialect = DeepLDialect(self.options)

    def chat_url(self, deployment: Deployment, *, stream: bool) -> str:
        base = self.base_url
        if not self.settings.base_url and (self.settings.api_key() or "").endswith(":fx"):
            base = FREE_URL
        return f"{base}/v2/translate"

    def auth_headers(self) -> dict[str, str]:
        key = self.settings.api_key()
        return {"authorization": f"DeepL-Auth-Key {key}"} if key else {}

    def deployment_options(self, deployment: Deployment) -> TranslationOptions:
        if not deployment.options:
            return self.options
        where = f"deployment {deployment.key} options"
        own = TranslationOptions.parse(deployment.options, where)
        check_options(own, where)
        return self.options.merged(own)


def register(registry: Registry) -> None:
    registry.add_provider("deepl", DeepLProvider, api_key_env="DEEPL_AUTH_KEY")
