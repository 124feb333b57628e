"""Offline Spanish understanding: text in, signals out (no database, no Flask).

`message.Message` tokenises once; `items`, `numbers`, `customer_data` extract from it;
`signals.understand()` reads everything the routing table needs in one pass.
"""
