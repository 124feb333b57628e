"""Browser tests. A package, so that this folder's conftest.py does not take the module name `conftest` from tests/conftest.py."""
