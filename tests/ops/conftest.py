from tests.ops.ops_helpers import redis_server  # noqa: F401  (fixture)
