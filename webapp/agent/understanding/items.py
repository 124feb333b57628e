"""Product mentions in a message: quantities, phrases, quantity changes and removals."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import DOZEN_WORDS, parse_number_at, parse_quantity_at
from .text import STOPWORDS, fold, fuzzy_word, stem


@dataclass(frozen=True)
class ItemRequest:
    """One product mention: quantity (None when not said), normalized phrase, relative ("otro")."""

    quantity: int | None
    phrase: str
    relative: bool = False


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _seqs(text: str) -> tuple[tuple[str, ...], ...]:
    """'a b|c' -> (('a','b'), ('c',)), longest first."""
    return tuple(sorted((tuple(p.split()) for p in text.split("|")), key=len, reverse=True))


UNIT_WORDS = _words(
    """libra libras lb lbs kg kgs kilo kilos kilogramo kilogramos g gr grs gramo gramos litro litros
    l lt lts ml cc galon galones gal onza onzas oz cm cms mm m mt mts metro metros pulgada pulgadas
    pulg in voltio voltios volt volts v w watt watts vatio vatios kw amperio amperios amp mah gb tb
    mb hz psi hp x % " ” ″ grados"""
)
COUNT_WORDS = _words("unidad unidades und unds ud uds pieza piezas pz pzs pza pzas")
PAIR_WORDS = frozenset("""guantes botas zapatos zapatillas medias calcetines tapones gafas lentes
    aretes chanclas sandalias tenis botines audifonos rodilleras coderas""".split())
PAIR_NOUNS = frozenset(stem(w) for w in PAIR_WORDS)
def _is_pair_noun(word: str) -> bool:
    """Things sold by the pair ("guantes", or a typo like "gantes"): "3 pares" means 3 of them."""
    return stem(word) in PAIR_NOUNS or fuzzy_word(word, PAIR_WORDS, cutoff=80) is not None


_NO_SPLIT_STEMS = frozenset(stem(w) for w in """blanco negro rojo azul verde amarillo naranja gris
    morado rosado marron beige dorado plateado transparente pequeno mediano grande chico talla color
    tamano medida""".split())
RELATIVE_WORDS = _words("otro otra otros otras")
_ARTICLES = _words("el la los las unos unas")
LEADING_FILLERS = _seqs(
    "quiero|quisiera|queria|necesito|necesitaria|requiero|deseo|busco|buscaba|comprar|compro|"
    "agrega|agregar|agregame|agregale|agregue|agreguen|anade|anadir|anademe|anadele|dame|deme|"
    "denme|"
    "pon|ponme|pongame|regalame|regaleme|manda|mandame|mandar|envia|enviame|enviar|llevo|llevar|"
    "me llevo|voy a llevar|pido|pedir|pideme|sumale|suma|sumar|incluye|incluir|incluyeme|cotizar|"
    "cotiza|cotizame|cotizacion|cotizaciones|presupuesto|tambien|ademas|y|e|hola|buenas|oye|porfa|"
    "por favor|favor|entonces|bueno|ok|vale|pues|listo|si|me|nos|les|regalas|regala|das|da|vendes|"
    "vende|venden|trae|traes|traeme|consigue|consigues|puedes|puede|podrias|podria|dar|vender|"
    "traer|conseguir|me gustaria|quiero hacer|hacer|un pedido de|el pedido de|pedido de|"
    "una orden de|"
    "orden de|compra de|precio|precios|valor|costo|cuanto|cuanta|cuantos|cuantas|vale|valen|cuesta|"
    "cuestan|sale|salen|es|son|seria|serian|cobran|a como|tienen|tiene|tienes|hay|manejan|manejas|"
    "maneja|que|cual|cuales|info|informacion|ver|muestrame|mostrar|ensename|disponibilidad|"
    "stock|existencias|catalogo|de|del|para|a|al|el|la|los|las|lo|le|se|con|mejor|mejor dicho|"
    "mas bien"
)
TRAILING_FILLERS = _seqs(
    "por favor|porfa|porfavor|gracias|muchas gracias|al pedido|al carrito|al carro|a mi pedido|"
    "a mi carrito|en el pedido|en el carrito|a la orden|a la cotizacion|tambien|ademas|disponibles|"
    "disponible|en stock|hay|tienen|tiene|tienes|quedan|venden|manejan|nomas|no mas|de una vez|ya|"
    "ahora|hoy|entonces|pues|de|del|para|y|con"
)
RELATIVE_TAIL = _words("mas adicional adicionales")
NON_PRODUCT = _words(
    """producto productos articulo articulos cosa cosas algo eso esto esa ese todo todos nada pedido
    pedidos orden compra compras carrito carro venta ventas catalogo inventario stock existencias
    disponible disponibles precio precios valor lista cliente clientes empresa tienda favor gracias
    hola si no ok listo dale procedamos proceder continuar seguir ustedes tienen hay cotizacion
    asesor asesora persona humano informacion historial estadisticas datos envio envios domicilio
    domicilios horario pago garantia hablar saber preguntar pagar confirmar cancelar sean sea
    indicaciones notas observaciones cedula telefono correo direccion barrio nombre mas unidad
    unidades buenas buenos dias tardes noches bien mal resumen total confirmo confirmar confirmado
    perfecto correcto claro hagale ayuda descuento descuentos promocion promociones oferta
    ofertas""")
