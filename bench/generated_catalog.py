"""A generated catalogue of realistic, varied Spanish product names (seeded, reproducible).

Shared by the bench scripts: `generate_catalog(n, random.Random(SEED + n))` returns the
catalogue CSV text (the import format) with `n` products across six categories.
"""
from __future__ import annotations

import csv
import io
import random

SEED = 20261101

BRANDS = ["3M", "Steelpro", "ArSeg", "Vicsa", "MSA", "Truper", "Stanley", "Bellota", "Pretul", "Sylvania",
          "Philips", "Kimberly", "Dräger", "Honeywell", "Ansell", "Libus", "Segurimax", "Protex", "Andina",
          "Colsafe", "Industrias Pardo", "Extinvalle", "Badger", "Amerex", "Kidde"]
COLOURS = ["amarillo", "blanco", "rojo", "azul", "verde", "naranja", "negro", "gris", "café", "fucsia"]
SIZES = ["talla S", "talla M", "talla L", "talla XL", "talla XXL"]
BOOT_SIZES = [f"talla {n}" for n in range(35, 46)]

FAMILIES = {
    "EPP": [
        ("Guantes", ["de nitrilo", "de vaqueta", "de látex", "dieléctricos clase 0", "anticorte nivel 5",
                     "de carnaza", "de caucho calibre 35", "de poliuretano"], SIZES, True),
        ("Casco de seguridad", ["tipo I", "tipo II", "con ratchet", "dieléctrico", "con barbuquejo"], [], True),
        ("Botas de seguridad", ["puntera de acero", "dieléctricas", "de caucho", "caña alta", "antideslizantes"],
         BOOT_SIZES, True),
        ("Gafas de seguridad", ["lente claro", "lente oscuro", "antiempañantes", "espejadas", "panorámicas"], [], False),
        ("Overol", ["en drill", "antifluido", "ignífugo", "de dotación", "desechable"], SIZES, True),
        ("Chaleco reflectivo", ["en malla", "tipo brigadista", "con bolsillos", "clase 2"], SIZES, True),
        ("Tapabocas", ["N95", "quirúrgico", "KN95", "de tela antifluido"], [], True),
        ("Respirador", ["media cara", "cara completa", "con filtros 6003", "con cartuchos"], [], False),
        ("Arnés", ["de cuerpo completo", "multipropósito", "dieléctrico", "con eslinga"], [], True),
        ("Protector auditivo", ["tipo copa", "tipo inserción", "de diadema"], [], True),
    ],
    "Extintores": [
        ("Extintor", ["PQS multipropósito", "CO2", "agua a presión", "Solkaflam", "tipo K", "espuma AFFF"],
         ["5 libras", "10 libras", "15 libras", "20 libras", "30 libras", "50 libras", "2.5 galones"], True),
        ("Gabinete para extintor", ["metálico", "con vidrio", "de sobreponer", "de empotrar"], [], True),
        ("Soporte para extintor", ["de pared", "vehicular", "de piso"], [], False),
        ("Recarga de extintor", ["PQS", "CO2", "Solkaflam"], ["10 libras", "20 libras", "30 libras"], False),
    ],
    "Señalización": [
        ("Señal", ["salida de emergencia", "ruta de evacuación", "riesgo eléctrico", "punto de encuentro",
                   "extintor", "uso obligatorio de casco", "prohibido fumar", "botiquín", "camilla",
                   "piso húmedo"], ["20x30 cm", "30x40 cm", "40x60 cm"], True),
        ("Cinta de peligro", ["amarilla", "roja y blanca", "antideslizante", "reflectiva"], ["100 m", "500 m"], False),
        ("Cono vial", ["reflectivo", "con base de caucho", "flexible"], ["45 cm", "70 cm", "90 cm"], True),
        ("Barricada plástica", ["naranja", "amarilla", "extensible"], [], True),
    ],
    "Ferretería": [
        ("Taladro percutor", ["inalámbrico", "eléctrico 600 W", "eléctrico 850 W", "de banco"], [], True),
        ("Martillo", ["de uña", "de bola", "de goma", "demoledor"], ["16 oz", "20 oz", "24 oz"], True),
        ("Destornillador", ["de pala", "de estrella", "de precisión", "aislado"], ["1/4", "3/16", "5/16"], False),
        ("Llave", ["inglesa", "de tubo", "mixta", "Allen"], ['8"', '10"', '12"', '14"'], False),
        ("Cinta métrica", ["de acero", "de fibra de vidrio"], ["3 m", "5 m", "8 m", "30 m"], True),
        ("Pintura", ["tipo 1 vinilo", "esmalte", "anticorrosiva", "de tráfico"], ["galón", "cuñete", "cuarto"], True),
        ("Cable eléctrico", ["THHN", "encauchetado", "dúplex"], ["calibre 12", "calibre 14", "calibre 10"], True),
        ("Tornillos", ["drywall", "autoperforantes", "para madera"], ["caja x 100", "caja x 500"], False),
    ],
    "Aseo": [
        ("Jabón", ["líquido antibacterial", "en barra", "industrial desengrasante"], ["galón", "500 ml", "1 litro"], False),
        ("Detergente", ["en polvo", "líquido", "industrial"], ["1 kg", "5 kg", "galón"], False),
        ("Escoba", ["de cerdas suaves", "industrial", "para exteriores"], [], True),
        ("Trapero", ["de algodón", "de microfibra", "industrial"], [], True),
        ("Bolsas de basura", ["negras", "verdes", "blancas", "rojas"], ["calibre 1.2", "calibre 1.5"], False),
    ],
    "Iluminación": [
        ("Linterna", ["recargable", "de cabeza", "táctica", "antiexplosiva"], [], True),
        ("Bombillo LED", ["luz fría", "luz cálida", "de emergencia"], ["9 W", "12 W", "18 W"], False),
        ("Lámpara de emergencia", ["de 2 focos", "LED autónoma", "con señal de salida"], [], False),
    ],
}
SYNONYMS = {"Extintor": "extinguidor|matafuego", "Tapabocas": "mascarilla|barbijo", "Overol": "braga|mameluco",
            "Guantes": "guante", "Linterna": "lampara de mano", "Cono vial": "cono de tránsito|pivote"}
