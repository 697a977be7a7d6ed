"""`nianbao` with the stand-in parser of archive_helpers, for tests that run the CLI in a subprocess."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from archive_helpers import fake_parse  # noqa: E402

import parsers  # noqa: E402
from nianbao_cli import main  # noqa: E402

parsers.parse = fake_parse

if __name__ == "__main__":
    main()