_CHUNK_SPLIT = re.compile(r"[;\n!?¿¡]+|,(?!\d)|(?<!\d),|\.(?!\d)|\s[-–]\s")
_ITEM_TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?:/\d+)?|[a-z]+|[%\"”″]")


def _item_tokens(text: str) -> list[str]:
    return [t.replace(",", ".") if t[0].isdigit() else t for t in _ITEM_TOKEN.findall(fold(text))]


def _chunks(text: str) -> list[list[str]]:
    return [toks for part in _CHUNK_SPLIT.split(text or "") if (toks := _item_tokens(part))]


def _strip_leading(toks: list[str], seqs) -> list[str]:
    changed = True
    while changed and toks:
        changed = False
        for seq in seqs:
            if tuple(toks[:len(seq)]) == seq:
                toks, changed = toks[len(seq):], True
                break
    return toks


def _strip_trailing(toks: list[str], seqs) -> list[str]:
    changed = True
    while changed and toks:
        changed = False
        for seq in seqs:
            if len(toks) >= len(seq) and tuple(toks[-len(seq):]) == seq:
                toks, changed = toks[:-len(seq)], True
                break
    return toks


def _is_attribute(toks: list[str], end: int) -> bool:
    """True when the number just parsed is followed by a unit (an attribute like "10 libras")."""
    if end >= len(toks) or toks[end] not in UNIT_WORDS:
        return False
    if toks[end] == "x":
        return end + 1 < len(toks) and parse_number_at(toks, end + 1) is not None
    return True


def _starts_item(toks: list[str], i: int) -> bool:
    if i >= len(toks):
        return False
    if toks[i] in RELATIVE_WORDS:
        return True
    quantity = parse_quantity_at(toks, i)
    if quantity is not None:
        return not _is_attribute(toks, quantity.end)
    return any(tuple(toks[i:i + len(s)]) == s for s in LEADING_FILLERS if s[0] not in STOPWORDS)


def _split_conjunctions(toks: list[str]) -> list[list[str]]:
    """Split on y/e between items, not in attribute lists ("de 10 y 20 lb", "blanco y negro")."""
    segments, current = [], []
    for i, tok in enumerate(toks):
        if tok in ("y", "e") and current and i + 1 < len(toks):
            prev_number = parse_number_at(toks, i - 1) is not None or (
                toks[i - 1] in DOZEN_WORDS and toks[i + 1] == "media")
            nxt = toks[i + 1]
            plain_word = nxt.isalpha() and (nxt not in STOPWORDS or nxt in _ARTICLES)
            if not prev_number and stem(nxt) not in _NO_SPLIT_STEMS and (
                    _starts_item(toks, i + 1) or plain_word):
                segments.append(current)
                current = []
                continue
        current.append(tok)
    if current:
        segments.append(current)
    return segments


def _content(toks: list[str]) -> list[str]:
    return [t for t in toks if t.isalpha() and len(t) > 1 and t not in STOPWORDS
            and t not in NON_PRODUCT]


def _trailing_quantity(toks: list[str]) -> tuple[int | None, list[str]]:
    """'casco x 3', 'casco x3', 'cascos cantidad 3', 'cascos 3 unidades' -> (3, ['casco'])."""
    for marker in ("x", "cantidad"):
        if len(toks) >= 3 and toks[-2] == marker and toks[-1].isdigit():
            return int(toks[-1]), toks[:-2]
    if len(toks) >= 3 and toks[-1] in COUNT_WORDS:
        parsed = parse_number_at(toks, len(toks) - 2)
        if parsed and parsed[1] == len(toks) - 1:
            return parsed[0], toks[:-2]
    return None, toks


