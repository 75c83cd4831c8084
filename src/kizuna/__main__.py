"""``python -m kizuna``: the same CLI as the ``kizuna`` script."""

import sys

from kizuna.cli.app import main

sys.exit(main())
