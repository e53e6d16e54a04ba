"""`python -m cspr` is `cspr`."""

from cspr.cli import main

raise SystemExit(main())