def _parse_segment(toks: list[str]) -> ItemRequest | None:
    if not toks or toks[0] == "no" or _removal_start(_strip_leading(toks, _REMOVE_LEAD)):
        return None
    toks = _strip_leading(toks, LEADING_FILLERS)
    relative = False
    if toks and toks[0] in RELATIVE_TAIL:
        relative, toks = True, toks[1:]
    quantity = None
    if toks and toks[0] in RELATIVE_WORDS:
        relative, quantity, toks = True, 1 if toks[0] in ("otro", "otra") else None, toks[1:]
    parsed = parse_quantity_at(toks, 0)
    if parsed is not None and not _is_attribute(toks, parsed.end):
        end = parsed.end + (parsed.end < len(toks) and toks[parsed.end] == "x")
        quantity, kind, toks = parsed.value, parsed.kind, toks[end:]
        while toks and (toks[0] in COUNT_WORDS or toks[0] in RELATIVE_TAIL
                        or toks[0] in RELATIVE_WORDS):
            relative = relative or toks[0] not in COUNT_WORDS
            toks = toks[1:]
        toks = _strip_leading(toks, (("de",), ("del",), ("los",), ("las",), ("el",), ("la",)))
        if kind == "pair":
            first = next((t for t in toks if t not in STOPWORDS), "")
            quantity = quantity if _is_pair_noun(first) else quantity * 2
    toks = _strip_trailing(toks, TRAILING_FILLERS)
    while toks and toks[-1] in RELATIVE_TAIL:
        relative, toks = True, _strip_trailing(toks[:-1], TRAILING_FILLERS)
    if quantity is None:
        quantity, toks = _trailing_quantity(toks)
    phrase = " ".join(t for t in toks if t[0].isalnum())
    if not _content(toks):
        return ItemRequest(quantity or 1, "", True) if relative else None
    return ItemRequest(quantity, phrase, relative)


def extract_item_requests(text: str) -> list[ItemRequest]:
    """Product mentions of a message, in order ("2 cascos y 3 pares de guantes")."""
    requests = []
    for chunk in _chunks(text):
        for segment in _split_conjunctions(chunk):
            request = _parse_segment(segment)
            if request is not None:
                requests.append(request)
    return requests


_CHANGE_LEAD = _seqs("entonces|ok|bueno|no|perdon|pensandolo bien|mejor dicho|por favor|porfa|"
                     "y|pero|ahora|oye|listo|vale|si")
_CHANGE_TAIL = _seqs("por favor|porfa|gracias|mejor|entonces|pues|unidades|unidad|und|uds")
_STRONG_CHANGE = _seqs(
    "que sean|que sea|sean|cambia a|cambialo a|cambiala a|cambialos a|cambialas a|cambiar a|"
    "cambie a|"
    "cambiame a|cambia la cantidad a|cambiar la cantidad a|la cantidad a|la cantidad es|"
    "la cantidad sea|cantidad|ponle|ponles|pongale|pongales|dejalo en|dejala en|dejalos en|"
    "dejalas en|deja en|dejar en|dejame|actualiza a|actualizalo a|modifica a|modificalo a|"
    "que queden|queden|que quede")
_WEAK_CHANGE = _seqs("solo|solamente|nada mas|mejor|son|serian|seran")
_WEAK_TAIL = _seqs("nomas|no mas|solamente|nada mas|solo")
_PHRASE_FIRST = _words("cambia cambiar cambiame modifica modificar actualiza actualizar deja dejar "
                       "dejame pon ponme ponle pongale")
_OBJECT_LEAD = _seqs("a|de|del|los|las|el|la|para|en")


def _clean_object(toks: list[str]) -> str:
    toks = _strip_trailing(_strip_leading(toks, _OBJECT_LEAD), TRAILING_FILLERS)
    return " ".join(t for t in toks if t[0].isalnum())


def _quantity_here(toks: list[str]) -> tuple[int, int] | None:
    parsed = parse_quantity_at(toks, 0)
    if parsed is None or _is_attribute(toks, parsed.end):
        return None
    return parsed.value, parsed.end


def extract_quantity_change_target(text: str) -> tuple[int, str] | None:
    """(new quantity, product phrase or "") for "que sean 4", "cambia los cascos a 5", "solo 1"."""
    toks = _strip_trailing(_strip_leading(_item_tokens(text), _CHANGE_LEAD), _CHANGE_TAIL)
    for k in range(len(toks)):
        for seq in _STRONG_CHANGE:
            if tuple(toks[k:k + len(seq)]) != seq:
                continue
            rest = toks[k + len(seq):]
            found = _quantity_here(rest)
            if found:
                phrase = _clean_object(toks[:k] + rest[found[1]:])
                return found[0], phrase if _content(phrase.split()) else ""
    for seq in _WEAK_CHANGE:
        if tuple(toks[:len(seq)]) == seq:
            found = _quantity_here(toks[len(seq):])
            if found and len(seq) + found[1] == len(toks):
                return found[0], ""
    found = _quantity_here(toks)
    if found and any(tuple(toks[found[1]:]) == seq for seq in _WEAK_TAIL):
        return found[0], ""
    if len(toks) >= 4 and toks[0] in _PHRASE_FIRST:
        for k in range(len(toks) - 2, 1, -1):
            if toks[k] in ("a", "en"):
                parsed = _quantity_here(toks[k + 1:])
                phrase = _clean_object(toks[1:k])
                if parsed and k + 1 + parsed[1] == len(toks) and _content(phrase.split()):
                    return parsed[0], phrase
                break
    return None


