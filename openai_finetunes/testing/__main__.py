"""``python -m openai_finetunes.testing [--port 8000] ...``: serve the fake over TCP."""

import sys

from ._server import main

if __name__ == "__main__":
    sys.exit(main())
