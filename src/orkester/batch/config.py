"""The ``batch`` section of the configuration (``Settings.batch``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class BatchSettings(BaseModel):
    """Batch jobs (``/v1/files``, ``/v1/batches``): run by workers inside every gateway process."""

    model_config = ConfigDict(extra="forbid")

    #: serve the Files and Batch APIs and run the workers
    enabled: bool = True
    #: lines in flight at once in this process, over all batches
    concurrency: int = Field(default=16, ge=1)
    #: lines of one batch in flight at once in this process
    per_batch_concurrency: int = Field(default=8, ge=1)
    #: a claimed line is this process's for this long; the lease is renewed every third of it while the line
    #: runs, so it lapses only when the process dies (another process then takes the line over)
    lease_seconds: float = Field(default=30.0, gt=0)
    #: how often an idle worker looks for new or abandoned work (a batch created here wakes it at once)
    poll_seconds: float = Field(default=1.0, gt=0)
    #: the largest file an upload may hold (OpenAI's limit: 200 MB)
    max_file_bytes: int = Field(default=200 * 1024 * 1024, ge=1)
    #: the most lines one batch may have (OpenAI's limit: 50,000)
    max_lines: int = Field(default=50_000, ge=1)
    #: the largest single line of an input file
    max_line_bytes: int = Field(default=1024 * 1024, ge=1)
