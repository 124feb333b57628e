import pytest

from webapp.agent.assistant import handle_turn


class Chat:
    """Talks to the assistant like a customer, keeping one chat_id."""

    def __init__(self, staff=None, tone=None):
        self.chat_id = None
        self.staff = staff
        self.tone = tone
        self.last = None

    def __call__(self, message: str) -> dict:
        result = handle_turn(message, chat_id=self.chat_id, tone=self.tone, staff=self.staff)
        self.chat_id = result.chat_id
        self.last = result.body
        return result.body


@pytest.fixture
def app(any_app):
    """The assistant finds products through the database's search: every dialogue runs on SQLite and PostgreSQL."""
    return any_app


@pytest.fixture
def chat(seeded):
    return Chat()


@pytest.fixture
def chat_factory(app):
    return Chat
