"""Signed export links: any altered character is refused, including the last one of the
signature (base64 has spare bits there: two spellings could decode to the same bytes)."""
import string
import time

from webapp.services import storage
from webapp.services.storage import LinkError, check_download, sign_download

import pytest

BASE64URL = string.ascii_letters + string.digits + "-_"


def test_every_other_last_character_is_refused(app):
    token = sign_download("ventas-20250101-000000-abcdef.csv", 3600)
    check_download(token, "ventas-20250101-000000-abcdef.csv")
    refused = 0
    for ch in BASE64URL:
        if ch == token[-1]:
            continue
        with pytest.raises(LinkError):
            check_download(token[:-1] + ch, "ventas-20250101-000000-abcdef.csv")
        refused += 1
    assert refused == 63


def test_every_single_character_change_is_refused(app):
    name = "clientes-20250101-000000-abcdef.csv"
    token = sign_download(name, 3600)
    for position in range(len(token)):
        for ch in ("A", "z", "0", "_"):
            if token[position] == ch:
                continue
            altered = token[:position] + ch + token[position + 1:]
            with pytest.raises(LinkError):
                check_download(altered, name)


def test_the_canonical_link_still_works_until_it_expires(app, monkeypatch):
    name = "inventario-20250101-000000-abcdef.csv"
    token = sign_download(name, 60)
    check_download(token, name)
    later = time.time() + 61
    monkeypatch.setattr(storage, "_now", lambda: later)
    with pytest.raises(LinkError) as expired:
        check_download(token, name)
    assert expired.value.code == "enlace_expirado"
