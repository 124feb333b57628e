"""Message analysis: whole-word intent flags, company topics, client look-ups and items."""
from __future__ import annotations

import re
from dataclasses import dataclass

from webapp.services.validation import normalize_cedula

from .customer_data import extract_customer_data
from .items import (
    UNIT_WORDS, ItemRequest, extract_item_requests, extract_quantity_change_target, extract_removals,
)
from .numbers import parse_quantity_at
from .text import fuzzy_contains, phrase_pattern, token_spans

_P = phrase_pattern


def _pp(text: str) -> re.Pattern:
    return _P(text.split("|"))


GREETING = _pp("hola|holi|holis|buenas|buenos dias|buen dia|buenas tardes|buenas noches|saludos|hey"
               "|que tal|quiubo|buenass")
THANKS = _pp("gracias|muchas gracias|mil gracias|te agradezco|le agradezco|agradecido|agradecida"
             "|muy amable|thanks")
GOODBYE = _pp("adios|chao|chau|hasta luego|hasta pronto|nos vemos|bye|hasta manana|feliz dia")
CATALOG = _pp("que productos|que tienen|que tienes|que tiene|que venden|que vendes|que manejan"
              "|que hay|que ofrecen|catalogo|inventario|stock disponible|lista de productos"
              "|lista de precios|productos disponibles|todos los productos|ver productos"
              "|mostrar productos|muestrame los productos|muestrame productos|para la venta"
              "|que mas tienen|portafolio|sus productos|los productos")
PRICE = _pp("precio|precios|cuanto vale|cuanto valen|cuanto cuesta|cuanto cuestan|cuanto sale"
            "|cuanto salen|valor|valores|a como|que precio|costo|costos|cuanto es|cuanto son"
            "|cuanto seria|cuanto cobran|tarifa")
STOCK = _pp("stock|existencias|existencia|cuantos hay|cuantas hay|cuantos tienen|cuantas tienen"
            "|cuantos quedan|cuantas quedan|tienen disponible|tienen disponibles|hay disponible"
            "|hay disponibles|disponibilidad|quedan|les queda|les quedan|en stock")
_STOCK_RE = re.compile(r"(?<![a-z])cuant[oa]s (?:\w+ ){1,3}(?:hay|tienen|quedan)(?![a-z])")
BUY = _pp("quiero|quisiera|necesito|necesitaria|comprar|compro|agregar|agrega|agregame|agregale"
          "|agregue|anade|anadir|anademe|dame|deme|denme|llevo|me llevo|llevar|pedir|pido|ponme"
          "|pon|pongame|regalame|me regalas|me regala|me vende|me vendes|venderme|sumale|incluye"
          "|incluir|deseo|encargar|separar|apartar|me interesa|me interesan")
STRONG_BUY = _pp("quiero comprar|quisiera comprar|deseo comprar|necesito comprar|voy a comprar"
                 "|hacer un pedido|quiero pedir|me interesa comprar|comprar")
QUOTE = _pp("cotizacion|cotizaciones|cotizar|cotizame|cotiza|presupuesto")
VIEW_ORDER = _pp("que llevo|que tengo en el pedido|que tengo en el carrito|que hay en mi pedido"
                 "|que hay en el carrito|mi pedido|mi carrito|mi orden|ver pedido|ver el pedido"
                 "|ver mi pedido|ver carrito|ver el carrito|resumen|como va mi pedido"
                 "|como va el pedido|estado del pedido|estado de mi pedido|cuanto llevo"
                 "|total del pedido|cuanto es el total|muestrame el pedido|mostrar pedido|el total"
                 "|cuanto sale todo|cuanto es todo|cuanto seria todo|cuanto vale todo|cuanto me sale todo"
                 "|cuanto queda todo|cuanto debo|cuanto te debo|cuanto le debo")
CONFIRM = _pp("dale|de una|confirmo|confirmar|confirmado|confirma|listo|ok|okay|okey|vale|claro"
              "|hagale|hagamosle|procedamos|procede|proceder|correcto|perfecto|asi esta bien"
              "|esta bien|de acuerdo|afirmativo|por supuesto|adelante|exacto|eso es|me sirve"
              "|todo bien|yes|sip|sii|sisas|no hay problema|finalizar|finaliza")
