"""SQLAlchemy models only."""
from .audit import AuditEvent
from .catalog import Product, ProductCategory, SearchTerm, Setting
from .conversations import Conversation, Message
from .customers import Customer
from .mail import OutboxEmail, OutboxStatus
from .orders import Order, OrderLine, OrderStatus, PaymentStatus, Quote
from .payments import PaymentMethod
from .shipping import ShippingZone
from .staff import ApiToken, StaffSession, StaffUser

__all__ = [
    "ApiToken", "AuditEvent", "Conversation", "Customer", "Message", "Order",
    "OrderLine", "OrderStatus", "PaymentStatus", "Product", "ProductCategory", "Quote", "SearchTerm", "Setting",
    "StaffSession", "StaffUser", "OutboxEmail", "OutboxStatus", "PaymentMethod", "ShippingZone",
]
