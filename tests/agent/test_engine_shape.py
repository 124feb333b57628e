"""The engine's data stays sound: one word per class entry, replies in both registers, legal stages."""
import re
from collections import defaultdict

import pytest

from webapp.agent import lexicon
from webapp.agent.replies import Voice, catalogue
from webapp.agent.routing import ROUTES, MessageType
from webapp.agent.state import DialogueState, Pending, PendingKind, Stage, TRANSITIONS

TU = re.compile(r"\b(escribe|escríbeme|dime|quieres|tienes|puedes|tu|tus|te|ti|confirmas|responde|cuéntame|mira)\b",
                re.IGNORECASE)
USTED = re.compile(r"\b(usted|desea|escriba|indíqueme|responda)\b", re.IGNORECASE)


def test_each_word_is_written_once_in_the_lexicon():
    seen = defaultdict(list)
    for name, kind, entry in lexicon.written_entries():
        seen[(kind == "lemmas", entry)].append(f"{name}.{kind}")
    repeated = {entry: where for (_, entry), where in seen.items() if len(where) > 1}
    assert repeated == {}


def test_derived_classes_are_built_by_name():
    assert "pedido" in lexicon.words("non_product")          # through include = ["order_word"]
    assert "agregar" in lexicon.lemmas("buy") and "agregar" in lexicon.lemmas("add_more")
    assert lexicon.table("numbers.units")["dos"] == 2


def test_the_lexicon_names_no_product():
    catalogue_words = {"extintor", "extintores", "casco", "cascos", "guantes", "botas", "chaleco", "botiquin"}
    for name in lexicon.class_names():
        assert not (lexicon.words(name) & catalogue_words), name


def test_every_reply_has_both_registers_and_formal_never_says_tu():
    for message_id, texts in catalogue().items():
        assert set(texts) == {"amigable", "formal"}
        assert not TU.search(texts["formal"]), message_id
        if texts["formal"] != texts["amigable"]:
            assert not USTED.search(texts["amigable"]) or "ustedes" in texts["amigable"], message_id


def test_voice_words_service_error_codes():
    voice = Voice("formal")
    assert "1000" in voice.error("cantidad_invalida")
    assert voice.error("codigo_que_no_existe") == voice.say("error.desconocido")


def test_stages_move_only_along_the_table():
    state = DialogueState()
    state.go(Stage.COLLECTING)
    state.ask(Pending(PendingKind.READBACK, token="1-abc"))
    assert state.stage == Stage.CONFIRMING and state.readback_token == "1-abc"
    state.order_changed()  # a change after the read-back: it no longer stands
    assert state.stage == Stage.COLLECTING and state.readback_token is None
    with pytest.raises(ValueError):
        state.go(Stage.CLOSED)  # placing needs the read-back first
    assert Stage.CLOSED not in TRANSITIONS[Stage.COLLECTING]


def test_state_round_trips_through_json_and_survives_garbage():
    state = DialogueState(stage=Stage.CHOOSING, pending=Pending(PendingKind.CHOICE, options=[3, 4], quantity=2),
                          customer={"name": "Ana"}, tone="formal", focus=3)
    again = DialogueState.from_json(state.to_json())
    assert again == state
    assert DialogueState.from_json({"stage": "volando", "pending": {"kind": "nada"}, "mentioned": ["x"]}) == \
        DialogueState()


def test_the_routing_table_is_one_ordered_list_ending_in_a_fallback():
    names = [route.name for route in ROUTES]
    assert len(names) == len(set(names)) and names[-1] == "fallback"
    assert {route.kind for route in ROUTES} == set(MessageType)
