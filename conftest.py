# pytest only honours `pytest_plugins` in the root conftest.
pytest_plugins = [
    "airbyte_cdk.test.standard_tests.pytest_hooks",
    "shipstation_sandbox.pytest_plugin",
]
