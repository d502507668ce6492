#!/usr/bin/env bash
# Orkester with nothing but curl: the models, a chat completion, a stream, and feedback on an answer.
#
#   orkester serve --demo                  # in another terminal: simulated models, no keys needed
#   bash examples/curl.sh
#
# Environment: ORKESTER_BASE_URL (default http://127.0.0.1:4000/v1), ORKESTER_API_KEY (a virtual key, or
# anything when the gateway runs open on localhost), ORKESTER_MODEL (default demo-cheap).
set -euo pipefail

BASE="${ORKESTER_BASE_URL:-http://127.0.0.1:4000/v1}"
KEY="${ORKESTER_API_KEY:-not-needed-in-open-mode}"
MODEL="${ORKESTER_MODEL:-demo-cheap}"
AUTH="Authorization: Bearer $KEY"
JSON="content-type: application/json"

echo "== models (ids only)"
curl -sS --fail-with-body "$BASE/models" -H "$AUTH" | grep -o '"id":"[^"]*"'

echo "== chat"
# -D - prints the response headers before the body: x-request-id and the x-orkester-* headers say which
# deployment answered, where, and what it cost.
response=$(curl -sS --fail-with-body -D - "$BASE/chat/completions" -H "$AUTH" -H "$JSON" \
  -H 'x-orkester-task: general_chat' \
  -d "{\"model\": \"$MODEL\", \"max_tokens\": 60,
       \"messages\": [{\"role\": \"user\", \"content\": \"In one sentence: why deburr a machined part?\"}]}")
echo "$response" | grep -i '^x-orkester-\|^x-request-id' | tr -d '\r'
echo "$response" | tail -n 1
echo
request_id=$(echo "$response" | grep -i '^x-request-id:' | cut -d' ' -f2 | tr -d '\r')

echo "== stream"
# -N: print the server-sent events as they arrive; each line is `data: {chunk}`, the last `data: [DONE]`.
curl -sS -N --fail-with-body "$BASE/chat/completions" -H "$AUTH" -H "$JSON" \
  -d "{\"model\": \"$MODEL\", \"max_tokens\": 8, \"stream\": true, \"stream_options\": {\"include_usage\": true},
       \"messages\": [{\"role\": \"user\", \"content\": \"Name three cutting fluids.\"}]}"

echo "== feedback on request $request_id"
# A score from 1 to 5 (or "thumbs": "up"/"down"), stored with the request in the usage ledger.
curl -sS --fail-with-body "$BASE/feedback" -H "$AUTH" -H "$JSON" \
  -d "{\"request_id\": \"$request_id\", \"score\": 5, \"comment\": \"Clear and short\", \"labels\": [\"helpful\"]}"
echo
