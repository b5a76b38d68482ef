"""Generate the website of a fictional small museum, in English and Dutch, with planted defects.

    python datasets/museum_website/generate.py                    # writes next to this script
    python datasets/museum_website/generate.py --out DIR --key DIR2

Writes, into ``--out`` (default: this folder):

- ``site/``: 40 HTML pages as the museum's CMS publishes them (``site/en/visit/index.html`` is
  ``https://www.stadsmuseum-lindenhove.example/en/visit/``);
- ``pages.csv``: one row per page (file, url, language, page type, whether the museum wants it
  in search results), like a CMS export of the site map;
- ``iso_codes.json``: ISO 639-1 language codes and ISO 3166-1 alpha-2 country codes, for
  checking hreflang values.

and into ``--key`` (default: ``../museum_website_defects``) the answer key
``planted_defects.json``: every defect planted on every page. The key is for the tests only;
learners never get it.

Every run writes the same bytes (a seeded random generator fills in the small details). The
museum, its people and its objects are made up.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import random
from pathlib import Path

SEED = 20260301
HERE = Path(__file__).resolve().parent
BASE = "https://www.stadsmuseum-lindenhove.example"
NAME = "Stadsmuseum Lindenhove"
SUFFIX = f" | {NAME}"
TITLE_MAX, DESCRIPTION_MIN, DESCRIPTION_MAX = 60, 120, 160

# ISO 639-1 (183 codes) and ISO 3166-1 alpha-2 (249 codes), checked against the CLDR data of Babel.
LANGUAGES = """aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv
cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy
hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln
lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl
ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl
tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu""".split()
REGIONS = """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC
EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI
LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE
NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC
SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW
TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW""".split()

NAV = {
    "en": [("/en/visit/", "Visit"), ("/en/collection/", "Collection"),
           ("/en/exhibitions/", "Exhibitions"), ("/en/events/", "Events"), ("/en/shop/", "Shop"),
           ("/en/news/", "News"), ("/en/about/", "About us")],
    "nl": [("/nl/bezoek/", "Bezoek"), ("/nl/collectie/", "Collectie"),
           ("/nl/tentoonstellingen/", "Tentoonstellingen"), ("/nl/agenda/", "Agenda"),
           ("/nl/winkel/", "Winkel"), ("/nl/nieuws/", "Nieuws"), ("/nl/over-ons/", "Over ons")],
}
ADDRESS = {"@type": "PostalAddress", "streetAddress": "Markt 12", "postalCode": "9999",
           "addressLocality": "Lindenhove", "addressCountry": "BE"}
PLACE = {"@type": "Place", "name": NAME, "address": ADDRESS}
OPENING_HOURS = ["Tu-Su 10:00-17:00"]


def museum(types="Museum", hours=True):
    data = {"@context": "https://schema.org", "@type": types, "name": NAME, "url": BASE + "/",
            "address": ADDRESS, "telephone": "+32 50 00 00 00"}
    if hours:
        data["openingHours"] = OPENING_HOURS
    return data


def exhibition_event(url, name, start, end, description, with_start=True, with_location=True):
    event = {"@type": "ExhibitionEvent", "name": name}
    if with_start:
        event["startDate"] = start
    event["endDate"] = end
    if with_location:
        event["location"] = PLACE
    event["description"] = description
    event["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
    return {"@context": "https://schema.org",
            "@graph": [{"@type": "WebPage", "@id": url, "url": url, "name": name}, event]}


def event(name, start, description, with_location=True, price=None):
    data = {"@context": "https://schema.org", "@type": "Event", "name": name, "startDate": start}
    if with_location:
        data["location"] = PLACE
    data["description"] = description
    if price is not None:
        data["offers"] = {"@type": "Offer", "price": price, "priceCurrency": "EUR",
                          "availability": "https://schema.org/InStock"}
    return data


def product(name, sku, image, price, currency=True, availability=True, offers_list=None):
    offer = {"@type": "Offer", "price": price}
    if currency:
        offer["priceCurrency"] = "EUR"
    if availability:
        offer["availability"] = "https://schema.org/InStock"
    return {"@context": "https://schema.org", "@type": "Product", "name": name, "sku": sku,
            "image": BASE + image, "brand": {"@type": "Brand", "name": NAME},
            "offers": offers_list if offers_list is not None else offer}


def artwork(name, number, date, material):
    return {"@context": "https://schema.org", "@type": "VisualArtwork", "name": name,
            "identifier": number, "dateCreated": date, "artMedium": material,
            "copyrightHolder": {"@type": "Organization", "name": NAME}}


def img(src, alt, size, cls=None):
    """An <img> element; alt=None leaves the alt attribute out (a planted defect)."""
    w, h = size
    parts = [f'<img src="{src}"']
    if alt is not None:
        parts.append(f'alt="{html.escape(alt)}"')
    if cls:
        parts.append(f'class="{cls}"')
    parts.append(f'width="{w}" height="{h}" loading="lazy">')
    return " ".join(parts)


def build_pages(rng: random.Random) -> list[dict]:
    """Every page of the site: its content, its flags (template defects) and its planted defects."""

    def size():
        return rng.choice([(1200, 800), (1200, 900), (900, 1200), (1200, 1200)])

    def number(year):
        return f"LH.{year}.{rng.randint(1, 240):03d}"

    pages: list[dict] = []

    def page(key, kind, lang, path, title, description, body, jsonld=None, flags=(),
             defects=(), in_search=True):
        pages.append({"key": key, "type": kind, "lang": lang, "path": path, "title": title,
                      "description": description, "body": body.strip("\n"), "jsonld": jsonld,
                      "flags": set(flags), "defects": [list(d) for d in defects],
                      "in_search": in_search})

    # ------------------------------------------------------------------ home
    page("home", "home", "en", "/en/",
         f"{NAME} | Town history and textiles",
         "Discover 800 years of town life, lace and weaving in Lindenhove. Open Tuesday to Sunday "
         "from 10:00 to 17:00 in the old cloth hall on the Market Square.",
         f"""
<h1>Welcome to {NAME}</h1>
<p class="lead">Eight centuries of Lindenhove, told through the things people made, wore and used.</p>
<h2>Now on show</h2>
<div class="teasers">
  <article class="teaser">
    <h3>Textile Futures</h3>
    {img("/media/2026/02/IMG_4471.jpg", None, size())}
    <p>Two hundred years of weaving, from the first Jacquard looms to smart fabrics.</p>
    <a class="more" href="/en/exhibitions/textile-futures/">Read more &raquo;</a>
  </article>
  <article class="teaser">
    <h3>River and Town</h3>
    {img("/media/2026/01/river-lys-barges-1910.jpg", "Barges loaded with flax on the river Lys in 1910", size())}
    <p>How the river shaped the town, its trade and its floods.</p>
    <a class="more" href="/en/exhibitions/river-and-town/">Discover River and Town</a>
  </article>
</div>
<h2>Plan your visit</h2>
<p>The museum is open Tuesday to Sunday. Entry is free for children under 12.
<a href="/en/visit/">Opening hours and tickets</a></p>
<h2>What's on</h2>
<ul>
  <li><a href="/en/events/museum-night/">Museum Night on 10 October</a></li>
  <li><a href="/en/events/weaving-workshop/">Weaving workshop for families</a></li>
