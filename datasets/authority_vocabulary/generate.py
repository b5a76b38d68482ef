"""Write the project's own SKOS-like vocabulary of object types and materials.

    python datasets/authority_vocabulary/generate.py            # writes concepts.csv here
    python datasets/authority_vocabulary/generate.py --out DIR  # writes it elsewhere

The terms are written by hand below (English and Dutch preferred labels, alternative labels and
the broader term). The script only numbers them and writes the table, so every run writes the
same bytes. The column `exact_match` is for links to external vocabularies (such as the Getty
AAT); it is left empty on purpose: fill it only with identifiers you have checked.
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAMESPACE = "https://vocab.example.org/omlab/"  # a placeholder: example.org is reserved for examples

# One concept per line: key | English label | Dutch label | alternative labels (;) | broader key
# A key is only used inside this script; the concept ids (T0001, M0001 …) are given in order.
OBJECT_TYPES = """
visual-works | visual works | beeldende kunst | artworks; kunstwerken |
paintings | painting | schilderij | paintings; schilderijen; schildering | visual-works
oil-sketch | oil sketch | olieverfschets | olieverfschetsen | paintings
miniature | miniature | miniatuur | portrait miniature; portretminiatuur | paintings
icon | icon | icoon | ikoon | paintings
altarpiece | altarpiece | altaarstuk | retable; retabel | paintings
triptych | triptych | drieluik | triptiek | paintings
diptych | diptych | tweeluik | diptiek | paintings
panel-painting | panel painting | paneelschildering | painting on panel; schilderij op paneel | paintings
drawings | drawing | tekening | drawings; tekeningen | visual-works
sketch | sketch | schets | schetsen | drawings
study | study | studie | studies | drawings
design-drawing | design drawing | ontwerptekening | design; ontwerp | drawings
architectural-drawing | architectural drawing | architectuurtekening | bouwtekening | drawings
cartoon | cartoon (preparatory drawing) | ontwerpkarton | | drawings
silhouette | silhouette | silhouet | silhouetten | drawings
watercolour-work | watercolour (work) | aquarel | aquarellen; watercolour painting | drawings
prints | print | prent | prints; prenten; graphic print; grafiek | visual-works
engraving | engraving | gravure | kopergravure; engravings | prints
etching | etching | ets | etsen; etchings | prints
woodcut | woodcut | houtsnede | houtsneden; woodcuts | prints
wood-engraving | wood engraving | houtgravure | | prints
lithograph | lithograph | lithografie | litho; lithography; lithographs | prints
screenprint | screenprint | zeefdruk | silkscreen; serigraph; zeefdrukken | prints
mezzotint | mezzotint | zwarte kunst | mezzotinto | prints
aquatint | aquatint | aquatint-ets | | prints
linocut | linocut | linosnede | linoleum cut | prints
poster | poster | affiche | posters; affiches; aanplakbiljet | prints
devotional-print | devotional print | devotieprent | bidprentje; holy card | prints
photographs | photograph | foto | photographs; photo; foto's; fotografie | visual-works
carte-de-visite | carte de visite | visitekaartportret | cdv | photographs
cabinet-card | cabinet card | kabinetportret | | photographs
daguerreotype | daguerreotype | daguerreotypie | | photographs
glass-negative | glass plate negative | glasnegatief | glass negative; glasplaatnegatief | photographs
film-negative | film negative | filmnegatief | negatief; negative | photographs
slide | slide | dia | diapositief; lantern slide; lantaarnplaatje | photographs
postcard | postcard | prentbriefkaart | ansichtkaart; picture postcard; postkaart | photographs
photo-album | photo album | fotoalbum | album | photographs
stereograph | stereograph | stereofoto | stereokaart | photographs
sculpture | sculpture | beeldhouwwerk | sculptuur; beeld; sculptures | visual-works
statue | statue | standbeeld | statues | sculpture
bust | bust | buste | busts | sculpture
statuette | statuette | beeldje | figurine; figuur | sculpture
relief | relief | reliëf | bas-relief; reliefs | sculpture
plaquette | plaquette | plaket | | sculpture
maquette | maquette | bozzetto | sculpture model | sculpture
collage | collage | collage | collages | visual-works
installation | installation | installatie | installation art | visual-works
assemblage | assemblage | assemblage-kunstwerk | | visual-works
furniture | furniture | meubilair | meubel; meubels; meubelen; furnishings |
seating | seating furniture | zitmeubel | seat; zitmeubelen | furniture
chair | chair | stoel | chairs; stoelen | seating
armchair | armchair | leunstoel | fauteuil; armstoel | seating
stool | stool | kruk | krukje; stools | seating
bench | bench | zitbank | benches | seating
sofa | sofa | canapé | settee; bank; sofa's | seating
rocking-chair | rocking chair | schommelstoel | | seating
tables | table | tafel | tables; tafels | furniture
side-table | side table | bijzettafel | occasional table | tables
desk | desk | bureau | schrijfbureau; writing desk | tables
storage-furniture | storage furniture | bergmeubel | | furniture
cabinet | cabinet | kast | cupboard; kasten | storage-furniture
chest | chest | kist | koffer; trunk; kisten | storage-furniture
wardrobe | wardrobe | kleerkast | linnenkast; hangkast | storage-furniture
chest-of-drawers | chest of drawers | ladekast | commode | storage-furniture
bookcase | bookcase | boekenkast | | storage-furniture
sideboard | sideboard | dressoir | buffet | storage-furniture
display-case | display case | vitrinekast | vitrine; showcase | storage-furniture
bed | bed | bed | bedstede | furniture
cradle | cradle | wieg | cradles | furniture
mirror | mirror | spiegel | wall mirror; spiegels | furniture
folding-screen | folding screen | kamerscherm | paravent; room divider | furniture
clothing | clothing | kleding | costume; kostuum; kledij; dress (clothing) |
dress | dress | jurk | japon; gown; robe | clothing
coat | coat | jas | mantel; overcoat | clothing
jacket | jacket | jasje | colbert; vest (jacket) | clothing
waistcoat | waistcoat | gilet | vest | clothing
shirt | shirt | hemd | overhemd | clothing
skirt | skirt | rok | rokken | clothing
trousers | trousers | broek | pants | clothing
apron | apron | schort | voorschoot | clothing
uniform | uniform | uniform | uniformen | clothing
headwear | headwear | hoofddeksel | | clothing
hat | hat | hoed | hoeden; hats | headwear
cap | cap | muts | pet; bonnet | headwear
footwear | footwear | schoeisel | | clothing
shoe | shoe | schoen | schoenen; shoes | footwear
clog | clog | klomp | klompen; sabot | footwear
glove | glove | handschoen | handschoenen; gloves | clothing
shawl | shawl | sjaal | omslagdoek; stola | clothing
accessories | dress accessories | kledingaccessoires | accessoires | clothing
fan | fan | waaier | handwaaier | accessories
handbag | handbag | handtas | tas; purse | accessories
umbrella | umbrella | paraplu | parasol | accessories
walking-stick | walking stick | wandelstok | cane | accessories
wallet | wallet | portefeuille | geldbeugel; portemonnee | accessories
jewellery | jewellery | sieraad | jewelry; juwelen; sieraden |
ring | ring | ring | vingerring; rings | jewellery
necklace | necklace | halsketting | collier; ketting | jewellery
brooch | brooch | broche | broches | jewellery
earring | earring | oorbel | oorringen; earrings | jewellery
bracelet | bracelet | armband | bracelets | jewellery
pendant | pendant | hanger | pendants | jewellery
locket | locket | medaillon | lockets | jewellery
textile-objects | textile objects | textiel | textiles; textielwerk |
tapestry | tapestry | wandtapijt | tapisserie; tapestries | textile-objects
carpet | carpet | tapijt | rug; vloerkleed | textile-objects
quilt | quilt | gewatteerde deken | quilts | textile-objects
sampler | sampler | merklap | stoplap | textile-objects
tablecloth | tablecloth | tafellaken | tafelkleed | textile-objects
curtain | curtain | gordijn | gordijnen; drapery | textile-objects
flag | flag | vlag | vlaggen; flags | textile-objects
banner | banner | vaandel | standaard; banners | textile-objects
cushion | cushion | kussen | pillow | textile-objects
blanket | blanket | deken | dekens | textile-objects
lace-object | lace (object) | kantwerk | kloskant; naaldkant | textile-objects
vessels | vessel | recipiënt | containers; vaatwerk |
jug | jug | kan | pitcher; kannen | vessels
jar | jar | pot | potten; jars | vessels
vase | vase | vaas | vazen; vases | vessels
bowl | bowl | kom | schaal; bowls | vessels
dish | dish | schotel | dishes; platter | vessels
plate | plate | bord | borden; plates | vessels
cup | cup | kop | kopje; cups | vessels
saucer | saucer | ondertas | schoteltje | vessels
mug | mug | mok | drinkbeker | vessels
teapot | teapot | theepot | teapots | vessels
coffee-pot | coffee pot | koffiepot | koffiekan | vessels
milk-jug | milk jug | melkkan | melkkannetje; creamer | vessels
sugar-bowl | sugar bowl | suikerpot | sugar basin | vessels
tureen | tureen | terrine | soepterrine | vessels
bottle | bottle | fles | flessen; bottles | vessels
goblet | goblet | bokaal | roemer | vessels
wine-glass | wine glass | wijnglas | wijnglazen | vessels
drinking-glass | drinking glass | drinkglas | glass (vessel); glazen | vessels
ewer | ewer | lampetkan | | vessels
basin | basin | waskom | lampetkom | vessels
tankard | tankard | drinkkan | pul; bierpul | vessels
urn | urn | urn | urnen | vessels
amphora | amphora | amfoor | amfora | vessels
tableware | tableware | tafelgerei | serviesgoed |
spoon | spoon | lepel | lepels; spoons | tableware
fork | fork | vork | vorken; forks | tableware
knife | knife | mes | messen; knives | tableware
cutlery | cutlery | bestek | flatware | tableware
salt-cellar | salt cellar | zoutvat | zoutvaatje | tableware
tray | tray | dienblad | presenteerblad | tableware
dinner-service | dinner service | servies | service | tableware
lighting-devices | lighting device | verlichtingstoestel | lighting; verlichting |
candlestick | candlestick | kandelaar | kandelaars; candle holder; blaker | lighting-devices
chandelier | chandelier | kroonluchter | luchter | lighting-devices
oil-lamp | oil lamp | olielamp | petroleumlamp; paraffin lamp | lighting-devices
lantern | lantern | lantaarn | lantaren | lighting-devices
table-lamp | table lamp | tafellamp | schemerlamp | lighting-devices
timepieces | timepiece | uurwerk | uurwerken |
clock | clock | klok | clocks; pendule; staande klok | timepieces
pocket-watch | pocket watch | zakhorloge | zakuurwerk | timepieces
wristwatch | wristwatch | polshorloge | armbandhorloge | timepieces
sundial | sundial | zonnewijzer | | timepieces
hourglass | hourglass | zandloper | | timepieces
scientific-instruments | scientific instrument | wetenschappelijk instrument | |
microscope | microscope | microscoop | | scientific-instruments
telescope | telescope | telescoop | verrekijker | scientific-instruments
globe | globe | globe | wereldbol; hemelglobe | scientific-instruments
compass | compass | kompas | | scientific-instruments
barometer | barometer | barometer | | scientific-instruments
thermometer | thermometer | thermometer | | scientific-instruments
scales | scales | weegschaal | balance; balans | scientific-instruments
sextant | sextant | sextant | octant | scientific-instruments
tools-equipment | tools and equipment | gereedschap | tools; werktuigen |
hammer | hammer | hamer | | tools-equipment
saw | saw | zaag | | tools-equipment
plane-tool | plane (tool) | schaaf | | tools-equipment
chisel | chisel | beitel | | tools-equipment
spinning-wheel | spinning wheel | spinnewiel | | tools-equipment
loom | loom | weefgetouw | weefstoel | tools-equipment
flat-iron | flat iron | strijkijzer | bout | tools-equipment
sewing-machine | sewing machine | naaimachine | | tools-equipment
typewriter | typewriter | schrijfmachine | | tools-equipment
camera | camera | fototoestel | fotocamera | tools-equipment
radio | radio | radio | radiotoestel | tools-equipment
telephone | telephone | telefoon | telefoontoestel | tools-equipment
printing-press | printing press | drukpers | | tools-equipment
weapons | arms and armour | wapens | weapons; wapenrusting |
sword | sword | zwaard | sabel; degen | weapons
dagger | dagger | dolk | | weapons
helmet | helmet | helm | | weapons
armour | armour | harnas | armor; wapenrusting (harnas) | weapons
musket | musket | musket | | weapons
pistol | pistol | pistool | | weapons
cannon | cannon | kanon | | weapons
shield | shield | schild | | weapons
coins-medals | coins and medals | munten en penningen | numismatiek; numismatics |
coin | coin | munt | munten; coins; muntstuk | coins-medals
medal | medal | penning | medaille; gedenkpenning | coins-medals
token | token | jeton | rekenpenning | coins-medals
banknote | banknote | bankbiljet | paper money; papiergeld | coins-medals
seal | seal | zegel | lakzegel | coins-medals
seal-matrix | seal matrix | zegelstempel | signet | coins-medals
documents | document | document | documenten; archivalia; archival material |
letter | letter | brief | brieven; correspondence; correspondentie | documents
manuscript | manuscript | handschrift | manuscripts | documents
charter | charter | oorkonde | | documents
certificate | certificate | getuigschrift | diploma; certificaat | documents
deed | deed | akte | notariële akte | documents
diary | diary | dagboek | | documents
map | map | kaart | landkaart; maps; kaarten | documents
atlas | atlas | atlas | | documents
ticket | ticket | toegangsbewijs | toegangskaart; kaartje | documents
printed-matter | printed matter | drukwerk | ephemera |
book | book | boek | boeken; books | printed-matter
pamphlet | pamphlet | pamflet | vlugschrift | printed-matter
newspaper | newspaper | krant | dagblad; kranten | printed-matter
magazine | magazine | tijdschrift | periodical | printed-matter
catalogue | catalogue | catalogus | catalog | printed-matter
almanac | almanac | almanak | | printed-matter
label | label | etiket | etiketten | printed-matter
toys-games | toys and games | speelgoed en spellen | toys; speelgoed |
doll | doll | pop | poppen; dolls | toys-games
dolls-house | dolls' house | poppenhuis | dollhouse | toys-games
toy-soldier | toy soldier | tinnen soldaatje | speelgoedsoldaatje | toys-games
board-game | board game | bordspel | gezelschapsspel | toys-games
playing-cards | playing cards | speelkaarten | speelkaart; deck of cards | toys-games
toy-marble | marble (toy) | knikker | knikkers | toys-games
spinning-top | spinning top | tol | draaitol | toys-games
rocking-horse | rocking horse | hobbelpaard | | toys-games
marionette | marionette | marionet | puppet; poppenkastpop | toys-games
teddy-bear | teddy bear | teddybeer | knuffelbeer | toys-games
musical-instruments | musical instrument | muziekinstrument | muziekinstrumenten; instruments |
violin | violin | viool | fiddle; violen | musical-instruments
cello | cello | cello | violoncello | musical-instruments
guitar | guitar | gitaar | | musical-instruments
lute | lute | luit | | musical-instruments
harp | harp | harp | | musical-instruments
piano | piano | piano | pianoforte; vleugel | musical-instruments
harpsichord | harpsichord | klavecimbel | clavecin | musical-instruments
organ | organ | orgel | | musical-instruments
barrel-organ | barrel organ | draaiorgel | | musical-instruments
flute | flute | dwarsfluit | fluit | musical-instruments
recorder | recorder | blokfluit | | musical-instruments
clarinet | clarinet | klarinet | | musical-instruments
trumpet | trumpet | trompet | | musical-instruments
drum | drum | trom | trommel | musical-instruments
accordion | accordion | accordeon | trekzak | musical-instruments
religious-objects | religious object | religieus voorwerp | devotional object; devotievoorwerp |
chalice | chalice | kelk | miskelk | religious-objects
crucifix | crucifix | kruisbeeld | crucifixus | religious-objects
rosary | rosary | rozenkrans | paternoster | religious-objects
reliquary | reliquary | reliekhouder | reliekschrijn | religious-objects
monstrance | monstrance | monstrans | | religious-objects
censer | censer | wierookvat | thurible | religious-objects
ex-voto | ex-voto | ex voto | votive offering | religious-objects
household-objects | household object | huishoudelijk voorwerp | huisraad; household utensils |
kettle | kettle | ketel | waterketel | household-objects
pan | pan | pan | steelpan; koekenpan | household-objects
mortar-pestle | mortar and pestle | vijzel | vijzel en stamper | household-objects
bucket | bucket | emmer | pail | household-objects
basket | basket | mand | korf; baskets | household-objects
box | box | doos | dozen; doosje; boxes | household-objects
coffee-grinder | coffee grinder | koffiemolen | coffee mill | household-objects
warming-pan | warming pan | beddenpan | | household-objects
foot-warmer | foot warmer | stoof | voetstoof | household-objects
butter-churn | butter churn | karnton | karn | household-objects
waffle-iron | waffle iron | wafelijzer | | household-objects
tobacco-pipe | tobacco pipe | pijp | kleipijp; tabakspijp; pipe | household-objects
snuffbox | snuffbox | snuifdoos | | household-objects
comb | comb | kam | | household-objects
spectacles | spectacles | bril | glasses (spectacles) | household-objects
building-elements | building element | bouwfragment | architectural fragment; bouwonderdeel |
tile | tile | tegel | tegels; tiles; wandtegel | building-elements
tile-tableau | tile panel | tegeltableau | tegelplateau | building-elements
stained-glass-window | stained glass window | glas-in-loodraam | glasraam | building-elements
gable-stone | gable stone | gevelsteen | | building-elements
door | door | deur | | building-elements
weather-vane | weather vane | windwijzer | windvaan | building-elements
shop-sign | shop sign | uithangbord | signboard | building-elements
archaeological-finds | archaeological find | archeologische vondst | bodemvondst |
potsherd | potsherd | scherf | sherd; scherven | archaeological-finds
arrowhead | arrowhead | pijlpunt | | archaeological-finds
hand-axe | hand axe | vuistbijl | | archaeological-finds
fibula | fibula | mantelspeld | fibula (brooch) | archaeological-finds
transport | means of transport | vervoermiddel | transport |
bicycle | bicycle | fiets | rijwiel; bike | transport
cart | cart | kar | handkar | transport
carriage | carriage | koets | rijtuig | transport
sledge | sledge | slee | sled | transport
ship-model | ship model | scheepsmodel | model ship | transport
"""

MATERIALS = """
materials | materials | materialen | material; materiaal |
wood | wood | hout | timber | materials
oak | oak | eikenhout | eik; eiken | wood
pine | pine | grenenhout | grenen; dennenhout | wood
walnut | walnut | notenhout | noten; notelaar | wood
mahogany | mahogany | mahonie | mahoniehout | wood
beech | beech | beukenhout | beuk | wood
ebony | ebony | ebbenhout | | wood
lime-wood | lime wood | lindenhout | limewood; linde | wood
birch | birch | berkenhout | | wood
elm | elm | iepenhout | olm | wood
cherry-wood | cherry wood | kersenhout | cherry | wood
fruit-wood | fruit wood | fruithout | fruitwood | wood
teak | teak | teakhout | | wood
poplar | poplar | populierenhout | | wood
willow | willow | wilgenhout | | wood
boxwood | boxwood | palmhout | buxus | wood
rosewood | rosewood | palissander | palisander | wood
plywood | plywood | multiplex | triplex | wood
panel-support | panel (support) | paneel | houten paneel; wood panel; panel | wood
cork | cork | kurk | | materials
bamboo | bamboo | bamboe | | materials
rattan | rattan | rotan | | materials
reed | reed | riet | | materials
straw | straw | stro | | materials
textile-materials | textile material | textiel (materiaal) | textile; fabric; stof | materials
linen | linen | linnen | | textile-materials
cotton | cotton | katoen | | textile-materials
wool | wool | wol | | textile-materials
silk | silk | zijde | | textile-materials
jute | jute | jute | | textile-materials
hemp | hemp | hennep | | textile-materials
felt | felt | vilt | | textile-materials
velvet | velvet | fluweel | | textile-materials
damask | damask | damast | | textile-materials
lace | lace | kant | | textile-materials
canvas | canvas | doek | linnen doek; schilderdoek | textile-materials
paper-board | paper and board | papier en karton | | materials
paper | paper | papier | | paper-board
cardboard | cardboard | karton | board | paper-board
parchment | parchment | perkament | | paper-board
vellum | vellum | velijn | | paper-board
papier-mache | papier-mâché | papier-maché | papier-mache | paper-board
japanese-paper | Japanese paper | Japans papier | washi | paper-board
tracing-paper | tracing paper | calqueerpapier | | paper-board
photographic-paper | photographic paper | fotopapier | | paper-board
paints-media | paint and drawing media | verf en tekenmiddelen | media | materials
oil-paint | oil paint | olieverf | oil; oils; olie | paints-media
tempera | tempera | tempera | egg tempera; eitempera | paints-media
watercolour-paint | watercolour | waterverf | watercolor; aquarelverf | paints-media
gouache | gouache | gouache | dekverf | paints-media
acrylic-paint | acrylic paint | acrylverf | acrylic; acryl | paints-media
ink | ink | inkt | | paints-media
india-ink | Indian ink | Oost-Indische inkt | India ink | paints-media
iron-gall-ink | iron gall ink | ijzergalinkt | | paints-media
graphite | graphite | grafiet | pencil; potlood | paints-media
charcoal | charcoal | houtskool | | paints-media
chalk | chalk | krijt | | paints-media
red-chalk | red chalk | rood krijt | sanguine | paints-media
pastel | pastel | pastel | pastels | paints-media
wax-crayon | wax crayon | waskrijt | crayon | paints-media
gold-leaf | gold leaf | bladgoud | | paints-media
lacquer | lacquer | lak | | paints-media
varnish | varnish | vernis | | paints-media
enamel | enamel | email | émail | materials
metal | metal | metaal | metals; metalen | materials
iron | iron | ijzer | | metal
cast-iron | cast iron | gietijzer | | metal
wrought-iron | wrought iron | smeedijzer | | metal
steel | steel | staal | | metal
stainless-steel | stainless steel | roestvrij staal | rvs; inox | metal
copper | copper | koper | roodkoper | metal
brass | brass | messing | geelkoper | metal
bronze | bronze | brons | | metal
tin | tin | tin | | metal
pewter | pewter | tinlegering | | metal
silver | silver | zilver | | metal
silver-gilt | silver-gilt | verguld zilver | vermeil | metal
gold | gold | goud | | metal
lead | lead | lood | | metal
zinc | zinc | zink | | metal
aluminium | aluminium | aluminium | aluminum | metal
nickel | nickel | nikkel | | metal
nickel-silver | nickel silver | nieuwzilver | alpaca; German silver | metal
platinum | platinum | platina | | metal
chromium | chromium | chroom | chrome | metal
stone | stone | steen | natuursteen | materials
marble | marble | marmer | | stone
granite | granite | graniet | | stone
limestone | limestone | kalksteen | | stone
sandstone | sandstone | zandsteen | | stone
alabaster | alabaster | albast | | stone
slate | slate | leisteen | lei | stone
flint | flint | vuursteen | silex | stone
basalt | basalt | basalt | | stone
bluestone | bluestone | hardsteen | arduin; Belgian bluestone; petit granit | stone
porphyry | porphyry | porfier | | stone
soapstone | soapstone | speksteen | steatite | stone
jade | jade | jade | | stone
gemstones | gemstone | edelsteen | gem; edelstenen | materials
diamond | diamond | diamant | | gemstones
ruby | ruby | robijn | | gemstones
sapphire | sapphire | saffier | | gemstones
emerald | emerald | smaragd | | gemstones
garnet | garnet | granaat | | gemstones
amber | amber | barnsteen | amber (resin) | materials
ceramic-materials | ceramic | keramiek | ceramics; ceramiek | materials
earthenware | earthenware | aardewerk | pottery | ceramic-materials
stoneware | stoneware | steengoed | | ceramic-materials
porcelain | porcelain | porselein | china | ceramic-materials
faience | faience | faience | faïence; plateel; delftware; Delfts blauw | ceramic-materials
majolica | majolica | majolica | maiolica | ceramic-materials
terracotta | terracotta | terracotta | terra cotta | ceramic-materials
biscuit | biscuit porcelain | biscuit | bisque | ceramic-materials
bone-china | bone china | beenderporselein | | ceramic-materials
clay | clay | klei | | ceramic-materials
brick | brick | baksteen | | ceramic-materials
glass | glass | glas | | materials
crystal-glass | crystal glass | kristal | lead crystal; kristalglas | glass
stained-glass | stained glass | gebrandschilderd glas | glas-in-lood | glass
opaline | opaline | opaline | opaline glass | glass
animal-materials | animal material | dierlijk materiaal | | materials
leather | leather | leer | leder | animal-materials
bone | bone | been | bot | animal-materials
ivory | ivory | ivoor | | animal-materials
horn | horn | hoorn | | animal-materials
tortoiseshell | tortoiseshell | schildpad | | animal-materials
mother-of-pearl | mother-of-pearl | parelmoer | nacre | animal-materials
pearl | pearl | parel | parels | animal-materials
coral | coral | bloedkoraal | koraal | animal-materials
feather | feather | veer | veren; feathers | animal-materials
fur | fur | bont | pels | animal-materials
hair | hair | haar | paardenhaar | animal-materials
beeswax | beeswax | bijenwas | wax; was | animal-materials
shell | shell | schelp | schelpen | animal-materials
whalebone | whalebone | balein | baleen | animal-materials
synthetic-materials | plastic | kunststof | plastics; synthetic material | materials
bakelite | Bakelite | bakeliet | | synthetic-materials
celluloid | celluloid | celluloid | | synthetic-materials
polyester | polyester | polyester | | synthetic-materials
pvc | PVC | pvc | polyvinyl chloride; polyvinylchloride | synthetic-materials
nylon | nylon | nylon | | synthetic-materials
polystyrene | polystyrene | polystyreen | | synthetic-materials
acrylic-glass | acrylic glass | plexiglas | perspex; PMMA | synthetic-materials
rubber | rubber | rubber | caoutchouc; gummi | materials
resin | resin | hars | natural resin | materials
synthetic-resin | synthetic resin | kunsthars | epoxy | synthetic-materials
photographic-materials | photographic material | fotografisch materiaal | | materials
albumen | albumen | albumine | albumen print; albuminedruk | photographic-materials
gelatin-silver | gelatin silver | zilvergelatine | gelatin silver print; zilvergelatinedruk | photographic-materials
collodion | collodion | collodium | | photographic-materials
cyanotype | cyanotype | cyanotypie | blueprint | photographic-materials
building-materials | building material | bouwmateriaal | | materials
plaster | plaster | gips | plaster of Paris | building-materials
cement | cement | cement | | building-materials
concrete | concrete | beton | | building-materials
mortar | mortar | mortel | specie | building-materials
gesso | gesso | krijtgrond | | paints-media
"""


def concepts() -> list[dict[str, str]]:
    """All concepts, in order, with project ids: T0001 … for object types, M0001 … for materials."""
    rows: list[dict[str, str]] = []
    ids: dict[str, str] = {}
    for scheme, prefix, table in (("object type", "T", OBJECT_TYPES), ("material", "M", MATERIALS)):
        parsed = [[field.strip() for field in line.split("|")] for line in table.strip().splitlines()]
        for number, (key, *_rest) in enumerate(parsed, start=1):
            ids[key] = f"{prefix}{number:04d}"
        for key, en, nl, alt, broader in parsed:
            rows.append({
                "id": ids[key],
                "scheme": scheme,
                "pref_label_en": en,
                "pref_label_nl": nl,
                "alt_labels": "|".join(a.strip() for a in alt.split(";") if a.strip()),
                "broader": ids[broader] if broader else "",
                "exact_match": "",
            })
    return rows


def write(out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(concepts()[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(concepts())
    target = out / "concepts.csv"
    target.write_text(buffer.getvalue(), encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write concepts.csv to")
    args = parser.parse_args()
    print("wrote", write(args.out), len(concepts()), "concepts")


if __name__ == "__main__":
    main()
