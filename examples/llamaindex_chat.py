"""LlamaIndex's `OpenAILike` against Orkester: chat and stream_chat.

`OpenAILike` (package llama-index-llms-openai-like) talks to any OpenAI-compatible server; unlike
llama-index's `OpenAI` class it accepts model names OpenAI does not know, such as Orkester's aliases
and routes.

    orkester serve --demo                  # in another terminal: simulated models, no keys needed
    python examples/llamaindex_chat.py

Environment: ORKESTER_BASE_URL (default http://127.0.0.1:4000/v1), ORKESTER_API_KEY, ORKESTER_MODEL
(default demo-cheap).

Offline: chat and stream_chat download nothing. llama-index-core ships the NLTK data (stopwords,
punkt_tab) and tiktoken vocabularies it uses in llama_index/core/_static/, and uses them unless NLTK_DATA
or TIKTOKEN_CACHE_DIR point elsewhere; only then would a first use try to download.
"""

from __future__ import annotations

import os

from llama_index.core.llms import ChatMessage
from llama_index.llms.openai_like import OpenAILike

llm = OpenAILike(
    api_base=os.environ.get("ORKESTER_BASE_URL", "http://127.0.0.1:4000/v1"),
    api_key=os.environ.get("ORKESTER_API_KEY", "not-needed-in-open-mode"),
    model=os.environ.get("ORKESTER_MODEL", "demo-cheap"),
    is_chat_model=True,  # use /chat/completions, not the legacy /completions
    context_window=32000,  # for LlamaIndex's own prompt packing; Orkester checks each deployment's window
    max_tokens=80,
    max_retries=0,  # Orkester retries and fails over itself
    # Orkester's controls as headers on every request
    default_headers={"x-orkester-task": "technical_documentation"},
)

messages = [
    ChatMessage(role="system", content="You write short, precise work instructions for a machine shop."),
    ChatMessage(role="user", content="How do I check a bore with a plug gauge? Three steps."),
]

# 1. chat: the raw OpenAI response is kept, so the answering deployment and request id can be read.
response = llm.chat(messages)
print("chat:", response.message.content)
raw = response.raw
print("  model:", getattr(raw, "model", None), " id:", getattr(raw, "id", None))

# 2. stream_chat: each chunk carries the new text in .delta
print("stream: ", end="", flush=True)
for chunk in llm.stream_chat(messages):
    print(chunk.delta or "", end="", flush=True)
print()