</ul>
""",
         jsonld=museum(["Museum", "TouristAttraction"]),
         defects=[("image-alt-missing", "/media/2026/02/IMG_4471.jpg"),
                  ("link-text-vague", "read more")])
    page("home", "home", "nl", "/nl/",
         f"{NAME} | Stadsgeschiedenis en textiel",
         "Ontdek 800 jaar stadsleven, kant en weven in Lindenhove. Open van dinsdag tot zondag, "
         "van 10 tot 17 uur, in de oude lakenhal op de Markt.",
         f"""
<h1>Welkom in het {NAME}</h1>
<p class="lead">Acht eeuwen Lindenhove, verteld met wat mensen maakten, droegen en gebruikten.</p>
<h2>Nu te zien</h2>
<div class="teasers">
  <article class="teaser">
    <h3>Textiel Toekomst</h3>
    {img("/media/2026/02/jacquard-weefgetouw-detail.jpg", "Detail van een jacquardweefgetouw met ponskaarten", size())}
    <p>Tweehonderd jaar weven, van de eerste jacquardgetouwen tot slim textiel.</p>
    <a class="more" href="/nl/tentoonstellingen/textiel-toekomst/">Lees meer</a>
  </article>
  <article class="teaser">
    <h3>Rivier en Stad</h3>
    {img("/media/2026/01/river-lys-barges-1910.jpg", "Schepen met vlas op de Leie in 1910", size())}
    <p>Hoe de rivier de stad vormde: de handel, het werk en de overstromingen.</p>
    <a class="more" href="/nl/tentoonstellingen/rivier-en-stad/">Ontdek Rivier en Stad</a>
  </article>
</div>
<h2>Plan je bezoek</h2>
<p>Het museum is open van dinsdag tot zondag. Kinderen jonger dan 12 jaar mogen gratis binnen.
<a href="/nl/bezoek/">Openingsuren en tickets</a></p>
""",
         jsonld=museum(),
         defects=[("link-text-vague", "lees meer")])

    # ------------------------------------------------------------------ visit
    page("visit", "visit", "en", "/en/visit/",
         "Opening hours &amp; tickets" + SUFFIX,
         "Opening hours, ticket prices and directions for Stadsmuseum Lindenhove. Children under "
         "12 enter free, and the whole museum is step-free.",
         """
<h1>Plan your visit</h1>
<h2>Opening hours</h2>
<table class="hours">
  <tr><th scope="row">Tuesday to Sunday</th><td>10:00&ndash;17:00</td></tr>
  <tr><th scope="row">Monday</th><td>Closed</td></tr>
</table>
<h4>Public holidays</h4>
<p>We are closed on 1 January and 25 December. On other public holidays we are open.</p>
<h2>Tickets</h2>
<ul>
  <li>Adults: &euro;10</li>
  <li>Students and over-65s: &euro;7</li>
  <li>Children under 12: free</li>
</ul>
<p><a href="/en/tickets/">Buy tickets online</a> and skip the queue.</p>
<h2>Getting here</h2>
<p>The museum is on the Market Square, five minutes on foot from the station.
<a href="javascript:void(0)" onclick="openMap()">Show the museum on a map</a></p>
<h2>Accessibility</h2>
<p>All rooms are step-free. Wheelchairs and folding stools are free to borrow at the desk.</p>
<p lang="fr">Vous parlez fran&ccedil;ais&nbsp;? Notre brochure est aussi en fran&ccedil;ais.
<a href="/media/brochure-visite-fr.pdf">En savoir plus</a></p>
""",
         jsonld=museum(),
         defects=[("heading-skipped", ""), ("link-uncrawlable", 'href="javascript:void(0)"'),
                  ("link-text-vague", "en savoir plus")])
    page("visit", "visit", "nl", "/nl/bezoek/",
         "Openingsuren en tickets" + SUFFIX,
         "Openingsuren, ticketprijzen en bereikbaarheid van het Stadsmuseum Lindenhove. Kinderen "
         "onder 12 jaar gratis, en het hele museum is drempelvrij.",
         """
<h1>Plan je bezoek</h1>
<h2>Openingsuren</h2>
<table class="hours">
  <tr><th scope="row">Dinsdag tot zondag</th><td>10.00&ndash;17.00 uur</td></tr>
  <tr><th scope="row">Maandag</th><td>Gesloten</td></tr>
</table>
<h3>Feestdagen</h3>
<p>We zijn gesloten op 1 januari en 25 december. Op andere feestdagen zijn we open.</p>
<h2>Tickets</h2>
<ul>
  <li>Volwassenen: &euro;10</li>
  <li>Studenten en 65-plussers: &euro;7</li>
  <li>Kinderen onder 12 jaar: gratis</li>
