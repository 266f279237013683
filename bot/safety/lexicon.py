"""The safety net's phrase data: slang, word classes, risk rules and tense markers.

Data only; the engine that reads it is :mod:`bot.safety.net`.

Patterns are written in a small token language so that a rule reads like the phrase it
covers, and one line covers a family of phrasings rather than one memorised sentence:

* ``word``          matches the token's normalised form (spaCy lemma; pronouns keep their
                    form, so ``me`` and ``i`` stay apart), e.g. ``hurt`` matches "hurts",
                    "hurting", "hurt".
* ``a|b|c``         any of the alternatives.
* ``=word``         the exact lower-case form (for "hitting" where the tense matters).
* ``@CLASS``        any word of a word class below (``WORD_CLASSES``).
* ``#``             a number.
* ``~`` / ``~N``    skip up to 1 / N arbitrary tokens.
* suffix ``?``      the token is optional.

Text reaches the matcher lower-cased, with contractions expanded ("can't" -> "can not")
and slang rewritten (``SLANG``), so patterns are written in plain expanded English.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# --------------------------------------------------------------------------- rewriting

#: Whole-word rewrites applied before spaCy sees the text. Keys are lower-case words as
#: young people type them; values are plain English the rules are written against.
SLANG: Final[dict[str, str]] = {
    # self-harm / suicide shorthand (kys is aimed at others, so it is not "myself")
    "kms": "kill myself",
    "ctb": "kill myself",
    "kys": "kill yourself",
    "kmsl": "lol",
    "unalive": "kill",
    "unalived": "killed",
    "unaliving": "killing",
    "sewerslide": "suicide",
    "suicde": "suicide",
    "sucide": "suicide",
    "suiside": "suicide",
    "suicidle": "suicidal",
    "sucidal": "suicidal",
    "suicidel": "suicidal",
    "suacidal": "suicidal",
    "selfharm": "selfharm",
    "selfharming": "selfharm",
    "selfharmed": "selfharm",
    "od": "overdose",
    "oding": "overdosing",
    "odd'd": "overdosed",
    "od'd": "overdosed",
    "overdoes": "overdose",
    "overdoze": "overdose",
    "ovadose": "overdose",
    "pils": "pills",
    "pilss": "pills",
    "tabs": "tablets",
    "tablits": "tablets",
    "tablet's": "tablets",
    "tuk": "took",
    # phonetic spellings: "sum bloke keeps tuching me ... he wont leev me alone"
    "tuching": "touching",
    "tuchin": "touching",
    "touchin": "touching",
    "tuched": "touched",
    "leev": "leave",
    "upstares": "upstairs",
    "adres": "address",
    "reely": "really",
    "sik": "sick",
    "paracetemol": "paracetamol",
    "paracetamols": "paracetamol",
    "kil": "kill",
    "myslef": "myself",
    "mysef": "myself",
    "meself": "myself",
    "maself": "myself",
    "ded": "dead",
    "dye": "die",
    "dyin": "dying",
    "hurtin": "hurting",
    "cuttin": "cutting",
    "hittin": "hitting",
    "followin": "following",
    "goin": "going",
    "comin": "coming",
    "sleepin": "sleeping",
    "nothin": "nothing",
    # feelings
    "scard": "scared",
    "scarred": "scared",
    "skared": "scared",
    "scaired": "scared",
    "scaredd": "scared",
    "frightend": "frightened",
    "terified": "terrified",
    "sacred": "scared",
    "unsafe": "unsafe",
    "saf": "safe",
    # contractions typed without apostrophes
    "im": "i am",
    "ive": "i have",
    "iam": "i am",
    "youre": "you are",
    "hes": "he is",
    "shes": "she is",
    "theyre": "they are",
    "thats": "that is",
    "theres": "there is",
    "whats": "what is",
    "dont": "do not",
    "dnt": "do not",
    "dont't": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "didn": "did not",
    "dint": "did not",
    "cant": "can not",
    "cnt": "can not",
    "carnt": "can not",
    "cannot": "can not",
    "kant": "can not",
    "wont": "will not",
    "wnt": "will not",
    "wouldnt": "would not",
    "wudnt": "would not",
    "couldnt": "could not",
    "cudnt": "could not",
    "shouldnt": "should not",
    "isnt": "is not",
    "aint": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "werent": "were not",
    "havent": "have not",
    "hasnt": "has not",
    "hadnt": "had not",
    "nvr": "never",
    "neva": "never",
    # text-speak
    "u": "you",
    "ya": "you",
    "yu": "you",
    "ur": "your",
    "r": "are",
    "n": "and",
    "nd": "and",
    "wiv": "with",
    "wid": "with",
    "w/": "with",
    "gonna": "going to",
    "gunna": "going to",
    "gna": "going to",
    "finna": "going to",
    "bouta": "about to",
    "boutta": "about to",
    "wanna": "want to",
    "wana": "want to",
    "wanted2": "wanted to",
    "gotta": "got to",
    "tryna": "trying to",
    "lemme": "let me",
    "gimme": "give me",
    "dunno": "do not know",
    "duno": "do not know",
    "dno": "do not know",
    "idk": "i do not know",
    "idc": "i do not care",
    "ngl": "honestly",
    "tbh": "honestly",
    "fr": "for real",
    "rn": "right now",
    "atm": "at the moment",
    "asap": "right now",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tmrow": "tomorrow",
    "tomoz": "tomorrow",
    "2moro": "tomorrow",
    "2mrw": "tomorrow",
    "2morrow": "tomorrow",
    "tomoro": "tomorrow",
    "2nite": "tonight",
    "nite": "night",
    "nites": "nights",
    "in2": "into",
    "2night": "tonight",
    "tonite": "tonight",
    "2day": "today",
    "pls": "please",
    "plz": "please",
    "plss": "please",
    "plez": "please",
    "pleease": "please",
    "sum1": "someone",
    "som1": "someone",
    "some1": "someone",
    "sumone": "someone",
    "any1": "anyone",
    "every1": "everyone",
    "evry1": "everyone",
    "no1": "no one",
    "noone": "no one",
    "no-one": "no one",
    "nobdy": "nobody",
    "sumthin": "something",
    "sumfin": "something",
    "summat": "something",
    "somethin": "something",
    "smth": "something",
    "sth": "something",
    "nuffin": "nothing",
    "nuthin": "nothing",
    "cos": "because",
    "coz": "because",
    "cuz": "because",
    "bc": "because",
    "bcoz": "because",
    "becuz": "because",
    "abt": "about",
    "wat": "what",
    "wot": "what",
    "wen": "when",
    "wer": "where",
    "whr": "where",
    "bk": "back",
    "bak": "back",
    "hme": "home",
    "hom": "home",
    "ppl": "people",
    "fone": "phone",
    "fon": "phone",
    "phne": "phone",
    "bf": "boyfriend",
    "gf": "girlfriend",
    "dis": "this",
    "dat": "that",
    "da": "the",
    "tha": "the",
    "ok": "ok",
    "okay": "ok",
    "k": "ok",
    "wrk": "work",
    "nowhere": "nowhere",
    "nowere": "nowhere",
    "notsafe": "not safe",
    "outta": "out of",
    "sumwhere": "somewhere",
    "somewer": "somewhere",
    "hlp": "help",
    "halp": "help",
    "pic": "pic",
    "pix": "pics",
    "nudez": "nudes",
    "naked": "naked",
    "lockd": "locked",
    "folowing": "following",
    "follwing": "following",
    "agen": "again",
    "agian": "again",
    "midnite": "midnight",
    "midnyt": "midnight",
    "amb": "ambulance",
    "ambo": "ambulance",
}

#: Rewrites of several words (or words with inner punctuation) before word-level slang.
#: Applied in order as regular expressions on the lower-cased text.
PHRASE_REWRITES: Final[tuple[tuple[str, str], ...]] = (
    (r"[’‘`´]", "'"),
    (r"[“”]", '"'),
    # censored and leetspeak spellings of the words that matter most
    (r"\bk[i1!*]ll\b", "kill"),
    (r"\bk[i1!*]ll\s*m[y¥]s[e3]lf\b", "kill myself"),
    (r"\bs[u*]{1,2}[i1!*][c*][i1!*]d[e3*]\b", "suicide"),
    (r"\bs[u*][i1!*][c*][i1!*]d[a4@]l\b", "suicidal"),
    (r"\bsewer\s*slide\b", "suicide"),
    # wrapping, not a film: "6 wraps in cling film"
    (r"\bcling\s*film\b", "clingfilm"),
    (r"\bd[i1!*][e3]\b", "die"),
    (r"\bself[\s\-_]*(?:harm|h[a4@*]rm)(?:ing|ed)?\b", "selfharm"),
    (r"\bself[\s\-_]*injur(?:y|e|ing|ed)\b", "selfharm"),
    (r"\bun[\s\-]?aliv(e|ed|ing)\b", r"kill"),
    # spaCy splits "co-codamol" at the hyphen; one word keeps it a medicine
    (r"\bco[\s\-]?codam[oa]l[se]?\b", "cocodamol"),
    # "dont no were i am": homophones for the words the lost rules need
    (r"\b(don'?t|dnt|didn'?t|didnt|do not|did not)\s+no\b", r"\1 know"),
    (r"\bno\s*where\b", "nowhere"),
    (r"\bno\s+were\b", "nowhere"),
    (r"\bwere\s+(i|we)\s+(am|are|r|is)\b", r"where \1 \2"),
    (r"\bno[\s\-]one\b", "no one"),
    (r"\bcounty\s*lines?\b", "countylines"),
    (r"\bcar\s*parks?\b", "carpark"),
    (r"\bfirst[\s\-]*aid\b", "firstaid"),
    (r"\bescape\s*rooms?\b", "escaperoom"),
    (r"\bschool\s+(?:play|show|panto)s?\b", "schoolplay"),
    # "Danny (8)": spaCy reads "8)" as an emoticon; spaced, the age is a number again
    (r"\((\d{1,2})\)", r"( \1 )"),
    # "14 y/o female": spaCy splits "y/o" at the slash
    (r"\by/o\b", "yo"),
    # staff shorthand: "returned w facial injuries", "into a car w/ 2 males"
    (r"\bw/\s*", "with "),
    (r"(?<=\s)w(?=\s)", "with"),
    # a 24-hour time in the small hours ("02:20 YP on roof", "absconded 23:10") is night
    (r"\b(?:(?:2[23]|0[0-5]):[0-5]\d|(?:2[23]|0[0-5])[0-5]\d\s?hrs)\b(?! latenight)", r"\g<0> latenight"),
    # and so is 10pm to midnight ("now 10.40pm, phone off", "its 11 pm"): late for a child out
    (r"\b1[01](?:[.:][0-5]\d)?\s?pm\b(?! latenight)", r"\g<0> latenight"),
    # and the small hours on a 12-hour clock ("it's 1am"), however spaCy splits them
    (r"(?<![.:\d])\b(?:12|0?[0-5])(?:[.:][0-5]\d)?\s?am\b(?! latenight)", r"\g<0> latenight"),
    (r"\bmulti[\s\-]*stor(?:e?y|eys)\b", "multistorey"),
    (r"\bhole\s+lot\b", "whole lot"),
    (r"\b(\d{1,2})(yo|yrs?|y/o|yr)\b", r"\1 \2"),
    (r"\b(\d+)(hrs?|hours?|mins?|days?|wks?)\b", r"\1 \2"),
    # staff shorthand for age and sex: "14F", "(12M)"
    (r"\b(\d{1,2})([mf])\b", r"\1 \2"),
    (r"\btrap\s*(?:house|phone|line)\b", "countylines"),
    (r"\bgo(?:ing|ne)?\s+(?:country|cunch|ot)\b", "countylines"),
    (r"\bbricking\s+it\b", "scared"),
    (r"\bshitting\s+it\b", "scared"),
    (r"\bnot\s+gonna\s+lie\b", "honestly"),
    (r"\bnot\s+going\s+to\s+lie\b", "honestly"),
    (r"\bi\s*'\s*d\b", "i would"),
    # "2"/"4" as words only after verbs that take "to"/"for", so "2 years clean" survives
    (
        r"\b(going|gonna|want|wants|wanted|need|have|has|got|trying|try|about|ready|planning|plan)"
        r"\s+2\b",
        r"\1 to",
    ),
    (r"\b(ask|asks|asked|asking|money|pay|paid)\s+4\b", r"\1 for"),
    (r"&", " and "),
    (r"\+", " and "),
    # contractions
    (r"\bcan'?t\b", "can not"),
    (r"\bwon'?t\b", "will not"),
    (r"\bshan't\b", "shall not"),
    (r"\bain't\b", "is not"),
    (r"\b(\w+)n't\b", r"\1 not"),
    (r"\b(he|she|it|that|there|what|who|where|here|someone|somebody|everyone|nobody)'s\b", r"\1 is"),
    (r"'m\b", " am"),
    (r"'re\b", " are"),
    (r"'ve\b", " have"),
    (r"'ll\b", " will"),
    (r"'d\b", " would"),
    # scare quotes round a word or two ("my 'boyfriend' is 23") would split a phrase; a quoted
    # sentence keeps its quotes, which stand between it and what follows
    (r"(?<![a-z0-9])['\"]([a-z0-9]+(?: [a-z0-9]+)?)['\"](?![a-z0-9])", r"\1"),
)

#: Emoji that stand for a word that matters.
EMOJI_WORDS: Final[dict[str, str]] = {
    "🔪": " knife ",
    "🗡": " knife ",
    "🔫": " gun ",
    "🆘": " sos ",
    "💊": " pills ",
    "🩸": " blood ",
}

#: Laughter and joking markers. They weaken mild matches (getting lost, being scared) but
#: never an explicit emergency: a young person may laugh off something real.
LAUGHTER_RE: Final[str] = (
    r"(?:\b(?:lol+|lool+|lmf?ao+|rofl|ha(?:ha)+h?|hah|he(?:he)+|xd+|jk|jks|joking|kidding|kmsl|jokes)\b"
    r"|[😂🤣💀😆😹😅])"
)

#: Words after a laugh that end the joke ("ok im actually scared now", "no but seriously").
SERIOUS_NOW_RE: Final[str] = (
    r"\b(?:actually|genuinely|really|properly|seriously|fr)\s+(?:scared|frightened|terrified|panicking|worried|shaking)\b"
    r"|\bno\s+but\s+(?:actually|seriously|fr|for real)\b|\bnot\s+funny\s+(?:any\s*more|now)\b"
)

# --------------------------------------------------------------------------- word classes

WORD_CLASSES: Final[dict[str, tuple[str, ...]]] = {
    # people who might harm or exploit; "he"/"they" are included because disclosures
    # rarely name anyone
    "PERSON": (
        "he",
        "she",
        "they",
        "someone",
        "somebody",
        "man",
        "men",
        "guy",
        "guys",
        "lad",
        "lads",
        "boy",
        "boys",
        "bloke",
        "blokes",
        "people",
        "person",
        "stranger",
        "strangers",
        "boyfriend",
        "girlfriend",
        "ex",
        "gang",
        "woman",
        "women",
        "fella",
        "geezer",
        "group",
        "this",
        "him",
        "them",
        "her",
        "opps",
        "opp",
    ),
    # family and carers: "my mum's gonna kill me" is hyperbole, and their gifts are not
    # grooming
    "FAMILY": (
        "mum",
        "mam",
        "mom",
        "mother",
        "mummy",
        "dad",
        "father",
        "daddy",
        "nan",
        "nana",
        "nanna",
        "gran",
        "granny",
        "grandma",
        "grandad",
        "grandpa",
        "carer",
        "carers",
        "foster",
        "auntie",
        "aunt",
        "aunty",
        "uncle",
        "teacher",
        "teachers",
        "sister",
        "brother",
        "sis",
        "bro",
        "parent",
        "parents",
        "family",
        "stepmum",
        "stepdad",
        "sw",
        "worker",
        "keyworker",
        "staff",
        "cousin",
        "mums",
        "dads",
        "social",
    ),
    "VIOLENT": (
        "hit",
        "punch",
        "kick",
        "slap",
        "smack",
        "beat",
        "batter",
        "strangle",
        "choke",
        "push",
        "shove",
        "attack",
        "stab",
        "burn",
        "bite",
        "headbutt",
        "whack",
        "thump",
        "hurt",
        "abuse",
        "assault",
        "spit",
        "grab",
        "drag",
        "pin",
        "bash",
        "lamp",
        "deck",
        "throttle",
        "boot",
        "kill",
        "murder",
        "rape",
        "threaten",
        "bully",
        "jump",
        "touch",
        "strip",
        "tie",
        "slam",
        "scratch",
        "injure",
        "harm",
    ),
    "WEAPON": (
        "knife",
        "knives",
        "gun",
        "machete",
        "weapon",
        "shank",
        "nank",
        "blade",
        "axe",
        "shotgun",
        "pistol",
        "crowbar",
        "baseball",
        "taser",
        "hammer",
        "rambo",
        "bat",
    ),
    "HIGH_PLACE": (
        "bridge",
        "roof",
        "rooftop",
        "ledge",
        "cliff",
        "edge",
        "tracks",
        "railway",
        "balcony",
        "tower",
        "viaduct",
        "motorway",
        "flyover",
        "pier",
    ),
    "DRUG_ITEM": (
        "gear",
        "package",
        "parcel",
        "bag",
        "bags",
        "box",
        "stuff",
        "thing",
        "things",
        "drug",
        "drugs",
        "weed",
        "food",
        "item",
        "items",
        "wrap",
        "wraps",
        "shit",
        "gear",
        "money",
        "cash",
        "phone",
        "rucksack",
        "backpack",
        "sim",
        "pack",
        "parcels",
        "packages",
        "it",
        "something",
    ),
    "GIFT": (
        "money",
        "cash",
        "gift",
        "gifts",
        "present",
        "presents",
        "phone",
        "trainers",
        "trainer",
        "clothes",
        "stuff",
        "things",
        "weed",
        "drug",
        "drugs",
        "alcohol",
        "vodka",
        "drink",
        "drinks",
        "vape",
        "vapes",
        "fag",
        "fags",
        "cigarette",
        "cigarettes",
        "jewellery",
        "ticket",
        "tickets",
        "sim",
        "designer",
        "nails",
        "food",
        "takeaway",
        "shoes",
        "bag",
        "fiver",
        "tenner",
        "£",
        "sniff",
        "coke",
        "ket",
        "pill",
        "pills",
        "lean",
        "nos",
        "cider",
        "beer",
        "bottle",
    ),
    "BELONGING": (
        "shoe",
        "shoes",
        "key",
        "keys",
        "passport",
        "papers",
        "documents",
        "id",
        "clothes",
        "trainer",
        "trainers",
        "money",
        "card",
        "coat",
        "jacket",
        "charger",
        "sim",
        "phone",
        "bank",
        "purse",
        "wallet",
        "stuff",
        "things",
    ),
    # what someone given a drug can no longer do ("can't feel her legs")
    "CANT_DO": ("stand", "walk", "talk", "see", "move", "think", "wake", "stay", "feel"),
    # injuries staff notice on a young person
    "INJURY": ("bruise", "bruises", "bruising", "marks", "mark", "injury", "injuries", "black"),
    # what an abuser asks a child to delete or hide
    "SECRET_ITEM": ("message", "messages", "chat", "chats", "texts", "photos", "pics", "snaps", "dms"),
    "PILLS": (
        "pill",
        "pills",
        "tablet",
        "tablets",
        "paracetamol",
        "painkiller",
        "painkillers",
        "med",
        "meds",
        "medication",
        "medicine",
        "ibuprofen",
        "aspirin",
        "antidepressant",
        "antidepressants",
        "sleeping",
        "bleach",
        "cocodamol",
        "codeine",
        "insulin",
        # the medicines young people in care are most often prescribed or find at home
        "sertraline",
        "fluoxetine",
        "citalopram",
        "amitriptyline",
        "diazepam",
        "tramadol",
        "naproxen",
        "propranolol",
        "melatonin",
        "antihistamine",
        "antihistamines",
        "benzos",
        "xanax",
    ),
    "QUANTITY": (
        "load",
        "loads",
        "lot",
        "lots",
        "all",
        "bunch",
        "handful",
        "packet",
        "packets",
        "box",
        "boxes",
        "bottle",
        "too",
        "many",
        "whole",
        "some",
        "bare",
        "mad",
        "heaps",
        "several",
        "few",
        "double",
        "extra",
        "every",
        "more",
        "strip",
        "strips",
    ),
    "BODY": (
        "arm",
        "arms",
        "wrist",
        "wrists",
        "leg",
        "legs",
        "thigh",
        "thighs",
        "skin",
        "stomach",
        "body",
        "hip",
        "hips",
        "chest",
        "face",
        "hand",
        "hands",
        "neck",
    ),
    "REAL_PERSON": (
        "person",
        "human",
        "someone",
        "somebody",
        "people",
        "worker",
        "staff",
        "adult",
        "counsellor",
        "counselor",
        "anyone",
        "anybody",
        "humans",
        "member",
    ),
    "FRIENDISH": (
        "mate",
        "mates",
        "friend",
        "friends",
        "boyfriend",
        "girlfriend",
        "cousin",
        "someone",
        "somebody",
        "his",
        "her",
        "their",
        "pal",
        "bestie",
        "bestfriend",
        "bezzie",
        "nan",
        "mates'",
        "mate's",
        "friend's",
        "ex",
    ),
    "HOMEWARD": ("back", "home", "there", "placement", "house", "unit"),
    "ROUGH_PLACE": (
        "carpark",
        "multistorey",
        "rough",
        "outside",
        "street",
        "streets",
        "park",
        "bench",
        "doorway",
        "station",
        "stairwell",
        "underpass",
        "garage",
        "shed",
        "tent",
        "cold",
        "woods",
        "alley",
        "field",
        "subway",
        "stop",
        "car",
    ),
    "PIC": (
        "pic",
        "pics",
        "picture",
        "pictures",
        "photo",
        "photos",
        "nude",
        "nudes",
        "snap",
        "snaps",
        "selfie",
        "selfies",
        "video",
        "videos",
        "vid",
        "vids",
    ),
    "OLDER_WHO": (
        "man",
        "men",
        "male",
        "males",
        "guy",
        "guys",
        "lad",
        "lads",
        "boy",
        "boys",
        "bloke",
        "blokes",
        "boyfriend",
        "girl",
        "girls",
        "woman",
        "women",
        "people",
        "friend",
        "friends",
        "mate",
        "mates",
        "geezer",
        "geezers",
        "gang",
        "crowd",
        "group",
        "ones",
        "fella",
        "fellas",
        "dude",
        "dudes",
        "adult",
        "adults",
    ),
}

# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class Rule:
    """One family of phrasings that signals a category.

    ``checks`` name extra tests in the engine (see ``net._CHECKS``) for what token
    patterns cannot say, such as "the subject is not me" or "not a parent's joke".
    ``mild`` rules are dropped when the message laughs (lol, 😂). ``escalate`` is the
    category a match becomes when the same sentence says it is happening right now.
    ``weak`` rules count only when corroborated: by a second weak match, by another match
    of the same or a self-harm category, or by a sign it is happening now.
    ``counts_when_over`` rules stand even when described as over: an allegation against
    someone who cared for the child must reach a person however long ago it was.
    """

    key: str
    category: str
    reason: str
    patterns: tuple[str, ...]
    negatable: bool = True
    mild: bool = False
    checks: tuple[str, ...] = ()
    bad_next: tuple[str, ...] = ()
    bad_prev: tuple[str, ...] = ()
    escalate: str | None = None
    weak: bool = False
    counts_when_over: bool = False


#: Words that say someone feels ill right now (with a missing inhaler or insulin).
UNWELL: Final[frozenset[str]] = frozenset(
    {
        "shaky",
        "shake",
        "shaking",
        "dizzy",
        "faint",
        "fainting",
        "confused",
        "wheeze",
        "wheezing",
        "sweaty",
        "sweating",
        "breathe",
        "breath",
        "collapse",
        "think",
        "tight",
        "attack",
        "hypo",
        "ill",
        "sick",
        "weird",
        "heart",
        "numb",
        "drowsy",
    }
)
#: Rules whose words say it plainly: when the models read the whole message as harmless they
#: have not seen the like of it ("my 'boyfriend' is 23 lol he bought me an iphone"), so the
#: rule stands. Someone saying 999 has been called is as plain about the risks beside it.
UNMISTAKABLE: Final[frozenset[str]] = frozenset(
    {
        "sexual_harm_hint",
        "carer_allegation",
        "older_partner",
        "not_existing",
        "touched",
        "services_called",
        "locked_in_car",
        "sex_offender",
        "staff_harm",
        "overdose_whole_pack",
        "overdose_taken",
        "goodbye_with_a_plan",
    }
)
#: Tokens from which a message is long enough for one sentence of danger to drown in the rest
#: ("so today was alright actually, had school ... and I've got the blade out now").
LONG_MESSAGE_TOKENS: Final = 60
#: Rules that name an act, not a figure of speech: laughter does not make them a joke.
ACTS: Final[frozenset[str]] = frozenset(
    {
        "overdose",
        "overdose_amount",
        "means_ready",
        "swallowed_on_purpose",
        "serious_injury",
        "not_waking",
        "without_medicine",
        "given_something",
        "took_the_medicine_box",
        "overdose_whole_pack",
        "overdose_taken",
    }
)
#: After a denial, words that bound it in time ("not yet", "not today"): it is expected again.
FOR_NOW: Final[frozenset[str]] = frozenset({"yet", "today", "tonight", "lately", "recently", "rn"})
#: "... this week": with "this", the same.
TIME_SPANS: Final[frozenset[str]] = frozenset({"week", "weekend", "month", "time", "morning", "year"})

#: A phone about to die ("4% battery", "im on 3%").
PHONE_DYING: Final[tuple[str, ...]] = (
    "phone|battery ~3 die|dying|dead|low|flat|almost|nearly|#",
    "phone about to die",
    "hardly|barely ~ any signal",
    "no signal|reception",
    "# % ~ battery|charge|left",
    "i be on # %",
)

#: Category -> risk level name (resolved to ``Risk`` by the engine).
CATEGORY_RISK: Final[dict[str, str]] = {
    "in_danger_now": "EMERGENCY",
    "suicide_now": "EMERGENCY",
    "self_harm": "HIGH",
    "being_hurt": "HIGH",
    "exploitation": "HIGH",
    "lost_stranded": "HIGH",
    "unsafe": "HIGH",
    "want_person": "MEDIUM",
    "away": "MEDIUM",
    "happening_now": "LOW",
    "history": "LOW",
    "first_aid_lesson": "LOW",
    "unmistakable": "LOW",
    "missing_at_risk": "HIGH",
    "alone_at_night": "LOW",
    "phone_low": "LOW",
    "missing_risk": "LOW",
    "young_child": "LOW",
    "third_party": "LOW",
}

#: Human-readable names used in the reason for matches that are described as over.
CATEGORY_TOPIC: Final[dict[str, str]] = {
    "in_danger_now": "being in danger",
    "suicide_now": "suicidal thoughts",
    "self_harm": "self-harm",
    "being_hurt": "being hurt",
    "exploitation": "exploitation",
    "lost_stranded": "being lost or stranded",
    "unsafe": "feeling unsafe",
    "want_person": "wanting a person",
    "away": "being away",
    "happening_now": "something happening now",
    "missing_at_risk": "being missing with signs of risk",
    "alone_at_night": "being alone at night",
    "phone_low": "a phone about to die",
    "missing_risk": "signs of risk while missing",
    "young_child": "a young child",
    "third_party": "a report about a young person",
}

_BASE_RULES: tuple[Rule, ...] = (
    # ----------------------------------------------------------------- suicide_now
    Rule(
        "kill_myself",
        "suicide_now",
        "mentions killing themselves",
        (
            "kill|end|hang|drown|shoot|stab|poison|suffocate|off|top|gas|starve myself",
            "kill|end|hang|top|off my self|selves",
        ),
        checks=("not_told_to",),
    ),
    Rule(
        "want_to_die",
        "suicide_now",
        "says they want to die",
        (
            "want|wanna|wish|ready|deserve|prefer|plan|planning ~2 to? die",
            "want|wish|ready ~ to be dead",
            "wish i be|was|were|would dead|gone",
            "wish i ~2 never ~2 born",
            "wish i ~2 not ~2 born|alive|here|exist",
            "better off dead",
            "better off without me",
            "be|are better ~2 without me",
            "better if i ~ not here|around|alive|exist",
            "better if i ~ die|dead|gone|disappear",
            "better if i never ~2 born",
            "go to die tonight|today|soon",
            "just want to disappear forever",
        ),
        bad_next=("of", "from", "laughing", "inside"),
    ),
    Rule(
        "not_want_to_live",
        "suicide_now",
        "says they do not want to live",
        (
            "not want to be here|alive|around|live|exist|breathe",
            "not want to wake up",
            "not want to live|exist|carry",
            "never want to wake",
            "hope|wish|pray ~3 not|never wake up",
            "never wake up again",
            "not want ~2 alive",
            "no point ~2 living|live|life|alive|on|anymore",
            "no reason to live|stay|be|go|keep",
            "not worth living|it anymore|alive|life",
            "life be not worth",
            "can not go on|carry",
            "can not live like this|anymore|any",
            "tired|sick of living|life|existing",
            "tired|sick of being alive|here",
            "not want to be alive|live|exist",
        ),
        negatable=False,
        bad_next=("with", "the", "my", "it", "school", "this", "until", "till", "early", "for", "at", "in"),
    ),
    Rule(
        "end_it",
        "suicide_now",
        "talks about ending their life",
        (
            "end it all",
            "end it|everything|things ~ tonight|now|today|soon",
            "go to end it|everything",
            # "going to the railway line to end it"
            "@HIGH_PLACE|line|tracks|river|canal|sea|woods ~2 to end it|everything|things|my|her|his",
            "end my life|self",
            "take my own? life",
            "suicide|suicidal|suicidality",
            "kill|killing ~ myself",
            "no longer be here|around",
            "not be here|around ~2 tomorrow|much|long|anymore|forever",
            "will not see me again",
            "this be goodbye|it",
            "goodbye everyone|everybody|all|forever|world|cruel",
            "say|saying goodbye ~2 everyone|all|world",
            "last message|text|goodbye|note",
            "suicide note",
            "noose",
            "write|wrote|writing ~ note",
        ),
        bad_next=("squad", "with", "for", "him", "her", "them", "this", "the"),
        checks=("not_told_to", "not_earlier_message"),
    ),
    Rule(
        "overdose",
        "suicide_now",
        "mentions taking an overdose",
        (
            "overdose|overdosing|overdosed",
            "=took|=taken|=swallowed|=downed|=necked|=ate|=had|=overdosed ~ @QUANTITY ~2 @PILLS",
            (
                "take|swallow|down|neck ~ all|loads|load|lot|lots|bunch|handful|packet|box|bottle|whole|"
                "too|every ~4 @PILLS"
            ),
            "take|swallow|down|neck|pop ~2 # ~3 @PILLS",
            "=took|=taken|=swallowed|=necked @PILLS",
            "=had ~2 # ~3 @PILLS",
            "drink|drank|swallow|take ~2 bleach",
            # "says she took an unknown amount of tablets"
            "=took|=taken|=swallowed|=had ~2 unknown|random ~3 @PILLS",
        ),
        bad_next=("for", "with", "every", "each", "in", "this", "on"),
        checks=("not_my_meds", "not_first_aid_lesson"),
    ),
    # "has taken a significant paracetamol overdose": an act reported plainly, however calm
    Rule(
        "overdose_taken",
        "suicide_now",
        "says an overdose has been taken",
        (
            "=taken|=took|=had ~3 overdose",
            "have|has =overdosed",
            "suspected|deliberate|intentional|significant|large|possible ~3 overdose",
        ),
        checks=("not_my_meds", "not_first_aid_lesson"),
    ),
    Rule(
        "overdose_whole_pack",
        "suicide_now",
        "says they took a whole pack of tablets",
        ("take|swallow|down|neck ~ a? whole|entire|full ~ pack|packet|box|bottle|strip|tub ~2 of? ~2 @PILLS",),
        checks=("not_first_aid_lesson",),
    ),
    Rule(
        "took_the_medicine_box",
        "suicide_now",
        "says they took everything in a medicine box or cabinet",
        ("=took|=taken|=swallowed|=necked|=downed|=had everything|all ~4 firstaid|medicine|meds ~ box|cabinet|kit",),
    ),
    Rule(
        "means_ready",
        "suicide_now",
        "says they have tablets laid out ready",
        (
            "@PILLS ~3 line|lined|lay|laid|count|counted|set up|out",
            "line|lined|lining|lay|laid|count|counted|counting ~ up|out ~4 @PILLS",
        ),
        bad_next=("for",),
        checks=("not_food_context",),
    ),
    Rule(
        "swallowed_on_purpose",
        "suicide_now",
        "says they swallowed something on purpose",
        # not "took something on purpose to get out of pe"
        ("swallow|drink ~2 something|stuff|summat|smth|chemicals ~3 on purpose",),
    ),
    Rule(
        "jump",
        "suicide_now",
        "talks about jumping or being somewhere high to end life",
        (
            "go to jump",
            "gonna|will|want|about ~ to? jump",
            "threaten|threatening|threatened|threat ~ to jump",
            "jump off|from ~3 @HIGH_PLACE|building|window|top|block|park",
            "jump in|under front? of ~2 train|car|bus|lorry|traffic",
            "jump into ~2 river|sea|canal|water|traffic",
            "throw myself off|in|under|from",
            "step|walk|run|lie|lay out? in? front of ~2 train|car|bus|lorry|traffic",
            # somewhere high, and jumping named in the same breath ("on top of the car park. not
            # jumping probably"): the place says more than the hedge
            "top|roof|edge of ~2 carpark|multistorey|building|flats|block|bridge|cliff ~10 jump|jumping|end|die|bye",
            "walk into ~ traffic|river|sea",
            "be ~2 on|at the|a|top|this|that ~2 @HIGH_PLACE",
            "stand|standing|sit|sitting|stood|sat on|at ~2 @HIGH_PLACE",
            "on the train? track|tracks|line|ledge",
        ),
        bad_next=("on", "around", "up", "rope", "in", "start", "over"),
        checks=("not_leisure_jump",),
    ),
    Rule(
        "serious_injury",
        "suicide_now",
        "describes a self-injury that may need urgent medical help",
        (
            "cut|cutting too deep",
            "ligature|ligatures",
            "bleed|bleeding through",
            "deep cut|cuts|gash|wound ~3 to|on|in ~2 her|his|my|their ~ arm|arms|forearm|wrist|wrists|leg|legs|thigh",
            "cut|cutting ~ this|so|too deep",
            "mean to go|cut ~ this|so|too deep",
            "blood everywhere",
            "can not stop ~ bleeding|bleed|blood",
            "will not stop bleeding",
            "blood ~2 pouring|gushing|spurting|everywhere",
            # "cut his wrist ... its not stopping", "the towels soaked through"
            "cut|wrist|wrists|bleed|bleeding|blood ~8 not stop|stopping|stopped",
            "towel|towels|tea-towel|bandage|bandages ~3 soak|soaked|soaking|drench|drenched|red",
            "bleed|bleeding ~ a? lot|loads|everywhere|badly|heavily",
            "loads|lots|lot of blood",
            "slit|cut|slice|slash my wrist|wrists|throat",
            "so much blood",
        ),
        checks=("not_minor_wound", "not_first_aid_lesson", "not_lesson", "not_game"),
    ),
    # ----------------------------------------------------------------- in_danger_now
    Rule(
        "help_now",
        "in_danger_now",
        "asks for help urgently",
        (
            "help ~2 now|right|quick|quickly|urgent|urgently|immediately|fast",
            "someone|somebody|anyone|anybody ~ help me|us",
            "help help",
            "sos",
            "call|ring|get|phone|need ~2 999|ambulance",
            "need|want ~2 police now|here",
            "emergency",
            "please ~ help ~ please",
        ),
        bad_next=("with",),
        bad_prev=("not", "no"),
        # "we practised overdoses. do you ring 999 first?": a question about the lesson
        checks=("not_first_aid_lesson",),
    ),
    Rule(
        "help_plea",
        "in_danger_now",
        "asks for help urgently",
        # "SOMEONE HELP", not "can anyone help with my homework" or "someone help me revise"
        ("someone|somebody|anyone|anybody help",),
        bad_next=("with", "me", "us", "you", "him", "her", "them", "out", "on", "in", "if", "to", "i"),
        bad_prev=("not", "no", "can", "could", "will", "would", "does", "do", "did"),
    ),
    Rule(
        "in_danger",
        "in_danger_now",
        "says they are in danger",
        ("in danger", "life be in danger", "going to die", "he will kill me tonight"),
        bad_next=("of",),
        checks=("not_hyperbole_threat",),
    ),
    Rule(
        "attacked_now",
        "in_danger_now",
        "describes being attacked right now",
        (
            (
                "be|keep|stop =hitting|=hurting|=attacking|=beating|=strangling|=choking|=punching|"
                "=kicking|=stabbing|=touching|=raping|=dragging|=grabbing|=battering|=smacking|=slapping|"
                "=strangling|=throttling me|my"
            ),
            "be =hitting|=beating|=hurting|=attacking me|my",
            ("@PERSON ~ =hitting|=beating|=hurting|=attacking|=strangling|=choking|=raping|=touching me ~2 now"),
            "try|trying|tried|going|go to kill|strangle|stab|choke|drown|rape|murder|shoot me",
            "go to kill|stab|shoot|rape|murder me",
            "coming|come for me ~ with",
        ),
        checks=("not_hyperbole_threat",),
    ),
    Rule(
        "trapped",
        "in_danger_now",
        "says they are locked in or trapped",
        (
            "be locked in|inside|up",
            "have|has locked me in|inside|up",
            "lock|locked in ~2 room|flat|house|car|boot|cupboard|bathroom|shed|basement|cellar|van",
            "trap|trapped",
            "can not get out|away|escape",
            "can not escape",
            "hold|keep|holding|keeping me hostage|prisoner",
            "hostage",
            "will not let me out ~2 now|right",
            # "they make me stay in the room, the uncle lock it every night"
            "he|she|they|uncle|@OLDER_WHO ~2 lock|locks|locked ~2 it|door|room|me|us ~3 every|each|at night",
        ),
        bad_next=("of", "here", "bed", "this", "it", "my", "the"),
        checks=("not_feel_trapped", "not_game", "not_lesson"),
    ),
    Rule(
        # A carer or a friend passing on what is happening to someone else right now.
        "held_relayed",
        "in_danger_now",
        "says someone is being kept somewhere or will not be let go",
        (
            "not|never let|letting her|him|them ~ go|leave|out",
            "have|has locked her|him|them in|inside|up",
            "keep|keeping|hold|holding her|him|them hostage|prisoner|there|locked",
        ),
        bad_next=(
            "to",
            "on",
            "with",
            "for",
            "early",
            "yet",
            "play",
            "stay",
            "school",
            "class",
            "lesson",
            "college",
            "work",
            "until",
            "till",
            "before",
            "without",
        ),
        checks=("not_family_agent", "not_game"),
    ),
    Rule(
        "given_something",
        "in_danger_now",
        "says they were given something and cannot stand or think straight",
        (
            "give|given|gave ~2 something|stuff|summat|smth|sumthin ~8 can not @CANT_DO",
            # "she drank something a boy gave her and now she can't feel her legs"
            "something|stuff ~3 give|gave|given ~ her|him|me|them ~8 can not @CANT_DO",
            # the other way round: "can't stand up properly, someone gave her something"
            "can not @CANT_DO ~8 give|gave|given ~2 her|him|me|them ~ something|stuff|summat|smth",
        ),
    ),
    Rule(
        "weapon",
        "in_danger_now",
        "mentions someone with a weapon",
        (
            "@WEAPON",
            "pull ~2 @WEAPON",
            "stab me",
        ),
        negatable=True,
        # "water guns", "nerf gun", "the knife and fork"
        bad_prev=("water", "nerf", "toy", "glue", "paintball", "laser", "bubble", "staple", "squirt", "spud", "cap"),
        checks=("weapon_other_person",),
    ),
    Rule(
        "getting_in",
        "in_danger_now",
        "says someone is trying to get in or will not go away",
        (
            "try|trying to get|break|force|kick ~ in|inside",
            "break|breaking|kick|kicking|smash|smashing ~ in|into|down ~2 door|window",
            (
                "bang|banging|kick|kicking|pound|pounding|hammer|hammering|knock|knocking on|at ~2 door|"
                "window|doors|windows"
            ),
            "@PERSON ~3 outside my|the ~ door|window|room|house|flat|home|bedroom",
            "outside|door|window ~6 will|would not go|leave",
            "will not go|leave ~2 away ~ outside",
            "there be ~2 @PERSON outside",
        ),
        checks=("not_friendly_visitor",),
    ),
    Rule(
        "taken_away",
        "in_danger_now",
        "says they are being taken somewhere against their will",
        (
            "against my will",
            "kidnap|kidnapped|abduct|abducted",
            "force|make|drag|push|throw|bundle|put ~ me ~3 in|into ~4 car|van|boot|motor",
            # "bundled my lil bro in a van"
            "force|drag|push|throw|bundle|shove ~4 in|into ~2 car|van|boot|motor",
            # "pulling him towards a silver car"
            "pull|drag|push|bundle|shove ~4 towards|toward|to ~3 car|van|motor",
            "in the boot",
            "not let me out of ~2 car|van",
            "not|never stop|pull ~ the? car|van|taxi|cab|over",
            "not know where ~3 taking|take me",
            # "i am very scared where they take me"
            "scared|afraid|frightened|worried ~3 where ~2 they|he|she|them take|taking|takes me",
            "traffick|trafficked|trafficking",
        ),
        # "in the book a boy gets kidnapped": a story, not a disclosure
        checks=("not_family_agent", "not_lesson"),
    ),
    Rule(
        "stranger_lure",
        "unsafe",
        "says a man or a stranger is asking them back to his place",
        (
            (
                "man|men|guy|guys|bloke|blokes|stranger|strangers|someone|somebody|he ~3 say|said|says|saying|keep|"
                "keeps|offer|offered|offering|tell|told|want|wants ~3 come|go|stay|sleep ~2 to|at|back|round|with ~2 "
                "his|their ~ house|flat|place|car|room|hotel"
            ),
            "get|got in ~2 his|their car",
        ),
        checks=("not_family_agent", "not_lesson", "not_game"),
    ),
    Rule(
        "sexual_assault",
        "in_danger_now",
        "describes sexual assault",
        (
            "rape|raped|raping",
            "sexually assault|assaulted|abuse|abused|touch|touched",
            "sexual assault|abuse",
            "force|make ~2 me ~2 have sex",
            "force|make ~2 me ~2 sleep with",
            "force|make ~2 me ~2 suck|sexual|sex",
            "touch|touching|touched me ~2 inappropriately|down|private|privates|there|sexually|where",
            "touch|touching|touched my privates|private|bum|boobs|chest|body",
            "molest|molested",
        ),
    ),
    # ----------------------------------------------------------------- self_harm
    Rule(
        "self_harm",
        "self_harm",
        "mentions self-harm",
        (
            "selfharm",
            (
                "cut|cutting|slice|slicing|scratch|scratching|burn|burning|carve|carving|hit|hitting|"
                "punch|harm|hurt|bruise|starve|bite|stab|pinch myself"
            ),
            "cut|cutting|slice|carve|scratch|burn ~ my @BODY",
            "been|start|keep|use ~2 =cutting|=cut",
            "=cutting|=cut again",
            "=cutting|cut ~ myself|my",
            "relapse|relapsed|relapsing",
            "sh again|scars",
            "do|did|doing|done sh",
            "bang my head",
            "razor|razors|blades|sharpener",
            "want|need|urge ~2 to cut|harm|hurt",
            "hurt|harm|punish myself",
        ),
        escalate="suicide_now",
        checks=("not_told_to",),
    ),
    Rule(
        "hopeless",
        "self_harm",
        "says they are a burden or cannot cope",
        (
            "be|am a burden",
            "burden to|on everyone|everybody|people|them|you",
            "can not cope|take|handle ~ anymore|this|it|any",
            "can not cope",
            "can not do this|it ~ anymore|any|more",
            "no|nobody one? ~2 care|miss|notice ~2 if|me|when",
            "everyone hate me",
            "give up on everything|life",
            "hate myself|my life",
        ),
        bad_next=("with", "homework", "maths", "exams"),
    ),
    # ----------------------------------------------------------------- being_hurt
    Rule(
        "passed_on_harm",
        "being_hurt",
        "passes on a disclosure or an injury with an unlikely explanation",
        (
            "disclose|disclosed|disclosing ~12 touch|touching|touched|hit|hitting|hurt|hurting|abuse|abusing|abused",
            "bruise|bruises|bruising|marks|mark ~3 on|to|round|around her|his|my|their ~ neck|throat",
            "@INJURY ~10 say|says|said|claim|claims|claimed ~2 she|he|they ~ fall|fell",
            "disclosure|disclosures ~2 from|by|to|at|about",
        ),
        # "says he fell off his bike" gives a cause; a bare "says she fell" is what staff doubt
        bad_next=("off", "asleep", "in"),
    ),
    Rule(
        "sexual_harm_hint",
        "being_hurt",
        "hints at sexual abuse without naming it",
        (
            "make|made|makes|making ~2 her|him|me|them ~ watch ~3 porn|grown|adult|dirty|rude|sex",
            "do|does|did|doing things|stuff to ~ me|her|him ~3 when|while ~3 alone|asleep|bed|night",
            "come|creep|sneak|get in|into my room|bedroom|bed ~4 night|nights|when|while|late",
            # "she was 'made to' have sex with a friend of her boyfriend"
            "make|made|force|forced to ~2 have|having sex|sleep",
        ),
        checks=("not_caring_visit",),
        # a first disclosure of sexual abuse needs a person however long ago it was
        counts_when_over=True,
    ),
    Rule(
        "touched",
        "being_hurt",
        "says someone touched them or another child (sexual touching)",
        (
            # "a man touch her at the party", "her uncle touched her when she stayed at his"
            "@PERSON|uncle|dad|stepdad|brother|cousin|grandad|teacher|coach|carer|neighbour|partner ~2 "
            "touch|touched|touching|grope|groped|groping|feel|felt her|him|me|them ~ up?",
            "touch|touched|touching|grope|groped ~2 on|in ~ my|her|his ~ bum|boobs|chest|privates|private|crotch",
        ),
        # "he touched her arm to get her attention", "that song really touched me"
        bad_next=(
            "arm",
            "arms",
            "shoulder",
            "shoulders",
            "hand",
            "hands",
            "hair",
            "head",
            "back",
            "face",
            "phone",
            "stuff",
            "things",
            "bag",
            "food",
            "plate",
            "deeply",
            "so",
            "heart",
            "emotionally",
            "with",
            "to",
            "for",
            "on",
            "base",
            "screen",
            "nerve",
        ),
        escalate="in_danger_now",
        counts_when_over=True,
    ),
    Rule(
        "carer_allegation",
        "being_hurt",
        "says someone who cared for them hurt them (an allegation, even when it is over)",
        tuple(
            f"old|previous|last|ex|former ~2 {who} {did}"
            for who in ("carer|carers|staff|keyworker|worker", "foster mum|dad|mam|mom|parent|parents|carer|carers")
            for did in (
                "use|used|would to? ~2 hit|hurt|beat|slap|kick|punch|smack|touch|lock|shut|starve|batter|strangle me",
                "=hit|=hurt|=beat|=slapped|=kicked|=punched|=smacked|=touched|=locked|=shut|=starved|=battered me",
                # "used to hold my head under the bath water"
                "use|used|would to? ~2 hold|push|put|force|shove|dunk ~ my head",
                "=held|=pushed|=put|=forced|=shoved|=dunked my head",
            )
        ),
        counts_when_over=True,
    ),
    Rule(
        "self_harm_found",
        "self_harm",
        "passes on fresh self-harm marks someone found",
        (
            "found|noticed|saw|seen|spotted ~3 cut|cuts|scratches|burn|burns ~4 "
            "arm|arms|thigh|thighs|wrist|wrists|leg|legs|stomach",
            # "has cuts on her thighs", "she cut her arms again", "making herself sick after meals"
            (
                "have|has|got ~3 cut|cuts|scratches|burns|marks on ~2 her|his|their|my ~ "
                "arm|arms|thigh|thighs|wrist|wrists|legs|stomach"
            ),
            (
                "make|making|made herself|himself|themselves|myself sick|vomit ~2 after|every ~3 "
                "meal|meals|food|eating|dinner|tea"
            ),
            "purge|purging|bulimia|bulimic|anorexia|anorexic",
        ),
        bad_next=("from",),
    ),
    Rule(
        "self_harm_other",
        "self_harm",
        "says someone else cuts or burns themselves",
        (
            "cut|cutting|slice|slicing|carve|carving|burn|burning her|his|their arm|arms|wrist|wrists|thigh|thighs",
            "=cutting|=burning herself|himself|themselves",
            "cut|cuts|burnt|burned herself|himself|themselves ~2 again|on purpose|deliberately",
        ),
        # "he cut his arm on the fence": an accident
        bad_next=("on", "open", "off", "while", "when", "falling", "by", "shaving", "playing"),
    ),
    Rule(
        "food_withheld",
        "being_hurt",
        "says they are kept without food",
        (
            # the negation is the harm: "they don't give me food unless i've done my jobs"
            "not ~2 give|let|feed ~2 me|us ~3 food|eat|dinner|tea|meal|meals|breakfast|lunch",
            "not eat|eaten ~3 in|for # ~ day|days",
            # neglect: "forgets to buy food", "hungry most days", "no food in the house"
            "hungry most|every|all ~ day|days|time|night|nights|week",
            "no food in ~2 house|flat|fridge|cupboard|cupboards|home",
            "forget|forgets|forgot|never ~2 buy|by|get|make|cook ~2 food|dinner|tea|meals|shopping",
            "nothing to eat ~3 house|home|again|days|all",
        ),
        negatable=False,
    ),
    Rule(
        "hit_by_someone",
        "being_hurt",
        "says someone hits or hurts them",
        (
            "@VIOLENT me|my|us",
            "beat|beaten|beating me up",
            "be|get|got|been beat|beaten|battered|kicked|smashed up",
            "throw|threw|thrown|chuck|chucked|lob|lobbed ~4 at me|my",
            "hand|hands ~2 round|around|on my neck|throat",
            "say|said|says|saying ~2 i be next",
            "have|having a go on me",
            "i be dead when|if|once he|she|they ~2 get|come ~ here|back",
            "bruise|bruises|marks|cuts ~4 from him|her|them",
            "tell|told ~3 i fell|walked|slipped",
            "beat up",
            (
                "be|get|got|been =hit|=punched|=kicked|=slapped|=attacked|=jumped|=stabbed|=assaulted|"
                "=abused|=battered|=beaten|=hurt|=strangled|=choked|=threatened|=smacked|=mugged|=robbed|"
                "=bullied|=burnt|=burned|=pushed|=shoved|=bitten"
            ),
            "abuse|abusive|abused|abusing",
            "hold|held|holds|holding|push|pushed|pushes|force|forced|shove|shoved|dunk ~2 my head ~2 under|in|into",
            "threaten|threat|threats|threatening",
            (
                "say|said|tell|told ~3 will|would|go|gonna|going ~ to? hurt|kill|beat|hit|stab|batter|"
                "murder|get|smash|do me"
            ),
            "black eye",
            "bruise|bruises|bruised|marks on my",
            "@PERSON ~2 will|would|gonna hurt|hit|beat|batter|smash|stab|kill|murder me",
            "go to hurt|hit|beat|batter|smash|get|punch|kick me",
            "tell|told|telling|say|said ~2 me to kill|hang|kms myself|yourself",
            "tell|told|telling ~ me to kys",
            "bully|bullied|bullying",
        ),
        bad_next=("up",),  # "hit me up later"
        checks=(
            "other_agent",
            "not_figurative_blow",
            "not_small_child",
            "not_hyperbole_threat",
            "not_benign_cause",
            "not_food_object",
            "not_game",
            "not_news",
            "not_sport",
        ),
        escalate="in_danger_now",
    ),
    # An abuser who has found where a child now lives or studies ("he know my new school name",
    # "my dad found me, he come to take me back"): said even to deny it, it is fear now.
    Rule(
        "tracked_down",
        "unsafe",
        "says someone they fear has found them or where they now live or go to school",
        (
            "he|she|they|dad|stepdad|mum|uncle ~2 =found|=find|=tracked|=traced me",
            "know|knows|knew|found|find|out ~3 my new school|address|placement|house|home|area|town",
            "he|she|they ~2 come|coming|comes ~3 take|drag|snatch me back",
        ),
        negatable=False,
        bad_next=("a", "an", "some", "the", "one", "to", "home", "on", "at"),
    ),
    Rule(
        "controlled",
        "being_hurt",
        "describes being controlled or kept from leaving",
        (
            "take|took|hide|hid|keep|steal|stole|confiscate|smash|break ~ my @BELONGING",
            "not give|let ~2 me ~2 have? ~2 my? @BELONGING ~2 back",
            ("not let|allow me ~2 out|leave|go|see|eat|sleep|call|talk|speak|have|contact|outside|text|phone|home"),
            "never let me ~2 out|leave|go|see|eat|call|talk|have",
            "not allowed ~ to? leave|out|go|eat|call|talk",
            "lock|locks|locked me in|out|up|inside",
            "lock|locks|locked the|my ~ door",
            "can not leave",
            "keep|keeps|kept me in|there|inside|locked",
            "control|controls|controlling|controlled me|my|everything|who|what|where",
            "controlling|possessive",
            "make|makes|made me ~3 do|did ~ stuff|things|it",
            "tell|told me not to tell|say",
            "our little? secret",
            "say|said|says|tell|told ~2 i|me ~2 can not|not allowed to? ~2 go|leave|get ~ out|home|outside",
            # "i dont want to do what theyre saying"
            "not want to do what ~2 he|she|they|them|him ~2 say|saying|want|wants|tell|telling|ask|asking",
        ),
        bad_next=("off", "to", "out", "for", "early", "now", "yet", "with", "on", "charger"),
        # "CPR, choking, bleeding control": a first-aid topic, not a controlling person
        bad_prev=("bleeding", "bleed", "birth", "remote", "crowd", "pest", "traffic", "border"),
        checks=("other_agent",),
        escalate="in_danger_now",
    ),
    # ----------------------------------------------------------------- exploitation
    Rule(
        "signs_on_return",
        "exploitation",
        "describes signs of exploitation (cash, gifts, hidden bags, withheld numbers, secret messages)",
        (
            "return|returned|came|come|turned|turn ~2 back|in|up ~3 with ~5 cash|money|£|#|phone|phones|trainers",
            "return|returned ~3 with ~5 cash|money|£|phone|phones|trainers|clothes|@INJURY",
            "£ # ~2 cash|in|on him|her",
            # a second phone, dropped off by a car or by adults: criminal exploitation's signs
            "#|two|three|2nd|second|extra|another phones|phone ~2 on|with him|her",
            "second|2nd phone ~3 he|she|they ~2 not|never|hide|hid",
            "burner phone|phones",
            "drop|dropped|dropping off by ~4 car|cars|van|@OLDER_WHO|uncle|uncles|someone|somebody",
            "wad|wads|roll|bundle of ~ cash|money|notes|twenties",
            "refuse|refused|refuses|refusing to ~ say|tell|explain ~3 what|where|who|how",
            "vague|evasive|unclear ~3 about? where|what|who",
            (
                "new ~2 clothes|phone|phones|iphone|trainers|jewellery|stuff|bag ~5 not|never ~ "
                "buy|bought|give|gave|afford"
            ),
            "not say|tell|explain ~3 where ~4 from|get|got",
            "not let ~2 anyone|anybody|us|me|staff|carers ~ look|see|check ~3 bag|bags|phone|rucksack",
            "withheld number|numbers",
            "ask|asking|asked|tell|telling|told ~2 her|him|me|them to ~3 delete|hide ~3 @SECRET_ITEM",
            "adult|man|men ~6 ask|asking|asked|tell|telling|told ~2 her|him|me|them to ~2 meet",
            "pick|picked|picks ~2 up ~4 by ~2 older|adult|grown",
            "man|men|bloke|blokes|adult|adults|male|males from snap|snapchat|insta|instagram|tiktok|online|discord",
        ),
        # seen on a return, so always after the fact: "back and safe now" does not settle them
        counts_when_over=True,
    ),
    Rule(
        "exploitation_named",
        "exploitation",
        "names exploitation, as staff do when they already suspect it",
        ("cse|cce", "sexual|criminal exploitation|exploited"),
        negatable=False,
    ),
    Rule(
        "older_people",
        "exploitation",
        "mentions older men or adults around them",
        (
            "older|old|grown|adult ~ @OLDER_WHO",
            "unknown|unidentified adult|adults|male|males|men",
            "@OLDER_WHO ~3 in their|his|her 20s|30s|40s|twenties|thirties|forties|twenty|thirty",
            "man|woman|guy|bloke|lad|fella|he|him|she|geezer|mate|friend be|is|s like|about|around|nearly? #",
            "male|man|guy|bloke approx|aged|roughly|about|around approx|about|around? #",
            "@OLDER_WHO ~3 who be|is|s #",
            "# year old man|guy|bloke|lad|fella|geezer",
        ),
        # "my 15 year old girl": an age, not an older girl
        bad_prev=("year", "years", "yr", "yrs", "month", "months"),
        checks=("adult_age",),
    ),
    # Sextortion: images held over them ("theyll post the other ones", "cant get a lift home
    # unless i do stuff on camera").
    Rule(
        "image_threat",
        "exploitation",
        "says someone threatens to share images of them or demands more on camera",
        (
            (
                "he|she|they|someone|somebody ~2 will|ll|gonna|going|threaten|threatened|threatening ~2 to? "
                "post|share|send|leak|show ~3 other|my|your|her|his ~ ones|pics|pictures|photos|videos|vids|nudes"
            ),
            "unless|or|if ~3 i|we do ~3 stuff|things|it|more on camera|cam|webcam|video|facetime",
            "do ~2 stuff|things|more on camera|cam|webcam",
        ),
        escalate="in_danger_now",
        checks=("not_lesson",),
    ),
    Rule(
        "debt_paid_off",
        "exploitation",
        "says someone paid off what they owe (a debt that buys them)",
        ("pay|paid|pays|paying off my ~2 rent|arrears|debt|debts|fines",),
        checks=("not_family_agent",),
    ),
    Rule(
        "injuries_seen",
        "being_hurt",
        "describes injuries someone has (bruising, a swollen eye)",
        (
            "bruise|bruising|bruises|marks|scratches ~3 to|on|around ~3 her|his|their|both ~ "
            "wrist|wrists|neck|throat|arms|face|legs|thighs",
            "swollen|bruised|split|busted eye|lip|face|jaw",
        ),
        # "the mark on my face is from football"
        checks=("not_benign_cause",),
        counts_when_over=True,
    ),
    Rule(
        "stabbed",
        "being_hurt",
        "says someone was stabbed or shot",
        ("be|get|got|been =stabbed|=knifed|=shanked|=slashed|=shot", "stab|knife|gunshot|bullet wound|wounds"),
        checks=("not_game", "not_news", "not_benign_cause", "not_first_aid_lesson"),
        escalate="in_danger_now",
    ),
    Rule(
        "staff_harm",
        "being_hurt",
        "says staff or carers injured a child (an allegation, even when it is over)",
        (
            "burn|burns|bruise|bruises|mark|marks|cut|cuts|injury|injuries ~10 staff|carer|carers|worker|workers ~2 "
            "do|did|done|cause|caused|give|gave",
            "staff|carer|carers|worker|workers ~2 do|did|done|cause|caused|give|gave ~3 burn|burns|bruise|marks",
        ),
        counts_when_over=True,
    ),
    Rule(
        "suicide_research",
        "self_harm",
        "has looked up how to end their life",
        (
            "how many ~3 @PILLS ~4 die|kill|overdose|fatal|lethal|dead",
            "look|looked|search|searched|searching|google|googled|googling ~2 up? how to ~3 die|kill|overdose|hang",
        ),
    ),
    Rule(
        "sex_offender",
        "exploitation",
        "mentions a sex offender",
        ("sex offender|offenders", "paedophile|paedophiles|pedophile|pedophiles|paedo|nonce|nonces", "rso"),
    ),
    Rule(
        "older_partner",
        "exploitation",
        "says their boyfriend or girlfriend is an adult",
        (
            "boyfriend|girlfriend|bf|gf be|is|s #",
            "# year old boyfriend|girlfriend|bf|gf",
            # "staying with her boyfriend in Leeds, who is 22"
            "boyfriend|girlfriend|bf|gf ~4 who be|is|s #",
            # "he calls me his little wifey. hes 40"
            "call|calls|called me his ~2 wifey|wife|missus|girlfriend|gf ~3 he|him be|is|s #",
            "he be|is|s # ~6 call|calls|called me his ~2 wifey|wife|missus|girlfriend|gf",
        ),
        checks=("adult_age",),
    ),
    Rule(
        "cars",
        "exploitation",
        "mentions people with cars picking them up",
        (
            "@OLDER_WHO with ~2 car|cars|motor|motors",
            "pick|picked|picks|picking me|her|him|them up in ~2 car|cars|motor",
            "picked|collected up? by ~4 @OLDER_WHO|adult|adults ~3 in ~2 car|cars|motor|audi|bmw|merc|mercedes|van",
            # "he told me to get in the uber he sent"
            "tell|told|telling|make|made|want|wants|say|said ~2 me ~2 to? get in|into ~3 car|uber|taxi|cab|van",
            # "a lorry driver told her to wait in his cab"
            (
                "tell|told|telling|make|made|want|wants|say|said|ask|asked me|her|him|them ~ to? "
                "get|wait|sit|stay|sleep|hide in|into ~2 his|their ~ car|cab|van|lorry|truck|motor"
            ),
            "drive|drives|drove me ~2 round|around|about|places",
            "give|gave|gives me ~ lift|lifts",
            "in his|their car|motor",
            "get in|into ~3 car|audi|bmw|merc|mercedes|van|motor",
            "in a|the|his|their ~ car|vehicle|van|motor with ~3 adult|adults|older|grown|men|males|blokes",
            "taxi|taxis|cab|cabs|uber|ubers ~5 nobody|noone|not ~ book|booked|order|ordered",
            "different|random|strange|unknown ~ taxi|taxis|car|cars|cab|cabs ~3 every|each ~ night|day|time|week",
        ),
        checks=("not_family_agent",),
    ),
    Rule(
        "gifts",
        "exploitation",
        "mentions gifts, money or drugs from someone",
        (
            "give|gave|gives|buy|bought|buys|get|got|gets|send|sent|pay|paid|offer|offered me ~2 @GIFT",
            "give|gave|buy|bought|get|got me ~ new phone",
            "hand|handed|handing|give|gave|buy|bought|send|sent her|him|them ~2 phone|cash|money|phones",
            "second|burner|another|work|spare phone",
            "get|got|gets|give me drunk|high|stoned|wasted|mashed|smashed",
            "make|made|makes me take|try|smoke|sniff ~2 drug|weed|pill|coke|stuff",
        ),
        checks=("other_agent", "not_family_agent"),
    ),
    Rule(
        "carrying",
        "exploitation",
        "asked to carry, hold or deliver things for someone",
        (
            (
                "ask|asked|want|wants|make|made|tell|told|pay|paid|get|force|need|needs me to ~2 carry|"
                "hold|drop|deliver|take|move|keep|hide|stash|sell|run|mind|bring|collect|"
                "pick ~3 @DRUG_ITEM"
            ),
            (
                "carry|hold|drop|deliver|move|hide|stash|sell|mind|keep|run ~3 @DRUG_ITEM ~2 for him|"
                "them|her|someone|somebody|people|these|those|this|some|a"
            ),
            "drop|dropping|drop-off ~ off ~2 package|parcel|bag|stuff",
            "countylines",
            "shot|shotting|shotted|deal|dealing|sell|selling|sold ~2 drug|drugs|weed|coke|crack|food|wraps",
            "deal|dealing for",
            "run|running ~ line|lines|drugs",
            "get|getting|leave|leaving|quit|quitting ~ out? of? ~ a|the|their|his line|lines",
            "=trap|=trapping|cuckoo|cuckooing|graft|grafting",
            "plug",
            "drug run",
            "do|doing a|the drop|run|drop-off",
            "crack|trap house|den|flat",
            "give|gave|given ~2 me|us ~2 to carry|hold|drop|deliver|sell|mind",
            "burner|burners",
            "send|sending|sent me|us ~2 to|out ~3 town|city|area|place|somewhere|flat|house",
        ),
        bad_next=("account", "acc", "insta", "page", "profile"),
        checks=("not_family_agent", "not_lesson"),
    ),
    Rule(
        "pictures",
        "exploitation",
        "mentions pressure for pictures or nudes",
        (
            "nude|nudes|naked|sexy|sexting|sext",
            (
                "ask|asked|asks|asking|want|wants|keep|keeps|beg|begging|pressure|pressuring|make|force|"
                "pester ~3 for? ~2 @PIC"
            ),
            "send him|them|her|this|some|a|the ~2 @PIC",
            "share|sharing|post|posting|leak|leaking|send|show|spread ~3 my ~ @PIC",
            "@PIC of me|my body",
            "meet|meeting ~4 online|internet|snapchat|snap|insta|instagram|tiktok|discord|app",
            "online|internet|snapchat|insta|instagram|tiktok|discord ~4 meet|meeting|meetup",
        ),
        checks=("not_family_agent",),
    ),
    Rule(
        # Told to undress on a call or in a game: online sexual abuse, wherever it happens.
        "undress_request",
        "exploitation",
        "says someone is telling a child to undress or show their body",
        (
            (
                "tell|ask|want|make|get|dare|beg|keep|try ~3 to? take|taking ~3 clothes|top|shirt|t-shirt|"
                "trousers|pants|knickers|bra|boxers|kit ~ off"
            ),
            "tell|ask|want|make|get|dare|beg|keep|try ~3 to? undress|strip",
            "tell|ask|want|make|dare|beg|keep|try ~3 to? get naked",
            "show|showing|flash ~3 his|her|their|my|your|me ~ privates|private|bits|willy|penis|vagina|boobs|bum",
        ),
        checks=("online_or_stranger",),
        escalate="in_danger_now",
    ),
    Rule(
        "debt",
        "exploitation",
        "mentions owing someone or a debt",
        (
            (
                "owe|owes|owed|owing him|them|her|someone|somebody|money|people|these|those|that|the|a|#|"
                "£|loads|lot|lots|he|they|man|guy|guys"
            ),
            "in debt",
            "debt",
            "pay|paying him|them|her back",
            "work|working it|this|the debt off",
            "work ~ off ~ debt",
        ),
        # "i owe him big time" is thanks
        bad_next=("one", "you", "my", "big"),
    ),
    Rule(
        "parties",
        "exploitation",
        "mentions parties with older people or drugs from adults",
        (
            "party|parties ~4 older|adult|adults|grown|men|man|guys|flat",
            "older|adult|adults|grown ~4 party|parties",
            "party|parties at ~3 his|their|a ~ flat|house|place",
            "groom|groomed|grooming|groomer",
            "pimp|pimped|pimping",
            "exploit|exploited|exploiting|exploitation",
            "sleep|slept|sleeping|have sex with ~2 his|their|friends|mates|men|guys|them",
            "for money|cash",
            "stuff|things|favour|favours for ~2 money|cash|him|them|free",
        ),
        checks=("not_family_agent", "not_lesson"),
    ),
    # ----------------------------------------------------------------- lost_stranded
    Rule(
        "lost",
        "lost_stranded",
        "says they do not know where they are",
        (
            "not know|sure where i ~ be",
            "no idea|clue where i ~ be",
            # "no idea where the bus dropped me"
            "no idea|clue where ~4 =dropped|=left|=took|=brought me",
            "not know|sure where ~4 =dropped|=left|=took|=brought me",
            "where be i",
            "not know|sure how to get ~2 back|home|there",
            "can not find|get ~2 my way|way|home|back",
            "can not find|see the|a ~ road|path|track|way|exit|station",
            "not know|recognise the way|area|place",
            "not know|sure which way ~4 home|house|back|go|be",
            "i be lost",
            "i ~ be ~ so|really|completely|totally lost",
            # "lost on the fell above ambleside": a hill or the woods, where "lost on" is not "lost on me"
            "lost on|in|up the? fell|fells|moor|moors|hill|hills|mountain|mountains|woods|forest|marshes",
            "i got|get lost",
            "lost and ~3 scared|alone|dark|night|phone|help|dying",
            "stranded",
            "stuck in|at|out ~2 middle|nowhere|station|town|city|here|there|miles",
            "miss ~3 last bus|train|tram|one",
            "no way ~3 home|back",
            "can not get home|back",
            "locked out",
            "kick|kicked|throw|threw|thrown|chuck|chucked ~ me? out",
        ),
        mild=True,
        bad_next=("for", "in", "with", "on", "about", "of"),
        checks=("not_benign_lost",),
    ),
    Rule(
        "phone_dying",
        "lost_stranded",
        "says their phone is dying while alone or at night",
        PHONE_DYING,
        mild=True,
        checks=("needs_alone_context",),
    ),
    Rule(
        "nowhere_to_sleep",
        "lost_stranded",
        "says they have nowhere to sleep or are sleeping rough",
        (
            "nowhere ~ to? sleep|stay|go|live|be",
            "nowhere ~2 safe",
            "not know where to go|sleep|stay",
            "not have ~2 anywhere|somewhere|place to sleep|stay|go",
            "no ~ place|bed|roof to sleep|stay",
            "homeless",
            "sleep|sleeping|slept|kip|kipping|stay|staying|spend|spent ~3 @ROUGH_PLACE",
            "sleep|sleeping|slept ~2 on the street|streets|floor",
            "on the street|streets",
            "no money ~3 get|bus|train|home|back|ticket|fare|taxi|travel|uber|food",
            "can not afford ~3 bus|train|ticket|fare|home|back|taxi|get",
            "no bus|train fare|money",
            "out all night",
        ),
        bad_next=("car",),
    ),
    # ----------------------------------------------------------------- unsafe
    Rule(
        "not_safe",
        "unsafe",
        "says they do not feel safe",
        (
            "not feel|be ~2 safe",
            "not safe",
            "never feel|be ~ safe",
        ),
        negatable=False,
        bad_next=("to", "for", "with", "if"),
    ),
    Rule(
        # Unlike "not safe", a negation here denies the risk: "i don't feel unsafe at all".
        "unsafe",
        "unsafe",
        "says they feel unsafe or in danger",
        ("unsafe", "feel|be in danger"),
        bad_next=("to", "for", "with", "if"),
    ),
    Rule(
        "scared",
        "unsafe",
        "says they are scared",
        ("scared|afraid|frightened|terrified|petrified|shook|panicking",),
        mild=True,
        checks=("not_benign_fear",),
    ),
    Rule(
        "scared_of_someone",
        "unsafe",
        "says they are scared to go back or of someone",
        (
            "scared|afraid|frightened|terrified|petrified ~3 go back|home|there|in|inside",
            "scared|afraid|frightened|terrified|petrified ~ of him|her|them|my|what|he|she|they|going|him",
            ("scared|afraid|frightened|terrified|petrified he|she|they|it ~2 will|would|might|go|gonna|find|come"),
            "too scared|afraid|frightened to ~2 go|tell|leave|move|sleep",
            "scared|afraid|frightened|terrified ~ for my life",
        ),
        checks=("not_benign_fear",),
    ),
    Rule(
        "followed",
        "unsafe",
        "says someone is following or watching them",
        (
            "follow|following|followed|stalk|stalking|stalked me",
            "be|being|been|get|getting =followed|=stalked|=watched",
            "someone|somebody|man|guy|men|guys|car|van|he|they ~2 follow|following|watching|watch me",
            "stalk|stalker|stalking",
            "not leave me alone",
            "after me",
            "come|coming after|for me",
            "look|looking for me",
            "know|knows where i ~ live|be|stay|am",
            "if|when ~2 find me",
        ),
        bad_next=("on", "back", "insta", "tiktok", "snap", "up", "to", "with", "at", "in", "around", "lol"),
        bad_prev=("look", "take", "right", "straight", "just", "care"),
        checks=("other_agent", "not_family_agent"),
    ),
    Rule(
        "carry_weapon",
        "unsafe",
        "says they carry a weapon",
        ("i ~2 carry|have|got|bring|take|keep ~2 @WEAPON",),
        checks=("not_food_context",),
    ),
    # ----------------------------------------------------------------- want_person
    Rule(
        "want_person",
        "want_person",
        "asks for a human rather than the bot",
        (
            (
                "talk|speak|chat to|with ~2 someone|somebody|person|human|adult|staff|social|worker|"
                "anyone|anybody|counsellor|iro|advocate"
            ),
            # "real person pls", not "is this a real person or a bot" (curiosity about the bot)
            "real|actual person|human|people|someone please|pls|plz|now|asap|instead",
            "someone|somebody to talk|speak|chat to|with",
            # "i need to tell someone", not "just wanted to tell someone" (sharing news)
            "=need|=needs|=needed|=want|=wants ~2 someone|somebody",
            "need|want a|an ~ person|human|adult",
            "need|want ~2 my|a social|key|keyworker|worker|sw",
            "can|could someone|somebody|you call|ring|phone me",
            (
                "can|could|will a|an ~ real|actual|proper person|human|worker|adult ~3 "
                "talk|speak|chat|message|text|call|ring"
            ),
        ),
        bad_next=("with", "about", "my", "out", "on", "revise", "understand", "pick", "find"),
    ),
    Rule(
        "call_me",
        "want_person",
        "asks for a human rather than the bot",
        # "can you call me", not "they called me a bottler" or "what name do u call me"
        ("=call|=ring|=phone me", "=give me a ring|call|bell|buzz"),
        checks=("not_naming",),
    ),
    Rule(
        "someone_to_talk_to",
        "want_person",
        "asks for a human rather than the bot",
        # "is there someone i can talk to about why i left": "about" is welcome here
        ("someone|somebody|anyone|anybody|person|adult i|we can|could ~ talk|speak|chat to|with",),
    ),
    Rule(
        "ask_help",
        "want_person",
        "asks for help",
        # "help me", not thanks for the past ("was it u that helped me at christmas")
        ("need help|support", "=help|=helps|=halp me", "please help"),
        # "help me write a letter", "thanks for help me yesterday": a task or thanks, not a plea
        bad_next=(
            "with",
            "about",
            "my",
            "out",
            "on",
            "revise",
            "understand",
            "pick",
            "find",
            "write",
            "spell",
            "do",
            "fill",
            "choose",
            "decide",
            "plan",
            "make",
            "cook",
            "fix",
            "learn",
            "think",
            "yesterday",
            "earlier",
            "before",
            "last",
        ),
        # "my social worker is helping me get a phone": someone's help, not a plea
        bad_prev=("for", "thank", "thanks", "be"),
    ),
    # ----------------------------------------------------------------- away
    Rule(
        "away",
        "away",
        "says they are away from placement or not going back",
        (
            "not go|going|come|coming ~ back|home",
            "never go|going|come|coming ~ back|home",
            "not be|going ~ back|home ~ tonight|today|till|until|yet",
            "not want to go ~ back|home|there",
            (
                "stay|staying|stop|stopping|sleep|sleeping|crash|crashing|kip|kipping ~2 at|with|round|"
                "over|in ~3 @FRIENDISH"
            ),
            "run|ran|running|runaway ~2 away|off",
            "runaway",
            "do|did ~ a runner",
            "go|went|gone ~ missing",
            "be missing|awol",
            "leave|left the ~ placement|home|house|unit|flat",
            "leave|left my|our foster|care|childrens|residential|kinship|nans|grans placement|home|house|unit|carers",
            "walk|walked|storm|stormed|sneak|snuck|sneaked|climb|climbed ~ out",
            "away from ~2 placement|home|carer|carers|unit|house",
            "i be away",
            "stay|staying out ~ tonight|all|late",
        ),
        bad_next=("to", "with", "now", "from", "the", "of", "my", "for"),
        bad_prev=("me",),
        checks=("not_away_benign",),
    ),
)

# --------------------------------------------------------------------------- markers

#: Said about a time that is over; scope: the sentence.
PAST_MARKERS: Final[tuple[str, ...]] = (
    "used|use to",
    # "when i was in year 7", not "when i'm in bed"
    "when i =was|=were little|young|younger|small|a|in|#|only|like",
    "as a kid|child",
    "year|years|month|months|ages|while ~ ago",
    "long time ago",
    "last year",
    "in the past",
    "back then",
    "at|in my old|last|previous ~2 placement|home|school|house|foster|carer|carers",
    "before i come|came ~2 care",
    "when i live|lived with|at",
    "year|years|month|months|week|weeks|day|days|# clean",
    "clean for|since",
)

#: Says it is over; scope: the whole message.
OVER_MARKERS: Final[tuple[str, ...]] = (
    "that|it be over|done|behind",
    "that be in the past",
    "all over now",
    "be ~ ok|fine|good|better|safe|alright|happy now",
    "do|doing ~ better|fine|ok|well|good now",
    "year|years|month|months|week|weeks|day|days|# clean",
    "clean for|since",
    "stop|stopped|quit ~2 selfharm|=cutting|cut|harming|hurting",
    "not anymore|any more",
    "never again",
)

#: Says it is happening (again) now; overrides past and over markers.
ACTIVE_MARKERS: Final[tuple[str, ...]] = (
    "again",
    "still",
    "start|started|starting",
    "relapse|relapsed|relapsing",
    "tonight",
    "right now",
    "today",
    "at the moment",
    "currently",
    "this morning|afternoon|evening|week",
    "last night",
    "recently|lately",
    "keep|keeps",
    # "it used to be once a month, now it's every day"
    "get|getting|gotten|got worse",
    "every day|night|morning",
    "daily",
    "more often",
    # a first disclosure is news, however long ago it happened
    "never told|tell ~2 anyone|anybody|nobody",
    "first time ~3 tell|told|telling|say|said",
    "not told ~2 anyone|anybody ~2 before|till|until",
)


#: Verbs of telling: a time marker right after one says when it was told ("told me tonight").
TELLING: Final[frozenset[str]] = frozenset(
    {"tell", "say", "disclose", "disclosed", "mention", "mentioned", "admit", "admitted", "report", "reported"}
)

#: Says it is happening at this moment; turns a rule with ``escalate`` into that category.
IMMEDIATE_MARKERS: Final[tuple[str, ...]] = (
    "right now",
    "now",
    "tonight",
    "at the moment",
    "as we speak",
    "currently",
    "about to",
    "go to ~ tonight",
)

# --------------------------------------------------------------------------- helper sets

#: Words that negate what follows in the same clause.
NEGATIONS: Final[frozenset[str]] = frozenset(
    {"not", "never", "no", "nobody", "nothing", "none", "neither", "nor", "n't"}
)

#: Function words that may sit between a negation and what it negates ("i am not really
#: going to ..."). Any other word ends the negation's reach, so "do not tell anyone he
#: hits me" still counts.
NEGATION_BRIDGE: Final[frozenset[str]] = frozenset(
    {
        "be",
        "do",
        "have",
        "will",
        "would",
        "can",
        "could",
        "should",
        "shall",
        "might",
        "may",
        "must",
        "go",
        "going",
        "to",
        "want",
        "feel",
        "really",
        "even",
        "ever",
        "actually",
        "that",
        "so",
        "very",
        "too",
        "get",
        "a",
        "an",
        "the",
        "any",
        "anymore",
        "longer",
        "like",
        "just",
        "all",
        "one",
        "body",
        "at",
        "currently",
        "honestly",
        "seriously",
        "planning",
        "plan",
        "need",
        "try",
        "trying",
        "intend",
        "gonna",
        "wanna",
        "is",
        "am",
        "are",
        "was",
        "were",
        "been",
        "being",
        "still",
        "ok",
        "there",
        "else",
        "else's",
        "anyone",
        "anybody",
        "in",
        "gotten",
    }
)

#: Negations that do not negate: "can't stop thinking about", "can't help".
NEGATION_EXCEPTIONS: Final[frozenset[str]] = frozenset({"stop", "help", "wait", "believe", "sleep"})
#: Doubt straight after a denied risk ("not jumping probably"): the denial does not count.
HEDGES: Final[tuple[str, ...]] = ("probably", "prob", "prolly", "probs", "i do not think", "i be not sure")
#: Words that put a sentence about a game in the real world ("the guy from the game is outside").
REAL_WORLD: Final[frozenset[str]] = frozenset({"outside", "irl", "doorstep", "address"})

#: Words that would make "kill me" or "beat me" a figure of speech.
HYPERBOLE_OBJECTS: Final[frozenset[str]] = frozenset(
    {
        # "she's killing me with the attitude", "killing me with the questions"
        "attitude",
        "sass",
        "cheek",
        "questions",
        "kindness",
        "moods",
        # "if i dont get a maccies in 10 mins im gonna die"
        "maccies",
        "mcdonalds",
        "kfc",
        "nandos",
        "greggs",
        "pizza",
        "nuggets",
        "starving",
        "homework",
        "maths",
        "math",
        "exam",
        "exams",
        "test",
        "school",
        "game",
        "film",
        "movie",
        "show",
        "song",
        "music",
        "heat",
        "weather",
        "shoes",
        "feet",
        "work",
        "revision",
        "lesson",
        "teacher",
        "traffic",
        "queue",
        "boredom",
        "this",
        "that",
        "it",
        "fifa",
        "fortnite",
        "episode",
        "coach",
        "boxing",
        "gym",
        "pe",
        "training",
        "burpees",
        "burpee",
        "workout",
        "practice",
        "laps",
        "football",
        "netball",
        "rugby",
        # "the shepherd's pie tried to kill me 😂"
        "pie",
        "curry",
        "chilli",
        "cooking",
        "dinner",
        "meal",
        "soup",
        "stew",
        "lasagne",
        "sprouts",
    }
)

#: Fears that are ordinary ("scared of spiders").
BENIGN_FEARS: Final[frozenset[str]] = frozenset(
    {
        "spider",
        "spiders",
        "dark",
        "height",
        "heights",
        "dog",
        "dogs",
        "clown",
        "clowns",
        "exam",
        "exams",
        "test",
        "tests",
        "result",
        "results",
        "needle",
        "needles",
        "dentist",
        "horror",
        "film",
        "films",
        "movie",
        "movies",
        "flying",
        "bee",
        "bees",
        "wasp",
        "wasps",
        "snake",
        "snakes",
        "ghost",
        "ghosts",
        "mock",
        "mocks",
        "gcse",
        "gcses",
        "interview",
        "audition",
        "match",
        "game",
        "presentation",
        "rollercoaster",
        "injection",
        "jab",
        "jabs",
        "fail",
        "failing",
        "doctor",
        "doctors",
    }
)

#: Things that make "lost" or "got lost" ordinary.
#: Why a carer, a sibling or a pet comes into a child's room at night that is care, not harm.
CARING_VISIT: Final[frozenset[str]] = frozenset(
    {
        "check",
        "checking",
        "goodnight",
        "tuck",
        "wake",
        "story",
        "nightmare",
        "nightmares",
        "dream",
        "dreams",
        "medicine",
        "meds",
        "inhaler",
        "phone",
        "charger",
        "ipad",
        "tablet",
        "laptop",
        "light",
        "lights",
        "dog",
        "cat",
        "puppy",
        "kitten",
    }
)
#: Words that make being lost matter wherever it is.
DARK_OR_ALONE: Final[frozenset[str]] = frozenset({"dark", "latenight", "midnight", "alone", "freezing"})
#: Categories whose mild rules laughter does not drop in the dark: "just lost lol, its dark".
NOT_A_JOKE_IN_THE_DARK: Final[frozenset[str]] = frozenset({"lost_stranded"})
BENIGN_LOST: Final[frozenset[str]] = frozenset(
    {
        "trip",
        "holiday",
        "game",
        "maths",
        "math",
        "class",
        "lesson",
        "homework",
        "thought",
        "thoughts",
        "music",
        "fortnite",
        "minecraft",
        "ikea",
        "shop",
        "mall",
        "show",
        "story",
        "book",
        "film",
        "conversation",
        "words",
        "plot",
        "school",
        "level",
        "map",
        "insta",
        "instagram",
        "account",
        "snapchat",
        "tiktok",
        "app",
        "email",
        "password",
        "discord",
        "facebook",
        "twitter",
        "youtube",
        "netflix",
    }
)

#: Words around a knife that make it cutlery.
FOOD_CONTEXT: Final[frozenset[str]] = frozenset(
    {
        "fork",
        "butter",
        "bread",
        "kitchen",
        "spoon",
        "cutlery",
        "food",
        "dinner",
        "tea",
        "cake",
        "onion",
        "onions",
        "cook",
        "cooking",
        "chop",
        "chopping",
    }
)

#: Context that makes a dying phone matter.
ALONE_CONTEXT: Final[frozenset[str]] = frozenset(
    {
        "alone",
        "night",
        "dark",
        "lost",
        "nowhere",
        "stuck",
        "scared",
        "cold",
        "outside",
        "own",
        "stranded",
        "nobody",
        "help",
        "late",
        "midnight",
        "where",
        "unsafe",
        "frightened",
        "afraid",
        "street",
        "park",
        "station",
        "middle",
        # out in the country: "dont know what field this is"
        "field",
        "fields",
        "woods",
        "motorway",
        "lights",
    }
)

#: Leisure context for "jump".
LEISURE_JUMP: Final[frozenset[str]] = frozenset(
    {
        "trampoline",
        "pool",
        "swim",
        "swimming",
        "diving",
        "dive",
        "rope",
        "puddle",
        "queue",
        "bed",
        "sofa",
        "call",
        "game",
        "wall",
        "fence",
        "hurdle",
        "beach",
        "puddles",
    }
)

#: Friendly visitors that make "outside my door" ordinary.
FRIENDLY: Final[frozenset[str]] = frozenset(
    {
        "mate",
        "mates",
        "friend",
        "friends",
        "taxi",
        "uber",
        "delivery",
        "pizza",
        "postman",
        "carer",
        "mum",
        "dad",
        "nan",
        "worker",
        "keyworker",
        "staff",
        "carers",
    }
)

#: Subjects that mean the speaker acted, not someone else ("i took my shoes off").
SELF_SUBJECTS: Final[frozenset[str]] = frozenset({"i", "we", "it", "this", "that", "you"})

#: Subject pronouns and people that can be the one who acts in a clause.
SUBJECTS: Final[frozenset[str]] = frozenset(
    {"i", "we", "he", "she", "they", "you", "it", "this", "that", "someone", "somebody", "everyone", "people"}
)

#: Words that end a clause for the purposes of negation and subject look-back.
CLAUSE_BREAKS: Final[frozenset[str]] = frozenset(
    {
        "but",
        "and",
        "so",
        "because",
        "cause",
        "though",
        "although",
        "however",
        "yet",
        "then",
        "or",
        "if",
        "when",
        "while",
        "until",
        "unless",
        "whereas",
        "after",
        "before",
        "since",
        "lol",
        "honestly",
        "like",
        "now",
    }
)

# --------------------------------------------------------------------------- urgency rules
# Families added for messages that only say *how* something is happening: being held,
# a threat on its way, an assault that has just happened, a friend who needs an
# ambulance, farewells. Cue rules (category ``happening_now``) carry no risk of their
# own; the engine raises a high-risk finding to an emergency when they co-occur.

_URGENT_RULES: tuple[Rule, ...] = (
    # ----------------------------------------------------------------- immediacy cues
    Rule(
        "reported_returned",
        "away",
        "reports a child back from being missing",
        (
            "return|returned|brought|bring ~2 back? to ~2 placement|unit|carers|residential",
            "return|returned ~2 your|our|the|a ~ missing",
            "located|found ~6 and ~2 return|returned|brought|bring ~2 back|to|home",
            "back from ~2 missing|mfh|episode|episodes",
            "return|returned|came|come ~6 after ~4 missing|mfh|away",
            "missing episode|episodes",
        ),
    ),
    Rule(
        "reported_missing",
        "away",
        "reports a child missing or not back",
        (
            "mfh|absconded",
            "missing #|yp|child|girl|boy|female|male|teen|teenager",
            "missing since|for",
            "not ~2 come|came|been home|back ~2 for|in ~2 night|nights|day|days",
            "m|f|male|female|yp|child|boy|girl missing",
            "missing again",
            "be gone|missing ~3 since",
            "yp|yps|cyp ~8 missing",
            "missing since|from ~2 #|placement|residential|home|care|kinship|school",
            "reported ~2 missing",
            "not|never back|returned|home ~2 since|yet|by|from",
            "still not ~ back|home|returned",
            "not back",
            "not come|came|coming|get|got ~ home|back from ~ school|college|work",
            # the whereabouts lost: "no sign of him", "lost sight of her at the lights"
            "no sign|trace of him|her|them",
            "lose|lost sight of him|her|them",
            "can not find him|them",
            "not returned",
            "not arrive|arrived ~2 home|back",
            "not make|made it ~2 home|back",
            "not in ~2 bed|bedroom|room ~6 window|door|search|searched|nowhere|gone|missing",
            # "CCTV shows your missing looked-after 11yo boy"
            "your|our|a missing ~4 child|boy|girl|yp|son|daughter|lad|teen|teenager|kid|#",
            "gone|go|went off ~3 on his|her|their ~ own|bike|scooter",
            "he|she|they be|have? =gone|off|=absconded|=left again",
            # "K has left with the older male we flagged", "went off with two men in a car";
            # exact forms, for "going off with" is a pattern over weeks, not gone now
            "have|be? =left|=gone|=went|=run|=ran|=drove|=driven off? with ~4 @OLDER_WHO|adult|adults",
            # "has just walked off the ward with an adult male"
            "=walked|=wandered|=slipped|=went|=gone|=ran off ~3 with ~4 @OLDER_WHO|adult|adults",
        ),
    ),
    # ----------------------------------------------------------------- signs that raise a finding
    # No risk of their own: ``RAISES`` says which findings each raises, and to what.
    Rule(
        "alone_in_the_dark",
        "alone_at_night",
        "alone, in the dark or in the small hours",
        (
            "pitch black|dark",
            "be|its|getting|gone|so|proper|really|well dark",
            "it be ~2 night|nighttime|night-time",
            "its ~2 night|nighttime|night-time",
            "in the dark",
            "now and dark",
            "no street ~ lights|light",
            "no streetlights|lights",
            "can not see ~2 any|anything|anyone|a ~ house|houses|light|lights|road|roads|path|track|people|one",
            "# am",
            "# in the morning",
            "middle of the night",
            # "last train's gone" ("missed the last bus" is said at 10pm too, on the way to a mate's)
            "last train|bus|tram|ferry be|have|has? already? go|gone|went|leave|left",
            "latenight",
            "midnight",
            "freezing",
            "so|really|proper|too|well cold",
            "minus #",
        ),
        checks=("not_game",),
    ),
    Rule(
        "alone_out",
        "alone_at_night",
        "alone, in the dark or in the small hours",
        (
            "nobody|noone|no-one ~ around|about|here",
            "no one ~ around|about|here",
            "everyone|everybody ~2 left|gone|went ~2 without me",
            "on my|her|his|their own",
            "all alone",
            "by myself",
        ),
        checks=("not_game",),
    ),
    Rule("phone_low", "phone_low", "the phone is about to die", PHONE_DYING, negatable=False),
    # "6yo sibling missing": a relative reported missing. Its own rule, for its own bad_next:
    # "my brother missing the bus", "son missing school" are not.
    Rule(
        "reported_missing_kin",
        "away",
        "reports a child missing or not back",
        ("sibling|siblings|brother|sister|son|daughter|grandson|granddaughter|nephew|niece missing",),
        negatable=False,
        bad_next=(
            "the",
            "a",
            "an",
            "out",
            "school",
            "his",
            "her",
            "my",
            "their",
            "class",
            "lesson",
            "lessons",
            "you",
            "him",
            "them",
            "me",
            "us",
            "mum",
            "dad",
            "home",
            "it",
            "training",
            "practice",
            "tea",
            "dinner",
        ),
    ),
    Rule(
        "missing_risk_signs",
        "missing_risk",
        "signs of risk while missing",
        (
            # missing again and again (the NSPCC: never low priority)
            "2nd|3rd|4th|5th|6th|7th|8th|9th|10th|second|third|fourth|fifth|sixth|umpteenth ~ time",
            "# time|times ~2 this|a|in ~2 week|month|fortnight",
            "keep|keeps|kept ~ go|going|run|running ~ missing|off|away",
            "missing again",
            # whereabouts unknown, even to friends
            "no idea where he|she|they ~3 be|go|gone|went",
            "not know where he|she|they ~2 be|go|gone|went",
            "nobody|noone|none ~4 know where",
            "not at ~2 any ~2 usual",
            "whereabouts unknown",
            # "ran away this morning, not saying where i am": whereabouts withheld is still unknown
            "not ~ say|saying|tell|telling ~3 where i|we be|stay|staying",
            "location|whereabouts ~2 unknown|not known",
            "repeat|repeatedly missing|mfh",
            "grade|graded|upgraded|upgrade ~3 high|high-risk",
            "no phone",
            "rain|raining|snow|snowing|storm",
            "no sign|trace of him|her|them",
            "2nd|3rd|4th|5th|6th|second|third|fourth|fifth ~2 episode|episodes|missing",
            # out of area, drugs or alcohol: signs of exploitation
            "history of ~2 go|going|run|running|turn|turning|be|being",
            "train ticket|tickets",
            "stink|stinking|smell|smelling|smelt|smelled|stank|reek|reeking ~ of ~ weed|cannabis|drink|alcohol|booze",
            # days gone, or a phone that goes straight to voicemail
            "two|three|four|# night|nights|day|days ~3 missing|gone|away|not",
            "not ~2 come|came|coming home|back ~2 two|three|four|for|# ~ night|nights|day|days",
            "phone ~3 straight ~ to ~2 voicemail|message|answerphone",
            "out of area",
            # near a main road or water (the police's missing-person grading)
            "across|on|onto|near|by|towards|toward ~2 dual carriageway",
            "across|on|onto|near|by|towards|toward ~2 motorway|railway|tracks|canal|river|quarry|reservoir|lake",
            "secretive",
            "hang|hanging|hangs|hung ~ about|around|out ~2 with ~3 men|males|blokes|adults|older",
            (
                "missing|gone|away|seen|heard ~4 since ~ "
                "monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|weekend"
            ),
            # not dressed for the weather
            "only in|wearing ~3 tshirt|t-shirt|shorts|pyjamas|pjs|slippers|socks|vest|nightie|nightdress",
            "no|without ~2 coat|shoes|jacket|phone",
            # out of character
            "never ~2 be|been|go|gone|stay|stayed ~2 out|missing|away ~2 overnight|before",
            "overnight",
        ),
        negatable=False,
    ),
    # Someone writing about a young person ("Young person, 16, found with deep cuts", "a 15yo
    # looked-after patient"): both models learnt mostly from young people's own words and read a
    # calm professional report as routine, so they must not talk an emergency in it down
    # (bot.triage.THIRD_PARTY; a high risk still can be).
    Rule(
        "about_a_young_person",
        "third_party",
        "a report about a young person",
        (
            "young person",
            "yp|cyp",
            "# yo",
            "# year|years|yr|yrs old ~ female|male|girl|boy|lad|son|daughter",
            "look -? after ~2 child|pupil|patient|girl|boy|lad|yp|teenager|resident|young",
            "your|our|the|a ~ resident|pupil|patient",
            "service user",
        ),
        negatable=False,
    ),
    Rule(
        "young_child",
        "young_child",
        "a child aged 12 or under",
        (
            "# -? year|years|yr|yrs|yo",
            "aged|age #",
            "( # )",
            "i|he|she|who be #",
            "# m|f|male|female|boy|girl",
            # staff shorthand: "a lad, 11", "boy 9"
            "lad|boy|girl|child|kid|son|daughter|yp|cyp ,? #",
            "lad|boy|girl|child|kid about|around|maybe|roughly|approx #",
            # "a girl, looks about 12"
            "look|looks|looked|looking about|around|maybe|roughly|approx|like #",
        ),
        negatable=False,
        # "i'm 5 mins away", "she's 10 minutes late"
        bad_next=(
            "min",
            "mins",
            "minute",
            "minutes",
            "hour",
            "hours",
            "hr",
            "hrs",
            "%",
            "mile",
            "miles",
            "day",
            "days",
            "week",
            "weeks",
            "quid",
            "pound",
            "pounds",
            "percent",
            "p",
            "pm",
            "am",
            "o'clock",
            "be",
        ),
        # "year 9 girls" is a school year (13 to 14), not an age
        bad_prev=("year", "yr", "years"),
        checks=("child_age",),
    ),
    Rule(
        "now_strong",
        "happening_now",
        "signs it is happening right now",
        (
            # held, cannot get away
            "will not let me ~2 out|leave|go|off|get|past",
            "will not let go",
            "not let|letting me ~ out|leave|go ~2 till|until|unless",
            "can not get out|away|up|off|free|past",
            "can not move|breathe|walk|stand|escape|run",
            "can not feel my|me|her|his|their ~ legs|leg|arms|arm|face|body|hands",
            "lock|locked ~ in|inside",
            "door|doors|window|windows ~2 locked|lock",
            "door|doors|window|windows ~2 not open",
            "have|got|take|took|has the key|keys",
            "in the room|car|van|flat|house with me",
            # someone here or on the way
            "@PERSON be|s ~2 outside|downstairs|upstairs|here|behind",
            (
                "@PERSON be|s ~ in|at|on the|my door|house|flat|room|bedroom|kitchen|hallway|stairs|stairwell|"
                "landing|garden|street"
            ),
            "right behind me",
            # someone waiting for them: "its outside already", "hes outside in his car"
            "just =ran|=run|=bolted|=legged|=jumped ~2 off|away|out",
            "lock|locked|locks the|my|front ~ door|doors",
            "already outside|here",
            "outside already",
            "=waiting outside",
            "be outside ~2 in ~2 car|van|motor",
            # hiding from them: "im in the toilet on my friends phone", "theres like 4 of them"
            "in the toilet|toilets|bathroom|loo ~6 phone|hiding|hide|quiet|whisper",
            "on my|a ~ friend|mate|friends|mates phone ~4 toilet|toilets|bathroom|loo",
            "there be ~2 # of them",
            "be coming ~2 up|in|here|round|over|back|for|after|in",
            "on his|their|her way",
            "when|till|until|once ~2 he|she|they ~2 get|gets|come|comes ~ back|here|home",
            "can hear him|her|them|he|she|they",
            "he|she|they will|would|might hear|see|find me",
            "if i scream|shout|call|move",
            "=walking|=coming|=running|=charging|=heading at|towards|toward me",
            # hiding, fleeing
            "=hiding",
            "=running|=ran from|away",
            "lock|locked myself in",
            # in a vehicle with someone, being moved
            "in|into a|the|his|their|this|some? ~ car|van|motor|taxi|uber|audi|bmw|merc|mercedes ~2 with",
            "keep|keeps|kept on? driving",
            "on a|the|this train|bus|coach ~4 with",
            # intoxicated with someone, spiked
            "so|too|really|proper|well|mad ~ drunk|wasted|mashed|smashed",
            "heavily|very|extremely|highly|severely intoxicated|drunk",
            "heart ~4 racing|pounding|weird|fast",
            "his|their|her arm|arms|hand|hands ~ round|around|on me|my",
            "too drunk|wasted|high|mashed to",
            "=spiked|=drugged",
            "put|slip|slipped ~2 something|stuff|pill|pills ~2 in|into my drink",
            "everything|room be? ~ =spinning",
            # injured, bleeding
            "blood|bleeding|bleed",
            "nose|arm|leg|rib|ribs|jaw|wrist|tooth|teeth ~3 broke|broken|wrong|snapped",
            "=broke|=broken my nose|arm|leg|jaw|ribs|wrist",
            # an attack under way
            (
                "be ~ =smashing|=hitting|=kicking|=punching|=stabbing|=strangling|=choking|=burning|"
                "=beating|=dragging|=grabbing|=chasing|=attacking|=threatening|=banging|=throwing|"
                "=drinking|=shouting|=screaming"
            ),
            (
                "just =hit|=punched|=kicked|=slapped|=stabbed|=raped|=attacked|=hurt|=strangled|=choked|"
                "=forced|=grabbed|=touched|=groped|=beat|=battered|=jumped|=smacked"
            ),
            "just now",
            "do|doing it ~ now|tonight|right",
            "please|pls ~2 come|hurry",
            "help me ~ now|please|quick",
        ),
        checks=("not_game",),
    ),
    Rule(
        "now_weak",
        "happening_now",
        "says it is happening now",
        ("right now", "now", "tonight", "here", "at the moment", "as we speak", "currently"),
        bad_prev=("from", "till", "until", "by", "up", "for"),
        checks=("not_introduction",),
    ),
    Rule(
        "services_called",
        "happening_now",
        "says 999, the police or an ambulance have been called",
        (
            "have|has|just ~2 ring|rang|rung|call|called|phone|phoned|dial|dialled ~2 999|police|ambulance|paramedics",
            "999|police|ambulance|paramedics ~2 =called|=rung|=phoned|=dialled|=informed",
            # night logs: "999 made", "999 call made"
            "999 call? =made",
            "on the phone to ~2 999|police|ambulance|paramedics",
            # "paramedics en route", "police on their way": called, and coming
            "999|police|ambulance|paramedics|paramedic ~2 en|on route|way",
            "999|police|ambulance|paramedics|paramedic ~2 attending|dispatched|on scene",
            "ambulance|paramedics|paramedic ~2 coming|here|arrived",
        ),
        negatable=False,
    ),
    # ----------------------------------------------------------------- suicide_now: farewells
    Rule(
        "farewell",
        "suicide_now",
        "writes as if saying a last goodbye",
        (
            "write|wrote|written|writing|leave|left|record|recorded ~2 my|a|the|some ~ goodbye|goodbyes",
            "write|wrote|written|writing ~2 letters|notes|letter|note for|to everyone|everybody|each|all",
            "goodbye|farewell letter|letters|note|notes|message|messages|text|texts|video",
            "last thing|message|text|words|time ~3 ever send|say|write|text|message|talk|hear",
            "not ~2 be here|alive|around|breathing ~2 by|when|tomorrow|morning|after",
            "@PILLS ~3 next|beside ~ to? me",
            "@PILLS ~2 in my hand|hands",
            "@PILLS ~2 lined|counted ~ up|out",
            "@PILLS ~2 be|are ready",
            "tie|tied|tying it|rope|noose|belt|cord|scarf|sheet|sheets ~3 to|round|around|on ~2 banister|bannister|"
            "bannisters|door|beam|tree|hook|rail|loft|neck|ceiling|light",
            "i have|got|bought|found ~ the|a|some rope|noose|ligature",
            "=took|=taken|=swallowed|=necked|=downed the|a whole|all|entire ~2 packet|box|bottle|strip|lot|pack|tub",
            "=taken|=took too much|many",
        ),
        negatable=False,
        checks=("not_food_context", "not_water_leisure", "pills_if_named"),
    ),
    # A goodbye with a plan, said lightly ("lol guess im finally gonna do it tonight, got
    # everything sorted, dw about me"; "wanted to say bye properly cos i wont be here
    # tomorrow"): plain together, so the models' calm reading does not talk it down.
    Rule(
        "goodbye_with_a_plan",
        "suicide_now",
        "says goodbye as if they will not be here, or that everything is ready for it",
        (
            "finally ~3 do it ~8 everything|all sorted|ready|planned|sort|done",
            "everything|all sorted|ready|planned|sort|done ~8 finally ~3 do it",
            "say|said|saying bye|goodbye|goodbyes properly|forever ~8 not ~2 be here|alive|around",
        ),
        negatable=False,
    ),
    # Its own rule, with no checks: the farewell's leisure words and the game words both hold
    # "level", so "the top level of the car park" was dropped as a game's.
    Rule(
        "on_the_top",
        "suicide_now",
        "says they are at the top of a car park or a tall building, or on its edge",
        (
            "top floor|level|storey|deck|roof of ~2 the? carpark|multistorey|building|block|flats|tower",
            # "on the top of the car park" alone is waiting for a lift; over the edge is not:
            # "sat on the top of the multi storey with my legs hanging over the edge"
            "legs|feet ~3 over|off the ~ edge|ledge|side|railing|railings",
            (
                "sit|sat|sitting|stand|stood|standing on the ~ edge|ledge ~3 of? the? "
                "roof|bridge|carpark|multistorey|cliff"
            ),
        ),
        negatable=False,
    ),
    Rule(
        "overdose_amount",
        "suicide_now",
        "says they have taken a large part of a packet or bottle",
        (
            (
                "=took|=taken|=swallowed|=necked|=downed|=done|=had|=popped ~2 half|most the|a? "
                "packet|box|bottle|strip|pack|tub"
            ),
        ),
        negatable=False,
        checks=("not_food_context", "pills_if_named"),
    ),
    Rule(
        "into_water",
        "suicide_now",
        "describes going into deep water",
        (
            "go|going|walk|walking|wade|wading|swim|swimming ~2 further|deeper|out ~2 in|into|out",
            "go|going|walk|walking|wade|wading|swim|swimming ~2 further|deeper",
            "wade|wading out",
            "walk|walking|go|going|wade|wading ~2 into|in the ~ sea|river|canal|lake|reservoir|quarry|water|waves",
            "water ~3 up to my ~ chest|neck|shoulders|chin",
        ),
        negatable=False,
        checks=("water_context", "not_water_leisure"),
    ),
    Rule(
        "farewell_hint",
        "suicide_now",
        "writes a goodbye that needs checking",
        (
            "sorry for everything",
            "it be not|never your|her|his|their|anyone fault",
            "not your|her|his|their|anyone fault",
            "love you all|both|everyone|guys",
            "tonight be the night",
            "say|said|saying bye|goodbye|goodbyes to",
            "talk|talking|talked me out of it",
            "text|texted|message|messaged|send|sent ~2 me|us? goodbye|goodbyes",
            # a carer's report: "sent a message to another young person saying goodbye"
            "message|text|note|post|snap ~6 say|saying goodbye|bye",
            "thank|thanking|thanked ~3 for everything",
            "give|gave|giving|given ~2 all? my stuff|things|belongings|possessions|clothes ~2 away",
            "bye ~2 forever|everyone|all",
            "look|looking after ~2 my|each ~ brother|sister|cat|dog|other",
            "take care of ~2 my|each ~ brother|sister|cat|dog|other",
            "this be the last",
            "tell ~3 everyone|everybody|them|mum|her|him ~3 i be sorry",
            "tell|give ~4 i love|loved him|her|them|you",
            "just want|wanted ~2 someone|somebody|you|anyone to know",
            # "i took all of them": of what the message may not say
            "=took|=taken|=swallowed|=necked all of? them",
            "=took|=taken|=swallowed|=necked the whole? lot",
        ),
        negatable=False,
        weak=True,
    ),
    Rule(
        "cash_sum",
        "exploitation",
        "describes a large sum of cash nobody explains",
        ("£ # ~2 cash|notes|quid|on|in", "# quid|pound|pounds ~2 cash|notes|on"),
        checks=("large_sum",),
        counts_when_over=True,
    ),
    # ----------------------------------------------------------------- in_danger_now: held, threatened
    Rule(
        "held",
        "in_danger_now",
        "says they are being held or kept somewhere",
        (
            "say|said|says|saying|tell|told|telling ~3 i ~2 not leave|leaving|go|going ~3 till|until|unless|anywhere",
            ("say|said|says|saying|tell|told|telling ~3 i ~2 stay|staying|sleep|sleeping ~ with|at him|his|them|their"),
            "say|said|says|saying|tell|told|telling ~3 i ~2 stay|staying|sleep|sleeping here|upstairs|whether",
            "keep|keeps|kept ~ saying|telling ~3 i ~2 come|coming|go|going with",
            "say|said|says|saying|tell|told|telling ~3 i ~2 have|got to ~2 go|come|stay|sleep ~2 upstairs|bedroom",
            (
                "say|said|says|saying|tell|told|telling ~3 i ~2 have|got to ~2 go|come|stay|sleep ~ with|at "
                "him|them|his|their"
            ),
            "only let|lets|letting me out|leave|go|eat ~ to|for|when|if",
            "try|trying|tried ~ to take|get|drag|pull|put me ~2 in|into|to his|their|the ~ car|van|house|flat",
            "keep|keeping|kept me here",
        ),
        negatable=False,
        checks=("not_family_agent", "other_agent"),
    ),
    Rule(
        "held_place",
        "in_danger_now",
        "says they are shut in or being driven somewhere unknown",
        (
            "whether i like it or not",
            "in a|some|this ~ stranger|strangers|random|randoms ~ car|van|house|flat",
            "door|doors|window|windows ~2 lock|locked ~2 from|on the? outside",
            "door|doors|window|windows ~3 not open ~8 key|keys",
            "not tell|say ~ me? where ~3 go|going|take|taking|driving|heading|we|they",
            "=driving|=taking|=driven|=taken me ~3 somewhere|away ~4 not tell|say",
            # a car that will not stop to let them out
            "will not|never ~2 stop ~3 let me out|off|go",
            "=driving ~8 not ~2 let me ~2 out|off|go|home",
            "in the boot",
        ),
        negatable=False,
        checks=("not_game",),
    ),
    Rule(
        "locked_in_car",
        "in_danger_now",
        "says someone driving them locked the doors",
        (
            "drove|drive|driving|drives ~10 lock|locked|locks|locking ~2 the|car|all? door|doors",
            "lock|locked|locks|locking ~2 the|car|all? door|doors ~8 drove|drive|driving|drives",
        ),
        checks=("not_family_agent", "not_game"),
    ),
    Rule(
        "blocking_door",
        "in_danger_now",
        "says someone is blocking the way out",
        ("stand|standing|stood|sit|sitting|block|blocking ~3 door|doorway|exit",),
        negatable=False,
        checks=("not_family_agent", "other_agent", "not_friendly_visitor", "not_game"),
    ),
    Rule(
        "threat_now",
        "in_danger_now",
        "describes a threat that is close",
        (
            "go to do me|us in",
            "do me|us in",
            "open ~2 or else",
            "@PERSON be ~ =breaking|=kicking|=smashing|=forcing ~2 in|into|down",
            "or else ~ he|she|they|i",
            "break|breaking|kick|kicking|smash|smashing ~ the|my ~ door|window|windows|doors ~ in|down",
            "kick|kicking|break|breaking the|my door",
            "bang|banging|pound|pounding|hammer|hammering|kick|kicking on|at it",
            "if i do not message|text|reply|answer|call ~4 in|within|by",
            "call|ring|phone ~2 999|police ~2 for me",
            "hear me|listen|see me ~ if i",
        ),
        bad_next=("lol",),
        checks=("not_game",),
    ),
    Rule(
        "medical",
        "in_danger_now",
        "describes someone who may need an ambulance",
        (
            "not breathing|responding",
            "stop|stopped breathing",
            "lip|lips|face|skin ~3 blue|grey|purple",
            "seizing|convulsing",
            "seizure",
            "collapse|collapsed",
            "unconscious|unresponsive",
            "pass|passed out and|on",
            "floppy",
            "snoring noise|noises|sound",
            "foam|foaming at the mouth",
            "choke|choking on ~2 sick|vomit|puke",
            "=took|=taken something and",
            "ambulance ~3 called|coming|here|outside",
            "ambulance on its|the way",
            # asking whether it needs an ambulance is the answer
            "do|should i ~3 ring|call|phone|get ~ an? ambulance",
            "take ~2 him|her|them|me ~2 to a&e|hospital ~3 or ~2 ring|call|phone",
            "bleeding|bleed heavily|badly|loads|a lot|lots|everywhere",
            # swallowing drugs to hide them ("swallowed 6 wraps in cling film")
            "swallow|swallowed|swallowing ~6 wrap|wraps|baggie|baggies|package|packages|drugs",
            "head wound|injury ~6 confused|slurring|drowsy|vomiting|sick|sleepy",
            # two signs of intoxication or a head injury together
            "drowsy|unsteady|vomiting|confused ~3 slurring|slurred|incoherent",
            "slurring|slurred|incoherent ~3 drowsy|unsteady|vomiting|confused",
        ),
        negatable=False,
        # "at first aid we learned what to do if someone is unresponsive"
        checks=("not_game", "not_lesson"),
    ),
    Rule(
        "fitting",
        "in_danger_now",
        "describes someone who may need an ambulance",
        ("=fitting", "have|having a seizure|fit"),
        # "fitting in", "fits well"
        bad_next=("well", "nicely", "in", "out", "into"),
        negatable=False,
        checks=("not_game", "not_lesson"),
    ),
    Rule(
        "drug_reaction",
        "in_danger_now",
        "took a drug or something unknown and feels unwell",
        # not "had a pill for my headache, feel weird": the overdose rules count pills
        ("take|had|snort|sniff|drink|swallow ~3 powder|ket|coke|mdma|molly|pingers|something|stuff",),
        checks=("feels_unwell", "not_my_meds"),
    ),
    Rule(
        "without_medicine",
        "in_danger_now",
        "is without medicine they need and feels unwell",
        (
            "lose|forget|leave|without|no ~4 insulin|inhaler|epipen|glucagon",
            "run|ran out ~3 insulin|inhaler|epipen|glucagon",
        ),
        checks=("feels_unwell",),
    ),
    Rule(
        "not_waking",
        "in_danger_now",
        "describes someone who cannot be woken",
        ("not ~2 wake|waking up", "can not wake ~ him|her|them|up"),
        bad_next=("early", "till", "until", "at", "before", "for", "in", "on", "to", "tomorrow", "when", "if"),
        negatable=False,
        checks=("not_game",),
    ),
    Rule(
        "sexual_now",
        "in_danger_now",
        "describes being forced or woken up undressed",
        (
            "@PERSON =forced|=forcing me|himself|themselves",
            "force himself|themselves on me",
            "wake|woke|waking up ~4 clothes|knickers|pants|trousers|bra ~3 off|gone|missing|ripped|undone",
        ),
        bad_next=("to", "into", "through", "out", "open"),
    ),
    Rule(
        "weapon_more",
        "in_danger_now",
        "mentions someone with a weapon",
        ("strap|strapped|shooter",),
        bad_next=("for", "up", "of"),
        bad_prev=("bag", "watch", "shoe", "phone", "shoulder", "chin", "guitar", "bra", "my", "seat", "be"),
        checks=("weapon_other_person", "not_game"),
    ),
    # ----------------------------------------------------------------- being_hurt
    Rule(
        "improvised_weapon",
        "being_hurt",
        "describes someone holding or using something as a weapon",
        (
            (
                "@PERSON ~3 hold|holding|swing|swinging|wave|waving|point|pointing|grab|grabbed|brandish ~3 "
                "bottle|glass|brick|bat|stick|chair|belt|pole|plank|lighter|iron|screwdriver"
            ),
        ),
        checks=("weapon_other_person", "not_game"),
        escalate="in_danger_now",
    ),
    Rule(
        "restricted",
        "being_hurt",
        "describes being controlled, watched or kept in",
        (
            "not allowed ~ to? leave|out|go|eat|see|talk|speak|contact|have",
            "not allowed ~ to? say no",
            "go|goes|going through ~2 my phone|messages|texts|snap|dms",
            "check|checks|checking my phone|messages|texts|location",
            "pick|picks|choose|chooses|decide|decides ~2 who ~2 my? friends|mates",
            "lock|locks|locked the fridge|food|cupboard|cupboards",
            "only get|let ~ fed|food|eat|dinner ~ if",
            "unless he|she|they be|s there",
            "say|said|says|told|threaten|threatened ~4 if i tell|say ~3 anyone|anybody|someone|police|social|teacher",
            "say|said|says|told|tells ~3 i ~3 not ~2 tell|say ~2 anyone|anybody|no|nobody|one",
            "say|said|says|told|tells ~2 not to tell|say",
            "say|said|told ~3 do not open|look|tell",
            "look|looking|stare|staring at me ~ weird|funny|creepy",
            "come|comes|walk|walks ~2 in|into ~3 when i ~2 bath|shower|changing|changed|undressed|bed",
            "dump|leave|finish|ditch me ~2 if i",
            "it|its|things|everything ~ be? worse at home|there",
        ),
        bad_next=("after", "till", "until", "on", "past", "because", "at", "before", "during", "in"),
        checks=("not_game",),
        escalate="in_danger_now",
    ),
    Rule(
        "kept_from_leaving",
        "being_hurt",
        "says someone will not let them leave or go home",
        ("say|saying|says|said|tell|telling ~3 i ~3 not ~2 go|leave|home",),
        bad_next=("after", "till", "until", "on", "class", "school", "lesson", "early", "yet", "because", "before"),
        checks=("other_agent", "not_family_agent", "not_game"),
        escalate="in_danger_now",
    ),
    Rule(
        "grabbed",
        "being_hurt",
        "says someone has hold of them",
        (
            (
                "@PERSON ~2 have|has|got|grab|grabbed|holding|hold|pull|pulling|pulled ~ my|me ~3 "
                "arm|wrist|hair|neck|throat"
            ),
        ),
        checks=("other_agent", "not_family_agent", "not_game"),
        escalate="in_danger_now",
    ),
    Rule(
        "spiked",
        "being_hurt",
        "says their drink was spiked or they were drugged",
        ("=spiked|=drugged", "put|slip|slipped ~2 something|stuff|pill|pills ~2 in|into my drink"),
        checks=("not_game",),
        escalate="in_danger_now",
    ),
    # ----------------------------------------------------------------- exploitation
    Rule(
        "exploitation_more",
        "exploitation",
        "mentions being taken places, paid, or owing people",
        (
            "take|took|taken|get|got ~2 me|us ~2 to ~2 a|an|some ~ hotel|hotels|airbnb|motel|guesthouse",
            "with those|them|these|the ~ older? men|blokes|geezers|guys ~ again",
            "friend|mate|sister|bestie ~3 gone|missing ~2 for? # ~ day|days|night|nights|week|weeks",
            "wake|woke|waking ~ up ~3 somewhere|different|strange|random ~2 place|bed|house|flat|different",
            "want|wants ~2 paying|paid|payment|money back",
            "for free ~2 now|and ~4 owe|pay|paying|paid",
            "work|working ~2 it|this|that|debt off",
            "got|get|been given ~3 pills|drugs|weed|coke|phone|money|cash|shots|burner",
            "give|gave|given ~ me|us ~2 something|stuff|shots|money|cash",
            "older lot|crew|ones",
            "say|says|said|saying ~2 i be family",
            "drink|drinking ~3 with ~2 older",
            "send|sending ~2 @PIC ~2 if|or",
            "if i ~2 not send ~2 @PIC",
            # sextortion: "if i dont send more hell post the ones i sent to everyone"
            "if i ~2 not send ~4 he|she|they ~2 will|would|go ~2 post|share|leak|send|show|spread",
            "threaten|threatening|threatened|threat ~3 post|share|leak|send|show|spread ~3 @PIC|ones",
            # county lines: "they took me country", "sent him OT"
            "take|took|taken|send|sent|get|got me|him|her|us country|ot",
            # "a man she calls 'uncle'": the name groomers give themselves
            "@OLDER_WHO she|he|i|they|we ~ call|calls|called ~2 uncle|bae|boyfriend",
        ),
        checks=("not_family_agent", "not_lesson", "not_game"),
    ),
    # ----------------------------------------------------------------- unsafe
    Rule(
        "hiding",
        "unsafe",
        "says they are hiding or someone is waiting for them",
        (
            "hide|hiding from ~2 him|her|them|@PERSON",
            "hide|hiding in|under ~3 bathroom|bed|wardrobe|cupboard|toilet|toilets|room|shed|bush|bushes|loo",
            "lock|locked myself in",
            "@PERSON ~2 wait|waiting ~2 for me|outside",
            "opps",
            "run|running|ran from ~2 them|him|her",
            "=following|=chasing me",
            "look|looking ~2 for me",
        ),
        mild=True,
        checks=("not_game", "not_friendly_visitor", "other_agent"),
    ),
    # ----------------------------------------------------------------- self_harm: a plan
    Rule(
        "stockpile",
        "self_harm",
        "describes collecting the means to hurt themselves",
        (
            (
                "buy|bought|save|saved|saving|stockpile|stockpiling|collect|collected|collecting|hoard|hoarding ~3 "
                "@PILLS ~3 different|several|# ~ shop|shops|chemist|chemists|pharmacy|pharmacies|places"
            ),
            "save|saved|saving|stockpile|stockpiled|stockpiling|hoard|hoarding|stash|stashing ~2 my? @PILLS",
            "@PILLS ~2 saved|stashed|hidden|stockpiled",
            "photo|photos|pic|pics|picture|pictures of ~3 @PILLS",
            "photo|photos|pic|pics|picture|pictures of ~3 blister pack|packs|packets",
            "=planned|=planning|=plan how|when|where ~2 i ~2 will|would|go|do it",
            "got it all planned|planned out",
        ),
        checks=("not_food_context",),
    ),
    # ----------------------------------------------------------------- self_harm (thoughts)
    Rule(
        "ideation",
        "self_harm",
        "describes thoughts of not wanting to exist",
        (
            "want|wanting|wish|wanna ~3 disappear|vanish",
            "want|wish ~3 everything|it|things ~2 to stop",
            "want|wants|wanted|wanting|wish ~2 it|everything|things|life ~2 to end|over",
            "easier|better ~3 if i ~2 disappear|disappeared|vanish|vanished|gone|left",
            "point of ~2 me|living|life|existing|anything",
            "point of ~2 being ~ here|alive",
            "sleep and ~2 not|never wake",
            "sleep forever",
            "about ending it|things|everything",
            "think|thinking|thought|thoughts about ~2 dying|ending|killing|suicide",
            "dark|bad|suicidal|intrusive thoughts",
            "=cutting|selfharm be the only|all|what",
            "=cutting|selfharm ~2 help|helps|make|makes|calm|calms me",
            "in a bad way",
        ),
        negatable=False,
        bad_next=("under", "into", "in", "for", "off", "to", "from", "on", "with", "at"),
    ),
    # ----------------------------------------------------------------- lost_stranded
    Rule(
        "not_existing",
        "self_harm",
        "describes thoughts of not existing",
        (
            "consider|considered|considering|think|thinking|thought about? ~ not|stop|stopping ~ exist|existing",
            "wish i ~2 not|never ~ exist|existed|existing|be born",
            "want|wanna ~2 to? stop|not ~ exist|existing",
            "i|you ~2 stop|stopped|stopping existing|exist",
        ),
    ),
    Rule(
        "stranded_more",
        "lost_stranded",
        "says they are stranded or out of places to stay",
        (
            "middle of nowhere",
            "left me ~2 here|there|behind|alone|stranded",
            "no idea|clue which|what ~ bus|train|way",
            "not know which|what ~ bus|train|way",
            "not know what|which area|place|town|city|field|road|street|estate|village|station",
            "not know anyone|anybody ~2 here",
            "no more? train|trains|bus|buses ~3 no money|cash|way",
            "no money|cash ~3 no train|trains|bus|buses",
            "no money|cash ~4 get|for ~2 back|home|bus|train|taxi",
            "run|running|ran out of places|somewhere|people",
            "be|been missing ~2 # ~ day|days|night|nights",
            "get|got|getting off at ~2 the? wrong stop|station",
        ),
        mild=True,
        checks=("not_benign_lost",),
    ),
    # ----------------------------------------------------------------- want_person
    Rule(
        "want_person_more",
        "want_person",
        "asks for someone to talk to",
        (
            "can|could|will ~ someone|somebody|anyone|anybody|you ~2 talk|speak|chat to|with me",
            "not know who else to? ~ talk|message|text|turn|ask|tell|go",
            "someone|somebody|anyone ~2 please|pls",
            # whatever it is about: "a real person about my contact arrangements"
            "talk|speak|chat to|with ~3 real|actual|proper|live ~ @REAL_PERSON",
            # an adult on the phone for the duty team: "NEED DUTY MGR ASAP", "someone to attend urgently"
            (
                "need|want|get ~3 duty|oncall|on-call|manager|mgr|worker|sw|social|someone|somebody ~4 "
                "asap|urgently|urgent|now|immediately"
            ),
            "someone|somebody ~2 to ~2 attend|come|call|ring|speak ~3 urgently|asap|now|immediately",
            "can|could someone|somebody ~8 asap|urgently|urgent|immediately",
            # "would someone be able to check in with her over the weekend?"
            "can|could|would someone|somebody ~4 check|call|ring|visit|phone|contact ~3 her|him|them|me|us",
            "pass ~2 it|this on? to someone|somebody ~2 tonight|now",
            "immediate|urgent ~ escalation|response|call|callback",
        ),
    ),
)

RULES: Final[tuple[Rule, ...]] = _BASE_RULES + _URGENT_RULES

#: Categories a strong immediacy cue raises to an emergency, and what they become.
PROMOTE_STRONG: Final[dict[str, str]] = {
    "being_hurt": "in_danger_now",
    "unsafe": "in_danger_now",
    "exploitation": "in_danger_now",
    "lost_stranded": "in_danger_now",
    "self_harm": "suicide_now",
}
#: Cue rules that raise with ``PROMOTE_STRONG``: held, bleeding, someone at the door; and 999
#: already called, as strong a sign as any.
STRONG_CUES: Final[frozenset[str]] = frozenset({"now_strong", "services_called"})
#: Categories a plain "now", "here" or "tonight" raises to an emergency.
PROMOTE_WEAK: Final[dict[str, str]] = {"being_hurt": "in_danger_now"}


@dataclass(frozen=True)
class Raise:
    """Signs that together raise a finding: when every one of ``cues`` (categories of sign
    rules) is present, ``category`` (matched by the ``rules`` asked for) becomes ``target``,
    for ``reason``."""

    cues: frozenset[str]
    category: str
    target: str
    reason: str
    #: Each group needs one of its rules among the category's matches.
    rules: tuple[frozenset[str], ...] = ()
    #: When given, one of these rules must be among the cues' matches.
    cue_rules: frozenset[str] = frozenset()


RAISES: Final[tuple[Raise, ...]] = (
    # Lost, or lost in the dark, is high; lost alone in the dark with the phone dying is danger now.
    Raise(
        frozenset({"alone_at_night", "phone_low"}),
        "lost_stranded",
        "in_danger_now",
        "lost or stranded alone or in the dark, with the phone dying",
        (frozenset({"lost", "stranded_more"}),),
    ),
    Raise(
        frozenset({"alone_at_night"}),
        "unsafe",
        "in_danger_now",
        "followed or watched while out alone or at night",
        (frozenset({"followed"}),),
    ),
    # A child of 12 or under alone at night with nowhere to go is in danger whatever the phone says.
    Raise(
        frozenset({"young_child", "alone_at_night"}),
        "lost_stranded",
        "in_danger_now",
        "a child aged 12 or under stranded alone or at night",
    ),
    Raise(
        frozenset({"alone_at_night"}),
        "unsafe",
        "in_danger_now",
        "a man asking them back to his place while they are out alone or at night",
        (frozenset({"stranger_lure"}),),
    ),
    # The police's missing-person grading: a young child, signs of risk and the small hours
    # make the danger real and immediate.
    Raise(
        frozenset({"young_child", "missing_risk", "alone_at_night"}),
        "away",
        "in_danger_now",
        "a child aged 12 or under missing at night with signs of risk",
    ),
    # Lost or stranded in the dark or the small hours ("no more trains, nearly midnight, no
    # money"); alone by day it stays high.
    Raise(
        frozenset({"alone_at_night"}),
        "lost_stranded",
        "in_danger_now",
        "lost or stranded in the dark or at night",
        (frozenset({"lost", "stranded_more"}),),
        frozenset({"alone_in_the_dark"}),
    ),
    Raise(
        frozenset({"young_child", "missing_risk", "happening_now"}),
        "away",
        "in_danger_now",
        "a child aged 12 or under missing right now with signs of risk",
    ),
    # A child of 12 or under reported missing in the dark or the small hours.
    Raise(
        frozenset({"young_child", "away", "alone_at_night"}),
        "away",
        "in_danger_now",
        "a child aged 12 or under missing in the dark or at night",
        (frozenset({"reported_missing", "reported_missing_kin"}),),
        frozenset({"alone_in_the_dark"}),
    ),
    # Missing with an adult who may exploit them ("collected by an adult male", "at the address
    # of a sex offender"): the danger a missing-person grading calls real and immediate.
    Raise(
        frozenset({"away"}),
        "exploitation",
        "in_danger_now",
        "missing with adults who may exploit them",
        (frozenset({"older_people", "cars", "exploitation_named", "sex_offender", "exploitation_more"}),),
        frozenset({"reported_missing", "reported_missing_kin"}),
    ),
    # A young child on their own and an adult drawing them into his vehicle ("a girl, looks about
    # 12, on her own on the car deck; a lorry driver told her to wait in his cab").
    Raise(
        frozenset({"young_child", "alone_at_night"}),
        "exploitation",
        "in_danger_now",
        "a child aged 12 or under on their own, with an adult drawing them into a vehicle",
        (frozenset({"cars"}),),
    ),
    # Images held over a child who is out at night, away from home ("its 1am").
    Raise(
        frozenset({"alone_at_night"}),
        "exploitation",
        "in_danger_now",
        "threatened with their images while out at night",
        (frozenset({"image_threat"}),),
    ),
    # Repeat missing, whereabouts unknown, out of area, drugs: a missing child at risk.
    Raise(frozenset({"missing_risk"}), "away", "missing_at_risk", "reports a child missing with signs of risk"),
)
#: Rules whose matches are thoughts or feelings rather than acts; cues alone do not raise them.
NOT_PROMOTED_RULES: Final[frozenset[str]] = frozenset({"hopeless", "ideation", "scared"})

#: A bout: a blow taken in it ("got punched loads in sparring") is the sport, one somebody
#: gave ("my coach punched me in sparring") is not.
SPARRING: Final[frozenset[str]] = frozenset({"spar", "sparring", "sparred"})
#: Football's officials: "the ref was murdering us with the offsides" is a figure of speech,
#: "the ref hit me" is not.
REFEREEING: Final[frozenset[str]] = frozenset({"ref", "referee", "offside", "offsides"})
FIGURATIVE_BLOWS: Final[frozenset[str]] = frozenset({"murder", "kill", "rob", "destroy"})

#: What someone beats you at without hurting you ("she beat me at pool"), with GAMING.
CONTESTS: Final[frozenset[str]] = frozenset(
    {
        "pool",
        "snooker",
        "darts",
        "chess",
        "cards",
        "uno",
        "monopoly",
        "scrabble",
        "draughts",
        "checkers",
        "poker",
        "tennis",
        "badminton",
        "football",
        "footy",
        "race",
        "running",
        "quiz",
        "maths",
        "ping",
        "table",
        "arm",
        "everything",
        "sport",
    }
)

#: A small child whose bite or kick is not abuse ("me bairn cousin bit us").
SMALL_CHILDREN: Final[frozenset[str]] = frozenset({"bairn", "toddler", "baby", "tot", "wean", "infant"})

#: Pad work at a boxing club: "coach battered me on pads" is training.
PAD_WORK: Final[frozenset[str]] = frozenset({"pad", "pads", "mitts", "bag"})

#: Where "hit me on", "kicked me off" or "blocked me from" is online, not a blow.
ONLINE_PLACES: Final[frozenset[str]] = frozenset(
    {
        "snap",
        "snapchat",
        "insta",
        "instagram",
        "whatsapp",
        "discord",
        "tiktok",
        "facebook",
        "messenger",
        "telegram",
        "dm",
        "dms",
        "chat",
        "gc",
        "group",
        "groupchat",
        "server",
        "call",
        "here",
    }
)

#: Words that put a message in a video game.
GAMING: Final[frozenset[str]] = frozenset(
    {
        "cod",
        "fortnite",
        "gta",
        "minecraft",
        "roblox",
        "fifa",
        "warzone",
        "apex",
        "valorant",
        "game",
        "games",
        "gaming",
        "level",
        "xbox",
        "ps5",
        "ps4",
        "playstation",
        "server",
        "squad",
        "respawn",
        "controller",
        "overwatch",
        "zelda",
        "mario",
        "pokemon",
        "sims",
        "film",
        "movie",
        "episode",
        "series",
        "netflix",
        "escaperoom",
        # toys: "attacking me with nerf darts", "snowball fight"
        "nerf",
        "snowball",
        "snowballs",
        # songs and the stage: "that song that goes 'i'm trapped in a cage'"
        "song",
        "songs",
        "lyrics",
        "lyric",
        "singing",
        "rehearsal",
        "rehearsing",
        "script",
        "drama",
        "musical",
        "schoolplay",
    }
)

#: Words that put a request online or with someone unknown (not a carer's "take your muddy kit off").
ONLINE_OR_STRANGER: Final[frozenset[str]] = frozenset(
    {
        "call",
        "video",
        "facetime",
        "cam",
        "camera",
        "webcam",
        "live",
        "stream",
        "online",
        "snapchat",
        "snap",
        "discord",
        "roblox",
        "fortnite",
        "minecraft",
        "app",
        "dm",
        "chat",
        "game",
        "headset",
        "server",
        "omegle",
        "whatsapp",
        "insta",
        "instagram",
        "tiktok",
        "guy",
        "man",
        "stranger",
        "someone",
        "somebody",
        "bloke",
    }
)

#: Words that put a message in a lesson or a question about the service.
LESSON: Final[frozenset[str]] = frozenset(
    {
        "pshe",
        "pshce",
        "rshe",
        "lesson",
        "lessons",
        "assembly",
        "documentary",
        "learn",
        "learnt",
        "learned",
        "learning",
        "project",
        "essay",
        "homework",
        "class",
        "app",
        "course",
        "training",
        # stories read at school and clubs' badges
        "book",
        "chapter",
        "novel",
        "scouts",
        "cadets",
        "badge",
        "refresher",
        "module",
        "workshop",
        # set texts: "doing Macbeth in English, so much blood"
        "shakespeare",
        "macbeth",
        "hamlet",
        "romeo",
        "juliet",
        "othello",
        "poem",
        "poetry",
        # "YP picked a horror, screaming and blood everywhere" ("film" is also "he filmed me")
        "horror",
        "movie",
    }
)

#: Words for practising a skill, with ``LESSON`` a first-aid class ("practised what to do if...").
PRACTICE: Final[frozenset[str]] = frozenset(
    {"practise", "practised", "practice", "practising", "practicing", "taught", "teach", "show", "showed"}
)

#: A small wound, treated ("cut my finger on the fence, loads of blood but staff put a plaster on").
MINOR_WOUND: Final[frozenset[str]] = frozenset(
    {"plaster", "plasters", "finger", "thumb", "toe", "knee", "nosebleed", "graze", "grazed"}
    | {"accident", "accidentally"}
)

#: Words that put a sentence in the news ("saw on the news some lad got hurt").
NEWS: Final[frozenset[str]] = frozenset({"news", "newspaper", "headline", "headlines", "bbc"})

#: Things that hurt by accident ("stabbed by a thorn").
BENIGN_CAUSES: Final[frozenset[str]] = frozenset(
    {
        "thorn",
        "nettle",
        "nettles",
        "bee",
        "wasp",
        "pencil",
        "compass",
        "splinter",
        "ball",
        "branch",
        "cactus",
        "rose",
        "needle",
        "stapler",
        "jellyfish",
        "sun",
        "iron",
        "oven",
        "kettle",
        "hair",
        "straighteners",
        "dog",
        "cat",
        "hamster",
    }
)

#: What a mark or bruise can come from without anyone hurting them ("it's from football").
BENIGN_ORIGINS: Final[frozenset[str]] = frozenset(
    {
        "football",
        "footy",
        "rugby",
        "pe",
        "hockey",
        "netball",
        "boxing",
        "training",
        "skating",
        "trampoline",
        "eczema",
        "washing",
        "sport",
        "match",
    }
)

#: Food that makes "burned my toast" literal.
FOOD_OBJECTS: Final[frozenset[str]] = frozenset(
    {
        "toast",
        "food",
        "dinner",
        "tea",
        "pizza",
        "chips",
        "cake",
        "rice",
        "pasta",
        "egg",
        "eggs",
        "bread",
        "popcorn",
        "noodles",
        "tongue",
        "finger",
        "fringe",
        "hair",
        "nails",
    }
)

#: What makes "trapped in ..." a feeling or a figure of speech.
FIGURATIVE_TRAPS: Final[frozenset[str]] = frozenset(
    {
        "life",
        "head",
        "body",
        "thoughts",
        "mind",
        "maths",
        "school",
        "lesson",
        "class",
        "relationship",
        "world",
        "job",
        "loop",
        "cycle",
        "own",
        "past",
        "feeling",
        "friendzone",
        "traffic",
    }
)

#: Open water that makes "going further in" dangerous.
OPEN_WATER: Final[frozenset[str]] = frozenset(
    {
        "sea",
        "water",
        "waters",
        "river",
        "canal",
        "lake",
        "reservoir",
        "quarry",
        "waves",
        "tide",
        "loch",
        "beach",
        "ocean",
    }
)

#: Verbs that make a kitchen knife a threat ("waving a knife around in the kitchen").
THREAT_VERBS: Final[frozenset[str]] = frozenset(
    {
        "wave",
        "waving",
        "point",
        "pointing",
        "swing",
        "swinging",
        "pull",
        "pulled",
        "brandish",
        "threaten",
        "hold",
        "holding",
        "come",
        "coming",
        "run",
        "running",
        "chase",
        "chasing",
    }
)

#: Water that is leisure, not a river or the sea at night.
WATER_LEISURE: Final[frozenset[str]] = frozenset(
    {"pool", "swimming", "lesson", "lido", "gala", "holiday", "game", "level", "book", "story", "hole", "debt"}
)
