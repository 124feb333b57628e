"""SQLAlchemy models only."""
from .audit import AuditEvent
from .catalog import Product, Setting
from .conversations import Conversation, Message
from .customers import Customer
from .orders import Order, OrderLine, OrderStatus, Quote
from .staff import ApiToken, StaffSession, StaffUser

__all__ = [
    "ApiToken", "AuditEvent", "Conversation", "Customer", "Message", "Order",
    "OrderLine", "OrderStatus", "Product", "Quote", "Setting", "StaffSession", "StaffUser",
]
