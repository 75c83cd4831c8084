"""``python -m kizuna.cli``: the same as the ``kizuna`` command."""

import sys

from kizuna.cli.app import main

sys.exit(main())
