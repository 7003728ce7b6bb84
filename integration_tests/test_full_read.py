"""A full read of every stream equals the sandbox's truth: same primary keys, same content."""

from .harness import STREAMS, comparable, schemas_from, stream_schemas


def test_given_several_pages_per_stream_when_full_refresh_read_then_every_stream_equals_truth(sandbox_factory, connector_for):
    sandbox = sandbox_factory(orders=900, max_page_size=100)
    connector = connector_for(sandbox)
    schemas = schemas_from(connector.run("discover"))

    run = connector.read(mode="full_refresh")

    assert run.returncode == 0, run.errors()
    for stream in STREAMS:
        delivered, truth = run.records(stream), sandbox.truth(stream)
        assert len(delivered) == len(truth), stream
        assert comparable(delivered, schemas[stream]) == comparable(truth, schemas[stream]), stream


def test_given_a_store_id_when_read_then_only_that_stores_orders_shipments_and_details(sandbox, connector):
    store_id = sandbox.truth("stores")[0]["storeId"]
    config = connector.config(store_id=store_id)
    schemas = stream_schemas()

    run = connector.read(["orders", "shipments", "store_details", "stores"], mode="full_refresh", config=config)

    assert run.returncode == 0, run.errors()
    for stream in ("orders", "shipments", "store_details"):
        truth = sandbox.truth(stream, store_id=store_id)
        assert truth and comparable(run.records(stream), schemas[stream]) == comparable(truth, schemas[stream]), stream
    assert len(run.records("stores")) == len(sandbox.truth("stores"))  # the store list stays whole
