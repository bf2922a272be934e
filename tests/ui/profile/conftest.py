"""The profile tests read values in one known locale (the default store's: en_AU), whatever a
test before them chose."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.formatting import formats_for
from ui.i18n import formats, use_formats


@pytest.fixture(autouse=True)
def australian_formats() -> Iterator[None]:
    before = formats()
    use_formats(formats_for("en", "AU", "AUD"))
    yield
    use_formats(before)
