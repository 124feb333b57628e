"""Products: list and search, create, edit, toggle available, adjust stock, CSV upload."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from .. import htmx
from ..extensions import db
from ..services import audit, backoffice, catalog, images
from ..services.catalog import ProductError
from ..services.storage import StorageError
from ..web import safe_next
from . import bp
from .common import actor, paging, render_region
from .forms import CatalogUploadForm, ProductForm

MAX_UPLOAD = 5 * 1024 * 1024


def _product_or_404(product_id: int):
    product = catalog.get_product(product_id)
    if product is None:
        abort(404)
    return product


@bp.get("/productos")
def products():
    q = request.args.get("q", "").strip()[:200]
    category = request.args.get("categoria", "").strip()[:100]
    page_number, per_page = paging()
    page = catalog.list_products(q=q or None, category=category or None, page=page_number, per_page=per_page,
                                 only_available=False)
    return render_region("admin/products.html", "admin/_product_table.html", "product-table",
                         page=page, q=q, category=category, categories=catalog.categories(only_available=False))


def _with_uploaded_image(form: ProductForm, data: dict) -> dict:
    """The form's values, with `imagen_url` pointing at the uploaded picture when one was sent."""
    upload = form.imagen.data
    if upload is not None and getattr(upload, "filename", ""):
        try:
            data["imagen_url"] = images.store_product_image(upload.read(images.MAX_BYTES + 1))
        except images.ImageError as exc:
            raise ProductError({"imagen": str(exc)}) from None
        except StorageError:
            raise ProductError({"imagen": "No se pudo guardar la imagen; inténtalo de nuevo."}) from None
    return data


@bp.route("/productos/nuevo", methods=["GET", "POST"])
def product_new():
    form = ProductForm()
    errors = []
    if form.validate_on_submit():
        try:
            product = catalog.create_product(_with_uploaded_image(form, form.product_data()))
        except ProductError as exc:
            errors = form.add_errors(exc.errors)
        else:
            audit.record("producto_creado", f"producto:{product.id}", product.sku, user=actor())
            db.session.commit()
            flash(f"Producto {product.name} creado.", "success")
            return redirect(url_for("admin.products", q=product.sku))
    return render_template("admin/product_form.html", form=form, product=None, errors=errors)


@bp.route("/productos/<int:product_id>", methods=["GET", "POST"])
def product_edit(product_id: int):
    product = _product_or_404(product_id)
    form = ProductForm.for_product(product)
    errors = []
    if form.validate_on_submit():
        try:
            catalog.update_product(product, _with_uploaded_image(form, form.product_data()))
        except ProductError as exc:
            errors = form.add_errors(exc.errors)
        else:
            audit.record("producto_editado", f"producto:{product.id}", product.sku, user=actor())
            db.session.commit()
            flash(f"Cambios guardados en {product.name}.", "success")
            return redirect(url_for("admin.product_edit", product_id=product.id))
    return render_template("admin/product_form.html", form=form, product=product, errors=errors)


def _row_response(product, error: str | None = None, message: str | None = None):
    if htmx.is_htmx():
        return render_template("admin/_product_row.html", product=product, row_error=error, row_message=message)
    flash(error or message, "error" if error else "success")
    return redirect(safe_next(request.form.get("next"), url_for("admin.products")))


@bp.post("/productos/<int:product_id>/disponible")
def product_toggle(product_id: int):
    product = _product_or_404(product_id)
    catalog.update_product(product, {"disponible": not product.available})
    state = "disponible" if product.available else "no disponible"
    audit.record("producto_disponibilidad", f"producto:{product.id}", f"{product.sku}: {state}", user=actor())
    db.session.commit()
    return _row_response(product, message=f"{product.name}: {state}.")


@bp.post("/productos/<int:product_id>/stock")
def product_stock(product_id: int):
    product = _product_or_404(product_id)
    raw = (request.form.get("ajuste") or "").strip().replace("+", "", 1)
    try:
        delta = int(raw)
        before = product.stock
        backoffice.adjust_stock(product, delta)
    except ValueError as exc:  # int() or ProductError
        message = "; ".join(exc.errors.values()) if isinstance(exc, ProductError) else \
            "Escribe un número entero, por ejemplo 5 o -3."
        return _row_response(product, error=message)
    audit.record("stock_ajustado", f"producto:{product.id}", f"{product.sku}: {before} → {product.stock} ({delta:+d})",
                 user=actor())
    db.session.commit()
    return _row_response(product, message=f"Stock de {product.name}: {product.stock}.")


@bp.route("/productos/importar", methods=["GET", "POST"])
def products_upload():
    form = CatalogUploadForm()
    preview, content, error = None, "", None
    if form.validate_on_submit():
        content, error = _uploaded_text(form)
        if content and not error:
            if request.form.get("accion") == "aplicar":
                keep = () if request.form.get("vacios") == "borrar" else catalog.ERASABLE
                result = catalog.import_catalog(content, keep_blank=keep)
                if result.ok:
                    audit.record("catalogo_importado", "catalogo",
                                 f"creados {result.created}, actualizados {result.updated}", user=actor())
                    db.session.commit()
                    flash(f"Catálogo importado: {result.created} nuevos, {result.updated} actualizados.", "success")
                    return redirect(url_for("admin.products"))
            preview = backoffice.preview_catalog(content)
    return render_template("admin/catalog_upload.html", form=form, preview=preview, content=content, error=error)


def _uploaded_text(form: CatalogUploadForm) -> tuple[str, str | None]:
    """The CSV text from the file field (preview) or the hidden field (apply)."""
    upload = form.archivo.data
    if upload and getattr(upload, "filename", ""):
        raw = upload.read(MAX_UPLOAD + 1)
        if len(raw) > MAX_UPLOAD:
            return "", "El archivo supera 5 MB."
    else:
        raw = (form.contenido.data or "").encode("utf-8")
    if not raw.strip():
        return "", "Elige un archivo CSV."
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return "", "El archivo debe estar en UTF-8 (en Excel: «CSV UTF-8»)."