_SI_FOLLOW = frozenset("senor|senora|claro|dale|por favor|porfa|procedamos|procede|confirmo|quiero"
                       "|gracias|de una|esta bien|todo bien|perfecto|listo|ok|correcto|asi es"
                       "|senores|hagale|adelante|exacto|confirmar".split("|"))
_POSITIVE_NO = _pp("no hay problema|no hay lio|por que no|no hay drama")
DENY = _pp("no|nop|nope|negativo|nel|ya no|mejor no|todavia no|aun no|no gracias|para nada"
           "|olvidalo|olvidate")
CANCEL = _pp("cancelar|cancela|cancelo|cancelalo|cancelala|cancelado|cancelemos|anula|anular"
             "|anulalo|anulemos|olvidalo|olvidate|olvida eso|ya no quiero nada|no quiero nada"
             "|ya no voy a comprar|no voy a comprar")
HANDOFF = re.compile(
    r"(?<![a-z])(?:(?:hablar|comunicarme|comunicar|contactar|atender|atienda|pasame|pasar|pasen"
    r"|conectar|transferir|comunica)(?: \w+){0,4} (?:asesor|asesora|persona|humano|humana|agente"
    r"|vendedor|vendedora|alguien|operador|operadora|representante)|asesor humano|persona real"
    r"|atencion humana|quiero un asesor|necesito un asesor)(?![a-z])")
COMPANY_TOPICS = (
    ("contact", _pp("contactarlos|contactarlas|contactar|contacto|como los contacto"
                    "|como me comunico|comunicarme con ustedes|telefono de la tienda"
                    "|telefono de la empresa|telefono de ustedes|numero de la tienda"
                    "|numero de la empresa|numero de ustedes"
                    "|whatsapp de la tienda|whatsapp de ustedes|correo de la tienda"
                    "|correo de la empresa|correo de ustedes|su telefono|su numero|su whatsapp"
                    "|su correo|redes sociales|linea de atencion")),
    ("address", _pp("donde estan|donde quedan|donde queda la tienda|donde se ubican|ubicados"
                    "|ubicacion|ubicada|direccion de la tienda|direccion de la empresa"
                    "|direccion de ustedes|su direccion|tienda fisica|punto fisico|sede|sedes"
                    "|donde los encuentro|como llego")),
    ("hours", _pp("horario|horarios|a que hora|hora de atencion|horas de atencion|abren|cierran"
                  "|atienden los|dias de atencion|estan abiertos")),
    ("delivery", _pp("envio|envios|envian|hacen envios|domicilio|domicilios|despacho|despachos"
                     "|despachan|hacen entregas|tiempo de entrega|cuanto se demora|cuanto demora"
                     "|cuanto tarda|llegan a|mandan a|costo de envio|flete")),
    ("payment", _pp("formas de pago|forma de pago|medios de pago|medio de pago|metodos de pago"
                    "|como pagar|como puedo pagar|como pago|aceptan|nequi|daviplata|pse"
                    "|transferencia|contraentrega|contra entrega|pago en efectivo|en efectivo"
                    "|con tarjeta|tarjeta de credito|tarjeta debito|tarjeta de debito|a credito"
                    "|bancolombia|datafono|pagar")),
    ("warranty", _pp("garantia|garantias|devolucion|devoluciones|devolver|reembolso"
                     "|politica de cambios|hacen cambios")),
    ("about", _pp("quienes son|quien es usted|que empresa|informacion de la empresa"
                  "|info de la empresa|sobre la empresa|acerca de la empresa|acerca de ustedes"
                  "|sobre ustedes|la empresa|su empresa|a que se dedican|que hacen ustedes"
                  "|mision|vision|quienes somos|conocer la empresa|de donde son|nosotros")),
)
_LOOKUP = (
    re.compile(r"(?<![a-z])(?:informacion|info|datos|historial|historia|estadisticas|estadistica"
               r"|compras|ficha|perfil|buscar|busca|busque|consultar|consulta|ver)(?: de compras)?"
               r"(?: del| de la| de| al| el| la)? cliente(?![a-z])(?P<q>.*)"),
    re.compile(r"(?<![a-z])historial(?: de compras)?(?: de| del)? (?P<q>(?!mi |mis ).+)"),
    re.compile(r"(?<![a-z])estadisticas(?: de compras)?(?: de| del)?(?P<q>.*)"),
    re.compile(r"(?<![a-z])cliente (?P<q>(?:con )?(?:cedula |cc )?\d[\d. ]{5,})"),
)
_QUERY_LEAD = re.compile(r"^(?:(?:con|de|del|la|el|llamado|llamada|nombre|cedula|cc|numero|"
                         r"identificado|identificada|con cedula|con nombre)\s+)+")