ADJECTIVES = ["resistente", "liviano", "certificado", "de alta visibilidad", "ergonómico", "económico",
              "para uso industrial", "de larga duración", "importado", "nacional"]


def generate_catalog(n: int, rng: random.Random) -> str:
    """`n` products as the contract's CSV, with realistic, varied Spanish names."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["sku", "nombre", "descripcion", "precio", "categoria", "stock", "disponible",
                     "imagen_url", "sinonimos"])
    families = [(cat, fam) for cat, fams in FAMILIES.items() for fam in fams]
    for i in range(n):
        category, (noun, variants, sizes, coloured) = rng.choice(families)
        parts = [noun, rng.choice(variants)]
        if coloured and rng.random() < 0.6:
            parts.append(rng.choice(COLOURS))
        brand = rng.choice(BRANDS)
        parts.append(brand)
        if sizes:
            parts.append(rng.choice(sizes))
        name = " ".join(parts)
        description = (f"{noun} {rng.choice(variants)} marca {brand}, {rng.choice(ADJECTIVES)} y "
                       f"{rng.choice(ADJECTIVES)}. Ideal para {rng.choice(['bodegas', 'obras', 'oficinas', 'plantas', 'hogares', 'talleres'])}.")
        price = rng.choice([rng.randrange(1_000, 50_000, 100), rng.randrange(50_000, 900_000, 500)])
        stock = rng.choice([0] + [rng.randrange(1, 500)] * 9)
        available = "true" if rng.random() > 0.03 else "false"
        writer.writerow([f"GEN-{i:06d}", name, description, price, category, stock, available, "",
                         SYNONYMS.get(noun, "")])
    return out.getvalue()

