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
    "paracetemol": "paracetamol",
    "paracetamols": "paracetamol",
    "kil": "kill",
    "myslef": "myself",
    "mysef": "myself",
    "meself": "myself",
    "maself": "myself",
    "ded": "dead",
    "dye": "die",
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
    (r"\bd[i1!*][e3]\b", "die"),
    (r"\bself[\s\-_]*(?:harm|h[a4@*]rm)(?:ing|ed)?\b", "selfharm"),
    (r"\bself[\s\-_]*injur(?:y|e|ing|ed)\b", "selfharm"),
    (r"\bun[\s\-]?aliv(e|ed|ing)\b", r"kill"),
    (r"\bno\s*where\b", "nowhere"),
    (r"\bno[\s\-]one\b", "no one"),
    (r"\bcounty\s*lines?\b", "countylines"),
    (r"\btrap\s*(?:house|phone|line)\b", "countylines"),
    (r"\bgo(?:ing|ne)?\s+(?:country|cunch|ot)\b", "countylines"),
    (r"\bbricking\s+it\b", "scared"),
    (r"\bshitting\s+it\b", "scared"),
    (r"\bnot\s+gonna\s+lie\b", "honestly"),
    (r"\bnot\s+going\s+to\s+lie\b", "honestly"),
    (r"\bi\s*'\s*d\b", "i would"),
    # "2"/"4" as words only after verbs that take "to"/"for", so "2 years clean" survives
    (r"\b(going|gonna|want|wants|wanted|need|have|has|got|trying|try|about|ready|planning|plan)\s+2\b", r"\1 to"),
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

# --------------------------------------------------------------------------- word classes