</ul>
<p><a href="/nl/tickets/">Koop je tickets online</a> en sla de wachtrij over.</p>
<h2>Bereikbaarheid</h2>
<p>Het museum ligt aan de Markt, vijf minuten wandelen van het station.
Voor de route naar het museum, <a href="/nl/bezoek/route/">klik hier</a>.</p>
""",
         jsonld=museum(hours=False),
         defects=[("link-text-vague", "klik hier"),
                  ("schema-property-missing", "Museum.openingHours")])

    # ------------------------------------------------------------------ collection
    objects = [
        ("jacquard", "/en/collection/jacquard-loom/", "/nl/collectie/jacquardweefgetouw/",
         "Jacquard loom, 1890", "Jacquardweefgetouw, 1890", "1890", "oak, iron and card",
         "eik, ijzer en karton", number(1987)),
        ("collar", "/en/collection/lace-collar/", "/nl/collectie/kanten-kraag/",
         "Bobbin lace collar", "Kanten kraag in kloskant", "about 1850", "linen thread",
         "linnen draad", number(1962)),
        ("map", "/en/collection/town-map-1650/", "/nl/collectie/stadsplan-1650/",
         "Map of Lindenhove, 1650", "Stadsplan van Lindenhove, 1650", "1650",
         "ink and watercolour on paper", "inkt en waterverf op papier", number(1931)),
        ("banner", "/en/collection/guild-banner/", "/nl/collectie/gildevaandel/",
         "Banner of the weavers' guild", "Vaandel van het weversgilde",
         "1724", "silk, painted", "zijde, beschilderd", number(1904)),
    ]
    en_text = {
        "jacquard": "This loom wove patterned cloth in a Lindenhove workshop until 1954. A chain "
                    "of punched cards told it which threads to lift. Each card is one row of the "
                    "pattern.",
        "collar": "Lace makers in Lindenhove made collars like this one at home. It took about "
                  "six weeks of work. Merchants sold them in Brussels and Paris.",
        "map": "This is the oldest map of the town. It shows the walls, the river and the cloth "
               "hall. Many street names on it are still in use.",
        "banner": "The weavers' guild carried this banner in processions. It shows their patron "
                  "saint and a shuttle, the tool of their trade.",
    }
    nl_text = {
        "jacquard": "Dit getouw weefde tot 1954 stof met patronen in een werkplaats in "
                    "Lindenhove. Een ketting van ponskaarten bepaalde welke draden omhoog "
                    "gingen. Elke kaart is een rij van het patroon.",
        "collar": "Kantwerksters in Lindenhove maakten zulke kragen thuis. Dat kostte ongeveer "
                  "zes weken werk. Handelaars verkochten ze in Brussel en Parijs.",
        "map": "Dit is het oudste plan van de stad. Je ziet de wallen, de rivier en de lakenhal. "
               "Veel straatnamen zijn nog altijd in gebruik.",
        "banner": "Het weversgilde droeg dit vaandel mee in processies. Je ziet de beschermheilige "
                  "en een schietspoel, het gereedschap van de wevers.",
    }
    DESCRIPTIONS = {
        "jacquard": ("", "Dit jacquardweefgetouw uit 1890 weefde tot 1954 stof met patronen in "
                     "Lindenhove. Ponskaarten stuurden de draden. Bekijk het in onze collectie."),
        "collar": ("A bobbin lace collar made at home in Lindenhove around 1850. Six weeks of "
                   "work, sold in Brussels and Paris. See it in the museum's collection.",
                   "Een kanten kraag in kloskant, rond 1850 thuis gemaakt in Lindenhove. Zes "
                   "weken werk, verkocht in Brussel en Parijs. Bekijk hem in onze collectie."),
        "map": ("The oldest map of Lindenhove, drawn in 1650, shows the town walls, the river and "
                "the cloth hall. Many of its street names are still used today.",
                "Het oudste plan van Lindenhove, getekend in 1650, toont de wallen, de rivier en "
                "de lakenhal. Veel straatnamen op het plan gebruiken we nog altijd."),
        "banner": ("The silk banner of the Lindenhove weavers' guild, painted in 1724 with their "
                   "patron saint and a shuttle. See it in the collection of the museum.",
                   "Het zijden vaandel van het weversgilde van Lindenhove, beschilderd in 1724 "
                   "met de beschermheilige en een schietspoel. Bekijk het in onze collectie."),
    }
    for key, en_path, nl_path, en_name, nl_name, date, en_mat, nl_mat, inv in objects:
        photo = f"/media/collection/{inv.lower().replace('.', '-')}.jpg"
        en_flags, nl_flags, en_def, nl_def = [], [], [], []
        en_title, nl_title = en_name + SUFFIX, nl_name + SUFFIX
        en_desc, nl_desc = DESCRIPTIONS[key]
        en_alt = f"{en_name}, photographed in the museum"
        nl_alt = f"{nl_name}, gefotografeerd in het museum"
        nl_h1 = f"<h1>{nl_name}</h1>"
        if key == "jacquard":
            en_alt = None
            en_def.append(("image-alt-missing", photo))
            en_desc = (f"{en_name}. This loom wove patterned cloth in a Lindenhove workshop until "
                       "1954, guided by a chain of punched cards, one card for each row of the "
                       f"pattern. Object {inv}.")
            en_def.append(("description-too-long", ""))
            nl_flags.append("canonical-translation")
            nl_def.append(("canonical-to-translation", ""))
        if key == "collar":
            en_title = "Collection object" + SUFFIX
            en_def.append(("title-duplicate", ""))
            nl_h1 = f'<div class="page-title">{nl_name}</div>'
            nl_def.append(("h1-missing", ""))
        if key == "map":
            en_title = "Collection object" + SUFFIX
            en_def.append(("title-duplicate", ""))
            nl_flags.append("canonical-multiple")
            nl_def.append(("canonical-multiple", ""))
        w, h = size()
        for lang, path, name, title, desc, alt, text, mat, flags, defects, h1 in (
            ("en", en_path, en_name, en_title, en_desc, en_alt, en_text[key], en_mat, en_flags,
             en_def, f"<h1>{en_name}</h1>"),
            ("nl", nl_path, nl_name, nl_title, nl_desc, nl_alt, nl_text[key], nl_mat, nl_flags,
             nl_def, nl_h1),
        ):
            labels = (("Object number", "Date", "Material", "Size") if lang == "en"
                      else ("Objectnummer", "Datering", "Materiaal", "Afmetingen"))
            about = "About this object" if lang == "en" else "Over dit object"
            related = "More from the collection" if lang == "en" else "Meer uit de collectie"
            others = [(o[1] if lang == "en" else o[2], o[3] if lang == "en" else o[4])
                      for o in objects if o[0] != key][:2]
            body = f"""
{h1}
<figure class="object-photo">
  {img(photo, alt, (w, h))}
  <figcaption>&copy; {NAME}</figcaption>
</figure>
<dl class="object-data">
  <dt>{labels[0]}</dt><dd>{inv}</dd>
  <dt>{labels[1]}</dt><dd>{date}</dd>
  <dt>{labels[2]}</dt><dd>{mat}</dd>
  <dt>{labels[3]}</dt><dd>{rng.randint(20, 180)} &times; {rng.randint(20, 120)} cm</dd>
</dl>
<h2>{about}</h2>
<p>{text}</p>
<h2>{related}</h2>
<ul class="related">
  <li><a href="{others[0][0]}">{others[0][1]}</a></li>
  <li><a href="{others[1][0]}">{others[1][1]}</a></li>
</ul>
"""
            page(f"collection-{key}", "collection", lang, path, title, desc, body,
                 jsonld=artwork(name, inv, date, mat), flags=flags, defects=defects)

    # ------------------------------------------------------------------ exhibitions
    page("exhibitions", "exhibition", "en", "/en/exhibitions/",
         "Exhibitions" + SUFFIX,
         "Current and coming exhibitions at Stadsmuseum Lindenhove: Textile Futures until 21 June "
         "and River and Town from 11 July. Plan your visit today.",
         """
<h1>Exhibitions</h1>
<h2>Now on show</h2>
<ul class="cards">
  <li><a href="/en/exhibitions/textile-futures/">Textile Futures, until 21 June 2026</a></li>
</ul>
<h2>Coming soon</h2>
<ul class="cards">
  <li><a href="/en/exhibitions/river-and-town/">River and Town, from 11 July 2026</a></li>
</ul>
<h2>Past exhibitions</h2>
<p>Our past exhibitions are listed in the <a href="/en/exhibitions/archive/">exhibition archive</a>.</p>
""")
    page("exhibitions", "exhibition", "nl", "/nl/tentoonstellingen/",
         "Tentoonstellingen" + SUFFIX,
         "Lopende en komende tentoonstellingen in het Stadsmuseum Lindenhove: Textiel Toekomst tot "
         "21 juni en Rivier en Stad vanaf 11 juli.",
         """
<h1>Tentoonstellingen</h1>
<h2>Nu te zien</h2>
<ul class="cards">
  <li><a href="/nl/tentoonstellingen/textiel-toekomst/">Textiel Toekomst, tot 21 juni 2026</a></li>
</ul>
<h2>Binnenkort</h2>
<ul class="cards">
  <li><a href="/nl/tentoonstellingen/rivier-en-stad/">Rivier en Stad, vanaf 11 juli 2026</a></li>
</ul>
<h2>Vorige tentoonstellingen</h2>
<p>Onze vorige tentoonstellingen staan in het <a href="/nl/tentoonstellingen/archief/">archief</a>.</p>
""")
    tf_en = BASE + "/en/exhibitions/textile-futures/"
    tf_nl = BASE + "/nl/tentoonstellingen/textiel-toekomst/"
    page("textile-futures", "exhibition", "en", "/en/exhibitions/textile-futures/",
         "Textile Futures: two centuries of weaving, lace and smart fabrics in Lindenhove" + SUFFIX,
         "Textile Futures shows 200 years of weaving in Lindenhove, from Jacquard looms to smart "
         "fabrics. Until 21 June 2026. Included in your museum ticket.",
         f"""
