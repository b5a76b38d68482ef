"""Plausible wrong answers for the SEO and accessibility checks lab, one or more per question.

Each replaces the solution cell ``<question>-answer``; the tests grade it and check that it loses
exactly ``loses`` points of that question and nothing elsewhere. Together they miss every hidden
check at least once. Never released to learners.
"""

WRONG_ANSWERS = [
    {
        "question": "q1",
        "why": "uses soup.title.string and an exact meta name, and fails on a page without <html>",
        "loses": 3,
        "code": '''def extract_head(html):
    soup = BeautifulSoup(html, "lxml")
    title = soup.title.string if soup.title else None
    meta = soup.find("meta", attrs={"name": "description"})
    return {"title": title, "description": meta["content"] if meta else None,
            "lang": soup.html.get("lang")}''',
    },
    {
        "question": "q1",
        "why": "does not clean the texts, so spaces stay and an empty description is not None",
        "loses": 2,
        "code": '''def extract_head(html):
    soup = parse(html)
    title = soup.find("title")
    meta = soup.find("meta", attrs={"name": re.compile("^description$", re.I)})
    root = soup.find("html")
    return {"title": title.get_text() if title else None,
            "description": meta.get("content") if meta else None,
            "lang": root.get("lang") if root else None}''',
    },
    {
        "question": "q2",
        "why": "counts the limits themselves as too long or too short, does not clean, forgets the language",
        "loses": 3,
        "code": '''def head_findings(head):
    findings = []
    title, description = head.get("title"), head.get("description")
    if not title:
        findings.append("title-missing")
    elif len(title) >= TITLE_MAX:
        findings.append("title-too-long")
    if not description:
        findings.append("description-missing")
    elif len(description) <= DESCRIPTION_MIN:
        findings.append("description-too-short")
    elif len(description) >= DESCRIPTION_MAX:
        findings.append("description-too-long")
    return findings''',
    },
    {
        "question": "q2",
        "why": "checks title and description well but forgets the language (WCAG 3.1.1)",
        "loses": 1,
        "code": '''def head_findings(head):
    title, description = clean(head.get("title")), clean(head.get("description"))
    findings = []
    if not title:
        findings.append("title-missing")
    elif len(title) > TITLE_MAX:
        findings.append("title-too-long")
    if not description:
        findings.append("description-missing")
    elif len(description) < DESCRIPTION_MIN:
        findings.append("description-too-short")
    elif len(description) > DESCRIPTION_MAX:
        findings.append("description-too-long")
    return findings''',
    },
    {
        "question": "q3",
        "why": "compares texts exactly, so capitals and spaces hide duplicates and None counts as a text",
        "loses": 2,
        "code": '''def duplicate_pages(texts):
    urls_of = {}
    for url, text in texts.items():
        urls_of.setdefault(text, []).append(url)
    return sorted(url for urls in urls_of.values() if len(urls) > 1 for url in urls)''',
    },
    {
        "question": "q4",
        "why": "only checks that an h1 exists: no multiple h1, no skipped levels",
        "loses": 3,
        "code": '''def heading_findings(html):
    soup = parse(html)
    if not soup.find("h1"):
        return ["h1-missing"]
    return []''',
    },
    {
        "question": "q4",
        "why": "also counts going back up (h4 to h2) as a skipped level",
        "loses": 1,
        "code": '''def heading_findings(html):
    soup = parse(html)
    levels = [int(tag.name[1]) for tag in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    findings = []
    if levels.count(1) == 0:
        findings.append("h1-missing")
    elif levels.count(1) > 1:
        findings.append("h1-multiple")
    if any(abs(later - earlier) > 1 for earlier, later in zip(levels, levels[1:])):
        findings.append("heading-skipped")
    return findings''',
    },
    {
        "question": "q5",
        "why": 'flags decorative images with alt="" as missing alt text',
        "loses": 1,
        "code": '''def images_without_alt(html):
    soup = parse(html)
    return [img.get("src") for img in soup.find_all("img") if not img.get("alt")]''',
    },
    {
        "question": "q5",
        "why": 'flags alt="" and stops on an image without src',
        "loses": 2,
        "code": '''def images_without_alt(html):
    soup = parse(html)
    return [img["src"] for img in soup.find_all("img") if not img.get("alt")]''',
    },
    {
        "question": "q6",
        "why": "uses only the English list, does not trim arrows and checks mailto and # links too",
        "loses": 3,
        "code": '''def vague_links(html):
    soup = parse(html)
    texts = [clean(link.get_text()).lower() for link in soup.find_all("a", href=True)]
    return [text for text in texts if text in VAGUE_LINK_TEXTS["en"]]


def uncrawlable_links(html):
    soup = parse(html)
    found = []
    for link in soup.find_all("a"):
        href = link.get("href")
        if href is None:
            if link.has_attr("onclick"):
                found.append(None)
            continue
        target = href.strip().lower()
        if target == "" or target.startswith(("javascript:", "file:")):
            found.append(href)
    return found''',
    },
    {
        "question": "q6",
        "why": "finds only lower-case javascript: links, not empty hrefs, file: links or onclick-only links",
        "loses": 1,
        "code": '''def vague_links(html):
    soup = parse(html)
    vague_texts = set().union(*VAGUE_LINK_TEXTS.values())
    found = []
    for link in soup.find_all("a", href=True):
        target = link["href"].strip().lower()
        rel = [value.lower() for value in link.get("rel", [])]
        if target.startswith(("javascript:", "mailto:", "#")) or "nofollow" in rel:
            continue
        text = clean(link.get_text(" "))
        if not text:
            text = clean(" ".join(img.get("alt", "") for img in link.find_all("img")))
        text = text.lower().strip(TRIM)
        if text in vague_texts or text.startswith(("http://", "https://", "www.")):
            found.append(text)
    return found


def uncrawlable_links(html):
    soup = parse(html)
    return [link["href"] for link in soup.find_all("a", href=True)
            if link["href"].startswith("javascript:")]''',
    },
    {
        "question": "q7",
        "why": "counts canonical tags instead of addresses, skips root and translation checks, "
               "and reads only a lower-case robots tag",
        "loses": 3,
        "code": '''def indexing_findings(html, url):
    soup = parse(html)
    findings = []
    canonicals = soup.find_all("link", rel="canonical")
    if len(canonicals) > 1:
        findings.append("canonical-multiple")
    elif canonicals and not canonicals[0]["href"].startswith("http"):
        findings.append("canonical-relative")
    robots = soup.find("meta", attrs={"name": "robots"})
    if robots and "noindex" in robots.get("content", ""):
        findings.append("noindex")
    return findings''',
    },
    {
        "question": "q7",
        "why": "misses noindex given as 'none' or for googlebot",
        "loses": 1,
        "code": '''def indexing_findings(html, url):
    soup = parse(html)
    canonicals = {clean(link.get("href")) for link in soup.find_all("link")
                  if "canonical" in [value.lower() for value in link.get("rel", [])]}
    canonicals.discard("")
    alternates = {clean(link.get("href")) for link in soup.find_all("link", hreflang=True)}
    findings = []
    if len(canonicals) > 1:
        findings.append("canonical-multiple")
    elif canonicals:
        canonical = canonicals.pop()
        parts = urlparse(canonical)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            findings.append("canonical-relative")
        elif parts.path in ("", "/") and urlparse(url).path not in ("", "/"):
            findings.append("canonical-to-root")
        elif canonical != url and canonical in alternates:
            findings.append("canonical-to-translation")
    for meta in soup.find_all("meta"):
        if clean(meta.get("name")).lower() == "robots" and "noindex" in clean(meta.get("content")).lower():
            findings.append("noindex")
    return findings''',
    },
    {
        "question": "q8",
        "why": "checks only the return links: invalid codes and missing self-references pass",
        "loses": 2,
        "code": '''def hreflang_links(html):
    soup = parse(html)
    alternates = {}
    for link in soup.find_all("link", hreflang=True):
        if "alternate" in [value.lower() for value in link.get("rel", [])]:
            alternates[clean(link["hreflang"])] = clean(link.get("href"))
    return alternates


def hreflang_findings(site):
    findings = {}
    for url, alternates in site.items():
        found = []
        for target in alternates.values():
            if target in site and url not in site[target].values():
                found.append("hreflang-not-reciprocal")
                break
        findings[url] = found
    return findings''',
    },
    {
        "question": "q8",
        "why": "takes every element with hreflang, also the <a> language switch, without cleaning",
        "loses": 1,
        "code": '''def hreflang_links(html):
    soup = parse(html)
    return {element.get("hreflang"): element.get("href") for element in soup.find_all(hreflang=True)}


def hreflang_findings(site):
    def valid(code):
        if code.lower() == "x-default":
            return True
        parts = code.split("-")
        if len(parts) == 1:
            return parts[0].lower() in LANGUAGES
        return len(parts) == 2 and parts[0].lower() in LANGUAGES and parts[1].upper() in REGIONS

    findings = {}
    for url, alternates in site.items():
        found = []
        if alternates:
            if not all(valid(code) for code in alternates):
                found.append("hreflang-invalid-code")
            if url not in alternates.values():
                found.append("hreflang-no-self")
            if any(target != url and target in site and url not in site[target].values()
                   for target in alternates.values()):
                found.append("hreflang-not-reciprocal")
        findings[url] = found
    return findings''',
    },
    {
        "question": "q9",
        "why": "reads only one top-level item per script, ignores @graph, lists and offers, "
               "and stops on broken JSON",
        "loses": 3,
        "code": '''def schema_findings(html):
    soup = parse(html)
    findings = []
    for script in soup.find_all("script", type="application/ld+json"):
        item = json.loads(script.get_text())
        kind = item.get("@type")
        for prop in REQUIRED.get(kind, []):
            if prop not in item:
                findings.append(f"{kind}.{prop}")
    return sorted(findings)''',
    },
    {
        "question": "q9",
        "why": "checks the Product but not the offers inside it",
        "loses": 1,
        "code": '''def schema_findings(html):
    soup = parse(html)
    findings = []
    for script in soup.find_all("script"):
        if clean(script.get("type")).lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.get_text())
        except json.JSONDecodeError:
            findings.append("json-ld-invalid")
            continue
        items = data if isinstance(data, list) else [data]
        items = [part for item in items if isinstance(item, dict) for part in item.get("@graph", [item])]
        for item in items:
            types = item.get("@type", [])
            for kind in types if isinstance(types, list) else [types]:
                for prop in REQUIRED.get(kind, []):
                    if item.get(prop) in (None, "", [], {}):
                        findings.append(f"{kind}.{prop}")
    return sorted(findings)''',
    },
    {
        "question": "q10",
        "why": "uses the English formula for Dutch, no language check, and scores empty and short paragraphs",
        "loses": 3,
        "code": '''def reading_ease(text, lang):
    counts = text_counts(text, lang[:2].lower())
    return (206.835 - 1.015 * counts["words"] / counts["sentences"]
            - 84.6 * counts["syllables"] / counts["words"])


def hard_paragraphs(html, lang):
    return [number for number, paragraph in enumerate(parse(html).find_all("p"), start=1)
            if reading_ease(clean(paragraph.get_text(" ")), lang) < HARD_BELOW]''',
    },
    {
        "question": "q10",
        "why": "numbers only the paragraphs that have text",
        "loses": 1,
        "code": '''def reading_ease(text, lang):
    language = clean(lang).lower().split("-")[0]
    if language not in ("en", "nl"):
        raise ValueError(f"Only English and Dutch, not {lang!r}.")
    counts = text_counts(text, language)
    if counts["words"] == 0:
        raise ValueError("This text has no words.")
    words_per_sentence = counts["words"] / counts["sentences"]
    syllables_per_word = counts["syllables"] / counts["words"]
    if language == "en":
        return 206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word
    return 206.84 - 0.93 * words_per_sentence - 77 * syllables_per_word


def hard_paragraphs(html, lang):
    texts = [clean(p.get_text(" ")) for p in parse(html).find_all("p")]
    texts = [text for text in texts if text]
    return [number for number, text in enumerate(texts, start=1)
            if text_counts(text, lang[:2].lower())["words"] >= MIN_WORDS
            and reading_ease(text, lang) < HARD_BELOW]''',
    },
    {
        "question": "q11",
        "why": "counts findings as pages, sorts by findings only and has no column check",
        "loses": 3,
        "code": '''def fix_list(report):
    table = report.groupby("check").agg(severity=("severity", "first"), pages=("url", "count"),
                                        findings=("url", "size"))
    return table.sort_values("findings", ascending=False)''',
    },
    {
        "question": "q11",
        "why": "sorts the severities alphabetically, so notices come before warnings",
        "loses": 1,
        "code": '''def fix_list(report):
    require_columns(report, ["url", "check", "severity"], "report")
    rows = {}
    for name, part in report.groupby("check"):
        rows[name] = {"severity": part["severity"].iloc[0], "pages": part["url"].nunique(),
                      "findings": len(part)}
    table = pd.DataFrame.from_dict(rows, orient="index")
    return table.sort_values(["severity", "pages"], ascending=[True, False], kind="stable")''',
    },
    {
        "question": "q12",
        "why": "a pie chart without title or labels, and no real alt text",
        "loses": 3,
        "code": '''def plot_findings(report):
    fig, ax = plt.subplots()
    report["page_type"].value_counts().plot(kind="pie", ax=ax)
    return fig


findings_alt = "Chart"''',
    },
]
