"""`python -m simengine ...`: see `simengine.cli`."""

from simengine.cli import main

raise SystemExit(main())
