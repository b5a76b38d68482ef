"""Plausible wrong answers for the metadata cleanup lab, one or more per graded question.

Each replaces the solution cell ``<question>-answer``; the tests grade it and check that it loses
exactly ``loses`` points of that question and nothing elsewhere. Never released to learners.
"""

WRONG_ANSWERS = [
    {
        "question": "q1",
        "why": "counts only NaN as missing (not empty text) and tidies capitals but not spaces",
        "loses": 3,
        "code": '''def profile(table):
    rows = {}
    for column in table.columns:
        values = table[column].dropna()
        rows[column] = {"missing": int(table[column].isna().sum()),
                        "missing_pct": round(float(table[column].isna().mean()) * 100, 1),
                        "distinct": int(values.nunique()),
                        "distinct_normalised": int(values.str.lower().nunique())}
    return pd.DataFrame.from_dict(rows, orient="index")''',
    },
    {
        "question": "q2",
        "why": "splits only at $, keeps repeats that differ in capitals, and turns NaN into 'nan'",
        "loses": 2,
        "code": '''def split_values(text, separators="$|"):
    if not text:
        return []
    return [value.strip() for value in str(text).split("$")]''',
    },
    {
        "question": "q3",
        "why": "replaces a few words with str.replace: no circa, no ordinals, no months",
        "loses": 3,
        "code": '''def dutch_date_words(text):
    text = str(text).lower()
    for dutch, english in [("ca.", "c."), ("omstreeks", "c."), ("vermoedelijk", "possibly"),
                           ("eeuw", "century"), ("eind", "late"), ("tussen", "between"),
                           (" en ", " and "), ("na ", "after "), ("voor ", "before ")]:
        text = text.replace(dutch, english)
    return text''',
    },
    {
        "question": "q4",
        "why": "keeps only the years: treats c. 1850 as exact, 1790s as 1790, and never flags",
        "loses": 4,
        "code": '''def parse_date(text):
    result = {"original": text, "edtf": None, "earliest": None, "latest": None, "flag": None}
    years = re.findall(r"\\d{4}", str(text))
    if not years:
        result["flag"] = "unparsed"
        return result
    result["edtf"] = years[0] if len(years) == 1 else f"{years[0]}/{years[1]}"
    result["earliest"], result["latest"] = years_of(result["edtf"])
    return result''',
    },
    {
        "question": "q4",
        "why": "trusts the edtf library's English parser: 'after 1850' becomes '1850/', '?c.' loses '?'",
        "loses": 4,
        "code": '''def parse_date(text):
    result = {"original": text, "edtf": None, "earliest": None, "latest": None, "flag": None}
    found = edtf.text_to_edtf(text) if text else None
    if not found:
        result["flag"] = "unparsed"
        return result
    result["edtf"] = found
    result["earliest"], result["latest"] = years_of(found)
    return result''',
    },
    {
        "question": "q5",
        "why": "reads every number as centimetres (mm read as cm, 36 1/4 read as 36, 1 and 4)",
        "loses": 3,
        "code": '''def parse_dimensions(text):
    result = {"original": text, "parts": [], "flag": None}
    if not text:
        result["flag"] = "empty"
        return result
    for piece in str(text).split(";"):
        label = None
        if ":" in piece:
            label, piece = piece.split(":", 1)
            label = label.strip().lower()
        numbers = [float(n.replace(",", ".")) for n in re.findall(r"\\d+(?:[.,]\\d+)?", piece.split("(")[0])]
        sizes = (numbers + [None, None, None])[:3]
        result["parts"].append({"part": label, "height": sizes[0], "width": sizes[1], "depth": sizes[2]})
    return result''',
    },
    {
        "question": "q6",
        "why": "knows only English qualifiers in lower case and does not turn 'Surname, Given' around",
        "loses": 3,
        "code": '''def parse_maker(text):
    result = {"original": text, "name": None, "qualifier": None, "flag": None}
    if not text:
        result["flag"] = "empty"
        return result
    name = text.strip()
    for words in ["attributed to", "after", "workshop of", "circle of", "follower of"]:
        if name.startswith(words + " "):
            result["qualifier"] = words
            name = name[len(words) + 1:]
    if name in ("anonymous", "anoniem"):
        result["qualifier"] = "anonymous"
        return result
    result["name"] = name
    return result''',
    },
    {
        "question": "q7",
        "why": "marks every repeated number as a duplicate to drop, without comparing content or capitals",
        "loses": 3,
        "code": '''def mark_duplicates(table, key="object_number"):
    marked = table.copy()
    marked["key"] = marked[key].str.strip()
    marked["duplicate"] = marked.duplicated(subset=["key"]).map({True: "drop", False: "keep"})
    return marked''',
    },
    {
        "question": "q8",
        "why": "accepts the best fuzzy match whatever its score (no review queue) and compares case-sensitively",
        "loses": 3,
        "code": '''def reconcile(term, labels, accept=90, review=75):
    result = {"original": term, "concept_id": None, "label": None, "score": 0.0, "status": "no match"}
    if not term:
        result["status"] = "empty"
        return result
    label, score, _ = process.extractOne(term, list(labels), scorer=fuzz.token_sort_ratio)
    result.update(concept_id=labels[label], label=label, score=round(score, 1), status="matched")
    return result''',
    },
    {
        "question": "q9",
        "why": "writes https:// URIs and copies web addresses as they are, without checking them",
        "loses": 3,
        "code": '''def rights_uri(text):
    result = {"original": text, "uri": None, "flag": None}
    if not text:
        result["flag"] = "empty"
        return result
    phrase = text.strip().lower()
    if phrase in RIGHTS_PHRASES:
        result["uri"] = RIGHTS_PHRASES[phrase].replace("http://", "https://")
    elif "creativecommons.org" in phrase or "rightsstatements.org" in phrase:
        result["uri"] = text.strip()
    else:
        result["flag"] = "review"
    return result''',
    },
    {
        "question": "q10",
        "why": "keeps dots, capitals and accents, no leading zero, and no error for an empty number",
        "loses": 2,
        "code": '''def image_file_name(museum_code, object_number, view=1, role="master", extension="tif"):
    number = str(object_number).strip().replace(" ", "_")
    return f"{museum_code}_{number}_{view}_{role}.{extension}"''',
    },
    {
        "question": "q11",
        "why": "requires fixed properties (title, type, isShownAt) instead of the either-or rules, and accepts any rights text",
        "loses": 3,
        "code": '''def edm_problems(record):
    problems = []
    for key in ["dc:title", "dc:type", "edm:type", "edm:dataProvider", "edm:isShownAt",
                "edm:provider", "edm:rights"]:
        if not record.get(key):
            problems.append(key)
    return problems''',
    },
    {
        "question": "q12",
        "why": "puts every value on the object as text: no aggregation, links written as Literal",
        "loses": 3,
        "code": '''def edm_graph(record, base):
    graph = Graph()
    cho = URIRef(base + "object/" + str(record["id"]))
    graph.add((cho, RDF.type, EDM.ProvidedCHO))
    for key, prop in {**CHO_PROPERTIES, **AGGREGATION_PROPERTIES}.items():
        if key in record:
            graph.add((cho, prop, Literal(str(record[key]))))
    return graph''',
    },
]
