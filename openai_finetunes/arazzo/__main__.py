"""``python -m openai_finetunes.arazzo lint|run ...``."""

import sys

from ._cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
