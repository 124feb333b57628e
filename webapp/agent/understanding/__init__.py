"""Pure, I/O-free Spanish understanding for the offline sales agent.

No Flask, no database: text in, plain values out. See intents.analyze for the entry point.
"""
from .customer_data import CustomerDataExtraction, extract_customer_data, looks_like_customer_data
from .intents import Analysis, analyze, classify_stateless
from .items import (
    ItemRequest, extract_item_requests, extract_quantity_change, extract_removal,
)

__all__ = [
    "Analysis", "CustomerDataExtraction", "ItemRequest", "analyze", "classify_stateless",
    "extract_customer_data", "extract_item_requests", "extract_quantity_change", "extract_removal",
    "looks_like_customer_data",
]
