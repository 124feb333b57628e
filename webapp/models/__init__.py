"""SQLAlchemy models only."""
from .audit import AuditEvent
from .catalog import Product, ProductCategory, SearchTerm, Setting
from .conversations import Conversation, Message
from .customers import Customer
from .orders import Order, OrderLine, OrderStatus, Quote
from .staff import ApiToken, StaffUser

__all__ = [
    "ApiToken", "AuditEvent", "Conversation", "Customer", "Message", "Order",
    "OrderLine", "OrderStatus", "Product", "ProductCategory", "Quote", "SearchTerm", "Setting",
    "StaffUser",
]