def extract_quantity_change(text: str) -> int | None:
    """The new quantity asked for ("mejor que sean 4", "déjalo en 2", "solo 1"), else None."""
    found = extract_quantity_change_target(text)
    return found[0] if found else None


_REMOVE_VERBS = _words(
    """quita quitar quitame quite quites quiten quitale quitales elimina eliminar eliminame elimine
    elimines eliminen eliminale saca sacar sacame saque saques saquen sacale borra borrar borrame
    borre borres borren borrale retira retirar retirame retire retires descarta descartar
    descartame remueve remover cancela cancelar anula anular""")
_CLITIC_VERBS = frozenset(f"{root}{suffix}" for root in ("quita", "quitame", "elimina", "eliminame",
                                                          "saca", "sacame", "borra", "borrame",
                                                          "retira", "retirame", "descarta")
                          for suffix in ("lo", "la", "los", "las"))
_SOFT_VERBS = _words("cancela cancelar anula anular")
_REMOVE_PHRASES = _seqs("ya no quiero|no quiero|ya no necesito|no necesito|ya no voy a llevar|"
                        "no voy a llevar|sin")
_REMOVE_LEAD = _seqs("por favor|porfa|mejor|ahora|oye|entonces|y|pero|ok|bueno|listo|vale|"
                     "tambien|ademas|quiero|necesito|puedes|podrias|me|que|si|no mejor")
_REMOVE_TAIL = _seqs("del pedido|del carrito|de la orden|de mi pedido|de mi carrito|de la lista|"
                     "de la cotizacion|de ahi|por favor|porfa|gracias|tambien|mejor|mas bien")
_ORDER_WORDS = _words("pedido orden compra carrito carro cotizacion lista")
_ALL_WORDS = _words("todo todos todas")


def _removal_start(toks: list[str]) -> tuple[str, int] | None:
    """(kind, object start) when the clause starts with a removal expression."""
    if toks and toks[0] in _CLITIC_VERBS:
        return "clitic", 1
    if toks and toks[0] in _REMOVE_VERBS:
        return ("soft" if toks[0] in _SOFT_VERBS else "verb"), 1
    for seq in _REMOVE_PHRASES:
        if tuple(toks[:len(seq)]) == seq:
            return "phrase", len(seq)
    return None


def _removal_object(toks: list[str]) -> str:
    toks = _strip_trailing(toks, _REMOVE_TAIL)
    toks = _strip_leading(toks, _OBJECT_LEAD)
    found = _quantity_here(toks)
    if found and found[1] < len(toks):
        toks = _strip_leading(toks[found[1]:], _OBJECT_LEAD)
    return " ".join(t for t in toks if t[0].isalnum())


def extract_removals(text: str) -> list[str] | None:
    """Phrases to remove ("quita los guantes y los cascos" -> ["guantes", "cascos"]).

    [""] when the removal has no object ("quítalo"), ["todo"] for "quita todo", None when the
    message asks no removal (or names the whole order: that is a cancellation).
    """
    for chunk in _chunks(text):
        toks = _strip_leading(chunk, _REMOVE_LEAD)
        start = _removal_start(toks)
        if start is None:
            continue
        kind, begin = start
        if kind == "clitic" or (kind == "verb" and begin == len(toks)):
            return [""]
        objects = []
        for segment in _split_conjunctions(toks[begin:]):
            if objects and _starts_item(segment, 0) and segment[0] not in _ARTICLES:
                break
            phrase = _removal_object(segment)
            words = phrase.split()
            if words and words[0] in _ALL_WORDS and not _content(words):
                cancels_order = kind == "soft" and any(w in _ORDER_WORDS for w in words)
                return None if cancels_order else ["todo"]
            if words and all(w in _ORDER_WORDS or w in STOPWORDS for w in words):
                return None
            if _content(words):
                objects.append(phrase)
            elif kind == "verb" and not words:
                return [""]
        if objects:
            return objects
        return None
    return None


def extract_removal(text: str) -> str | None:
    """Phrase to remove ("saca los extintores" -> "extintores"), "" without object, else None."""
    found = extract_removals(text)
    return found[0] if found else None
