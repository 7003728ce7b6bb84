"""The CDK's standard connector tests, in-process, against the sandbox (acceptance-test-config.yml)."""

import pytest
from airbyte_cdk.test.standard_tests import SourceTestSuiteBase

from source_shipstation import SourceShipstation

from .acceptance import acceptance_sandbox


@pytest.fixture(scope="class", autouse=True)
def shipstation_sandbox_for_the_suite():
    with acceptance_sandbox() as sandbox:
        yield sandbox


class TestShipstationStandard(SourceTestSuiteBase):
    connector = SourceShipstation