<h1>Textile Futures</h1>
<p class="dates">7 March &ndash; 21 June 2026</p>
{img("/media/2026/02/textile-futures-hall.jpg", "The exhibition hall with a Jacquard loom and a wall of coloured fabric samples", size())}
<p>For two hundred years, Lindenhove lived from weaving. This exhibition follows the looms, the
workers and the patterns. At the end, young designers show what fabric can do tomorrow.</p>
<h2>Highlights</h2>
<ul>
  <li>A working Jacquard loom from 1890</li>
  <li>Lace from the collection of the Beguines</li>
  <li>A jacket that charges your phone</li>
</ul>
<h2>Tickets</h2>
<p>The exhibition is included in your museum ticket. <a href="/en/tickets/">Buy tickets online</a></p>
""",
         jsonld=exhibition_event(tf_en, "Textile Futures", "2026-03-07", "2026-06-21",
                                 "200 years of weaving in Lindenhove."),
         defects=[("title-too-long", "")])
    page("textile-futures", "exhibition", "nl", "/nl/tentoonstellingen/textiel-toekomst/",
         "Textiel Toekomst" + SUFFIX,
         "Textiel Toekomst toont 200 jaar weven in Lindenhove, van jacquardgetouwen tot slim "
         "textiel. Nog tot 21 juni 2026, inbegrepen in je museumticket.",
         f"""
<h1>Textiel Toekomst</h1>
<p class="dates">7 maart &ndash; 21 juni 2026</p>
{img("/media/2026/02/textile-futures-hall.jpg", "De tentoonstellingszaal met een jacquardgetouw en een wand vol gekleurde stalen", size())}
<p>Tweehonderd jaar lang leefde Lindenhove van het weven. Deze tentoonstelling volgt de
getouwen, de arbeiders en de patronen. Op het einde tonen jonge ontwerpers wat textiel morgen kan.</p>
<h2>Topstukken</h2>
<ul>
  <li>Een werkend jacquardgetouw uit 1890</li>
  <li>Kant uit de collectie van de begijnen</li>
  <li>Een jas die je telefoon oplaadt</li>
</ul>
<h2>Tickets</h2>
<p>De tentoonstelling zit in je museumticket. <a href="/nl/tickets/">Koop je tickets online</a></p>
""",
         jsonld=exhibition_event(tf_nl, "Textiel Toekomst", "2026-03-07", "2026-06-21",
                                 "200 jaar weven in Lindenhove."),
         flags=["noindex"], defects=[("noindex", "")])
    rt_en = BASE + "/en/exhibitions/river-and-town/"
    rt_nl = BASE + "/nl/tentoonstellingen/rivier-en-stad/"
    page("river-and-town", "exhibition", "en", "/en/exhibitions/river-and-town/",
         "River and Town" + SUFFIX,
         "River and Town tells how the river Lys shaped Lindenhove: its trade, its work and its "
         "floods. From 11 July 2026 at Stadsmuseum Lindenhove.",
         f"""
<h1>River and Town</h1>
<p class="dates">11 July 2026 &ndash; 10 January 2027</p>
{img("/media/2026/01/river-lys-barges-1910.jpg", "Barges loaded with flax on the river Lys in 1910", size())}
<p>The river brought flax to the town and carried cloth away. It also flooded the streets every
few years. Photos, maps and stories of people who lived on the water show both sides.</p>
<h2>For families</h2>
<p>Children can build a lock and send a boat through it.</p>
<p><a href="" class="button">Buy tickets</a></p>
""",
         jsonld=exhibition_event(rt_en, "River and Town", "2026-07-11", "2027-01-10",
                                 "How the river shaped Lindenhove.", with_start=False),
         defects=[("schema-property-missing", "ExhibitionEvent.startDate"),
                  ("link-uncrawlable", 'href=""')])
    page("river-and-town", "exhibition", "nl", "/nl/tentoonstellingen/rivier-en-stad/",
         "Rivier en Stad" + SUFFIX,
         "Rivier en Stad vertelt hoe de Leie Lindenhove vormde: de handel, het werk en de "
         "overstromingen. Vanaf 11 juli 2026 in het Stadsmuseum Lindenhove.",
         f"""
<h1>Rivier en Stad</h1>
<p class="dates">11 juli 2026 &ndash; 10 januari 2027</p>
{img("/media/2026/01/river-lys-barges-1910.jpg", "Schepen met vlas op de Leie in 1910", size())}
<p>De rivier bracht vlas naar de stad en voerde laken weg. Om de paar jaar stonden de straten
onder water. Foto's, kaarten en verhalen van mensen op het water tonen beide kanten.</p>
<h3>Voor gezinnen</h3>
<p>Kinderen bouwen een sluis en laten er een bootje door varen.</p>
<p><a href="/nl/tickets/" class="button">Koop tickets</a></p>
""",
         jsonld=exhibition_event(rt_nl, "Rivier en Stad", "2026-07-11", "2027-01-10",
                                 "Hoe de rivier Lindenhove vormde.", with_location=False),
         defects=[("heading-skipped", ""),
                  ("schema-property-missing", "ExhibitionEvent.location")])

    # ------------------------------------------------------------------ events
    agenda_desc = ("Bekijk de agenda van het Stadsmuseum Lindenhove: rondleidingen, workshops en "
                   "avondactiviteiten voor jong en oud. Reserveer je plaats online.")
    page("museum-night", "event", "en", "/en/events/museum-night/",
         "Museum Night on 10 October" + SUFFIX,
         "Museum Night at Stadsmuseum Lindenhove: live music, weaving demonstrations and late "
         "tours on Saturday 10 October 2026, from 19:00 to midnight.",
         """
<h1>Museum Night</h1>
<p class="dates">Saturday 10 October 2026, 19:00&ndash;24:00</p>
<p>Once a year the museum stays open until midnight. Listen to live music in the cloth hall,
watch the Jacquard loom at work and join a tour by torchlight.</p>
<h2>Programme</h2>
<ul>
  <li>19:00 Opening with the town band</li>
  <li>20:30 Weaving demonstration</li>
  <li>22:00 Tour by torchlight</li>
</ul>
<p><a href="/en/tickets/">Buy a Museum Night ticket</a></p>
""",
         jsonld=event("Museum Night", "2026-10-10T19:00:00+02:00",
                      "Live music, demonstrations and late tours.", price="8.00"),
         defects=[("hreflang-not-reciprocal", "")])
    page("museum-night", "event", "nl", "/nl/agenda/museumnacht/",
         "Museumnacht op 10 oktober" + SUFFIX, agenda_desc,
         """
<h1>Museumnacht</h1>
<p class="dates">Zaterdag 10 oktober 2026, 19.00&ndash;24.00 uur</p>
<p>Eén keer per jaar blijft het museum open tot middernacht. Luister naar livemuziek in de
lakenhal, zie het jacquardgetouw aan het werk en loop mee met een rondleiding bij fakkellicht.</p>
<h2>Programma</h2>
<ul>
  <li>19.00 uur Opening met de stadsharmonie</li>
  <li>20.30 uur Weefdemonstratie</li>
  <li>22.00 uur Rondleiding bij fakkellicht</li>
