"""factory_boy factories for the portal's tests, one module per app.

Tests build rows through these (or through the named actors of tests/conftest.py), never by
importing another test module's builder. A factory makes exactly the rows its builder did
before: nothing more unless a SubFactory is left to fill in an object the test did not give.
"""
