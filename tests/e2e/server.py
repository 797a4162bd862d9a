"""Run the real app (with its embedded executor) for the browser tests, in a subprocess.

Settings come from NEWSDESK_* variables set by the fixture; the fake stages of
tests.fixtures.stages are registered through NEWSDESK_EXTRA_STAGES, so the spawned local
workers import them too.
"""

from __future__ import annotations

import sys

import uvicorn

from newsdesk.app import create_app
from newsdesk.runs import flows


def main() -> None:
    flows.import_stage_modules()
    port = int(sys.argv[1])
    uvicorn.run(create_app(background=True), host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
