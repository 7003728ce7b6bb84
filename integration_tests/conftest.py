import pytest

from .harness import Connector


@pytest.fixture
def connector(sandbox, tmp_path) -> Connector:
    """The console script against the default small sandbox."""
    return Connector(sandbox, tmp_path)


@pytest.fixture
def connector_for(tmp_path):
    """Build a Connector for a sandbox of the test's own making."""
    return lambda sandbox: Connector(sandbox, tmp_path)
