"""``python -m graph_calls_spec``: see :mod:`graph_calls_spec.cli`."""

from graph_calls_spec.cli import main

raise SystemExit(main())