WORD_CLASSES: Final[dict[str, tuple[str, ...]]] = {
    # people who might harm or exploit; "he"/"they" are included because disclosures
    # rarely name anyone
    "PERSON": (
        "he", "she", "they", "someone", "somebody", "man", "men", "guy", "guys", "lad",
        "lads", "boy", "boys", "bloke", "blokes", "people", "person", "stranger",
        "strangers", "boyfriend", "girlfriend", "ex", "gang", "woman", "women", "fella",
        "geezer", "group", "this", "him", "them", "her",
    ),
    # family and carers: "my mum's gonna kill me" is hyperbole, and their gifts are not
    # grooming
    "FAMILY": (
        "mum", "mam", "mom", "mother", "mummy", "dad", "father", "daddy", "nan", "nana",
        "nanna", "gran", "granny", "grandma", "grandad", "grandpa", "carer", "carers",
        "foster", "auntie", "aunt", "aunty", "uncle", "teacher", "teachers", "sister",
        "brother", "sis", "bro", "parent", "parents", "family", "stepmum", "stepdad",
        "sw", "worker", "keyworker", "staff", "cousin", "mums", "dads", "social",
    ),
    "VIOLENT": (
        "hit", "punch", "kick", "slap", "smack", "beat", "batter", "strangle", "choke",
        "push", "shove", "attack", "stab", "burn", "bite", "headbutt", "whack", "thump",
        "hurt", "abuse", "assault", "spit", "grab", "drag", "pin", "bash", "lamp", "deck",
        "throttle", "boot", "kill", "murder", "rape", "threaten", "bully", "jump", "touch",
        "strip", "tie", "slam", "scratch", "injure", "harm",
    ),
    "WEAPON": (
        "knife", "knives", "gun", "machete", "weapon", "shank", "nank", "blade", "axe",
        "shotgun", "pistol", "crowbar", "baseball", "taser", "hammer", "rambo",
    ),
    "HIGH_PLACE": (
        "bridge", "roof", "rooftop", "ledge", "cliff", "edge", "track", "tracks",
        "railway", "balcony", "tower", "viaduct", "motorway", "flyover", "pier",
    ),
    "DRUG_ITEM": (
        "package", "parcel", "bag", "bags", "box", "stuff", "thing", "things", "drug",
        "drugs", "weed", "food", "item", "items", "wrap", "wraps", "shit", "gear",
        "money", "cash", "phone", "rucksack", "backpack", "sim", "pack", "parcels",
        "packages", "it", "something",
    ),
    "GIFT": (
        "money", "cash", "gift", "gifts", "present", "presents", "phone", "trainers",
        "trainer", "clothes", "stuff", "things", "weed", "drug", "drugs", "alcohol",
        "vodka", "drink", "drinks", "vape", "vapes", "fag", "fags", "cigarette",
        "cigarettes", "jewellery", "ticket", "tickets", "sim", "designer", "nails",
        "food", "takeaway", "shoes", "bag", "fiver", "tenner", "£", "sniff", "coke",
        "ket", "pill", "pills", "lean", "nos", "cider", "beer", "bottle",
    ),
    "BELONGING": (
        "shoe", "shoes", "key", "keys", "passport", "id", "clothes", "trainer",
        "trainers", "money", "card", "coat", "jacket", "charger", "sim", "phone",
        "bank", "purse", "wallet", "stuff", "things",
    ),
    "PILLS": (
        "pill", "pills", "tablet", "tablets", "paracetamol", "painkiller", "painkillers",
        "med", "meds", "medication", "medicine", "ibuprofen", "aspirin", "antidepressant",
        "antidepressants", "sleeping", "bleach", "co-codamol", "codeine", "insulin",
    ),
    "QUANTITY": (
        "load", "loads", "lot", "lots", "all", "bunch", "handful", "packet", "packets",
        "box", "boxes", "bottle", "too", "many", "whole", "some", "bare", "mad", "heaps",
        "several", "few", "double", "extra", "every", "more", "strip", "strips",
    ),
    "BODY": (
        "arm", "arms", "wrist", "wrists", "leg", "legs", "thigh", "thighs", "skin",
        "stomach", "body", "hip", "hips", "chest", "face", "hand", "hands", "neck",
    ),
    "REAL_PERSON": (
        "person", "human", "someone", "somebody", "people", "worker", "staff",
        "adult", "counsellor", "counselor", "anyone", "anybody", "humans", "member",
    ),
    "FRIENDISH": (
        "mate", "mates", "friend", "friends", "boyfriend", "girlfriend", "cousin",
        "someone", "somebody", "his", "her", "their", "pal", "bestie", "bestfriend",
        "bezzie", "nan", "mates'", "mate's", "friend's", "ex",
    ),
    "HOMEWARD": ("back", "home", "there", "placement", "house", "unit"),
    "ROUGH_PLACE": (
        "rough", "outside", "street", "streets", "park", "bench", "doorway", "station",
        "stairwell", "underpass", "garage", "shed", "tent", "cold", "woods", "alley",
        "field", "subway", "stop", "car",
    ),
    "PIC": (
        "pic", "pics", "picture", "pictures", "photo", "photos", "nude", "nudes",
        "snap", "snaps", "selfie", "selfies", "video", "videos", "vid", "vids",
    ),
    "OLDER_WHO": (
        "man", "men", "guy", "guys", "lad", "lads", "boy", "boys", "bloke", "blokes",
        "boyfriend", "girl", "girls", "woman", "women", "people", "friend", "friends",
        "mate", "mates", "geezer", "geezers", "gang", "crowd", "group", "ones", "fella",
        "fellas", "dude", "dudes", "adult", "adults",
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
    "history": "LOW",
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
}

RULES: Final[tuple[Rule, ...]] = (
    # ----------------------------------------------------------------- suicide_now
    Rule(
        "kill_myself", "suicide_now", "mentions killing themselves",
        (
            "kill|end|hang|drown|shoot|stab|poison|suffocate|off|top|gas|starve myself",
            "kill|end|hang|top|off my self|selves",
        ),
        checks=("not_told_to",),
    ),
    Rule(
        "want_to_die", "suicide_now", "says they want to die",
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
        bad_next=("of", "from", "laughing", "for", "to", "inside", "a", "on"),
    ),
    Rule(
        "not_want_to_live", "suicide_now", "says they do not want to live",
        (
            "not want to be here|alive|around|live|exist|wake|breathe",
            "not want to live|exist|carry|go on|be",
            "never want to wake",
            "hope|wish|pray ~3 not|never wake up",
            "never wake up again",
            "not want ~2 alive",
            "no point ~2 living|live|life|alive|on|anymore|going",
            "no reason to live|stay|be|go|keep",
            "not worth living|it anymore|alive|life",
            "life be not worth",
            "can not go on|carry",
            "can not live like this|anymore|any",
            "tired|sick of living|life|being alive|existing",
            "not want to be alive|live|exist",
        ),
        negatable=False,
        bad_next=("with", "the", "my", "it", "school", "this", "until", "till", "early", "for"),
    ),
    Rule(
        "end_it", "suicide_now", "talks about ending their life",
        (
            "end it all",
            "end it|everything|things ~ tonight|now|today|soon",
            "go to end it|everything",
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
        checks=("not_told_to",),
    ),
    Rule(
        "overdose", "suicide_now", "mentions taking an overdose",
        (
            "overdose|overdosing|overdosed",
            "take|swallow|down|neck|eat|have|drink ~ @QUANTITY ~2 @PILLS",
            "take|swallow|down|neck ~ # @PILLS",
            "take|swallow|neck @PILLS",
            "drink|drank|swallow|take ~2 bleach",
            "have take|swallow ~2 @PILLS",
        ),
        bad_next=("for", "with", "every", "each", "in", "at", "this", "on"),
        checks=("not_my_meds",),
    ),
    Rule(
        "jump", "suicide_now", "talks about jumping or being somewhere high to end life",
        (
            "go to jump",
            "gonna|will|want|about ~ to? jump",
            "jump off|from ~3 @HIGH_PLACE|building|window|top|block|park",
            "jump in|under front? of ~2 train|car|bus|lorry|traffic",
            "jump into ~2 river|sea|canal|water|traffic",
            "throw myself off|in|under|from",
            "step|walk|run|lie|lay in? front of ~2 train|car|bus|lorry|traffic",
            "walk into ~ traffic|river|sea",
            "be ~2 on|at ~ @HIGH_PLACE",
            "stand|standing|sit|sitting|stood|sat on|at ~2 @HIGH_PLACE",
            "on the train? track|tracks|line|ledge",
        ),
        bad_next=("on", "around", "up", "rope", "the", "into", "in", "start", "with"),
        checks=("not_leisure_jump",),
    ),
    Rule(
        "serious_injury", "suicide_now", "describes a self-injury that may need urgent medical help",
        (
            "cut|cutting too deep",
            "can not stop ~ bleeding|bleed|blood",
            "will not stop bleeding",
            "bleed|bleeding ~ a lot|loads|everywhere|badly|heavily",
            "loads|lots|lot of blood",
            "slit|cut|slice|slash my wrist|wrists|throat",
            "so much blood",
        ),
    ),
    # ----------------------------------------------------------------- in_danger_now
    Rule(
        "help_now", "in_danger_now", "asks for help urgently",
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
    ),
    Rule(
        "in_danger", "in_danger_now", "says they are in danger",
        ("in danger", "life be in danger", "going to die", "he will kill me tonight"),
        bad_next=("of",),
        checks=("not_hyperbole_threat",),
    ),
    Rule(
        "attacked_now", "in_danger_now", "describes being attacked right now",
        (
            "be|keep|stop =hitting|=hurting|=attacking|=beating|=strangling|=choking|=punching|=kicking|=stabbing|=touching|=raping|=dragging|=grabbing|=battering|=smacking|=slapping|=strangling|=throttling me|my",
            "be =hitting|=beating|=hurting|=attacking me|my",
            "@PERSON ~ =hitting|=beating|=hurting|=attacking|=strangling|=choking|=raping|=touching me ~2 now",
            "try|trying|tried|going|go to kill|strangle|stab|choke|drown|rape|murder|shoot me",
            "go to kill|stab|shoot|rape|murder me",
            "coming|come for me ~ with",
        ),
        checks=("not_hyperbole_threat",),
    ),
    Rule(
        "trapped", "in_danger_now", "says they are locked in or trapped",
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
        ),
        bad_next=("of", "here", "bed", "this", "it", "my", "the", "in"),
        checks=("not_feel_trapped",),
    ),
    Rule(
        "weapon", "in_danger_now", "mentions someone with a weapon",
        (
            "@WEAPON",
            "pull ~2 @WEAPON",
            "stab|shoot|stabbed|shot me",
        ),
        negatable=True,
        checks=("weapon_other_person",),
    ),
    Rule(
        "getting_in", "in_danger_now", "says someone is trying to get in or will not go away",
        (
            "try|trying to get|break|come|force|kick ~ in|inside|into",
            "break|breaking|kick|kicking|smash|smashing ~ in|into|down ~2 door|window",
            "bang|banging|kick|kicking|pound|pounding|hammer|hammering|knock|knocking on|at ~2 door|window|doors|windows",
            "@PERSON ~3 outside my|the ~ door|window|room|house|flat|home|bedroom",
            "outside|door|window ~6 will|would not go|leave",
            "will not go|leave ~2 away ~ outside",
            "there be ~2 @PERSON outside",
        ),
        checks=("not_friendly_visitor",),
    ),
    Rule(
        "taken_away", "in_danger_now", "says they are being taken somewhere against their will",
        (
            "against my will",
            "kidnap|kidnapped|abduct|abducted",
            "force|forced|make|made|drag|dragged|push|pushed|throw|threw|bundle|put ~ me in|into ~2 car|van|boot|motor",
            "in the boot",
            "not let me out of ~2 car|van",
            "not know where ~3 taking|take me",
            "be taking|take me somewhere|away",
            "traffick|trafficked|trafficking",
        ),
        checks=("not_family_agent",),
    ),
    Rule(
        "sexual_assault", "in_danger_now", "describes sexual assault",
        (
            "rape|raped|raping",
            "sexually assault|assaulted|abuse|abused|touch|touched",
            "sexual assault|abuse",
            "force|forced|make|made|making ~2 me ~2 have sex|sleep with|suck|do sexual",
            "touch|touching|touched me ~2 inappropriately|down|private|privates|there|sexually|where",
            "touch|touching|touched my privates|private|bum|boobs|chest|body",
            "molest|molested",
        ),
    ),
    # ----------------------------------------------------------------- self_harm
    Rule(
        "self_harm", "self_harm", "mentions self-harm",
        (
            "selfharm",
            "cut|cutting|slice|slicing|scratch|scratching|burn|burning|carve|carving|hit|hitting|punch|harm|hurt|bruise|starve|bite|stab|pinch myself",
            "cut|cutting|slice|carve|scratch|burn ~ my @BODY",
            "been|start|started|keep|kept =cutting ~ again",
            "=cutting again",
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
        "hopeless", "self_harm", "says they are a burden or cannot cope",
        (
            "be|am a burden",
            "burden to|on everyone|everybody|people|them|you",
            "can not cope|take|handle ~ anymore|this|it|any",
            "can not cope",
            "no one|nobody ~ would care|miss|notice ~2 if|me",
            "no one|nobody ~ care if i",
            "everyone hate me",
            "give up on everything|life",
            "hate myself|my life",
        ),
        bad_next=("with", "homework", "maths", "exams"),
    ),
    # ----------------------------------------------------------------- being_hurt
    Rule(
        "hit_by_someone", "being_hurt", "says someone hits or hurts them",
        (
            "@VIOLENT me|my|us",
            "beat|beaten|beating me up",
            "beat up",
            "be|get|got|been =hit|=punched|=kicked|=slapped|=attacked|=jumped|=stabbed|=assaulted|=abused|=battered|=beaten|=hurt|=strangled|=choked|=threatened|=smacked|=mugged|=robbed|=bullied|=burnt|=burned|=pushed|=shoved|=bitten",
            "abuse|abusive|abused|abusing",
            "threaten|threat|threats|threatening",
            "say|said|tell|told ~3 will|would|go|gonna|going ~ to? hurt|kill|beat|hit|stab|batter|murder|get|smash|do me",
            "black eye",
            "bruise|bruises|bruised|marks on my",
            "@PERSON ~2 will|would|gonna hurt|hit|beat|batter|smash|stab|kill|murder me",
            "go to hurt|hit|beat|batter|smash|get|punch|kick me",
            "tell|told|telling|say|said ~2 me to kill|hang|kms myself|yourself",
            "tell|told|telling ~ me to kys",
            "bully|bullied|bullying",
        ),
        bad_next=("up", "back", "at", "in", "to", "off", "on", "with", "so", "when", "that", "bad", "harder", "the", "more"),
        checks=("other_agent", "not_hyperbole_threat"),
        escalate="in_danger_now",
    ),
    Rule(
        "controlled", "being_hurt", "describes being controlled or kept from leaving",
        (
            "take|took|hide|hid|keep|steal|stole|confiscate|smash|break ~ my @BELONGING",
            "not give|let ~2 me ~2 have? ~2 my? @BELONGING ~2 back",
            "not let|allow me ~2 out|leave|go|see|eat|sleep|call|talk|speak|have|contact|outside|text|phone|home",
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
        ),
        bad_next=("off", "to", "out", "for", "early", "now", "yet", "with", "on", "charger"),
        checks=("other_agent",),
        escalate="in_danger_now",
    ),
    # ----------------------------------------------------------------- exploitation
    Rule(
        "older_people", "exploitation", "mentions older men or adults around them",
        (
            "older|old|grown|adult ~ @OLDER_WHO",
            "@OLDER_WHO in their|his|her 20s|30s|40s|twenties|thirties|forties|twenty|thirty",
            "boyfriend|man|guy|bloke|lad|fella|he|him|geezer|mate|friend be|is|s #",
            "# year old boyfriend|man|guy|bloke|lad|fella|geezer",
        ),
        checks=("adult_age",),
    ),
    Rule(
        "cars", "exploitation", "mentions people with cars picking them up",
        (
            "@OLDER_WHO with ~2 car|cars|motor|motors",
            "pick|picked|picks me up in ~2 car|motor",
            "drive|drives|drove me ~2 round|around|about|places",
            "give|gave|gives me ~ lift|lifts",
            "in his|their car|motor",
            "get in|into ~2 car",
        ),
        checks=("not_family_agent",),
    ),
    Rule(
        "gifts", "exploitation", "mentions gifts, money or drugs from someone",
        (
            "give|gave|gives|buy|bought|buys|get|got|gets|send|sent|pay|paid|offer|offered me ~2 @GIFT",
            "give|gave|buy|bought|get|got me ~ new phone",
            "second|burner|another|work|spare phone",
            "get|got|gets|give me drunk|high|stoned|wasted|mashed|smashed",
            "make|made|makes me take|try|smoke|sniff ~2 drug|weed|pill|coke|stuff",
        ),
        checks=("other_agent", "not_family_agent"),
    ),
    Rule(
        "carrying", "exploitation", "asked to carry, hold or deliver things for someone",
        (
            "ask|asked|want|wants|make|made|tell|told|pay|paid|get|force|need|needs me to ~2 carry|hold|drop|deliver|take|move|keep|hide|stash|sell|run|mind|bring|collect|pick ~3 @DRUG_ITEM",
            "carry|hold|drop|deliver|move|hide|stash|sell|mind|keep|run ~3 @DRUG_ITEM ~2 for him|them|her|someone|somebody|people|these|those|this|some|a",
            "drop|dropping|drop-off ~ off ~2 package|parcel|bag|stuff",
            "countylines",
            "shot|shotting|shotted|deal|dealing|sell|selling|sold ~2 drug|drugs|weed|coke|crack|food|wraps",
            "deal|dealing for",
            "run|running ~ line|lines|drugs",
            "trap|trapping|cuckoo|cuckooing|graft|grafting",
            "plug",
            "drug run",
        ),
        checks=("not_family_agent",),
    ),
    Rule(
        "pictures", "exploitation", "mentions pressure for pictures or nudes",
        (
            "nude|nudes|naked|sexy|sexting|sext",
            "ask|asked|asks|asking|want|wants|keep|keeps|beg|begging|pressure|pressuring|make|force|pester ~3 for? ~2 @PIC",
            "send him|them|her|this|some|a|the ~2 @PIC",
            "share|sharing|post|posting|leak|leaking|send|show|spread ~3 my ~ @PIC",
            "@PIC of me|my body",
            "meet|meeting ~4 online|internet|snapchat|snap|insta|instagram|tiktok|discord|app",
            "online|internet|snapchat|insta|instagram|tiktok|discord ~4 meet|meeting|meetup",
        ),
        checks=("not_family_agent",),
    ),
    Rule(
        "debt", "exploitation", "mentions owing someone or a debt",
        (
            "owe|owes|owed|owing him|them|her|someone|somebody|money|people|these|those|that|the|a|#|£|loads|lot|lots|he|they|man|guy|guys",
            "in debt",
            "debt",
            "pay|paying him|them|her back",
            "work|working it|this|the debt off",
            "work ~ off ~ debt",
        ),
        bad_next=("one", "you", "my"),
    ),
    Rule(
        "parties", "exploitation", "mentions parties with older people or drugs from adults",
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
        checks=("not_family_agent",),
    ),
    # ----------------------------------------------------------------- lost_stranded
    Rule(
        "lost", "lost_stranded", "says they do not know where they are",
        (
            "not know|sure where i ~ be",
            "no idea where i ~ be",
            "where be i",
            "not know|sure how to get ~2 back|home|there",
            "can not find|get ~2 my way|way|home|back",
            "not know|recognise the way|area|place",
            "i be lost",
            "i ~ be ~ so|really|completely|totally lost",
            "i got|get lost",
            "lost and ~3 scared|alone|dark|night|phone|help|dying",
            "stranded",
            "stuck in|at|out ~2 middle|nowhere|station|town|city|here|there|miles",
            "miss|missed ~2 last|the last ~ bus|train|tram",
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
        "phone_dying", "lost_stranded", "says their phone is dying while alone or at night",
        (
            "phone|battery ~3 die|dying|dead|low|flat|almost|nearly|#",
            "phone about to die",
        ),
        mild=True,
        checks=("needs_alone_context",),
    ),
    Rule(
        "nowhere_to_sleep", "lost_stranded", "says they have nowhere to sleep or are sleeping rough",
        (
            "nowhere ~ to? sleep|stay|go|live|be",
            "nowhere ~2 safe",
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
        "not_safe", "unsafe", "says they do not feel safe",
        (
            "not feel|be ~2 safe",
            "not safe",
            "unsafe",
            "never feel|be ~ safe",
            "feel|be in danger",
        ),
        negatable=False,
        bad_next=("to", "for", "with", "if"),
    ),
    Rule(
        "scared", "unsafe", "says they are scared",
        (
            "be|feel|get|getting|so|really ~2 scared|afraid|frightened|terrified|petrified|shook|panicking|panic|shaking|scare|worried",
            "scared|afraid|frightened|terrified|petrified",
        ),
        mild=True,
        checks=("not_benign_fear",),
    ),
    Rule(
        "scared_of_someone", "unsafe", "says they are scared to go back or of someone",
        (
            "scared|afraid|frightened|terrified|petrified ~2 to go|of going ~2 back|home|there|in|inside",
            "scared|afraid|frightened|terrified|petrified ~ of him|her|them|my|what|he|she|they|going|him",
            "scared|afraid|frightened|terrified|petrified he|she|they|it ~2 will|would|might|go|gonna|find|come",
            "too scared|afraid|frightened to ~2 go|tell|leave|move|sleep",
            "scared|afraid|frightened|terrified ~ for my life",
        ),
    ),
    Rule(
        "followed", "unsafe", "says someone is following or watching them",
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
        checks=("other_agent", "not_family_agent"),
    ),
    Rule(
        "carry_weapon", "unsafe", "says they carry a weapon",
        ("i ~2 carry|have|got|bring|take|keep ~2 @WEAPON",),
        checks=("not_food_context",),
    ),
    # ----------------------------------------------------------------- want_person
    Rule(
        "want_person", "want_person", "asks to talk to a real person",
        (
            "talk|speak|chat to|with ~3 real|actual|proper|live ~ @REAL_PERSON",
            "talk|speak|chat to|with ~2 someone|somebody|a person|a human|an adult|staff|social|my worker|worker",
            "real person|human|people",
            "be you a|an|real ~ bot|robot|human|person|ai",
            "someone|somebody to talk|speak|chat to|with",
            "need|want ~2 someone|somebody|a person|a human|a adult|an adult",
            "need|want ~2 my|a social|key|keyworker|worker|sw",
            "need help|support",
            "help me",
            "please help",
            "can|could someone|somebody|you call|ring|phone me",
            "call|ring me",
        ),
        bad_next=("with", "about", "my", "out", "on", "revise", "understand", "pick", "find"),
    ),
    # ----------------------------------------------------------------- away
    Rule(
        "away", "away", "says they are away from placement or not going back",
        (
            "not go|going|come|coming ~ back|home",
            "never go|going|come|coming ~ back|home",
            "not be|going ~ back|home ~ tonight|today|till|until|yet",
            "not want to go ~ back|home|there",
            "stay|staying|stop|stopping|sleep|sleeping|crash|crashing|kip|kipping ~2 at|with|round|over|in ~3 @FRIENDISH",
            "run|ran|running|runaway ~2 away|off",
            "runaway",
            "do|did ~ a runner",
            "go|went|gone ~ missing",
            "be missing|awol",
            "leave|left the ~ placement|home|house|unit|flat",
            "walk|walked|storm|stormed|sneak|snuck|sneaked|climb|climbed ~ out",
            "away from ~2 placement|home|carer|carers|unit|house",
            "i be away",
            "stay|staying out ~ tonight|all|late",
        ),
        bad_next=("to", "with", "now", "from", "the", "of", "my", "for"),
        checks=("not_away_benign",),
    ),
)

# --------------------------------------------------------------------------- markers

#: Said about a time that is over; scope: the sentence.
PAST_MARKERS: Final[tuple[str, ...]] = (
    "used|use to",
    "when i be little|young|younger|small|a|in|#|only|like",
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
        "be", "do", "have", "will", "would", "can", "could", "should", "shall", "might",
        "may", "must", "go", "going", "to", "want", "feel", "really", "even", "ever",
        "actually", "that", "so", "very", "too", "get", "a", "an", "the", "any",
        "anymore", "longer", "like", "just", "all", "one", "body", "at", "currently",
        "honestly", "seriously", "planning", "plan", "try", "trying", "intend", "ever",
        "gonna", "wanna", "is", "am", "are", "was", "were", "been", "being", "still",
        "ok", "there", "else", "else's", "anyone", "anybody", "in", "gotten",
    }
)

#: Negations that do not negate: "can't stop thinking about", "can't help".
NEGATION_EXCEPTIONS: Final[frozenset[str]] = frozenset({"stop", "help", "wait", "believe", "sleep"})

#: Words that would make "kill me" or "beat me" a figure of speech.
HYPERBOLE_OBJECTS: Final[frozenset[str]] = frozenset(
    {
        "homework", "maths", "math", "exam", "exams", "test", "school", "game", "film",
        "movie", "show", "song", "music", "heat", "weather", "shoes", "feet", "work",
        "revision", "lesson", "teacher", "traffic", "queue", "boredom", "this", "that",
        "it", "fifa", "fortnite", "episode",
    }
)

#: Fears that are ordinary ("scared of spiders").
BENIGN_FEARS: Final[frozenset[str]] = frozenset(
    {
        "spider", "spiders", "dark", "height", "heights", "dog", "dogs", "clown", "clowns",
        "exam", "exams", "test", "tests", "result", "results", "needle", "needles",
        "dentist", "horror", "film", "films", "movie", "movies", "flying", "bee", "bees",
        "wasp", "wasps", "snake", "snakes", "ghost", "ghosts", "mock", "mocks", "gcse",
        "gcses", "interview", "audition", "match", "game", "presentation", "rollercoaster",
        "injection", "jab", "jabs", "fail", "failing", "doctor", "doctors",
    }
)

#: Things that make "lost" or "got lost" ordinary.
BENIGN_LOST: Final[frozenset[str]] = frozenset(
    {
        "trip", "holiday", "game", "maths", "math", "class", "lesson", "homework",
        "thought", "thoughts", "music", "fortnite", "minecraft", "ikea", "shop", "mall",
        "show", "story", "book", "film", "conversation", "words", "plot", "school",
        "level", "map",
    }
)

#: Words around a knife that make it cutlery.
FOOD_CONTEXT: Final[frozenset[str]] = frozenset(
    {"fork", "butter", "bread", "kitchen", "spoon", "cutlery", "food", "dinner", "tea", "cake", "onion", "onions", "cook", "cooking", "chop", "chopping"}
)

#: Context that makes a dying phone matter.
ALONE_CONTEXT: Final[frozenset[str]] = frozenset(
    {
        "alone", "night", "dark", "lost", "nowhere", "stuck", "scared", "cold", "outside",
        "own", "stranded", "nobody", "help", "late", "midnight", "where", "unsafe",
        "frightened", "afraid", "street", "park", "station", "middle",
    }
)

#: Leisure context for "jump".
LEISURE_JUMP: Final[frozenset[str]] = frozenset(
    {"trampoline", "pool", "swim", "swimming", "diving", "dive", "rope", "puddle", "queue", "bed", "sofa", "call", "game", "wall", "fence", "hurdle", "lake", "river", "sea", "beach"}
)

#: Friendly visitors that make "outside my door" ordinary.
FRIENDLY: Final[frozenset[str]] = frozenset(
    {"mate", "mates", "friend", "friends", "taxi", "uber", "delivery", "pizza", "postman", "carer", "mum", "dad", "nan", "worker"}
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
        "but", "and", "so", "because", "cause", "though", "although", "however", "yet",
        "then", "or", "if", "when", "while", "until", "unless", "whereas", "after",
        "before", "since", "lol", "honestly", "like", "now",
    }
)
