"""The official `openai` SDK against Orkester: chat, a stream, a tool call, Orkester's controls and headers.

Orkester speaks OpenAI's API, so the only changes from talking to OpenAI are the base URL and the key.

    orkester serve --demo                  # in another terminal: simulated models, no keys needed
    python examples/openai_sdk.py

Environment: ORKESTER_BASE_URL (default http://127.0.0.1:4000/v1), ORKESTER_API_KEY (a virtual key
`ork-…`, or anything when the gateway runs open on localhost), ORKESTER_MODEL (default demo-cheap; with
your own config, one of your aliases or routes, e.g. `auto`).
"""

from __future__ import annotations

import json
import os

from openai import OpenAI
from openai.types.chat import ChatCompletionMessageParam, ChatCompletionToolParam

BASE_URL = os.environ.get("ORKESTER_BASE_URL", "http://127.0.0.1:4000/v1")
MODEL = os.environ.get("ORKESTER_MODEL", "demo-cheap")

# max_retries=0: Orkester already retries and fails over between deployments; retrying here as well
# would multiply the attempts.
client = OpenAI(base_url=BASE_URL, api_key=os.environ.get("ORKESTER_API_KEY", "not-needed-in-open-mode"), max_retries=0)

# 1. A plain chat completion.
reply = client.chat.completions.create(
    model=MODEL,
    messages=[{"role": "user", "content": "In one sentence: why deburr a machined part?"}],
    max_tokens=60,
)
print("chat:", reply.choices[0].message.content)
print("chat id:", reply.id)  # chatcmpl-<request id>: what POST /v1/feedback takes

# 2. A stream. include_usage asks for the final chunk with the token counts.
print("stream: ", end="", flush=True)
stream = client.chat.completions.create(
    model=MODEL,
    messages=[{"role": "user", "content": "Name three cutting fluids."}],
    max_tokens=60,
    stream=True,
    stream_options={"include_usage": True},
)
for chunk in stream:
    for choice in chunk.choices:
        print(choice.delta.content or "", end="", flush=True)
    if chunk.usage:
        print(f"\nstream usage: {chunk.usage.prompt_tokens} in, {chunk.usage.completion_tokens} out")

# 3. A tool call: the model asks for a function, we run it and send the result back.
tools: list[ChatCompletionToolParam] = [
    {
        "type": "function",
        "function": {
            "name": "stock_level",
            "description": "How many units of an article are in stock.",
            "parameters": {
                "type": "object",
                "properties": {"article": {"type": "string", "description": "article number"}},
                "required": ["article"],
            },
        },
    }
]
messages: list[ChatCompletionMessageParam] = [{"role": "user", "content": "How many flange bolts M12 do we have?"}]
first = client.chat.completions.create(model=MODEL, messages=messages, tools=tools)
calls = first.choices[0].message.tool_calls or []
if calls and calls[0].type == "function":
    call = calls[0]
    print(f"tool call: {call.function.name}({call.function.arguments})")
    stock = {"article": json.loads(call.function.arguments).get("article"), "in_stock": 412}  # our "function"
    messages.append(
        {
            "role": "assistant",
            "tool_calls": [
                {
                    "id": call.id,
                    "type": "function",
                    "function": {"name": call.function.name, "arguments": call.function.arguments},
                }
            ],
        }
    )
    messages.append({"role": "tool", "tool_call_id": call.id, "content": json.dumps(stock)})
    final = client.chat.completions.create(model=MODEL, messages=messages, tools=tools)
    print("after the tool:", final.choices[0].message.content)
else:
    print("no tool call:", first.choices[0].message.content)

# 4. Orkester's controls, and what it says about the answer. Controls go as x-orkester-* headers
#    (extra_headers) or as `metadata` keys; Orkester strips them before the upstream sees the request.
#    with_raw_response keeps the HTTP response, so the x-orkester-* headers can be read.
raw = client.chat.completions.with_raw_response.create(
    model=MODEL,
    messages=[{"role": "user", "content": "Draft a two-line offer for 40 milled brackets."}],
    max_tokens=60,
    extra_headers={"x-orkester-task": "quote"},
    metadata={"quality": "high"},
)
answer = raw.parse()
print("controlled:", answer.choices[0].message.content)
for name in ("x-request-id", "x-orkester-alias", "x-orkester-provider", "x-orkester-model", "x-orkester-region"):
    print(f"  {name}: {raw.headers.get(name)}")
for name in ("x-orkester-route", "x-orkester-data-class", "x-orkester-cost-usd", "x-orkester-overhead-ms"):
    print(f"  {name}: {raw.headers.get(name)}")
