"""Plausible wrong answers for the image editing lab, one or more per graded question.

Each replaces the solution cell ``<question>-answer``; the tests grade it and check that it loses
exactly ``loses`` points of that question and nothing elsewhere. Never released to learners.
"""

DESCRIBE = '''

def describe_photo(image):
    dpi = image.info.get("dpi")
    icc = image.info.get("icc_profile")
    return {
        "format": image.format,
        "mode": image.mode,
        "width": image.width,
        "height": image.height,
        "megapixels": round(image.width * image.height / 1_000_000, 2),
        "dpi": tuple(round(float(d)) for d in dpi) if dpi else None,
        "orientation": image.getexif().get(0x0112, 1),
        "icc": profile_name(icc) if icc else None,
    }'''

RIGHTS_READER = '''

def read_rights(path):
    with Image.open(path) as image:
        exif = image.getexif()
        packet = image.info.get("xmp")
    found = {"creator": exif.get(0x013B, ""), "copyright": exif.get(0x8298, ""),
             "credit": "", "web_statement": ""}
    if packet:
        root = ET.fromstring(packet)
        paths = {"creator": ".//dc:creator//rdf:li", "copyright": ".//dc:rights//rdf:li",
                 "credit": ".//photoshop:Credit", "web_statement": ".//xmpRights:WebStatement"}
        for key, where in paths.items():
            element = root.find(where, XMP_NS)
            if element is not None and element.text:
                found[key] = element.text
    return found'''

