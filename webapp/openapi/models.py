"""The JSON shapes of the API as pydantic models: what `/openapi.json` describes.

Field names are the API's (Spanish); each model's docstring and `Field(description=...)`
become the document's Spanish descriptions. Response models list every field the
serializers always send as required; optional extras are fields with a default.
`tests/api/test_openapi_schemathesis.py` checks real responses against these shapes.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Number = float  # money: whole pesos as integers, cents as decimals (JSON numbers)


class Shape(BaseModel):
    model_config = ConfigDict(extra="allow")


# --- errors -------------------------------------------------------------------------------

class Error(Shape):
    """Todo error de la API: un código estable y un texto para personas (y a veces detalles)."""

    error: str = Field(description="Código del error, p. ej. `datos_invalidos`, `no_encontrado`, `sin_stock`.")
    detalle: str = Field(description="Explicación en español, lista para mostrar.")
    campos: dict[str, str] | None = Field(None, description="Campo → problema, cuando los datos no son válidos.")
    retry_after: int | None = Field(None, description="Segundos a esperar antes de reintentar (429).")


# --- products -----------------------------------------------------------------------------

class Product(Shape):
    """Un producto del catálogo."""

    id: int
    sku: str
    nombre: str
    descripcion: str
    precio: Number = Field(description="Precio en pesos colombianos, IVA incluido.")
    categoria: str
    stock: int
    disponible: bool = Field(description="Si está a la venta (el público solo ve los disponibles).")
    imagen_url: str
    sinonimos: list[str] = Field(description="Otras palabras con que los clientes lo buscan.")


class ProductList(Shape):
    productos: list[Product]
    total: int = Field(description="Productos que cumplen la búsqueda (todas las páginas).")
    pagina: int
    por_pagina: int


class ProductQuery(BaseModel):
    q: str | None = Field(None, max_length=200, description="Búsqueda (tolerante a tildes, plurales y errores).")
    categoria: str | None = Field(None, description="Solo esta categoría.")
    pagina: int | None = Field(None, ge=1, description="Página, desde 1.")
    por_pagina: int | None = Field(None, ge=1, le=200, description="Productos por página (máximo 200).")


class ProductInput(BaseModel):
    """Un producto nuevo (`sku`, `nombre` y `precio` obligatorios)."""

    sku: str = Field(max_length=64)
    nombre: str = Field(max_length=200)
    precio: Number | str = Field(description="Número, o texto como se escribe en Colombia: `65000`, `65.000`, "
                                             "`65.000,50`.")
    descripcion: str | None = Field(None, max_length=5000)
    categoria: str | None = Field(None, max_length=100)
    stock: int | None = Field(None, ge=0)
    disponible: bool | str | None = Field(None, description="true/false, 1/0 o si/no.")
    imagen_url: str | None = Field(None, max_length=500)
    sinonimos: list[str] | str | None = Field(None, description="Lista, o texto separado por `|`.")


class ProductChanges(BaseModel):
    """Los campos a cambiar (los demás quedan igual)."""

    sku: str | None = Field(None, max_length=64)
    nombre: str | None = Field(None, max_length=200)
    precio: Number | str | None = None
    descripcion: str | None = Field(None, max_length=5000)
    categoria: str | None = Field(None, max_length=100)
    stock: int | None = Field(None, ge=0)
    disponible: bool | str | None = None
    imagen_url: str | None = Field(None, max_length=500)
    sinonimos: list[str] | str | None = None


# --- customers ----------------------------------------------------------------------------

class Customer(Shape):
    """Un cliente (la cédula lo identifica)."""

    id: int
    nombre: str
    cedula: str
    telefono: str
    email: str
    direccion: str
    barrio: str
    ciudad: str
    indicaciones_entrega: str


class CustomerList(Shape):
    clientes: list[Customer]
    total: int


class CustomerQuery(BaseModel):
    q: str | None = Field(None, description="Nombre o cédula.")
    pagina: int | None = Field(None, ge=1)
    por_pagina: int | None = Field(None, ge=1, le=200)


class CustomerInput(BaseModel):
    """Datos de contacto y entrega; la validación nombra cada campo que no sirve (422)."""

    nombre: str
    cedula: str = Field(description="Cédula colombiana, solo dígitos (6 a 10).")
    telefono: str = Field(description="Celular colombiano de 10 dígitos.")
    email: str
    direccion: str
    barrio: str | None = None
    ciudad: str | None = Field(None, description="Municipio (DIVIPOLA), p. ej. «Cali».")
    departamento: str | None = None
    indicaciones_entrega: str | None = None


class CustomerStats(Shape):
    compras: int
    total_comprado: Number
    ultima_compra: str | None = Field(description="ISO-8601, o null si nunca compró.")


# --- sales and orders ---------------------------------------------------------------------

class OrderLine(Shape):
    producto_id: int
    sku: str
    nombre: str
    cantidad: int
    precio_unitario: Number
    subtotal: Number


class SaleCustomer(Shape):
    """Los datos de contacto y entrega dados para esa venta (una copia: ventas posteriores no la cambian)."""

    id: int | None
    nombre: str
    cedula: str
    telefono: str
    email: str
    direccion: str
    barrio: str
    ciudad: str
    departamento: str
    indicaciones_entrega: str


class Sale(Shape):
    """Una venta (pedido hecho)."""

    id: int
    cliente: SaleCustomer | None
    lineas: list[OrderLine]
    total: Number = Field(description="Total de los productos.")
    envio: Number | None = Field(description="Costo del envío, o null si aún no se conoce.")
    total_con_envio: Number | None
    metodo_pago: str | None = Field(description="Código del medio de pago (`contraentrega`, `nequi`…).")
    estado_pago: str = Field(description="`pendiente` o `pagado`.")
    estado: str = Field(description="`pendiente`, `confirmada`, `entregada` o `cancelada`.")
    fecha: str | None = Field(description="ISO-8601.")
    chat_id: str | None
    canal: str = Field(description="`chat` o `web`.")
    codigo: str = Field(description="Código de la página del pedido (`/pedido/<codigo>`).")


class CustomerDetail(Customer):
    """El cliente con su historial de compras y estadísticas."""

    ventas: list[Sale]
    estadisticas: CustomerStats


class SaleList(Shape):
    ventas: list[Sale]
    total: int
    pagina: int
    por_pagina: int


class SaleQuery(BaseModel):
    pagina: int | None = Field(None, ge=1)
    por_pagina: int | None = Field(None, ge=1, le=200)
    chat_id: str | None = Field(None, description="Solo las ventas de esta conversación.")


class SaleLineInput(BaseModel):
    sku: str
    cantidad: int = Field(ge=1)


class SaleInput(BaseModel):
    """Una venta hecha por la API: el stock se descuenta en la misma transacción (todo o nada)."""

    cliente: CustomerInput
    lineas: list[SaleLineInput] = Field(min_length=1)
    metodo_pago: str | None = Field(None, description="Código del medio de pago; sin él, el de la tienda por defecto.")


class OpenOrder(Shape):
    """Un carrito con productos que aún no es pedido."""

    id: int
    chat_id: str | None
    canal: str
    estado: str
    actualizado: str | None
    lineas: list[OrderLine]
    total: Number
    envio: Number | None
    total_con_envio: Number | None


class OpenOrderList(Shape):
    pedidos: list[OpenOrder]


# --- exports, files, audit, health --------------------------------------------------------

class ExportQuery(BaseModel):
    formato: Literal["csv", "xlsx"] | None = Field(None, description="`csv` (por defecto) o `xlsx`.")


class Export(Shape):
    archivo: str
    url: str = Field(description="Enlace firmado de descarga (vence).")
    expira: str = Field(description="ISO-8601.")
    bytes: int


class FileQuery(BaseModel):
    token: str | None = Field(None, description="La firma del enlace de la exportación.")


class StorageInfo(Shape):
    backend: str = Field(description="`local` o `s3`.")
    archivos: int
    bytes: int
    carpeta: str | None = None
    bucket: str | None = None


class AuditEvent(Shape):
    fecha: str
    usuario: str | None
    accion: str
    recurso: str | None
    detalle: str | None


class AuditLog(Shape):
    eventos: list[AuditEvent]
    total: int
    pagina: int


class PageQuery(BaseModel):
    pagina: int | None = Field(None, ge=1)
    por_pagina: int | None = Field(None, ge=1, le=200)


class Health(Shape):
    status: str = Field(description="`ok`, o `degradado` si la base de datos no responde (503).")
    db: str
    storage: str
    llm: str


class Ready(Shape):
    status: str = Field(description="`listo` (200) o `no_listo` (503).")
    db: str = Field(description="`ok` o `error`.")
    redis: str = Field(description="`ok`, `error` o `no_configurado`.")


class Info(Shape):
    nombre: str
    version: str
    base_de_datos: str
    almacenamiento: str
    proveedor_llm: str
    cors: bool
    limite_chat: str


# --- auth ---------------------------------------------------------------------------------

class LoginInput(BaseModel):
    email: str
    password: str
    nombre: str | None = Field(None, description="Nombre del token (para reconocerlo en /admin/tokens).")


class Token(Shape):
    token: str = Field(description="Úsalo como `Authorization: Bearer <token>`.")
    expira_en_dias: float


# --- chat ---------------------------------------------------------------------------------

class ChatInput(BaseModel):
    mensaje: str = Field(min_length=1, max_length=2000)
    chat_id: str | None = Field(None, description="El que dio el servidor; sin él empieza una conversación.")
    tono: Literal["amigable", "formal"] | None = None
    version_pedido: str | None = Field(None, max_length=40, description="La versión del pedido que mostró el "
                                                                       "botón «Confirmar pedido».")


class ChatUpload(BaseModel):
    chat_id: str | None = None
    mensaje: str | None = Field(None, max_length=500, description="Texto que acompaña el archivo.")
    tono: Literal["amigable", "formal"] | None = None


class ImageUpload(ChatUpload):
    imagen: bytes = Field(description="PNG, JPEG, GIF o WebP (máximo 5 MB).")


class AudioUpload(ChatUpload):
    audio: bytes = Field(description="OGG, MP3, WAV, WebM, M4A o FLAC (máximo 10 MB).")


class ChatOrder(Shape):
    lineas: list[OrderLine]
    total: Number
    envio: Number | None = None
    total_con_envio: Number | None = None


class ChatReply(Shape):
    """La respuesta del asistente y el estado del pedido de la conversación."""

    respuesta: str
    chat_id: str
    tipo_mensaje: str = Field(description="`inventario`, `venta`, `cliente`, `contexto` o `general`.")
    estado_venta: str | None = Field(description="null, `iniciada`, `pendiente`, `recolectando_datos`, "
                                                 "`listo_para_finalizar` o `cerrada`.")
    pedido: ChatOrder
    venta_id: int | None = Field(description="La venta hecha, cuando `estado_venta` es `cerrada`.")
    metadatos: dict = Field(description="Proveedor, herramientas usadas, tarjetas de productos, cambios, "
                                        "`version_pedido`, enlaces de cotización y pedido.")


class ChatMessage(Shape):
    rol: Literal["usuario", "agente"]
    texto: str
    fecha: str


class ChatHistory(Shape):
    chat_id: str
    mensajes: list[ChatMessage]


class ChatHealth(Shape):
    status: str
    proveedor: str


UPLOAD_RESPONSES = {200: ChatReply, 404: Error, 413: Error, 415: Error, 422: Error, 429: Error}