CHATTER = frozenset("""hola holi buenas buenos dias tardes noches saludos gracias chao adios bye
    perfecto correcto excelente genial super listo dale claro vale confirmo hagale procedamos ok
    okay asi esta bien bueno si no vemos luego pronto nos hasta muchas mil ninguno ninguna nada
    de muy amable amables senor senora senorita don dona amigo amiga joven vecino vecina mi por
    favor""".split())
INTENT_WORDS = frozenset("""catalogo inventario cotizacion cotizar presupuesto precio precios
    productos disponibles existencias""".split())


@dataclass(frozen=True)
class Analysis:
    """Flags and extracted values of one customer message (no dialogue state)."""

    text: str
    normalized: str
    greeting: bool = False
    thanks: bool = False
    goodbye: bool = False
    wants_catalog: bool = False
    asks_price: bool = False
    asks_stock: bool = False
    buy: bool = False
    quote: bool = False
    remove: bool = False
    change_quantity: bool = False
    view_order: bool = False
    confirm: bool = False
    deny: bool = False
    cancel: bool = False
    customer_lookup: bool = False
    lookup_query: str | None = None
    company_topic: str | None = None
    human_handoff: bool = False
    is_question: bool = False
    is_customer_data: bool = False
    items: tuple[ItemRequest, ...] = ()
    quantity_change: int | None = None
    quantity_change_phrase: str | None = None
    removal_phrase: str | None = None
    removal_phrases: tuple[str, ...] = ()


def _lookup(text: str, norm: str) -> tuple[bool, str | None]:
    for pattern in _LOOKUP:
        match = pattern.search(norm)
        if match is None:
            continue
        tail = _QUERY_LEAD.sub("", match.group("q").strip())
        digits = re.search(r"\d[\d.]{5,}", tail)
        if digits:
            return True, normalize_cedula(digits.group())
        if not tail:
            return True, None
        spans = token_spans(text)
        count = len(tail.split())
        raw = text[spans[-count][1]:spans[-1][2]] if len(spans) >= count else tail
        return True, raw.strip(" ?¿!.,")
    return False, None


def _si_confirms(text: str, toks: list[str]) -> bool:
    """'si' confirms at the start of a short or punctuated reply, or when written 'sí'."""
    if re.search(r"(?<!\w)s[íÍ](?!\w)", text):
        return True
    if not toks or toks[0] != "si":
        return False
    after = re.match(r"\s*[¡¿]?\s*s[iI]\s*([,.!;]|$)", text)
    return (len(toks) == 1 or bool(after) or toks[1] in _SI_FOLLOW
            or " ".join(toks[1:3]) in _SI_FOLLOW)


def _drop_intent_words(item: ItemRequest) -> ItemRequest:
    """'cotisacion de cascos' -> 'cascos': typo'd intent words left in a phrase are dropped;
    'una cotización de 15 extintores' -> 15 extintores (the number after them is the quantity)."""
    words = item.phrase.split()
    dropped = False
    while len(words) > 1 and (words[0] in ("de", "del", "para")
                              or fuzzy_contains(words[0], INTENT_WORDS)):
        dropped, words = True, words[1:]
    quantity = item.quantity
    if dropped:
        found = parse_quantity_at(words, 0)
        if found and found.end < len(words) and found.kind == "number" and words[found.end] not in UNIT_WORDS:
            quantity, words = found.value, words[found.end:]
    return ItemRequest(quantity, " ".join(words), item.relative)


