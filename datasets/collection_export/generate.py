"""Generate a messy collection-management export for a fictional town museum.

    python datasets/collection_export/generate.py            # writes collection_export.csv here
    python datasets/collection_export/generate.py --out DIR  # writes it elsewhere

Every record is made from a seeded random model (see DATASHEET.md), so every run writes the same
bytes. The object names and materials are drawn from the project's own vocabulary
(`datasets/authority_vocabulary/concepts.csv`) and then written the way people type them.
Nothing here describes real objects or real people.

`make_export()` also returns, for every row, what its date text *means* (EDTF, earliest and latest
year, flag). The tests use it to check the lab's reference date parser; it is not written to the
dataset, so learners do not see it.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
VOCABULARY = HERE.parent / "authority_vocabulary" / "concepts.csv"
SEED = 20260404
N_OBJECTS = 1560
N_REPEATS = 48      # the same record exported twice (whitespace or case differs)
N_CONFLICTS = 14    # the same object number used for two different records
COLUMNS = ["object_number", "object_name", "title", "maker", "date", "dimensions", "materials",
           "place_made", "description", "rights", "image_file", "web_page"]
WEB = "https://collectie.lindenhove.example/object/"

# ---------------------------------------------------------------------------------------------
# Kinds of object: weight, object names (English preferred labels in the vocabulary), material
# sets, years, dimension style, how often a maker is known, title templates.
KINDS = [
    dict(w=14, names=["painting", "painting", "panel painting", "oil sketch"],
         materials=[["oil paint", "canvas"], ["oil paint", "canvas"], ["oil paint", "panel (support)"],
                    ["oil paint", "oak"], ["tempera", "panel (support)"], ["oil paint", "cardboard"]],
         years=(1620, 1960), dims="flat-large", maker=0.85, titles="art"),
    dict(w=8, names=["drawing", "sketch", "watercolour (work)", "design drawing"],
         materials=[["graphite", "paper"], ["ink", "paper"], ["chalk", "paper"],
                    ["watercolour", "paper"], ["charcoal", "paper"], ["red chalk", "paper"]],
         years=(1650, 1980), dims="flat-small", maker=0.75, titles="art"),
    dict(w=11, names=["print", "etching", "engraving", "lithograph", "woodcut", "poster"],
         materials=[["ink", "paper"], ["paper"], ["ink", "Japanese paper"]],
         years=(1600, 1990), dims="plate-sheet", maker=0.7, titles="art"),
    dict(w=12, names=["photograph", "postcard", "carte de visite", "glass plate negative"],
         materials=[["gelatin silver", "photographic paper"], ["albumen", "paper"],
                    ["gelatin silver", "glass"], ["cardboard", "albumen"], ["paper"]],
         years=(1855, 1985), dims="photo", maker=0.45, titles="photo"),
    dict(w=6, names=["chair", "cabinet", "chest", "table", "cradle", "mirror"],
         materials=[["oak"], ["walnut", "brass"], ["pine"], ["mahogany"], ["oak", "iron"],
                    ["beech", "rush"]],
         years=(1650, 1960), dims="object", maker=0.25, titles="thing"),
    dict(w=12, names=["jug", "plate", "bowl", "vase", "teapot", "tile", "jar", "cup"],
         materials=[["earthenware"], ["faience"], ["porcelain"], ["stoneware"],
                    ["earthenware", "lead"], ["porcelain", "gold leaf"]],
         years=(1600, 1970), dims="object", maker=0.3, titles="thing"),
    dict(w=6, names=["candlestick", "tankard", "spoon", "jug", "coffee pot", "tray"],
         materials=[["pewter"], ["brass"], ["silver"], ["copper"], ["silver-gilt"], ["tin"]],
         years=(1600, 1950), dims="object", maker=0.3, titles="thing"),
    dict(w=3, names=["wine glass", "bottle", "goblet", "drinking glass"],
         materials=[["glass"], ["crystal glass"], ["glass", "enamel"]],
         years=(1650, 1950), dims="object", maker=0.15, titles="thing"),
    dict(w=7, names=["dress", "hat", "sampler", "lace (object)", "apron", "shawl", "flag"],
         materials=[["silk"], ["linen"], ["cotton"], ["wool"], ["silk", "velvet"], ["lace"],
                    ["cotton", "linen"]],
         years=(1750, 1975), dims="flat-small", maker=0.15, titles="thing"),
    dict(w=5, names=["coin", "medal", "token"],
         materials=[["silver"], ["copper"], ["bronze"], ["gold"], ["nickel"]],
         years=(1550, 1990), dims="coin", maker=0.35, titles="coin"),
    dict(w=4, names=["doll", "toy marble", "spinning top", "board game", "rocking horse"],
         materials=[["porcelain", "cotton"], ["glass"], ["beech"], ["cardboard", "paper"],
                    ["pine", "horsehair"]],
         years=(1850, 1975), dims="object", maker=0.1, titles="thing"),
    dict(w=5, names=["letter", "map", "book", "certificate", "newspaper"],
         materials=[["paper", "ink"], ["paper"], ["paper", "leather"], ["parchment", "ink"]],
         years=(1580, 1990), dims="flat-small", maker=0.5, titles="document"),
    dict(w=4, names=["flat iron", "coffee grinder", "basket", "clog", "tobacco pipe", "foot warmer"],
         materials=[["cast iron"], ["wood", "iron"], ["willow"], ["poplar"], ["clay"], ["oak", "brass"]],
         years=(1700, 1960), dims="object", maker=0.05, titles="thing"),
    dict(w=4, names=["statuette", "bust", "relief", "crucifix", "sculpture"],
         materials=[["bronze"], ["marble"], ["plaster"], ["terracotta"], ["lime wood"], ["oak"]],
         years=(1450, 1970), dims="object-weight", maker=0.6, titles="art"),
    dict(w=2, names=["clock", "pocket watch", "barometer"],
         materials=[["oak", "brass"], ["silver"], ["mahogany", "glass", "brass"]],
         years=(1700, 1950), dims="object", maker=0.4, titles="thing"),
]
# terms typed into an export that are not in any vocabulary (they must not be matched silently)
OFF_VOCAB_NAMES = ["gebruiksvoorwerp", "varia", "object", "diversen", "kunstvoorwerp", "fragment",
                   "souvenir", "onderdeel"]
OFF_VOCAB_MATERIALS = ["onbekend", "diverse materialen", "mixed media", "gemengde techniek",
                       "metaal?", "kunststof (?)"]
# materials written in free text that the vocabulary knows under another word (alternative label)
EXTRA_MATERIALS = {"rush": ["rush", "bies"], "horsehair": ["paardenhaar", "horsehair"]}

PLACES = ["Lindenhove", "Lindenhove", "Lindenhove", "Gent", "Antwerpen", "Brussel", "Brugge",
          "Mechelen", "Kortrijk", "Delft", "Amsterdam", "Parijs", "Lille", "Keulen", "London"]
ART_SUBJECTS_NL = ["Gezicht op de Leie", "Gezicht op Lindenhove", "Portret van een vrouw",
                   "Portret van een man", "Stilleven met bloemen", "Stilleven met vis",
                   "Winterlandschap", "Boerenbruiloft", "De molen", "Marktplein", "Zelfportret",
                   "Kerkinterieur", "Zeegezicht", "Het Begijnhof", "Bloemenveld", "Zonder titel"]
ART_SUBJECTS_EN = ["View of the river Leie", "Portrait of a woman", "Portrait of a man",
                   "Still life with flowers", "Winter landscape", "The mill", "Market square",
                   "Self-portrait", "Church interior", "Seascape", "Untitled"]
PHOTO_SUBJECTS = ["Groepsportret", "De Grote Markt", "Kermis", "Fanfare", "Schoolklas",
                  "Portret van een kind", "Overstroming", "Fabriek", "Bezoek van de burgemeester",
                  "Street view", "Family portrait", "Town hall"]
DOCUMENT_SUBJECTS = ["Brief aan het stadsbestuur", "Kaart van Lindenhove", "Getuigschrift",
                     "Gebedenboek", "Map of Flanders", "Letter to a friend", "Krant"]
COIN_SUBJECTS = ["Oord", "Stuiver", "Gedenkpenning stadhuis", "Jeton", "Medal for the exhibition"]
DESCRIPTIONS = [
    "Gevonden op zolder van het oude stadhuis.", "Schenking van een inwoner van Lindenhove.",
    "Gebruikt in het gezin tot ongeveer 1950.", "Restauratie in 1998; oude vernislaag verwijderd.",
    "Made for the local market.", "Part of a set; the other parts are lost.",
    "Met opschrift op de achterzijde.", "Inscribed on the back.", "Licht beschadigd.",
    "Bought at auction.", "Aangekocht met steun van de Vrienden van het museum.",
]

# Fictional makers: (given names, particle, surname)
PEOPLE = [
    ("Pieter", "", "Jansen"), ("Elisabeth", "", "De Smet"), ("Karel", "van den", "Broeck"),
    ("Marie-Louise", "", "Verhaeghe"), ("Jan Baptist", "", "Claes"), ("Anna", "", "Peeters"),
    ("Willem", "", "Diepraam"), ("Joanna", "", "Maes"), ("Frans", "van", "Assche"),
    ("Hendrik", "de", "Wilde"), ("Clara", "", "Vermeulen"), ("Louis-Abel", "", "Truyen"),
    ("Emile", "", "Dubois"), ("Sophie", "", "Lambrecht"), ("Gustaaf", "", "Van Hecke"),
    ("Maria", "", "Coppens"), ("Jacob", "van der", "Meer"), ("Albert", "", "Hermans"),
    ("Rosalie", "", "Desmet"), ("Théodore", "", "Mertens"), ("Victor", "", "Willems"),
    ("Leonie", "", "Dhondt"), ("Cornelis", "", "Bos"), ("Hélène", "", "Lefèvre"),
    ("Arthur", "", "Goossens"), ("Margaretha", "", "Wouters"), ("Octave", "", "Janssens"),
    ("Lucie", "", "Martens"), ("Edward", "", "Harrington"), ("Johanna", "", "Smits"),
]
FIRMS = ["Faiencerie Lindenhove", "Atelier Verstraete & Zonen", "Fotostudio Mertens",
         "Drukkerij De Leeuw", "Zilversmederij Coppens", "Glasblazerij Het Anker",
         "Tinnegieterij Wouters", "Speelgoedfabriek Bos & Co"]
QUALIFIERS = {  # English forms, Dutch forms
    "attributed to": ["attributed to", "Attributed to", "toegeschreven aan", "Toegeschreven aan"],
    "after": ["after", "naar"],
    "workshop of": ["workshop of", "atelier van", "Atelier van", "werkplaats van"],
    "circle of": ["circle of", "kring van"],
    "follower of": ["follower of", "navolger van"],
}
ANONYMOUS = ["anoniem", "Anoniem", "anonymous", "onbekend", "unknown", "Anonymous"]

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
MONTHS_NL = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
             "september", "oktober", "november", "december"]


def ordinal_en(n: int) -> str:
    return f"{n}{'th' if 11 <= n % 100 <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def ordinal_nl(n: int, rng: random.Random) -> str:
    return f"{n}{rng.choice(['de', 'e']) if n not in (1, 8) and n < 20 else rng.choice(['ste', 'e'])}"


def truth(edtf: str | None, earliest: int | None, latest: int | None, flag: str | None = None) -> dict:
    return {"edtf": edtf, "earliest": earliest, "latest": latest, "flag": flag}


def make_date(rng: random.Random, lo: int, hi: int, kind: dict) -> tuple[str, dict]:
    """A date as a registrar might have typed it, and what it means."""
    y = rng.randint(lo, hi)
    century = y // 100 + 1
    roll = rng.random()
    choose = rng.choice
    if roll < 0.24:
        return str(y), truth(str(y), y, y)
    if roll < 0.39:
        text = choose(["c. {y}", "c.{y}", "circa {y}", "ca. {y}", "ca {y}", "Ca. {y}",
                       "omstreeks {y}", "rond {y}", "ca.{y}"]).format(y=y)
        return text, truth(f"{y}~", y, y)
    if roll < 0.43:
        text = choose(["?{y}", "possibly {y}", "vermoedelijk {y}", "Vermoedelijk {y}"]).format(y=y)
        return text, truth(f"{y}?", y, y)
    if roll < 0.44:
        return choose(["?c.{y}", "?c. {y}"]).format(y=y), truth(f"{y}%", y, y)
    if roll < 0.48:
        d = y // 10 * 10
        text = choose([f"{d}s", f"jaren {d}", f"{d}'s"])
        return text, truth(f"{d // 10}X", d, d + 9)
    if roll < 0.52:
        text = choose([f"{ordinal_en(century)} century", f"{ordinal_nl(century, rng)} eeuw",
                       f"{ordinal_nl(century, rng)} eeuw", f"{ordinal_en(century)} Century"])
        return text, truth(f"{century - 1}XX", (century - 1) * 100, (century - 1) * 100 + 99)
    if roll < 0.56:
        start = (century - 1) * 100
        part = choose(["early", "mid", "late"])
        span = {"early": (0, 40), "mid": (30, 70), "late": (60, 99)}[part]
        nl = {"early": choose(["begin", "begin", "vroeg"]), "mid": "midden",
              "late": choose(["eind", "laat", "einde"])}[part]
        en = {"early": "early", "mid": choose(["mid", "mid-"]), "late": "late"}[part]
        text = choose([f"{nl} {ordinal_nl(century, rng)} eeuw",
                       f"{en}{'' if en.endswith('-') else ' '}{ordinal_en(century)} century"])
        a, b = start + span[0], start + span[1]
        return text, truth(f"{a}/{b}", a, b)
    if roll < 0.57:
        start = (century - 1) * 100
        first = rng.random() < 0.5
        text = choose([f"{'eerste' if first else 'tweede'} helft {ordinal_nl(century, rng)} eeuw",
                       f"{'first' if first else 'second'} half of the {ordinal_en(century)} century",
                       f"{'eerste' if first else 'tweede'} helft van de {ordinal_nl(century, rng)} eeuw"])
        a, b = (start, start + 49) if first else (start + 50, start + 99)
        return text, truth(f"{a}/{b}", a, b)
    if roll < 0.65:
        z = y + rng.randint(1, 15)
        same_century = z // 100 == y // 100
        text = choose([f"{y}-{z}", f"{y}–{z}", f"{y} - {z}",
                       f"{y}-{z % 100:02d}" if same_century else f"{y}-{z}",
                       f"{y}–{z % 10}" if z // 10 == y // 10 else f"{y}–{z}"])
        return text, truth(f"{y}/{z}", y, z)
    if roll < 0.68:
        z = y + rng.randint(2, 20)
        text = choose([f"ca. {y}-{z}", f"c. {y}–{z}", f"circa {y}-{z}", f"ca. {y} - {z}"])
        return text, truth(f"{y}~/{z}~", y, z)
    if roll < 0.70:
        z = y + rng.randint(2, 30)
        text = choose([f"tussen {y} en {z}", f"between {y} and {z}"])
        return text, truth(f"{y}/{z}", y, z)
    if roll < 0.72:
        text = choose([f"after {y}", f"na {y}", f"Na {y}"])
        return text, truth(f"{y}/..", y, None)
    if roll < 0.74:
        text = choose([f"before {y}", f"voor {y}", f"vóór {y}"])
        return text, truth(f"../{y}", None, y)
    if roll < 0.75:
        text = choose([f"{y} or {y + 1}", f"{y} of {y + 1}"])
        return text, truth(f"[{y},{y + 1}]", y, y + 1)
    if roll < 0.77:
        z = y + rng.randint(3, 40)
        text = choose([f"{y} (circa) - {z} (vermoedelijk)", f";{y} (circa) - {z}(vermoedelijk)"])
        return text, truth(f"{y}~/{z}?", y, z)
    if roll < 0.78:
        z = y + rng.randint(5, 60)
        verb = choose(["cast", "gegoten", "printed", "afgedrukt", "published"])
        return f"{y}, {verb} {z}", truth(str(y), y, y)
    if roll < 0.84:
        if kind["titles"] not in ("photo", "document", "art"):
            return str(y), truth(str(y), y, y)
        month, day = rng.randint(1, 12), rng.randint(13, 28)
        form = rng.random()
        if form < 0.2:
            text = f"{month}/{day}/{y}"  # US order: month first
        elif form < 0.4:
            text = f"{day}-{month:02d}-{y}"  # Dutch order: day first
        elif form < 0.55:
            text = f"{day} {MONTHS_NL[month - 1]} {y}"
        elif form < 0.7:
            text = f"{MONTHS_EN[month - 1]} {day}, {y}"
        elif form < 0.8:
            text = f"{day} {MONTHS_EN[month - 1]} {y}"
        else:
            text = choose([f"{MONTHS_NL[month - 1]} {y}", f"{MONTHS_EN[month - 1]} {y}"])
            return text, truth(f"{y}-{month:02d}", y, y)
        return text, truth(f"{y}-{month:02d}-{day:02d}", y, y)
    if roll < 0.85:
        a, b = rng.sample(range(1, 13), 2)
        return f"{a:02d}/{b:02d}/{y}", truth(str(y), y, y, "ambiguous")
    if roll < 0.93:
        return "", truth(None, None, None, "empty")
    if roll < 0.985:
        return choose(["onbekend", "z.j.", "date not known", "n.d.", "Onbekend", "no date"]), \
            truth(None, None, None, "empty")
    return choose(["zie dossier", "see file", "18??", "oud", "na de brand"]), \
        truth(None, None, None, "unparsed")


def inches(cm: float, rng: random.Random) -> tuple[str, float]:
    """cm as inches with a fraction (36 1/4), and the cm that those inches really are."""
    value = Fraction(round(cm / 2.54 * 8), 8)
    whole, frac = divmod(value, 1)
    text = str(int(whole)) + (f" {frac.numerator}/{frac.denominator}" if frac else "")
    return text, round(float(value) * 2.54, 1)


def fmt_cm(x: float, comma: bool) -> str:
    text = f"{x:.1f}".removesuffix(".0")
    return text.replace(".", ",") if comma else text


def make_dimensions(rng: random.Random, style: str) -> str:
    """A dimensions text in the style of the kind of object."""
    roll = rng.random()
    if roll < 0.08:
        return ""
    if roll < 0.1:
        return rng.choice(["45 x 30", "12 x 8", "afmetingen variabel", "variable dimensions"])
    comma = rng.random() < 0.5
    if style == "coin":
        return rng.choice(["", "", f"diam. {fmt_cm(rng.uniform(1.5, 5), True)} cm",
                           f"{fmt_cm(rng.uniform(1.5, 5), comma)} x {fmt_cm(rng.uniform(1.5, 5), comma)} cm"])
    if style in ("flat-large", "flat-small", "photo"):
        big = {"flat-large": (30, 180), "flat-small": (12, 70), "photo": (6, 40)}[style]
        h, w = round(rng.uniform(*big), 1), round(rng.uniform(*big), 1)
        form = rng.random()
        if form < 0.15:
            ih, _ = inches(h, rng)
            iw, _ = inches(w, rng)
            unit = rng.choice(['in.', '"', "in"])
            sep = "" if unit == '"' else " "
            return f"{ih} x {iw}{sep}{unit} ({inches(h, rng)[1]:g} x {inches(w, rng)[1]:g} cm)"
        if form < 0.3 and style == "flat-large":
            fh, fw, fd = h + rng.randint(8, 20), w + rng.randint(8, 20), rng.randint(4, 12)
            label = rng.choice(["lijst", "frame"])
            first = rng.choice(["", "doek: ", "support: "])
            return f"{first}{fmt_cm(h, comma)} x {fmt_cm(w, comma)} cm; {label}: {fmt_cm(fh, comma)} x {fmt_cm(fw, comma)} x {fd} cm"
        if form < 0.4:
            return f"{round(h * 10)} x {round(w * 10)} mm"
        return f"{fmt_cm(h, comma)} x {fmt_cm(w, comma)} cm"
    if style == "plate-sheet":
        h, w = round(rng.uniform(8, 45), 1), round(rng.uniform(8, 45), 1)
        sh, sw = round(h + rng.uniform(3, 15), 1), round(w + rng.uniform(3, 15), 1)
        form = rng.random()
        if form < 0.35:
            return f"plate: {round(h * 10)} x {round(w * 10)} mm; sheet: {round(sh * 10)} x {round(sw * 10)} mm"
        if form < 0.65:
            return f"plaat: {fmt_cm(h, True)} x {fmt_cm(w, True)} cm; blad: {fmt_cm(sh, True)} x {fmt_cm(sw, True)} cm"
        if form < 0.8:
            ih, ch = inches(h, rng)
            iw, cw = inches(w, rng)
            return f'plate: {ih} x {iw}" ({ch:g} x {cw:g}cm)'
        return f"{fmt_cm(sh, comma)} x {fmt_cm(sw, comma)} cm"
    # three-dimensional objects
    h, w, d = (round(rng.uniform(3, 120), 1) for _ in range(3))
    form = rng.random()
    if form < 0.3:
        text = f"object: {round(h * 10)} x {round(w * 10)} x {round(d * 10)} mm"
        if style == "object-weight" or rng.random() < 0.2:
            text += f", {rng.uniform(0.2, 60):.1f} kg"
        return text
    if form < 0.4:
        ih, ch = inches(h, rng)
        iw, cw = inches(w, rng)
        idd, cd = inches(d, rng)
        return f"{ih} x {iw} x {idd} in. ({ch:g} x {cw:g} x {cd:g} cm)"
    if form < 0.55:
        return f"{fmt_cm(h, comma)} cm"
    return f"{fmt_cm(h, comma)} x {fmt_cm(w, comma)} x {fmt_cm(d, comma)} cm"


def load_vocabulary() -> dict[str, dict]:
    with VOCABULARY.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {r["pref_label_en"]: r for r in rows}


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randint(1, len(word) - 2)
    return word[:i] + word[i + 1:] if rng.random() < 0.5 else word[:i] + word[i] + word[i:]


def messy_case(text: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        return text.lower()
    if roll < 0.7:
        return text[:1].upper() + text[1:]
    if roll < 0.8:
        return text.upper()
    return text


def render_term(concept: dict | None, fallback: list[str], rng: random.Random) -> str:
    """How a person types a vocabulary term: language, plural or synonym, case, typos, spaces."""
    if concept is None:
        word = rng.choice(fallback)
    else:
        alts = [a for a in concept["alt_labels"].split("|") if a]
        roll = rng.random()
        if roll < 0.5:
            word = concept["pref_label_nl"]
        elif roll < 0.8:
            word = concept["pref_label_en"]
        else:
            word = rng.choice(alts) if alts else concept["pref_label_nl"]
    word = messy_case(word, rng)
    if rng.random() < 0.05:
        word = typo(word, rng)
    if rng.random() < 0.04:
        word = rng.choice([f" {word}", f"{word} ", f"{word}  "])
    return word


def join_values(values: list[str], rng: random.Random) -> str:
    sep = rng.choice(["$", "$", "|", " | ", "|"])
    return sep.join(values)


def make_object_name(vocab: dict, name: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.03:
        return ""
    if roll < 0.07:
        return messy_case(rng.choice(OFF_VOCAB_NAMES), rng)
    concept = vocab[name if name != "toy marble" else "marble (toy)"]
    first = render_term(concept, [], rng)
    if roll < 0.17:  # the same thing twice, e.g. in both languages
        return join_values([first, render_term(concept, [], rng)], rng)
    return first


def make_materials(vocab: dict, materials: list[str], rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.05:
        return ""
    values = []
    for m in materials:
        if m in EXTRA_MATERIALS:
            values.append(messy_case(rng.choice(EXTRA_MATERIALS[m]), rng))
        else:
            values.append(render_term(vocab[m], [], rng))
    if roll < 0.09:
        values.append(messy_case(rng.choice(OFF_VOCAB_MATERIALS), rng))
    if roll > 0.95:
        values.append(values[0].upper())  # the same material twice
    return join_values(values, rng)


def person_name(person: tuple[str, str, str], rng: random.Random) -> str:
    given, particle, surname = person
    if rng.random() < 0.06 and "-" in given:
        given = given.replace("-", " ")
    if rng.random() < 0.04:
        surname = typo(surname, rng)
    roll = rng.random()
    if roll < 0.55:  # inverted, Dutch style: particle after the given name
        text = f"{surname}, {given}" + (f" {particle}" if particle else "")
    elif roll < 0.7 and particle:  # inverted, Flemish style: particle stays with the surname
        text = f"{particle[0].upper()}{particle[1:]} {surname}, {given}"
    else:
        text = " ".join(p for p in (given, particle, surname) if p)
    if rng.random() < 0.04:
        text = text.upper()
    if rng.random() < 0.05:
        text = text.replace(" ", "  ", 1)
    return text


def make_maker(kind: dict, rng: random.Random) -> str:
    if rng.random() > kind["maker"]:
        roll = rng.random()
        if roll < 0.5:
            return ""
        if roll < 0.85:
            return rng.choice(ANONYMOUS)
        return rng.choice(FIRMS)
    person = rng.choice(PEOPLE)
    name = person_name(person, rng)
    roll = rng.random()
    if roll < 0.16:
        qualifier = rng.choice(list(QUALIFIERS))
        name = f"{rng.choice(QUALIFIERS[qualifier])} {name}"
    if roll > 0.97:  # the same maker twice, as exports of repeatable fields do
        return f"{name}${name}"
    if roll > 0.93:
        return join_values([name, person_name(rng.choice(PEOPLE), rng)], rng)
    return name


def make_rights(year: int, rng: random.Random) -> str:
    old = year < 1880
    roll = rng.random()
    if roll < 0.1:
        return ""
    if old and roll < 0.7:
        return rng.choice(["Publiek domein", "public domain", "Public Domain Mark", "PDM",
                           "publiek domein", "https://creativecommons.org/publicdomain/mark/1.0/",
                           "http://creativecommons.org/publicdomain/mark/1.0/",
                           "Public domain", "vrij van rechten"])
    if roll < 0.82:
        return rng.choice(["CC BY 4.0", "CC BY-SA 4.0", "cc0", "CC0 1.0",
                           "https://creativecommons.org/licenses/by/4.0/deed.nl",
                           "http://creativecommons.org/licenses/by-sa/4.0/",
                           "creativecommons.org/licenses/by/4.0", "CC-BY",
                           "http://creativecommons.org/publicdomain/zero/1.0/",
                           "https://creativecommons.org/licenses/by-nc/4.0/"])
    if roll < 0.92:
        return rng.choice(["In copyright", "auteursrechtelijk beschermd", "In Copyright",
                           "http://rightsstatements.org/vocab/InC/1.0/",
                           "https://rightsstatements.org/page/InC-EDU/1.0/?language=nl",
                           "Copyright not evaluated", "rechtenstatus niet onderzocht",
                           "http://rightsstatements.org/vocab/CNE/1.0/"])
    surname = rng.choice(PEOPLE)[2]
    return rng.choice([f"© erven {surname}", f"© {surname} {rng.randint(1990, 2020)}",
                       "alle rechten voorbehouden", "All rights reserved", "zie contract",
                       "rechten onbekend", "©"])


def make_title(kind: dict, name: str, rng: random.Random) -> str:
    if rng.random() < 0.08:
        return ""
    style = kind["titles"]
    if style == "art":
        return rng.choice(ART_SUBJECTS_NL + ART_SUBJECTS_EN)
    if style == "photo":
        return rng.choice(PHOTO_SUBJECTS)
    if style == "document":
        return rng.choice(DOCUMENT_SUBJECTS)
    if style == "coin":
        return rng.choice(COIN_SUBJECTS)
    return name if rng.random() < 0.5 else name.capitalize()


def make_image_file(number: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        return ""
    if roll < 0.55:
        return f"IMG_{rng.randint(1, 9999):04d}.JPG"
    if roll < 0.7:
        return f"DSC{rng.randint(1, 99999):05d}.jpg"
    if roll < 0.85:
        return f"scan {number} {rng.choice(['voorkant', 'achterkant', 'detail'])}.tif"
    return f"{number} ({rng.randint(1, 4)}).jpg"


def make_export(seed: int = SEED) -> tuple[list[dict], list[dict]]:
    """The export's rows and, for each row, the meaning of its date text."""
    rng = random.Random(seed)
    vocab = load_vocabulary()
    weights = [k["w"] for k in KINDS]
    numbers: set[str] = set()
    rows: list[dict] = []
    dates: list[dict] = []
    while len(rows) < N_OBJECTS:
        kind = rng.choices(KINDS, weights)[0]
        number = f"{rng.randint(1890, 2024)}.{rng.randint(1, 180):03d}"
        if rng.random() < 0.03:
            number += rng.choice(["a-b", "A-C", ".1", ".2", "a"])
        if number in numbers:
            continue
        numbers.add(number)
        name = rng.choice(kind["names"])
        materials = rng.choice(kind["materials"])
        date_text, date_truth = make_date(rng, *kind["years"], kind)
        year = date_truth["earliest"] or date_truth["latest"] or rng.randint(*kind["years"])
        maker = make_maker(kind, rng)
        row = {
            "object_number": number,
            "object_name": make_object_name(vocab, name, rng),
            "title": make_title(kind, vocab[name.replace("toy marble", "marble (toy)")]["pref_label_nl"]
                                if rng.random() < 0.7 else name.replace("toy marble", "marble"), rng),
            "maker": maker,
            "date": date_text,
            "dimensions": make_dimensions(rng, kind["dims"]),
            "materials": make_materials(vocab, materials, rng),
            "place_made": rng.choice(PLACES) if rng.random() < 0.45 else "",
            "description": rng.choice(DESCRIPTIONS) if rng.random() < 0.35 else "",
            "rights": make_rights(year, rng),
            "image_file": make_image_file(number, rng),
            "web_page": WEB + number if rng.random() < 0.62 else "",
        }
        rows.append(row)
        dates.append(date_truth)
    # duplicates: exact repeats (with harmless differences) and conflicting records
    for _ in range(N_REPEATS):
        i = rng.randrange(N_OBJECTS)
        copy = dict(rows[i])
        change = rng.choice(["number-space", "number-case", "field-space", "none"])
        if change == "number-space":
            copy["object_number"] = rng.choice([f" {copy['object_number']}", f"{copy['object_number']} "])
        elif change == "number-case":
            copy["object_number"] = copy["object_number"].upper()
            copy["maker"] = copy["maker"].upper()
        elif change == "field-space":
            copy["title"] = f"{copy['title']} " if copy["title"] else " "
        j = rng.randint(i + 1, len(rows))
        rows.insert(j, copy)
        dates.insert(j, dict(dates[i]))
    for _ in range(N_CONFLICTS):
        i = rng.randrange(N_OBJECTS)
        kind = rng.choices(KINDS, weights)[0]
        other = dict(rows[i])
        other["title"] = rng.choice(ART_SUBJECTS_NL + PHOTO_SUBJECTS)
        other["object_name"] = render_term(vocab[rng.choice(kind["names"]).replace("toy marble", "marble (toy)")], [], rng)
        other["date"], date_truth = make_date(rng, *kind["years"], kind)
        j = rng.randint(0, len(rows))
        rows.insert(j, other)
        dates.insert(j, date_truth)
    for row, date in zip(rows, dates, strict=True):
        date["text"] = row["date"]
    return rows, dates


def write(out: Path) -> Path:
    rows, _ = make_export()
    out.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    target = out / "collection_export.csv"
    target.write_text(buffer.getvalue(), encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write the CSV to")
    args = parser.parse_args()
    print("wrote", write(args.out))


if __name__ == "__main__":
    main()
