"""`python -m aggregator` is `cspr`."""

from aggregator.cli import main

raise SystemExit(main())
