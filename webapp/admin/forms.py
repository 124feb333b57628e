"""Back office forms. Field names are the catalogue's Spanish keys, so the
service's error dict maps straight onto the fields."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, StringField, TextAreaField


class ProductForm(FlaskForm):
    sku = StringField("SKU")
    nombre = StringField("Nombre")
    descripcion = TextAreaField("Descripción")
    precio = StringField("Precio (COP)")
    categoria = StringField("Categoría")
    stock = StringField("Stock (unidades)")
    stock_original = HiddenField()
    disponible = BooleanField("Disponible para la venta", default=True)
    imagen_url = StringField("URL de la imagen (opcional)")
    imagen = FileField("Subir imagen (JPEG, PNG o WebP, máximo 5 MB)")
    sinonimos = StringField("Sinónimos (separados por |)")

    FIELDS = ("sku", "nombre", "descripcion", "precio", "categoria", "stock", "disponible", "imagen_url", "sinonimos")
    UPLOAD_FIELDS = ("imagen",)

    @classmethod
    def for_product(cls, product):
        form = cls()
        if not form.is_submitted():
            form.sku.data, form.nombre.data, form.descripcion.data = product.sku, product.name, product.description
            form.precio.data = f"{product.price.normalize():f}"
            form.categoria.data, form.stock.data = product.category, str(product.stock)
            form.stock_original.data = str(product.stock)
            form.disponible.data, form.imagen_url.data = product.available, product.image_url
            form.sinonimos.data = product.synonyms
        return form

    def product_data(self) -> dict:
        """The values for catalog.create_product / update_product.

        On edit, stock is only sent when the staff member changed it, so saving
        a new name never overwrites units sold while the form was open."""
        data = {name: getattr(self, name).data or "" for name in self.FIELDS}
        data["disponible"] = bool(self.disponible.data)
        stock = data["stock"].strip()
        if not stock or (self.stock_original.data and stock == self.stock_original.data):
            data.pop("stock")
        return data

    def add_errors(self, errors: dict[str, str]) -> list[str]:
        """Attach errors to their fields; returns the ones without a field."""
        orphans = []
        for key, message in errors.items():
            field = getattr(self, key, None) if key in self.FIELDS + self.UPLOAD_FIELDS else None
            if field is None:
                orphans.append(message)
            else:
                field.errors = list(field.errors or []) + [message]
        return orphans


class CatalogUploadForm(FlaskForm):
    archivo = FileField("Archivo CSV del catálogo")
    contenido = HiddenField()
