"""`python -m ssw_build`: the data build (ssw_build.data)."""

import sys

from ssw_build.data import main

sys.exit(main())