def _company_topic(norm: str) -> str | None:
    for topic, pattern in COMPANY_TOPICS:
        if pattern.search(norm):
            return topic
    return None


def analyze(text: str) -> Analysis:
    """All flags for one message; the dialogue state decides which of them matter."""
    raw = text or ""
    spans = token_spans(raw)
    toks = [t for t, _, _ in spans]
    norm = " ".join(toks)
    has = lambda pattern: bool(pattern.search(norm))  # noqa: E731
    is_data = extract_customer_data(raw).found
    lookup, query = _lookup(raw, norm)
    handoff = bool(HANDOFF.search(norm))
    topic = None if is_data or lookup else _company_topic(norm)
    removals = None if is_data else extract_removals(raw)
    change = None if is_data else extract_quantity_change_target(raw)
    cancel = has(CANCEL) and not removals and not is_data
    items: tuple[ItemRequest, ...] = ()
    if not (is_data or lookup or handoff or change or cancel):
        items = tuple(i for i in extract_item_requests(raw) if i.relative or not (
            set(i.phrase.split()) <= CHATTER
            or all(fuzzy_contains(w, INTENT_WORDS) for w in i.phrase.split())))
    verb = has(BUY)
    if topic and not any(i.quantity for i in items):
        items = ()
    items = tuple(_drop_intent_words(i) for i in items)
    price = has(PRICE) or fuzzy_contains(norm, {"precio", "precios"}) is not None
    stock = has(STOCK) or bool(_STOCK_RE.search(norm))
    quote = has(QUOTE) or fuzzy_contains(norm, {"cotizacion", "cotizar", "presupuesto"}) is not None
    catalog = has(CATALOG) or fuzzy_contains(norm, {"catalogo", "inventario"}) is not None
    buy = not (removals or cancel or handoff or lookup or change) and (
        has(STRONG_BUY) or (bool(items) and verb)
        or (any(i.quantity for i in items) and not (price or stock or quote)))
    negative = bool(DENY.search(_POSITIVE_NO.sub(" ", norm)))
    deny = not is_data and not removals and (negative or cancel)
    confirm = not (is_data or deny or lookup or removals or change) and (
        (has(CONFIRM) and not (price and re.search(r"(?<![a-z])vale(?![a-z])", norm)))
        or _si_confirms(raw, toks))
    return Analysis(
        text=raw, normalized=norm, greeting=has(GREETING), thanks=has(THANKS),
        goodbye=has(GOODBYE), wants_catalog=catalog and not items, asks_price=price,
        asks_stock=stock, buy=buy, quote=quote, remove=removals is not None,
        change_quantity=change is not None,
        view_order=has(VIEW_ORDER) and not (cancel or removals or change or items),
        confirm=confirm, deny=deny, cancel=cancel, customer_lookup=lookup, lookup_query=query,
        company_topic=topic, human_handoff=handoff, is_question="?" in raw or "¿" in raw,
        is_customer_data=is_data, items=items,
        quantity_change=change[0] if change else None,
        quantity_change_phrase=change[1] if change else None,
        removal_phrase=removals[0] if removals else None,
        removal_phrases=tuple(removals or ()),
    )


def classify_stateless(analysis: Analysis) -> str:
    """'inventario', 'venta', 'cliente', 'contexto' or 'general' for a message out of context."""
    a = analysis
    if a.customer_lookup:
        return "cliente"
    if a.company_topic and not (a.buy and a.items):
        return "contexto"
    if a.buy or a.quote or a.remove or a.change_quantity or a.view_order or a.cancel \
            or a.is_customer_data:
        return "venta"
    if a.wants_catalog or a.asks_price or a.asks_stock or a.items:
        return "inventario"
    return "general"