</ul>
<p><a href="/nl/tickets/">Koop een ticket voor de Museumnacht</a>
&middot; <a class="calendar" onclick="addToCalendar('museumnacht-2026')">Zet in je agenda</a></p>
""",
         jsonld=event("Museumnacht", "2026-10-10T19:00:00+02:00",
                      "Livemuziek, demonstraties en rondleidingen tot middernacht.", price="8.00"),
         flags=["hreflang-old-en-target"],
         defects=[("description-duplicate", ""), ("link-uncrawlable", "onclick without href")])
    page("weaving-workshop", "event", "en", "/en/events/weaving-workshop/",
         "Weaving workshop for families" + SUFFIX,
         "Weave your own bookmark on a small loom. A workshop for families with children from 7 "
         "years, every first Sunday of the month at 14:00. Book online.",
         """
<h1>Weaving workshop for families</h1>
<p class="dates">Every first Sunday of the month, 14:00&ndash;16:00</p>
<p>Our weavers show you how a loom works. Then you weave your own bookmark to take home.
The workshop is for children from 7 years with an adult.</p>
<h2>Price and booking</h2>
<p>&euro;5 per person, materials included. <a href="/en/tickets/workshop/">Book the weaving workshop</a></p>
""",
         jsonld=event("Weaving workshop for families", "2026-11-01T14:00:00+01:00",
                      "Weave your own bookmark.", price="5.00"),
         flags=["canonical-root"], defects=[("canonical-to-root", "")])
    page("weaving-workshop", "event", "nl", "/nl/agenda/weefatelier/",
         "Weefatelier voor gezinnen" + SUFFIX, agenda_desc,
         """
<h1>Weefatelier voor gezinnen</h1>
<p class="dates">Elke eerste zondag van de maand, 14.00&ndash;16.00 uur</p>
<p>Onze wevers tonen hoe een weefgetouw werkt. Daarna weef je zelf een boekenlegger om mee naar
huis te nemen. Het atelier is voor kinderen vanaf 7 jaar, samen met een volwassene.</p>
<h2>Prijs en reservatie</h2>
<p>&euro;5 per persoon, materiaal inbegrepen. <a href="/nl/tickets/atelier/">Reserveer het weefatelier</a></p>
""",
         jsonld=event("Weefatelier voor gezinnen", "2026-11-01T14:00:00+01:00",
                      "Weef je eigen boekenlegger.", with_location=False, price="5.00"),
         defects=[("description-duplicate", ""),
                  ("schema-property-missing", "Event.location")])

    # ------------------------------------------------------------------ shop
    page("shop", "shop", "en", "/en/shop/",
         "Museum shop" + SUFFIX,
         "Books, lace and gifts from the museum shop of Stadsmuseum Lindenhove. Order online and "
         "collect in the museum, or have it sent to your home.",
         """
<h1>Museum shop</h1>
<p>Every purchase supports the museum.</p>
<ul class="products">
  <li><a href="/en/shop/textile-futures-catalogue/">Textile Futures, the exhibition catalogue</a></li>
  <li><a href="/en/shop/lace-pattern-tote-bag/">Tote bag with a lace pattern</a></li>
</ul>
<h2>Delivery</h2>
<p>Collect your order in the museum for free, or have it sent in Belgium for &euro;4.95.</p>
""")
    page("shop", "shop", "nl", "/nl/winkel/",
         "Museumwinkel" + SUFFIX,
         "Boeken, kant en geschenken uit de museumwinkel van het Stadsmuseum Lindenhove. Bestel "
         "online en haal af in het museum, of laat het thuis leveren.",
         """
<h1>Museumwinkel</h1>
<p>Met elke aankoop steun je het museum.</p>
<ul class="products">
  <li><a href="/nl/winkel/catalogus-textiel-toekomst/">Textiel Toekomst, de catalogus</a></li>
  <li><a href="/nl/winkel/draagtas-kantpatroon/">Draagtas met kantpatroon</a></li>
</ul>
<h2>Levering</h2>
<p>Haal je bestelling gratis af in het museum, of laat ze in België leveren voor &euro;4,95.</p>
""")
    cat_sku, bag_sku = f"LH-BK-{rng.randint(100, 999)}", f"LH-TX-{rng.randint(100, 999)}"
    cat_offers = [
        {"@type": "Offer", "name": "English edition", "price": "29.95", "priceCurrency": "EUR",
         "availability": "https://schema.org/InStock"},
        {"@type": "Offer", "name": "Dutch edition", "price": "29.95", "priceCurrency": "EUR",
         "availability": "https://schema.org/InStock"},
    ]
    page("catalogue", "shop", "en", "/en/shop/textile-futures-catalogue/",
         "Textile Futures catalogue" + SUFFIX,
         "The catalogue of Textile Futures: 240 pages, 180 colour photos, in English or Dutch. "
         "€29.95 in the museum shop of Stadsmuseum Lindenhove.",
         f"""
<h1>Textile Futures: the catalogue</h1>
{img("/media/shop/catalogue-textile-futures.jpg", "Cover of the Textile Futures catalogue, with a close-up of woven silk", size())}
<p class="price">&euro;29.95</p>
<p>240 pages with 180 colour photos. Essays by the curators and by young designers.</p>
<button type="button" class="add-to-basket">Add to basket</button>
<h2>Details</h2>
<ul><li>Paperback, 24 &times; 30 cm</li><li>English or Dutch edition</li></ul>
""",
         jsonld=product("Textile Futures: the catalogue", cat_sku,
                        "/media/shop/catalogue-textile-futures.jpg", "29.95", offers_list=cat_offers),
         flags=["logo-h1"], defects=[("h1-multiple", "")])
    page("catalogue", "shop", "nl", "/nl/winkel/catalogus-textiel-toekomst/",
         "Catalogus Textiel Toekomst" + SUFFIX,
         "De catalogus van Textiel Toekomst: 240 pagina's, 180 kleurenfoto's, in het Nederlands of "
         "Engels. €29,95 in de museumwinkel van het Stadsmuseum.",
         f"""
<h1>Textiel Toekomst: de catalogus</h1>
{img("/media/shop/IMG_20260212_0932.jpg", None, size())}
<p class="price">&euro;29,95</p>
<p>240 pagina's met 180 kleurenfoto's. Essays van de curatoren en van jonge ontwerpers.</p>
<button type="button" class="add-to-basket">In winkelmand</button>
<h2>Details</h2>
<ul><li>Paperback, 24 &times; 30 cm</li><li>Nederlandse of Engelse editie</li></ul>
""",
         jsonld=product("Textiel Toekomst: de catalogus", cat_sku,
                        "/media/shop/catalogue-textile-futures.jpg", "29.95"),
         flags=["hreflang-no-self"],
         defects=[("image-alt-missing", "/media/shop/IMG_20260212_0932.jpg"),
                  ("hreflang-no-self", "")])
    page("tote-bag", "shop", "en", "/en/shop/lace-pattern-tote-bag/",
         "Lace pattern tote bag" + SUFFIX,
         "A strong cotton tote bag printed with a lace pattern from our collection. 38 × 42 cm, "
         "made in Belgium. €14.50 in the museum shop.",
         f"""
