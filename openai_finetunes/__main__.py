"""``python -m openai_finetunes``: the ``openai-finetunes`` command."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
