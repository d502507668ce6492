"""Batch jobs: OpenAI's Files and Batch APIs over the gateway's own pipeline.

A JSONL file is uploaded (``/v1/files``), a batch is created over it (``/v1/batches``), and workers inside
the gateway process run every line through the normal pipeline as the key that created the batch. Each
finished line is stored at once; leases on claimed lines let replicas share the work and let a restarted
process pick up what a dead one left. docs/batch.md tells the whole story.

Nothing is imported here: ``settings.py`` imports :mod:`.config`, and the rest needs the settings.
"""