WRONG_ANSWERS = [
    {
        "question": "q1",
        "why": "opens lazily without load() and lets Pillow's own errors through",
        "loses": 2,
        "code": '''def open_photo(path):
    return Image.open(path)''' + DESCRIBE,
    },
    {
        "question": "q1",
        "why": "megapixels in units of 1024 × 1024 and no default orientation",
        "loses": 2,
        "code": '''def open_photo(path):
    path = Path(path)
    if path.stat().st_size == 0:
        raise ValueError(f"{path.name} is empty.")
    try:
        with Image.open(path) as image:
            image.load()
    except OSError as error:
        raise ValueError(f"{path.name} cannot be read: {error}") from None
    return image


def describe_photo(image):
    icc = image.info.get("icc_profile")
    return {
        "format": image.format,
        "mode": image.mode,
        "width": image.width,
        "height": image.height,
        "megapixels": round(image.width * image.height / 1024 / 1024, 2),
        "dpi": image.info.get("dpi"),
        "orientation": image.getexif().get(0x0112),
        "icc": profile_name(icc) if icc else None,
    }''',
    },
    {
        "question": "q2",
        "why": "turns with rotate(90) for orientation 6, which is anticlockwise, and keeps the tag",
        "loses": 2,
        "code": '''def upright(image):
    orientation = image.getexif().get(0x0112, 1)
    if orientation == 6:
        return image.rotate(90, expand=True)
    if orientation == 8:
        return image.rotate(-90, expand=True)
    if orientation == 3:
        return image.rotate(180)
    return image.copy()''',
    },
    {
        "question": "q3",
        "why": "a plain convert('RGB'): transparent parts turn black and the ICC profile is ignored",
        "loses": 2,
        "code": '''def to_srgb(image):
    return image.convert("RGB")''',
    },
    {
        "question": "q4",
        "why": "crops the stored pixels and ignores the EXIF orientation",
        "loses": 1,
        "code": '''def crop_to_ratio(image, width, height, focus=(0.5, 0.5)):
    fx, fy = focus
    if not (0 <= fx <= 1 and 0 <= fy <= 1):
        raise ValueError("The focus point must be two shares between 0 and 1.")
    w, h = image.size
    if w / h > width / height:
        crop_w, crop_h = round(h * width / height), h
    else:
        crop_w, crop_h = w, round(w * height / width)
    left = min(max(round(fx * w - crop_w / 2), 0), w - crop_w)
    top = min(max(round(fy * h - crop_h / 2), 0), h - crop_h)
    return image.crop((left, top, left + crop_w, top + crop_h))''',
    },
    {
        "question": "q4",
        "why": "always crops in the middle and does not check the focus point",
        "loses": 2,
        "code": '''def crop_to_ratio(image, width, height, focus=(0.5, 0.5)):
    image = ImageOps.exif_transpose(image)
    return ImageOps.fit(image, (round(image.height * width / height), image.height)
                        if image.width / image.height > width / height
                        else (image.width, round(image.width * height / width)))''',
    },
    {
        "question": "q5",
        "why": "resizes to any size, so small photos are enlarged and empty images pass silently",
        "loses": 2,
        "code": '''def resize_exactly(image, width, height):
    return image.resize((width, height))''',
    },
    {
        "question": "q6",
        "why": "saves once at quality 85 whatever the budget",
        "loses": 3,
        "code": '''def save_within_budget(image, path, max_bytes, lowest=40, highest=95, **extra):
    image.save(path, "JPEG", quality=85, optimize=True, **extra)
    return 85''',
    },
    {
        "question": "q7",
        "why": "draws on the original image, at the top, and accepts an empty credit line",
        "loses": 2,
        "code": '''def add_credit_line(image, text):
    draw = ImageDraw.Draw(image)
    draw.text((5, 5), text, fill=(255, 255, 255))
    return image''',
    },
    {
        "question": "q8",
        "why": "writes accented text straight into EXIF, where it becomes question marks",
        "loses": 1,
        "code": '''def rights_metadata(creator, copyright_notice, credit, web_statement):
    if not creator.strip() or not copyright_notice.strip():
        raise ValueError("The creator and the copyright notice are required.")
    exif = Image.Exif()
    exif[0x013B] = creator
    exif[0x8298] = copyright_notice
    xmp = XMP_TEMPLATE.format(creator=escape(creator), rights=escape(copyright_notice),
                              credit=escape(credit), web_statement=escape(web_statement))
    return {"exif": exif, "xmp": xmp.encode("utf-8")}''' + RIGHTS_READER,
    },
    {
        "question": "q8",
        "why": "does not escape the values, so an & makes the XMP unreadable",
        "loses": 1,
        "code": '''def rights_metadata(creator, copyright_notice, credit, web_statement):
    if not creator.strip() or not copyright_notice.strip():
        raise ValueError("The creator and the copyright notice are required.")
    exif = Image.Exif()
    exif[0x013B] = ascii_only(creator)
    exif[0x8298] = ascii_only(copyright_notice)
    xmp = XMP_TEMPLATE.format(creator=creator, rights=copyright_notice, credit=credit,
                              web_statement=web_statement)
    return {"exif": exif, "xmp": xmp.encode("utf-8")}''' + RIGHTS_READER,
    },
    {
        "question": "q9",
        "why": "rounds the megapixels to one decimal and does not check the size",
        "loses": 2,
        "code": '''def europeana_tier(width, height, licence):
    if licence not in ACCEPTED_LICENCES:
        raise ValueError("Unknown licence.")
    megapixels = round(width * height / 1_000_000, 1)
    if megapixels >= 0.95 and licence in OPEN_LICENCES:
        return 4
    if megapixels >= 0.95 and licence in REUSE_LICENCES:
        return 3
    if megapixels >= 0.42:
        return 2
    if megapixels >= 0.1:
        return 1
    return 0''',
    },
    {
        "question": "q10",
        "why": "only lower-cases and replaces spaces: accents, quotes and slashes stay",
        "loses": 2,
        "code": '''def slug(text):
    return text.lower().replace(" ", "-")


def web_file_name(inventory_number, title, extension=".jpg"):
    return f"{slug(inventory_number)}-{slug(title)}{extension}"''',
    },
    {
        "question": "q11",
        "why": "stops at the first bad file",
        "loses": 2,
        "code": '''def process_all(paths, out_folder, make_one):
    out_folder = Path(out_folder)
    if any(Path(p).resolve().parent == out_folder.resolve() for p in paths):
        raise ValueError("The output folder holds the originals.")
    out_folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for path in tqdm(paths, desc="Photos"):
        made = make_one(path, out_folder)
        rows.append({"file": Path(path).name, "status": "ok", "output": Path(made).name, "message": ""})
    return pd.DataFrame(rows, columns=["file", "status", "output", "message"])''',
    },
    {
        "question": "q11",
        "why": "writes next to the originals when asked to",
        "loses": 1,
        "code": '''def process_all(paths, out_folder, make_one):
    out_folder = Path(out_folder)
    out_folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for path in tqdm(paths, desc="Photos"):
        try:
            made = make_one(path, out_folder)
            rows.append({"file": Path(path).name, "status": "ok", "output": Path(made).name,
                         "message": ""})
        except Exception as error:
            rows.append({"file": Path(path).name, "status": "error", "output": "",
                         "message": str(error)})
    return pd.DataFrame(rows, columns=["file", "status", "output", "message"])''',
    },
    {
        "question": "q12",
        "why": "shows only the results, without titles, and alt text of one word",
        "loses": 3,
        "code": '''def contact_sheet(pairs):
    fig, axes = plt.subplots(1, len(pairs), squeeze=False)
    for (name, before, after), ax in zip(pairs, axes[0]):
        ax.imshow(after)
    return fig


alt_texts = {"IMG_0023.JPG": "vase", "coin obverse.png": "coin", "GLASS NEGATIVE 1923.jpg": "photo"}
sheet_alt = "contact sheet"''',
    },
    {
        "question": "q12",
        "why": "a correct contact sheet, but the alt texts are file names",
        "loses": 2,
        "code": '''def contact_sheet(pairs):
    fig, axes = plt.subplots(len(pairs), 2, squeeze=False)
    for (name, before, after), (left, right) in zip(pairs, axes):
        left.imshow(before)
        left.set_title("Before: " + name)
        left.axis("off")
        right.imshow(after)
        right.set_title("After: " + name)
        right.axis("off")
    return fig


alt_texts = {name: name for name in ["IMG_0023.JPG", "coin obverse.png", "GLASS NEGATIVE 1923.jpg"]}
sheet_alt = "Contact sheet"''',
    },
]