<h1>Tote bag with a lace pattern</h1>
{img("/media/shop/tote-bag-lace.jpg", "Natural cotton tote bag with a white bobbin lace pattern", size())}
<p class="price">&euro;14.50</p>
<p>Strong cotton, printed in Belgium with a pattern from a lace collar of about 1850.</p>
<button type="button" class="add-to-basket">Add to basket</button>
<a class="wishlist" href="JavaScript:void(0)" onclick="wishlist.add('{bag_sku}')">Add to wish list</a>
""",
         jsonld=product("Tote bag with a lace pattern", bag_sku, "/media/shop/tote-bag-lace.jpg",
                        "14.50", currency=False),
         defects=[("schema-property-missing", "Offer.priceCurrency"),
                  ("link-uncrawlable", 'href="JavaScript:void(0)"')])
    page("tote-bag", "shop", "nl", "/nl/winkel/draagtas-kantpatroon/",
         "", "Een stevige katoenen draagtas met een kantpatroon uit onze collectie. 38 × 42 cm, "
         "gemaakt in België. €14,50 in de museumwinkel.",
         f"""
<h1>Draagtas met kantpatroon</h1>
{img("/media/shop/tote-bag-lace.jpg", "Katoenen draagtas in naturel met een wit kantpatroon", size())}
<p class="price">&euro;14,50</p>
<p>Stevig katoen, in België bedrukt met een patroon van een kanten kraag van rond 1850.</p>
<button type="button" class="add-to-basket">In winkelmand</button>
""",
         jsonld=product("Draagtas met kantpatroon", bag_sku, "/media/shop/tote-bag-lace.jpg",
                        "14.50", availability=False),
         defects=[("title-missing", ""), ("schema-property-missing", "Offer.availability")])

    # ------------------------------------------------------------------ news
    page("sampler", "news", "en", "/en/news/new-acquisition-sampler/",
         "New: a sampler from 1823" + SUFFIX,
         "The museum has acquired a sampler embroidered in 1823 by Rosalie De Smet, aged eleven. "
         "It shows the alphabet, numbers and the town's church.",
         f"""
<h1>New in the collection: a sampler from 1823</h1>
<p class="date">12 February 2026</p>
{img("/media/2026/02/sampler-1823.jpg", "Linen sampler with the alphabet and a church in red and blue cross stitch", size())}
<p>In 1823, eleven-year-old Rosalie De Smet embroidered this sampler. She stitched the alphabet,
the numbers and the church of Lindenhove. Her family gave it to the museum this winter.</p>
<p>You can see the sampler in the Textile Futures exhibition until 21 June.</p>
""",
         flags=["canonical-relative"], defects=[("canonical-relative", "")])
    page("sampler", "news", "nl", "/nl/nieuws/nieuwe-aanwinst-merklap/",
         "Nieuw: een merklap uit 1823" + SUFFIX,
         "Het museum kreeg een merklap die Rosalie De Smet in 1823 borduurde, toen ze elf was. Je "
         "ziet het alfabet, de cijfers en de kerk van de stad.",
         f"""
<h1>Nieuw in de collectie: een merklap uit 1823</h1>
<p class="date">12 februari 2026</p>
{img("/media/2026/02/sampler-1823.jpg", "Linnen merklap met het alfabet en een kerk in rode en blauwe kruissteek", size())}
<p>In 1823 borduurde de elfjarige Rosalie De Smet deze merklap. Ze stikte het alfabet, de
cijfers en de kerk van Lindenhove. Haar familie schonk de merklap deze winter aan het museum.</p>
<p>Overeenkomstig de bepalingen van de schenkingsovereenkomst en na uitvoerige
conserveringstechnische evaluatie door de verantwoordelijke restauratiedeskundigen werd besloten
de merklap uitsluitend onder gecontroleerde klimatologische omstandigheden en met beperkte
belichtingsintensiteit tentoon te stellen, waarbij de wetenschappelijke documentatie integraal
beschikbaar wordt gesteld via de collectiedatabank van de erfgoedinstelling.</p>
<p>De merklap is tot 21 juni te zien in Textiel Toekomst. Het persbericht vind je
<a href="/media/pers/merklap-1823.pdf">hier</a>.</p>
""",
         defects=[("paragraph-hard-to-read", "paragraph 3"), ("link-text-vague", "hier")])
    page("roof", "news", "en", "/en/news/roof-renovation/",
         "The cloth hall gets a new roof" + SUFFIX, None,
         """
<h1>The cloth hall gets a new roof</h1>
<p class="date">3 March 2026</p>
<p>From September, workers will replace the roof of the cloth hall. The museum stays open, but
the attic room with the lace collection closes until spring 2027.</p>
<p>The works are paid for by the town and the Flemish government.</p>
""",
         jsonld='{\n  "@context": "https://schema.org",\n  "@type": "NewsArticle",\n  '
                '"headline": "The cloth hall gets a new roof",\n  "datePublished": "2026-03-03",\n}',
         defects=[("description-missing", ""), ("schema-invalid", "")])
    page("roof", "news", "nl", "/nl/nieuws/dakrenovatie/",
         "De lakenhal krijgt een nieuw dak" + SUFFIX,
         "Vanaf september krijgt de lakenhal een nieuw dak. Het museum blijft open, maar de "
         "kantzolder sluit tot de lente van 2027. Lees hier wat er verandert.",
         """
<h1>De lakenhal krijgt een nieuw dak</h1>
<p class="date">3 maart 2026</p>
<p>Vanaf september vervangen arbeiders het dak van de lakenhal. Het museum blijft open, maar de
zolder met de kantcollectie sluit tot de lente van 2027.</p>
<p>De stad en de Vlaamse overheid betalen de werken. Meer over de werken:
<a href="https://www.lindenhove.example/werken/lakenhal">https://www.lindenhove.example/werken/lakenhal</a></p>
""",
         flags=["no-lang"],
         defects=[("lang-missing", ""),
                  ("link-text-vague", "https://www.lindenhove.example/werken/lakenhal")])
    page("summer", "news", "en", "/en/news/summer-holiday-programme/",
         "Summer holidays at the museum" + SUFFIX,
         "Treasure hunts, weaving for children and evening tours: the summer holiday programme of "
         "Stadsmuseum Lindenhove runs from 1 July to 31 August.",
         f"""
<h1>Summer holidays at the museum</h1>
<p class="date">2 June 2026</p>
{img("/media/2026/06/children-weaving.jpg", "Two children weave on a small table loom in the museum workshop", size())}
<p>This summer, families can follow a treasure hunt through the museum every day. On Wednesdays,
children weave with our volunteers. On Friday evenings, we offer short tours for adults.</p>
{img("/media/icons/sun.svg", "", (32, 32), cls="icon")}
<h2>Book a place</h2>
<p><a href="/en/events/">See all summer events and book a place</a></p>
""")
    page("summer", "news", "nl", "/nl/nieuws/zomervakantieprogramma/",
         "Zomervakantie in het museum" + SUFFIX,
         "Speurtochten, weven voor kinderen en avondrondleidingen: het zomerprogramma van het "
         "Stadsmuseum Lindenhove loopt van 1 juli tot 31 augustus.",
         f"""
