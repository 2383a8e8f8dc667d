"""Test settings shared by every test file."""

import os

from hypothesis import settings

# CI must not turn red on an example no developer has seen: the property tests run the
# same derandomised examples every time; `HYPOTHESIS_PROFILE=explore` searches afresh.
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore", max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
