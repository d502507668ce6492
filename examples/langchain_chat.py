"""LangChain's `ChatOpenAI` against Orkester: invoke, stream, structured output through a tool, headers.

    orkester serve --demo                  # in another terminal: simulated models, no keys needed
    python examples/langchain_chat.py

Environment: ORKESTER_BASE_URL (default http://127.0.0.1:4000/v1), ORKESTER_API_KEY, ORKESTER_MODEL
(default demo-cheap).

Offline: invoke, stream and tool calls never touch tiktoken. Only token counting
(`llm.get_num_tokens(...)`) does, and tiktoken then downloads its vocabulary from
openaipublic.blob.core.windows.net on first use; without internet, set TIKTOKEN_CACHE_DIR to a directory
that holds it (llama-index-core ships one: llama_index/core/_static/tiktoken_cache).
"""

from __future__ import annotations

import os

from langchain_openai import ChatOpenAI
from pydantic import BaseModel, Field, SecretStr

llm = ChatOpenAI(
    base_url=os.environ.get("ORKESTER_BASE_URL", "http://127.0.0.1:4000/v1"),
    api_key=SecretStr(os.environ.get("ORKESTER_API_KEY", "not-needed-in-open-mode")),
    model=os.environ.get("ORKESTER_MODEL", "demo-cheap"),
    max_completion_tokens=80,
    max_retries=0,  # Orkester retries and fails over itself
    # Orkester's controls as headers on every request (x-orkester-task, -quality, -data-class, ...)
    default_headers={"x-orkester-quality": "normal"},
    include_response_headers=True,  # puts the response's headers in response_metadata["headers"]
)

# 1. invoke
reply = llm.invoke("In one sentence: why deburr a machined part?")
headers = reply.response_metadata.get("headers", {})
print("invoke:", reply.content)
print(f"  answered by {headers.get('x-orkester-provider')}/{headers.get('x-orkester-model')}")
print(f"  x-request-id: {headers.get('x-request-id')}, cost: ${headers.get('x-orkester-cost-usd')}")

# 2. stream
print("stream: ", end="", flush=True)
for chunk in llm.stream("Name three cutting fluids."):
    print(chunk.content, end="", flush=True)
print()


# 3. Structured output. method="function_calling" asks for a forced tool call, which every tool-capable
#    model behind the gateway supports; method="json_schema" (the default) needs a model with structured
#    outputs (response_format json_schema), which Orkester passes through unchanged.
class StockQuery(BaseModel):
    """A question about stock levels."""

    article: str = Field(description="the article number or name asked about")


structured = llm.with_structured_output(StockQuery, method="function_calling")
query = structured.invoke("How many flange bolts M12 do we have?")
print("structured:", repr(query))

# 4. A task declared per call (x-orkester-task), for task routing with a `rules` route such as `auto`.
quote = llm.invoke("Draft a two-line offer for 40 milled brackets.", extra_headers={"x-orkester-task": "quote"})
print("quote:", quote.content)
print(f"  x-request-id: {quote.response_metadata.get('headers', {}).get('x-request-id')}")