<h1>Zomervakantie in het museum</h1>
<p class="date">2 juni 2026</p>
{img("/media/2026/06/children-weaving.jpg", "Twee kinderen weven op een klein tafelgetouw in het museumatelier", size())}
<p>Deze zomer kunnen gezinnen elke dag een speurtocht door het museum volgen. Op woensdag weven
kinderen samen met onze vrijwilligers. Op vrijdagavond zijn er korte rondleidingen voor volwassenen.</p>
{img("/media/icons/sun.svg", "", (32, 32), cls="icon")}
<h2>Reserveer een plaats</h2>
<p><a href="/nl/agenda/">Bekijk alle zomeractiviteiten en reserveer</a></p>
""")

    # ------------------------------------------------------------------ about
    page("about", "about", "en", "/en/about/",
         "About the museum" + SUFFIX,
         "Stadsmuseum Lindenhove collects and shows the history of the town and its textile "
         "industry. Meet our team and read our plans for the coming years.",
         """
<h1>About the museum</h1>
<p>Stadsmuseum Lindenhove opened in 1904 in the old cloth hall. Today a team of twelve people and
forty volunteers looks after 18,000 objects.</p>
<p>Notwithstanding the considerable organisational transformations necessitated by
intergovernmental restructuring, the institution's administrative authorities have
unanimously reaffirmed their commitment to the systematic professionalisation of collection
management, the comprehensive digitisation of documentation, and the progressive implementation
of participatory methodologies, thereby ensuring the sustainable accessibility of its
internationally significant textile heritage for present and future generations.</p>
<h2>Our team</h2>
<p>Meet the people who run the museum on our <a href="/en/about/team/">team page</a>.</p>
<h2>Contact</h2>
<p><a href="/en/about/contact/">Contact details and how to reach us</a></p>
""",
         flags=["hreflang-en-UK"],
         defects=[("paragraph-hard-to-read", "paragraph 2"), ("hreflang-invalid-code", "")])
    page("about", "about", "nl", "/nl/over-ons/",
         "Over het museum" + SUFFIX, "Over het Stadsmuseum Lindenhove.",
         """
<h1>Over het museum</h1>
<p>Het Stadsmuseum Lindenhove opende in 1904 in de oude lakenhal. Vandaag zorgen twaalf
medewerkers en veertig vrijwilligers voor 18.000 objecten.</p>
<h2>Ons team</h2>
<p>Maak kennis met de mensen achter het museum op onze <a href="/nl/over-ons/team/">teampagina</a>.</p>
<h2>Contact</h2>
<p><a href="/nl/over-ons/contact/">Contactgegevens en bereikbaarheid</a></p>
""",
         defects=[("description-too-short", "")])
    page("contact", "about", "en", "/en/about/contact/",
         "Contact us" + SUFFIX,
         "How to contact Stadsmuseum Lindenhove: address, phone, e-mail and the people to ask about "
         "groups, school visits, the press and the collection.",
         """
<h1>Contact us</h1>
<p>Stadsmuseum Lindenhove, Markt 12, 9999 Lindenhove, Belgium.</p>
<h2>Groups and schools</h2>
<p>Book a guided tour for your group or class at least two weeks ahead.
<a href="mailto:groups@stadsmuseum-lindenhove.example">Send an e-mail to our bookings team</a></p>
<h2>Press</h2>
<p>Journalists find photos and press releases in our <a href="/en/about/press/">press room</a>.</p>
""")
    page("contact", "about", "nl", "/nl/over-ons/contact/",
         "Contact" + SUFFIX,
         "Zo bereik je het Stadsmuseum Lindenhove: adres, telefoon, e-mail en wie je kan helpen "
         "met groepen, schoolbezoeken, pers en vragen over de collectie.",
         """
<h1>Contact</h1>
<p>Stadsmuseum Lindenhove, Markt 12, 9999 Lindenhove, België.</p>
<h2>Groepen en scholen</h2>
<p>Reserveer een rondleiding voor je groep of klas minstens twee weken vooraf.
<a href="mailto:groepen@stadsmuseum-lindenhove.example">Mail ons reservatieteam</a></p>
<h2>Pers</h2>
<p>Journalisten vinden foto's en persberichten in onze <a href="/nl/over-ons/pers/">perskamer</a>.</p>
""")

    # ------------------------------------------------------------------ thank-you pages
    page("thank-you", "visit", "en", "/en/tickets/thank-you/",
         "Thank you for your booking" + SUFFIX,
         "Thank you for booking your visit to Stadsmuseum Lindenhove. Your e-tickets are on their "
         "way to your inbox. Show them on your phone at the desk.",
         """
<h1>Thank you for your booking</h1>
<p>Your e-tickets are on their way. Show them on your phone at the desk.</p>
<p><a href="/en/visit/">Opening hours and directions</a></p>
""",
         flags=["noindex-intended"], in_search=False)
    page("thank-you", "visit", "nl", "/nl/tickets/bedankt/",
         "Bedankt voor je reservatie" + SUFFIX,
         "Bedankt voor je reservatie bij het Stadsmuseum Lindenhove. Je e-tickets komen zo dadelijk "
         "in je mailbox. Toon ze op je telefoon aan de balie.",
         """
<h1>Bedankt voor je reservatie</h1>
<p>Je e-tickets komen zo dadelijk in je mailbox. Toon ze op je telefoon aan de balie.</p>
<p><a href="/nl/bezoek/">Openingsuren en bereikbaarheid</a></p>
""",
         flags=["noindex-intended"], in_search=False)
    return pages


def check_plan(pages: list[dict]) -> None:
    """Pages without a planted title or description defect keep to the lab's length rules."""
    problems = []
    for p in pages:
        codes = {d[0] for d in p["defects"]}
        title = html.unescape(p["title"])
        if not codes & {"title-missing", "title-too-long"}:
            if not 0 < len(title) <= TITLE_MAX:
                problems.append((p["path"], len(title), title))
        if p["description"] is not None and not codes & {"description-too-short",
                                                          "description-too-long"}:
            n = len(p["description"])
            if not DESCRIPTION_MIN <= n <= DESCRIPTION_MAX:
                problems.append((p["path"], n, p["description"]))
    assert not problems, "\n".join(map(str, problems))
    for pair in {p["key"] for p in pages}:
        langs = sorted(p["lang"] for p in pages if p["key"] == pair)
        assert langs == ["en", "nl"], (pair, langs)


