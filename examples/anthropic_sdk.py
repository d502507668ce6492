"""The official `anthropic` SDK against Orkester's Anthropic-compatible Messages API (`POST /v1/messages`).

Code written for Claude keeps working; Orkester routes it like any other request (aliases, routes, data
protection, budgets), whichever vendor finally answers.

    orkester serve --demo                  # in another terminal: simulated models, no keys needed
    python examples/anthropic_sdk.py

Environment: ORKESTER_BASE_URL (default http://127.0.0.1:4000/v1; the SDK adds `/v1/messages` itself,
so a trailing `/v1` is taken off), ORKESTER_API_KEY (sent as `x-api-key`), ORKESTER_MODEL (default
demo-cheap).
"""

from __future__ import annotations

import os

import anthropic
from anthropic.types import MessageParam, ToolParam

BASE_URL = os.environ.get("ORKESTER_BASE_URL", "http://127.0.0.1:4000/v1").rstrip("/").removesuffix("/v1")
MODEL = os.environ.get("ORKESTER_MODEL", "demo-cheap")

# max_retries=0: Orkester already retries and fails over between deployments.
client = anthropic.Anthropic(
    base_url=BASE_URL, api_key=os.environ.get("ORKESTER_API_KEY", "not-needed-in-open-mode"), max_retries=0
)

# 1. A message. Anthropic's API needs max_tokens on every request.
message = client.messages.create(
    model=MODEL,
    max_tokens=100,
    system="You are a helpful assistant in a machine shop.",
    messages=[{"role": "user", "content": "In one sentence: what is a chamfer?"}],
)
text = "".join(block.text for block in message.content if block.type == "text")
print("message:", text)
print(f"usage: {message.usage.input_tokens} in, {message.usage.output_tokens} out; stop: {message.stop_reason}")

# 2. A stream: text_stream yields the text as it arrives; get_final_message() the whole message.
print("stream: ", end="", flush=True)
with client.messages.stream(
    model=MODEL, max_tokens=100, messages=[{"role": "user", "content": "Name three cutting fluids."}]
) as stream:
    for piece in stream.text_stream:
        print(piece, end="", flush=True)
    final = stream.get_final_message()
print(f"\nstream stop: {final.stop_reason}")

# 3. A tool: the model answers with a tool_use block; we run the tool and send a tool_result back.
tools: list[ToolParam] = [
    {
        "name": "stock_level",
        "description": "How many units of an article are in stock.",
        "input_schema": {
            "type": "object",
            "properties": {"article": {"type": "string", "description": "article number"}},
            "required": ["article"],
        },
    }
]
messages: list[MessageParam] = [{"role": "user", "content": "How many flange bolts M12 do we have?"}]
first = client.messages.create(model=MODEL, max_tokens=200, tools=tools, messages=messages)
tool_uses = [block for block in first.content if block.type == "tool_use"]
if tool_uses:
    use = tool_uses[0]
    print(f"tool use: {use.name}({use.input})")
    messages.append({"role": "assistant", "content": first.content})
    messages.append(
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": use.id, "content": "412 in stock"}]}
    )
    after = client.messages.create(model=MODEL, max_tokens=200, tools=tools, messages=messages)
    print("after the tool:", "".join(b.text for b in after.content if b.type == "text"))
else:
    print("no tool use, stop:", first.stop_reason)

# 4. Orkester's controls travel as headers here too; with_raw_response shows which deployment answered.
raw = client.messages.with_raw_response.create(
    model=MODEL,
    max_tokens=100,
    messages=[{"role": "user", "content": "Draft a two-line offer for 40 milled brackets."}],
    extra_headers={"x-orkester-task": "quote"},
)
print("controlled:", "".join(b.text for b in raw.parse().content if b.type == "text"))
for name in ("x-request-id", "x-orkester-alias", "x-orkester-provider", "x-orkester-model", "x-orkester-cost-usd"):
    print(f"  {name}: {raw.headers.get(name)}")