def head(p: dict, pages: list[dict], css: str) -> str:
    url = BASE + p["path"]
    flags = p["flags"]
    twin = next(q for q in pages if q["key"] == p["key"] and q["lang"] != p["lang"])
    en, nl = (p, twin) if p["lang"] == "en" else (twin, p)
    lines = ['<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{p['title']}</title>"]
    if p["description"] is not None:
        lines.append(f'<meta name="description" content="{html.escape(p["description"])}">')
    if "noindex" in flags:
        lines.append('<meta name="robots" content="noindex, nofollow">')
    elif "noindex-intended" in flags:
        lines.append('<meta name="robots" content="noindex">')
    else:
        lines.append('<meta name="robots" content="index, follow, max-image-preview:large">')
    canonical = url
    if "canonical-relative" in flags:
        canonical = p["path"]
    elif "canonical-root" in flags:
        canonical = BASE + "/"
    elif "canonical-translation" in flags:
        canonical = BASE + twin["path"]
    lines.append(f'<link rel="canonical" href="{canonical}">')
    if "canonical-multiple" in flags:  # a second canonical from an old SEO plug-in
        lines.append(f'<link rel="canonical" href="{url.replace("https://", "http://")}index.html">')
    en_url, nl_url = BASE + en["path"], BASE + nl["path"]
    if "hreflang-old-en-target" in flags:
        en_url = en_url.replace("museum-night", "museumnight")
    alternates = [("en", en_url), ("nl", nl_url), ("x-default", en_url)]
    if "hreflang-en-UK" in flags:
        alternates[0] = ("en-UK", en_url)
    if "hreflang-no-self" in flags:
        alternates = [a for a in alternates if a[1] != url or a[0] == "x-default"]
        alternates = [a for a in alternates if a[0] != p["lang"]]
    for code, href in alternates:
        lines.append(f'<link rel="alternate" hreflang="{code}" href="{href}">')
    feed = "/en/news/feed.xml" if p["lang"] == "en" else "/nl/nieuws/feed.xml"
    lines += [
        f'<link rel="alternate" type="application/rss+xml" title="News" href="{feed}">',
        '<meta property="og:type" content="website">',
        f'<meta property="og:title" content="{html.escape(html.unescape(p["title"]).removesuffix(SUFFIX))}">',
        f'<meta property="og:url" content="{url}">',
        f'<meta property="og:image" content="{BASE}/media/og/{p["key"]}.jpg">',
        '<meta name="generator" content="Lindenhove CMS 4.2">',
        f'<link rel="stylesheet" href="/assets/css/site.css?v={css}">',
        '<link rel="icon" href="/favicon.ico">',
    ]
    if p["jsonld"] is not None:
        data = p["jsonld"] if isinstance(p["jsonld"], str) else json.dumps(
            p["jsonld"], ensure_ascii=False, indent=2)
        lines.append(f'<script type="application/ld+json">\n{data}\n</script>')
    lines += ['<script src="/assets/js/site.js" defer></script>',
              "<!-- Matomo -->",
              "<script>var _paq = window._paq = window._paq || []; _paq.push(['trackPageView']);</script>"]
    return "\n".join(lines)


def header(p: dict, twin: dict) -> str:
    lang = p["lang"]
    logo_alt = f"{NAME}, home page" if lang == "en" else f"{NAME}, startpagina"
    logo = (f'<a class="site-logo" href="/{lang}/"><img src="/assets/img/logo-lindenhove.svg" '
            f'alt="{logo_alt}" width="180" height="48"></a>')
    if "logo-h1" in p["flags"]:  # the shop theme puts the logo in a heading
        logo = f'<h1 class="site-title">{logo}</h1>'
    nav = "\n".join(f'      <li><a href="{href}">{text}</a></li>' for href, text in NAV[lang])
    other = "nl" if lang == "en" else "en"
    switch = "Nederlands" if other == "nl" else "English"
    return f"""<header class="site-header">
  {logo}
  <nav class="main-nav" aria-label="{'Main' if lang == 'en' else 'Hoofdmenu'}">
    <ul>
{nav}
      <li class="lang-switch"><a href="{twin['path']}" lang="{other}" hreflang="{other}">{switch}</a></li>
    </ul>
  </nav>
  <button type="button" class="menu-toggle" aria-expanded="false">Menu</button>
</header>"""


def footer(lang: str) -> str:
    if lang == "en":
        address, hours = "Markt 12, 9999 Lindenhove, Belgium", "Open Tuesday to Sunday, 10:00&ndash;17:00"
        links = ('<a href="/en/newsletter/">Subscribe to our newsletter</a> &middot; '
                 '<a href="/en/privacy/">Privacy statement</a> &middot; <a href="#top">Back to top</a>')
        cookies, accept = "We use cookies only to count visits.", "Accept cookies"
    else:
        address, hours = "Markt 12, 9999 Lindenhove, België", "Open van dinsdag tot zondag, 10.00&ndash;17.00 uur"
        links = ('<a href="/nl/nieuwsbrief/">Schrijf je in op onze nieuwsbrief</a> &middot; '
                 '<a href="/nl/privacy/">Privacyverklaring</a> &middot; <a href="#top">Naar boven</a>')
        cookies, accept = "We gebruiken cookies alleen om bezoeken te tellen.", "Cookies aanvaarden"
    return f"""<footer class="site-footer">
  <img class="divider" src="/assets/img/divider-lace.svg" alt="" width="600" height="24">
  <h2>{NAME}</h2>
  <p>{address}<br>{hours}</p>
  <p><a href="mailto:info@stadsmuseum-lindenhove.example">info@stadsmuseum-lindenhove.example</a>
  &middot; <a href="tel:+3250000000">+32 50 00 00 00</a></p>
  <ul class="social">
    <li><a href="https://www.instagram.com/stadsmuseum.lindenhove.example/" rel="noopener"><img src="/assets/img/icon-instagram.svg" alt="Instagram" width="24" height="24"></a></li>
    <li><a href="https://www.facebook.com/stadsmuseum.lindenhove.example" rel="noopener"><img src="/assets/img/icon-facebook.svg" alt="Facebook" width="24" height="24"></a></li>
  </ul>
  <p>{links}</p>
  <div class="cookie-banner" hidden><p>{cookies}</p><button type="button">{accept}</button></div>
</footer>"""


def render(p: dict, pages: list[dict], css: str) -> str:
    twin = next(q for q in pages if q["key"] == p["key"] and q["lang"] != p["lang"])
    lang = "" if "no-lang" in p["flags"] else f' lang="{p["lang"]}"'
    skip = "Skip to main content" if p["lang"] == "en" else "Naar de inhoud"
    return f"""<!DOCTYPE html>
<html{lang} class="no-js">
<head>
{head(p, pages, css)}
</head>
<body id="top" class="page-{p['type']}">
<a class="skip-link" href="#main">{skip}</a>
{header(p, twin)}
<main id="main">
{p['body']}
</main>
{footer(p['lang'])}
</body>
</html>
"""


def file_of(path: str) -> str:
    return "site" + path + "index.html"


def write(out: Path, key_dir: Path) -> None:
    rng = random.Random(SEED)
    css = f"4.2.{rng.randint(10, 99)}"
    pages = build_pages(rng)
    check_plan(pages)
    for p in pages:
        target = out / file_of(p["path"])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(p, pages, css), encoding="utf-8", newline="\n")
    order = sorted(pages, key=lambda p: p["path"])
    with (out / "pages.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["file", "url", "lang", "page_type", "in_search"])
        for p in order:
            writer.writerow([file_of(p["path"]), BASE + p["path"], p["lang"], p["type"],
                             "yes" if p["in_search"] else "no"])
    codes = {"about": "ISO 639-1 language codes and ISO 3166-1 alpha-2 country codes (2026).",
             "languages": LANGUAGES, "regions": REGIONS}
    (out / "iso_codes.json").write_text(json.dumps(codes, indent=1) + "\n", encoding="utf-8",
                                        newline="\n")
    key = {"about": "Answer key for the tests: every defect planted on every page, as "
                    "[check, detail]. Not for learners.",
           "pages": {BASE + p["path"]: sorted(p["defects"]) for p in order}}
    key_dir.mkdir(parents=True, exist_ok=True)
    (key_dir / "planted_defects.json").write_text(
        json.dumps(key, ensure_ascii=False, indent=1) + "\n", encoding="utf-8", newline="\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the site and pages.csv")
    parser.add_argument("--key", type=Path, default=HERE.parent / "museum_website_defects",
                        help="folder for the answer key planted_defects.json")
    args = parser.parse_args()
    write(args.out, args.key)
    print(f"Wrote the site to {args.out} and the answer key to {args.key}")


if __name__ == "__main__":
    main()
